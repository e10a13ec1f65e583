//! Any element with `data-pcc-consent-open` (e.g. a footer "Cookie settings" link)
//! opens the preferences dialog when activated. One listener on the window also covers
//! elements added after the banner started. It only opens the dialog.
//!
//! ```ignore
//! let handle = listen_for_open_triggers(ui);
//! on_cleanup(move || handle.remove()); // or keep it for the page's lifetime
//! ```

use super::UiState;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Starts listening; [`WindowListenerHandle::remove`] stops it.
pub fn listen_for_open_triggers(ui: UiState) -> WindowListenerHandle {
    window_event_listener(leptos::ev::click, move |ev| {
        let trigger = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-pcc-consent-open]").ok().flatten());
        if let Some(trigger) = trigger {
            ev.prevent_default();
            ui.open_preferences(trigger.dyn_into::<HtmlElement>().ok());
        }
    })
}
