//! The "preferences saved" message that replaces the banner after a choice made in it:
//! the settings and the consent in, [`SavedView`]'s markup out (the loader shows the same
//! markup where it records a choice without the WebAssembly).

use super::focus_clearance::use_focus_clearance;
use super::saved_view::{SavedTexts, SavedView};
use super::ui_state::use_ui;
use crate::config_context::use_config;
use crate::consent_state::use_consent;
use leptos::prelude::*;

/// The "preferences saved" message that replaces the banner after a choice made in the
/// banner or its dialog: `role="alert"`, focused when it appears (GOV.UK's pattern),
/// until the visitor hides it. Says "Sorry, there was a technical problem" instead when
/// the save really failed. It never decides anything. [`ConsentBanner`](super::ConsentBanner)
/// shows it only right after such a choice.
///
/// # Example
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use leptos::prelude::*;
/// use pcc_consent::ui::SavedMessage;
///
/// leptos::mount::mount_to_body(|| {
///     pcc_consent::provide_consent(pcc_consent::config::Config::defaults(&Default::default()));
///     view! { <SavedMessage/> }
/// });
/// # }
/// ```
#[component]
pub fn SavedMessage() -> impl IntoView {
    let (consent, ui, config) = (use_consent(), use_ui(), use_config());
    let texts = SavedTexts {
        title: config.texts.banner_title_for(&config.site_name),
        hide: config.texts.hide_message.to_string(),
        lang: config.lang.id(),
        dir: config.lang.dir(),
    };
    let (saved, problem) = (
        config.texts.saved.to_string(),
        config.texts.technical_problem.to_string(),
    );
    let message = move || {
        if consent.save_failed.get() {
            problem.clone()
        } else {
            saved.clone()
        }
    };
    let region = NodeRef::new();
    use_focus_clearance(region);
    let alert = NodeRef::<leptos::html::Div>::new();
    // It is built only when a choice was just made (see `ConsentBanner`): it takes focus
    // as it appears. The effect only talks to the DOM.
    Effect::new(move |_| {
        if let Some(alert) = alert.get() {
            let _ = alert.focus();
        }
    });
    view! {
        <SavedView texts message region alert on_hide=super::on_click(move |_| ui.hide_saved_notice())/>
    }
}
