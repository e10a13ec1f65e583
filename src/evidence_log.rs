//! Sends each new consent record to the site's `data-log-url`, so the site can keep
//! proof of consent.
//!
//! `fetch` with `keepalive` (it survives the page closing, like `sendBeacon`) and
//! `credentials: "omit"`: unlike `sendBeacon`, which always sends the site's cookies,
//! this sends nothing but the record. The result is ignored: a failing log endpoint
//! never blocks or undoes the visitor's choice.

use crate::consent::ConsentRecord;
use crate::events::{record_js, set};
use wasm_bindgen::prelude::*;
use web_sys::{RequestCredentials, RequestInit};

pub fn send(url: &str, record: &ConsentRecord) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let body = js_sys::Object::new();
    set(&body, "record", record_js(record));
    set(
        &body,
        "page",
        window.location().href().unwrap_or_default().into(),
    );
    let Ok(body) = js_sys::JSON::stringify(&body) else {
        return;
    };
    let init = RequestInit::new();
    init.set_method("POST");
    // `keepalive` is behind web-sys' unstable APIs; set it as a plain property.
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    init.set_credentials(RequestCredentials::Omit);
    init.set_body(&body);
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
