//! The "preferences saved" message that replaces the banner after a choice made in it.

use super::focus_clearance::use_focus_clearance;
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
    let title = config.texts.banner_title_for(&config.site_name);
    let (saved, problem) = (
        config.texts.saved.to_string(),
        config.texts.technical_problem.to_string(),
    );
    let region = NodeRef::new();
    use_focus_clearance(region);
    let message = NodeRef::<leptos::html::Div>::new();
    // It is built only when a choice was just made (see `ConsentBanner`): it takes focus
    // as it appears. The effect only talks to the DOM.
    Effect::new(move |_| {
        if let Some(message) = message.get() {
            let _ = message.focus();
        }
    });
    view! {
        <div class="pcc-consent-banner pcc-consent-saved" role="region" aria-label=title data-nosnippet="" node_ref=region
            lang=config.lang.id() dir=config.lang.dir()>
            <div class="pcc-consent-inner">
                <div role="alert" tabindex="-1" class="pcc-consent-message" node_ref=message>
                    <p class="pcc-consent-text">
                        {move || if consent.save_failed.get() { problem.clone() } else { saved.clone() }}
                    </p>
                </div>
                <div class="pcc-consent-actions">
                    <button type="button" class="pcc-consent-button" on:click=super::on_click(move |_| ui.hide_saved_notice())>
                        {config.texts.hide_message.to_string()}
                    </button>
                </div>
            </div>
        </div>
    }
}
