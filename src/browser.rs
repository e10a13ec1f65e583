//! Small wrappers for browser calls that can fail or throw, shared by the adapters
//! (storage, gate, UI, embed), and the one way to write to the console. They return
//! `Option`/`Result` so nothing unwraps at a browser boundary: with `panic = "abort"` a
//! panic would take the banner and the quick exit down with it.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlDocument;

pub fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

pub fn html_document() -> Result<HtmlDocument, String> {
    document()
        .and_then(|d| d.dyn_into::<HtmlDocument>().ok())
        .ok_or_else(|| "no document".to_owned())
}

/// The page's host name, or "" if it cannot be read.
pub fn hostname() -> String {
    web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default()
}

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A thrown JS value as a readable message.
pub fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// `target[key] = value`, ignoring a throwing setter (a frozen object on a hostile page).
pub fn set_property(target: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &key.into(), value);
}

/// `console.warn("pcc-consent: " + message)`: something was ignored or could not be
/// done, and a safe fallback is in force.
pub fn warn(message: &str) {
    web_sys::console::warn_2(&PREFIX.into(), &message.into());
}

/// `console.error("pcc-consent: " + message)`: a setting or call was wrong and refused.
pub fn error(message: &str) {
    web_sys::console::error_2(&PREFIX.into(), &message.into());
}

const PREFIX: &str = "pcc-consent:";
