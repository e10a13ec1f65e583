//! The DOM events host pages listen to, and the JS shape of a record they carry.
//!
//! `pcc-consent:ready` (detail: the record or `null`) once the banner has started;
//! `pcc-consent:change` (detail: `{ record, changed }`) once per new decision or reset.

use crate::consent::{Category, ConsentRecord};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit};

/// The record as host pages see it (`pccConsent.get()`, event details).
pub fn record_json(record: &ConsentRecord) -> serde_json::Value {
    let categories: serde_json::Map<String, serde_json::Value> = Category::ALL
        .iter()
        .map(|c| (c.id().to_owned(), record.choices.allows(*c).into()))
        .collect();
    serde_json::json!({
        "schema": crate::consent::SCHEMA_VERSION,
        "id": record.id.as_str(),
        "revision": record.revision,
        "givenAt": iso_time(record.given_at_ms),
        "expiresAt": iso_time(record.expires_at_ms),
        "method": record.method.id(),
        "categories": categories,
        "changed": record.changed.iter().map(|c| c.id()).collect::<Vec<_>>(),
    })
}

/// Milliseconds since the epoch as an ISO 8601 UTC time, e.g. `2026-11-24T10:30:00.000Z`.
pub fn iso_time(ms: u64) -> String {
    js_sys::Date::new(&JsValue::from_f64(ms as f64))
        .to_iso_string()
        .into()
}

pub fn to_js(value: &serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

pub fn dispatch_ready(record: Option<&ConsentRecord>) {
    let detail = record.map_or(JsValue::NULL, |r| to_js(&record_json(r)));
    dispatch("pcc-consent:ready", &detail);
}

/// `record` is `None` after `reset()`; `changed` lists the categories whose state flipped.
pub fn dispatch_change(record: Option<&ConsentRecord>, changed: &[Category]) {
    let detail = serde_json::json!({
        "record": record.map(record_json),
        "changed": changed.iter().map(|c| c.id()).collect::<Vec<_>>(),
    });
    dispatch("pcc-consent:change", &to_js(&detail));
}

fn dispatch(name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_detail(detail);
    let event = CustomEvent::new_with_event_init_dict(name, &init);
    let document = crate::browser::document();
    if let (Ok(event), Some(document)) = (event, document) {
        // A listener that throws must not stop the banner.
        let _ = document.dispatch_event(&event);
    }
}
