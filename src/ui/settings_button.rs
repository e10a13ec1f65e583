//! The optional floating "Cookie settings" button (`data-settings-button`).

use super::focus_clearance::use_focus_clearance;
use super::ui_state::use_ui;
use crate::config_context::use_config;
use leptos::prelude::*;

/// The optional floating "Cookie settings" button (`data-settings-button`), shown once
/// the visitor has chosen, for sites with no footer link: it opens the preferences
/// dialog (through [`UiState`](super::UiState)). It never changes consent itself.
///
/// # Example
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use leptos::prelude::*;
/// use pcc_consent::ui::SettingsButton;
///
/// leptos::mount::mount_to_body(|| {
///     // Below a provided consent and settings (and a UI state, which `use_ui` makes if none is provided).
///     pcc_consent::provide_consent(pcc_consent::config::Config::defaults(&Default::default()));
///     view! { <SettingsButton/> }
/// });
/// # }
/// ```
#[component]
pub fn SettingsButton() -> impl IntoView {
    let (ui, config) = (use_ui(), use_config());
    let label = config.texts.cookie_settings.to_string();
    let region = NodeRef::new();
    use_focus_clearance(region);
    view! {
        <div class="pcc-consent-floating" node_ref=region lang=config.lang.id() dir=config.lang.dir()>
            <button type="button" class="pcc-consent-button pcc-consent-secondary"
                on:click=super::on_click(move |ev| ui.open_preferences(super::event_element(&ev)))>
                {label}
            </button>
        </div>
    }
}
