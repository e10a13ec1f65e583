//! Sends each new consent record to the site's `data-log-url`, so the site can keep
//! proof of consent.
//!
//! `fetch` with `keepalive` (it survives the page closing, like `sendBeacon`) and
//! `credentials: "omit"`: unlike `sendBeacon`, which always sends the site's cookies,
//! this sends nothing but the record and the page's origin and path (no query or
//! fragment). The result is ignored: a failing log endpoint
//! never blocks or undoes the visitor's choice.

use crate::browser::set_property;
use crate::consent::ConsentRecord;
use crate::events::record_js;
use wasm_bindgen::prelude::*;
use web_sys::{RequestCredentials, RequestInit};

pub fn send(url: &str, record: &ConsentRecord) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let body = js_sys::Object::new();
    set_property(&body, "record", &record_js(record));
    // Origin and path only: a query or fragment can carry what a visitor searched for,
    // a postcode or a case reference.
    let location = window.location();
    let page = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    set_property(&body, "page", &page.into());
    let Ok(body) = js_sys::JSON::stringify(&body) else {
        return;
    };
    let init = RequestInit::new();
    init.set_method("POST");
    // `keepalive` is behind web-sys' unstable APIs; set it as a plain property.
    set_property(&init, "keepalive", &JsValue::TRUE);
    init.set_credentials(RequestCredentials::Omit);
    init.set_body(&body);
    let headers = js_sys::Object::new();
    set_property(&headers, "content-type", &"application/json".into());
    init.set_headers(&headers);
    let promise = window.fetch_with_str_and_init(url, &init);
    // Swallow the rejection so it is not reported as an unhandled error on the page.
    let ignore = Closure::<dyn FnMut(JsValue)>::new(|e: JsValue| {
        crate::browser::warn(&format!(
            "could not send the consent record to data-log-url: {}",
            crate::browser::describe(&e)
        ));
    });
    let _ = promise.catch(&ignore);
    ignore.forget();
}
