//! The notice, in the preferences dialog and on the cookies page, that the browser's
//! privacy signal (Global Privacy Control) is what is in force: nothing optional was
//! granted, and the visitor can still allow categories there. Shown only while the
//! signal applies (no choice of the visitor's own); it changes nothing itself.
//!
//! ```ignore
//! view! { <PrivacySignalNotice/> } // below a provided consent
//! ```

use crate::consent_state::use_consent;
use leptos::prelude::*;

#[component]
pub fn PrivacySignalNotice() -> impl IntoView {
    let consent = use_consent();
    let text = consent.config().texts.gpc_applied.to_string();
    let applies = Memo::new(move |_| consent.privacy_signal_applies());
    move || {
        applies
            .get()
            .then(|| view! { <p class="pcc-consent-text pcc-consent-gpc">{text.clone()}</p> })
    }
}
