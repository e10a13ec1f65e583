//! Any element with `data-pcc-consent-open` (e.g. a footer "Cookie settings" link)
//! opens the preferences dialog when activated. One delegated listener on the document
//! also covers elements added after the banner started.

use super::UiState;
use wasm_bindgen::prelude::*;
use web_sys::{Event, HtmlElement};

pub fn listen_for_open_triggers(ui: UiState) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let on_click = Closure::<dyn Fn(Event)>::new(move |ev: Event| {
        let trigger = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-pcc-consent-open]").ok().flatten());
        if let Some(trigger) = trigger {
            ev.prevent_default();
            ui.open_preferences(trigger.dyn_into::<HtmlElement>().ok());
        }
    });
    let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    // Lives as long as the page.
    on_click.forget();
}
