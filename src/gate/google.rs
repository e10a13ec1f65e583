//! Google Analytics 4 with Consent Mode v2; in discreet mode its cookies last the
//! browser session only (`cookie_expires: 0`).

use super::{signals_object, stubs, third_party_cookies};
use crate::config::Service;
use crate::consent::vendor_signals::{google_consent, google_consent_for, Vendor};
use crate::consent::{Category, Choices, Grants};
use wasm_bindgen::JsValue;

const DEFAULT_SRC: &str = "https://www.googletagmanager.com/gtag/js";

/// The Consent Mode default, before any other gtag call: everything denied but security.
/// Once per page, for GA4 and GTM alike.
pub fn set_defaults() {
    stubs::gtag(
        "consent",
        &"default".into(),
        &signals_object(&google_consent(&Choices::none())),
    );
}

/// The Consent Mode update for `after` (GA4 switched off keeps `analytics_storage`
/// denied, also for a container's GA4 tags). Once per change, for GA4 and GTM alike.
pub fn update(after: &Grants, ga4: Option<Category>) {
    stubs::gtag(
        "consent",
        &"update".into(),
        &signals_object(&google_consent_for(after, ga4)),
    );
}

/// Returns whether GA was withdrawn. The Consent Mode update is the gate's, before this.
/// `(was, now)`: whether GA4 ran before and runs after this change.
pub fn apply(ga: &Service, nonce: Option<&str>, (was, now): (bool, bool), discreet: bool) -> bool {
    set_disabled(ga, !now);
    if now && !was {
        stubs::insert_service_script("google-analytics", &script_src(ga), nonce.unwrap_or(""));
        stubs::gtag("js", &stubs::new_date(), &JsValue::UNDEFINED);
        let params = if discreet {
            // Session cookies: gone when the browser closes (gtag's documented setting).
            let params = js_sys::Object::new();
            crate::browser::set_property(&params, "cookie_expires", &0.into());
            params.into()
        } else {
            JsValue::UNDEFINED
        };
        stubs::gtag("config", &ga.id.as_str().into(), &params);
    }
    let withdrawn = was && !now;
    if withdrawn {
        third_party_cookies::delete(Vendor::GoogleAnalytics);
    }
    withdrawn
}

/// `window['ga-disable-<id>']`: Google's documented switch that stops gtag sending
/// anything at all, including cookieless pings, after a withdrawal.
fn set_disabled(ga: &Service, disabled: bool) {
    if let Some(window) = web_sys::window() {
        let key = format!("ga-disable-{}", ga.id);
        let _ = js_sys::Reflect::set(&window, &key.into(), &disabled.into());
    }
}

/// The standard URL, or the site's own (`data-ga-src`) with `id=` added if missing.
fn script_src(ga: &Service) -> String {
    with_id(ga.src.as_deref().unwrap_or(DEFAULT_SRC), &ga.id)
}

/// `base` with `id=<id>` added unless it has an `id=` already (gtag.js and gtm.js alike).
pub fn with_id(base: &str, id: &str) -> String {
    if base.contains("id=") {
        return base.to_owned();
    }
    let joiner = if base.contains('?') { '&' } else { '?' };
    format!(
        "{base}{joiner}id={}",
        String::from(js_sys::encode_uri_component(id))
    )
}
