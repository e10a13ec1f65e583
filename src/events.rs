//! The DOM events host pages listen to, and the JS shape of a record they carry.
//!
//! `pcc-consent:ready` (detail: the record or `null`) once the banner has started;
//! `pcc-consent:change` (detail: `{ record, changed, changedServices }`) once per new
//! decision or reset. A record lists `services` (`{category: {service id: bool}}`, the
//! effective choice for every service the page runs) when the page runs any.

use crate::browser::set_property;
use crate::config::Config;
use crate::consent::{Category, ConsentRecord};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit};

/// The record as host pages see it (`pccConsent.get()`, event details, the evidence
/// log): a plain JS object, built directly rather than through JSON.
pub fn record_js(record: &ConsentRecord, config: &Config) -> JsValue {
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
    // Every service the page runs, by category, as this record leaves it (an older log
    // server refuses a field it does not know, so only from a page with services).
    let services = config.services();
    if !services.is_empty() {
        let by_category = js_sys::Object::new();
        for category in Category::ALL {
            let in_category: Vec<_> = services.iter().filter(|s| s.category == category).collect();
            if in_category.is_empty() {
                continue;
            }
            let group = js_sys::Object::new();
            for s in in_category {
                let on = record.allows_service(category, &s.id) && config.offers(category);
                set_property(&group, &s.id, &on.into());
            }
            set_property(&by_category, category.id(), &group.into());
        }
        set_property(&object, "services", &by_category.into());
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

pub fn dispatch_ready(record: Option<&ConsentRecord>, config: &Config) {
    let detail = record.map_or(JsValue::NULL, |r| record_js(r, config));
    dispatch("pcc-consent:ready", &detail);
}

/// `record` is `None` after `reset()`; `changed` lists the categories whose state
/// flipped, `changed_services` the service ids whose effective choice did.
pub fn dispatch_change(
    record: Option<&ConsentRecord>,
    changed: &[Category],
    changed_services: &[String],
    config: &Config,
) {
    let detail = js_sys::Object::new();
    let record = record.map_or(JsValue::NULL, |r| record_js(r, config));
    set_property(&detail, "record", &record);
    set_property(&detail, "changed", &ids(changed));
    let services: js_sys::Array = changed_services
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect();
    set_property(&detail, "changedServices", &services.into());
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
