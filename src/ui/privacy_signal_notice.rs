//! The notice that the browser's privacy signal (Global Privacy Control) is in force.

use crate::config_context::use_config;
use crate::consent_state::use_consent;
use leptos::prelude::*;

/// The notice, in the preferences dialog and on the cookies page, that the browser's
/// privacy signal (Global Privacy Control) is what is in force: nothing optional was
/// granted, and the visitor can still allow categories there. Shown only while the
/// signal applies (no choice of the visitor's own); it changes nothing itself.
///
/// # Example
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use leptos::prelude::*;
/// use pcc_consent::ui::PrivacySignalNotice;
///
/// leptos::mount::mount_to_body(|| {
///     // Below a provided consent and settings (it shows only while the signal applies).
///     pcc_consent::provide_consent(pcc_consent::config::Config::defaults(&Default::default()));
///     view! { <PrivacySignalNotice/> }
/// });
/// # }
/// ```
#[component]
pub fn PrivacySignalNotice() -> impl IntoView {
    let applies = use_consent().privacy_signal_applies;
    let text = use_config().texts.gpc_applied.to_string();
    move || {
        applies
            .get()
            .then(|| view! { <p class="pcc-consent-text pcc-consent-gpc">{text.clone()}</p> })
    }
}
