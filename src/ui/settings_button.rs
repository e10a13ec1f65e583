//! The optional floating "Cookie settings" button (`data-settings-button`), shown once
//! the visitor has chosen, for sites with no footer link: it opens the preferences
//! dialog. It never changes consent itself.
//!
//! ```ignore
//! view! { <SettingsButton/> } // below a provided consent and UI state
//! ```

use super::focus_clearance::use_focus_clearance;
use super::ui_state::use_ui;
use crate::consent_state::use_consent;
use leptos::prelude::*;

#[component]
pub fn SettingsButton() -> impl IntoView {
    let (consent, ui) = (use_consent(), use_ui());
    let config = consent.config();
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
