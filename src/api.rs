//! `window.pccConsent`: the JavaScript API for host pages (see the embed contract).
//! A thin layer over [`ConsentState`]: no logic of its own.

use crate::consent::Category;
use crate::consent_state::ConsentState;
use crate::events;
use crate::ui::UiState;
use leptos::prelude::WithUntracked;
use wasm_bindgen::prelude::*;

/// Defines `window.pccConsent` for `state`.
pub fn install(state: ConsentState, ui: UiState, config: std::sync::Arc<crate::config::Config>) {
    let api = js_sys::Object::new();
    let s = state;
    let get_config = config.clone();
    let get = Closure::<dyn Fn() -> JsValue>::new(move || {
        s.record.with_untracked(|r| {
            r.as_ref()
                .map_or(JsValue::NULL, |r| events::record_js(r, &get_config))
        })
    });
    // `accepted("performance")`, or `accepted("performance", "clarity")` for one service
    // in that category: a service the page does not run there is never accepted.
    let accepted =
        Closure::<dyn Fn(JsValue, JsValue) -> bool>::new(move |id: JsValue, service: JsValue| {
            let Some(category) = id.as_string().as_deref().and_then(Category::from_id) else {
                crate::browser::error(&format!("accepted({}): unknown category", json_text(&id)));
                return false;
            };
            if service.is_undefined() {
                return s.granted.with_untracked(|g| g.allows(category));
            }
            let name = service.as_string().unwrap_or_default();
            if !config
                .services_in(category)
                .iter()
                .any(|known| known.id == name)
            {
                crate::browser::error(&format!(
                    "accepted({}, {}): not a service this page runs under {category}",
                    json_text(&id),
                    json_text(&service)
                ));
                return false;
            }
            s.grants
                .with_untracked(|g| g.allows_service(category, &name))
        });
    let accept =
        Closure::<dyn Fn(JsValue)>::new(move |list: JsValue| match parse_category_list(&list) {
            Ok(categories) => state.accept(&categories),
            Err(why) => crate::browser::error(&format!("accept() ignored, nothing changed: {why}")),
        });
    let call = |f: fn(&ConsentState)| Closure::<dyn Fn()>::new(move || f(&state));
    let (reset, accept_all, reject_all) = (
        call(ConsentState::reset),
        call(ConsentState::accept_all),
        call(ConsentState::reject_all),
    );
    let show_preferences = Closure::<dyn Fn()>::new(move || ui.open_preferences(None));
    set(&api, "get", get.into_js_value());
    set(&api, "accepted", accepted.into_js_value());
    set(&api, "acceptAll", accept_all.into_js_value());
    set(&api, "rejectAll", reject_all.into_js_value());
    set(&api, "accept", accept.into_js_value());
    set(&api, "reset", reset.into_js_value());
    set(&api, "showPreferences", show_preferences.into_js_value());
    if let Some(window) = web_sys::window() {
        set(&window, "pccConsent", api.into());
    }
}

fn set(target: &JsValue, key: &str, value: JsValue) {
    crate::browser::set_property(target, key, &value);
}

/// `["performance", …]` -> categories. Anything else refuses the whole call: a typo must
/// not be recorded as the visitor's consent.
fn parse_category_list(list: &JsValue) -> Result<Vec<Category>, String> {
    if !js_sys::Array::is_array(list) {
        return Err("expected an array of category ids, e.g. [\"performance\"]".into());
    }
    js_sys::Array::from(list)
        .iter()
        .map(|item| {
            let id = item.as_string().unwrap_or_default();
            Category::from_id(&id).ok_or_else(|| {
                format!(
                    "unknown category {} (performance, functionality, targeting)",
                    json_text(&item)
                )
            })
        })
        .collect()
}

/// A value from the page as JSON text, to quote it in a message (`"perf"`, `42`).
fn json_text(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "that value".to_owned())
}
