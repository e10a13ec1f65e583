//! Sends each new consent record to the site's `data-log-url`, so the site can keep
//! proof of consent.
//!
//! `fetch` with `keepalive` (it survives the page closing, like `sendBeacon`) and
//! `credentials: "omit"`: unlike `sendBeacon`, which always sends the site's cookies,
//! this sends nothing but the record. The result is ignored: a failing log endpoint
//! never blocks or undoes the visitor's choice.

use crate::consent::ConsentRecord;
use crate::events::record_json;
use wasm_bindgen::prelude::*;
use web_sys::{RequestCredentials, RequestInit};

pub fn send(url: &str, record: &ConsentRecord) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let body = serde_json::json!({
        "record": record_json(record),
        "page": window.location().href().unwrap_or_default(),
    })
    .to_string();
    let init = RequestInit::new();
    init.set_method("POST");
    // `keepalive` is behind web-sys' unstable APIs; set it as a plain property.
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    init.set_credentials(RequestCredentials::Omit);
    init.set_body(&JsValue::from_str(&body));
    let headers = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&headers, &"content-type".into(), &"application/json".into());
    init.set_headers(&headers);
    let promise = window.fetch_with_str_and_init(url, &init);
    // Swallow the rejection so it is not reported as an unhandled error on the page.
    let ignore = Closure::<dyn FnMut(JsValue)>::new(|e: JsValue| {
        crate::browser::warn(&format!(
            "pcc-consent: could not send the consent record to data-log-url: {}",
            crate::browser::describe(&e)
        ));
    });
    let _ = promise.catch(&ignore);
    ignore.forget();
}
