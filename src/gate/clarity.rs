//! Microsoft Clarity with its consent API (`consentv2`); in discreet mode its storage
//! is always denied, which is Clarity's cookie-less mode.

use super::{signals_object, stubs, third_party_cookies};
use crate::config::Service;
use crate::consent::vendor_signals::{clarity_consent, Vendor};
use crate::consent::Choices;
use wasm_bindgen::JsValue;

const DEFAULT_SRC: &str = "https://www.clarity.ms/tag/";

/// Returns whether Clarity was withdrawn. `discreet`: Clarity runs without cookies.
pub fn apply(
    clarity: &Service,
    nonce: Option<&str>,
    (was, now): (bool, bool),
    after: &Choices,
    discreet: bool,
) -> bool {
    if now || was {
        let signals = clarity_consent(after, discreet);
        stubs::clarity("consentv2", &signals_object(&signals));
    }
    if now && !was {
        stubs::insert_service_script("clarity", &script_src(clarity), nonce.unwrap_or(""));
    }
    let withdrawn = was && !now;
    if withdrawn {
        // `consent(false)` erases Clarity's cookies (ours catches parent domains too),
        // but Clarity then goes on recording without cookies; `stop` ends the recording
        // (both documented in Clarity's consent API).
        stubs::clarity("consent", &JsValue::FALSE);
        stubs::clarity("stop", &JsValue::UNDEFINED);
        third_party_cookies::delete(Vendor::Clarity);
    }
    withdrawn
}

/// The standard loader URL, or the site's own (`data-clarity-src`, where `{id}` is
/// replaced by the project id).
fn script_src(clarity: &Service) -> String {
    match &clarity.src {
        Some(src) => src.replace("{id}", &clarity.id),
        None => format!("{DEFAULT_SRC}{}", clarity.id),
    }
}
