//! Keeps the page's focused element clear of a fixed banner (WCAG 2.2, 2.4.11 Focus
//! Not Obscured): while the banner shows, the page's `scroll-padding-bottom` equals the
//! banner's height, so the browser scrolls focused elements above it; and because
//! Chromium does not scroll an element that is already partly visible, a `focusin`
//! listener scrolls any focused element the banner covers. So that the end of the page
//! can scroll clear too, an empty spacer at the end of the body (`aria-hidden`, never
//! focusable; the banner's own host is first in the body) takes the banner's height;
//! growing the document below all content moves nothing, so it shifts no layout. The
//! page's own values are restored, and the spacer removed, when the banner goes. It
//! never moves focus itself.
//!
//! ```ignore
//! let region = NodeRef::<leptos::html::Div>::new();
//! use_focus_clearance(region);
//! view! { <div node_ref=region class="pcc-consent-banner">…</div> }
//! ```

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ResizeObserver};

/// Keeps focus clear of the fixed element `fixed` while the calling component lives.
pub fn use_focus_clearance(fixed: NodeRef<leptos::html::Div>) {
    let active = StoredValue::new_local(None::<Active>);
    let spacer = NodeRef::<leptos::html::Div>::new();
    let spacer_view = crate::browser::document()
        .and_then(|d| d.body())
        .map(|body| {
            leptos::mount::mount_to(body, move || {
                view! { <div data-pcc-consent-spacer="" aria-hidden="true" node_ref=spacer></div> }
            })
        });
    let spacer_view = StoredValue::new_local(spacer_view);
    Effect::new(move |_| {
        if let (Some(element), spacer) = (fixed.get(), spacer.get()) {
            let element: HtmlElement = element.unchecked_into();
            active.set_value(Active::start(&element, spacer.map(|s| s.unchecked_into())));
        }
    });
    let focusin = window_event_listener(leptos::ev::focusin, move |ev| {
        let Some(fixed) = fixed.get_untracked() else {
            return;
        };
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let covered =
            target.get_bounding_client_rect().bottom() - fixed.get_bounding_client_rect().top();
        // Keyboard focus only: scrolling under a mouse press would move the target away
        // from the pointer before the click lands.
        let keyboard = target.matches(":focus-visible").unwrap_or(true);
        if covered > 0.0 && keyboard && !fixed.contains(Some(&target)) {
            if let Some(window) = web_sys::window() {
                window.scroll_by_with_x_and_y(0.0, covered + 8.0);
            }
        }
    });
    on_cleanup(move || {
        focusin.remove();
        active.try_update_value(Option::take);
        // Unmounting removes the spacer.
        spacer_view.try_update_value(Option::take);
    });
}

/// The page's scroll padding and the host's height, following the banner's size.
struct Active {
    root: HtmlElement,
    previous: String,
    observer: Option<ResizeObserver>,
    _on_resize: Closure<dyn FnMut(js_sys::Array)>,
}

impl Active {
    fn start(banner: &HtmlElement, spacer: Option<HtmlElement>) -> Option<Active> {
        let root: HtmlElement = crate::browser::document()?
            .document_element()?
            .dyn_into()
            .ok()?;
        let previous = root
            .style()
            .get_property_value("scroll-padding-bottom")
            .unwrap_or_default();
        let spacer_style = spacer.as_ref().map(|s| s.style());
        if let Some(style) = &spacer_style {
            // Inline `!important`, set through CSSOM (which a strict CSP allows), beats
            // any rule of the page.
            for (property, value) in [
                ("display", "block"),
                ("margin", "0"),
                ("padding", "0"),
                ("border", "0"),
                ("height", "0px"),
            ] {
                let _ = style.set_property_with_priority(property, value, "important");
            }
        }
        let (style, measured) = (root.style(), banner.clone());
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries| {
            let height = format!("{}px", measured.offset_height());
            let _ = style.set_property("scroll-padding-bottom", &height);
            if let Some(spacer_style) = &spacer_style {
                let _ = spacer_style.set_property_with_priority("height", &height, "important");
            }
        });
        let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
        if let Some(observer) = &observer {
            observer.observe(banner);
        }
        Some(Active {
            root,
            previous,
            observer,
            _on_resize: on_resize,
        })
    }
}

impl Drop for Active {
    fn drop(&mut self) {
        if let Some(observer) = &self.observer {
            observer.disconnect();
        }
        let style = self.root.style();
        let _ = if self.previous.is_empty() {
            style.remove_property("scroll-padding-bottom").map(|_| ())
        } else {
            style.set_property("scroll-padding-bottom", &self.previous)
        };
    }
}
