//! Any element with `data-pcc-consent-open` (e.g. a footer "Cookie settings" link)
//! opens the preferences dialog when activated. One listener on the window also covers
//! elements added after the banner started, and bodies swapped in by Turbo, htmx or
//! PJAX. It only opens the dialog.
//!
//! It listens in the capture phase and keeps the click to itself: the link's `href` is
//! the fallback for pages without JavaScript, and a body-swapping library (htmx's
//! `hx-boost` listens on the link itself) must not also follow it.
//!
//! ```no_run
//! # #[cfg(target_arch = "wasm32")] {
//! use leptos::prelude::*;
//! use pcc_consent::ui::{listen_for_open_triggers, use_ui};
//!
//! leptos::mount::mount_to_body(|| {
//!     let handle = listen_for_open_triggers(use_ui());
//!     on_cleanup(move || handle.remove()); // or keep it for the page's lifetime
//! });
//! # }
//! ```

use super::UiState;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use web_sys::{AddEventListenerOptions, HtmlElement};

/// The listener; [`OpenTriggers::remove`] stops it.
pub struct OpenTriggers(SendWrapper<Closure<dyn Fn(web_sys::MouseEvent)>>);

impl OpenTriggers {
    /// Stops listening.
    pub fn remove(self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback_and_bool(
                "click",
                self.0.as_ref().unchecked_ref(),
                true,
            );
        }
    }
}

/// Starts listening: a click on (or inside) an element with `data-pcc-consent-open`
/// opens the preferences dialog of `ui`. [`ConsentBanner`](super::ConsentBanner) given a
/// `config` does this itself.
pub fn listen_for_open_triggers(ui: UiState) -> OpenTriggers {
    let listener = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        let trigger = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-pcc-consent-open]").ok().flatten());
        if let Some(trigger) = trigger {
            ev.prevent_default();
            ev.stop_propagation();
            ui.open_preferences(trigger.dyn_into::<HtmlElement>().ok());
        }
    });
    if let Some(window) = web_sys::window() {
        let options = AddEventListenerOptions::new();
        options.set_capture(true);
        let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
            "click",
            listener.as_ref().unchecked_ref(),
            &options,
        );
    }
    OpenTriggers(SendWrapper::new(listener))
}
