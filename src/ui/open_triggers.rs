//! Any element with `data-pcc-consent-open` (e.g. a footer "Cookie settings" link)
//! opens the preferences dialog when activated. One delegated listener on the document
//! also covers elements added after the banner started.

use super::UiState;
use crate::browser::document;
use wasm_bindgen::prelude::*;
use web_sys::{Event, HtmlElement};

/// The installed listener; [`OpenTriggers::stop`] removes it (a Leptos app unmounting
/// the banner); dropping it without `stop` keeps it for the page's lifetime.
pub struct OpenTriggers {
    on_click: Option<Closure<dyn Fn(Event)>>,
}

pub fn listen_for_open_triggers(ui: &UiState) -> OpenTriggers {
    let ui = ui.clone();
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
    if let Some(document) = document() {
        let _ =
            document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    }
    OpenTriggers {
        on_click: Some(on_click),
    }
}

impl OpenTriggers {
    pub fn stop(mut self) {
        if let (Some(document), Some(on_click)) = (document(), self.on_click.take()) {
            let _ = document
                .remove_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        }
    }
}

impl Drop for OpenTriggers {
    fn drop(&mut self) {
        // Not stopped: the listener stays, so its closure must outlive this handle.
        if let Some(on_click) = self.on_click.take() {
            on_click.forget();
        }
    }
}
