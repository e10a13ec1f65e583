//! The few DOM-building helpers the views use: an element builder and a holder for
//! event listeners that removes them when the view goes. Plain web-sys, so the
//! script-tag bundle carries no UI framework.

use wasm_bindgen::prelude::*;
use web_sys::{Event, EventTarget, HtmlElement, Node};

/// Builds one element: `el("p").class("pcc-consent-text").text("…").into()`.
pub struct El(HtmlElement);

/// `<tag>`, created in the page's document.
pub fn el(tag: &str) -> El {
    El(crate::browser::document()
        .and_then(|d| d.create_element(tag).ok())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .unwrap_throw())
}

impl El {
    pub fn class(self, class: &str) -> El {
        self.0.set_class_name(class);
        self
    }

    pub fn attr(self, name: &str, value: &str) -> El {
        let _ = self.0.set_attribute(name, value);
        self
    }

    pub fn text(self, text: &str) -> El {
        self.0.set_text_content(Some(text));
        self
    }

    pub fn child(self, child: impl AsRef<Node>) -> El {
        let _ = self.0.append_child(child.as_ref());
        self
    }

    pub fn children(self, children: impl IntoIterator<Item = HtmlElement>) -> El {
        for child in children {
            let _ = self.0.append_child(&child);
        }
        self
    }

    /// The element, typed as `T` (e.g. `HtmlDialogElement` for `el("dialog")`).
    pub fn cast<T: JsCast>(self) -> T {
        self.0.unchecked_into()
    }

    pub fn get(self) -> HtmlElement {
        self.0
    }
}

impl AsRef<Node> for El {
    fn as_ref(&self) -> &Node {
        &self.0
    }
}

/// Event listeners owned by a view: removed when the holder is dropped, so a view that
/// unmounts (a Leptos app) leaves nothing listening.
#[derive(Default)]
pub struct Listeners(Vec<Listener>);

/// Where one listener is attached, for which event, and the closure it runs.
type Listener = (EventTarget, &'static str, Closure<dyn Fn(Event)>);

impl Listeners {
    pub fn on(
        &mut self,
        target: &EventTarget,
        event: &'static str,
        callback: impl Fn(Event) + 'static,
    ) {
        let closure = Closure::<dyn Fn(Event)>::new(callback);
        let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        self.0.push((target.clone(), event, closure));
    }
}

impl Drop for Listeners {
    fn drop(&mut self) {
        for (target, event, closure) in self.0.drain(..) {
            let _ =
                target.remove_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        }
    }
}

/// A button of the banner's one style (`secondary` for the less prominent ones).
pub fn button(label: &str, secondary: bool) -> HtmlElement {
    let class = if secondary {
        "pcc-consent-button pcc-consent-secondary"
    } else {
        "pcc-consent-button"
    };
    el("button")
        .attr("type", "button")
        .class(class)
        .text(label)
        .get()
}
