//! The DOM events host pages listen to, and the JS shape of a record they carry.
//!
//! `pcc-consent:ready` (detail: the record or `null`) once the banner has started;
//! `pcc-consent:change` (detail: `{ record, changed }`) once per new decision or reset.

use crate::browser::set_property;
use crate::consent::{Category, ConsentRecord};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit};

/// The record as host pages see it (`pccConsent.get()`, event details, the evidence
/// log): a plain JS object, built directly rather than through JSON.
pub fn record_js(record: &ConsentRecord) -> JsValue {
    let categories = js_sys::Object::new();
    for c in Category::ALL {
        // `statistics` only from a site that uses it: a log server older than 0.7.0
        // refuses a field it does not know, and other records are sent as before.
        if c == Category::Statistics && !record.opt_out.contains(&c) && !record.choices.allows(c) {
            continue;
        }
        set_property(&categories, c.id(), &record.choices.allows(c).into());
    }
    let object = js_sys::Object::new();
    set_property(&object, "schema", &crate::consent::SCHEMA_VERSION.into());
    // No id for a record read from the shared cookie alone (it keeps none).
    let id = record
        .id
        .as_ref()
        .map_or(JsValue::NULL, |id| id.as_str().into());
    set_property(&object, "id", &id);
    set_property(&object, "revision", &record.revision.into());
    set_property(&object, "givenAt", &iso_time(record.given_at_ms).into());
    set_property(&object, "expiresAt", &iso_time(record.expires_at_ms).into());
    set_property(&object, "method", &record.method.id().into());
    set_property(&object, "categories", &categories.into());
    set_property(&object, "changed", &ids(&record.changed));
    // The categories run until objection (PECR Schedule A1 paras 5-6): a grant of one of
    // them means "did not object", not "consented". Only when there are any.
    if !record.opt_out.is_empty() {
        set_property(&object, "optOut", &ids(&record.opt_out));
    }
    object.into()
}

/// Milliseconds since the epoch as an ISO 8601 UTC time, e.g. `2026-11-24T10:30:00.000Z`.
pub fn iso_time(ms: u64) -> String {
    js_sys::Date::new(&JsValue::from_f64(ms as f64))
        .to_iso_string()
        .into()
}

/// `["performance", …]`
fn ids(categories: &[Category]) -> JsValue {
    categories
        .iter()
        .map(|c| JsValue::from_str(c.id()))
        .collect::<js_sys::Array>()
        .into()
}

pub fn dispatch_ready(record: Option<&ConsentRecord>) {
    let detail = record.map_or(JsValue::NULL, record_js);
    dispatch("pcc-consent:ready", &detail);
}

/// `record` is `None` after `reset()`; `changed` lists the categories whose state flipped.
pub fn dispatch_change(record: Option<&ConsentRecord>, changed: &[Category]) {
    let detail = js_sys::Object::new();
    set_property(&detail, "record", &record.map_or(JsValue::NULL, record_js));
    set_property(&detail, "changed", &ids(changed));
    dispatch("pcc-consent:change", &detail);
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
