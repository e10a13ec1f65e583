//! Keeps the page's focused element clear of the fixed banner (WCAG 2.2, 2.4.11 Focus
//! Not Obscured): while the banner shows, the page's `scroll-padding-bottom` equals the
//! banner's height, so the browser scrolls focused elements above it; and because
//! Chromium does not scroll an element that is already partly visible, a `focusin`
//! listener scrolls any focused element the banner covers. So that the end of the page
//! can scroll clear too, the banner's shadow host (at the end of the body) takes the
//! banner's height in the page flow; growing the document below all content moves
//! nothing, so it shifts no layout. The page's own values are restored when it goes.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ResizeObserver};

/// Call inside a component that renders the fixed element held by `node`.
pub fn keep_focus_clear_of(node: NodeRef<leptos::html::Div>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let style = root.style();
    let previous = style
        .get_property_value("scroll-padding-bottom")
        .unwrap_or_default();
    let observer: StoredValue<Option<ResizeObserver>, LocalStorage> = StoredValue::new_local(None);
    let on_focus = Closure::<dyn Fn(web_sys::FocusEvent)>::new(move |ev: web_sys::FocusEvent| {
        let (Some(banner), Some(target)) = (
            node.get_untracked(),
            ev.target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok()),
        ) else {
            return;
        };
        let covered =
            target.get_bounding_client_rect().bottom() - banner.get_bounding_client_rect().top();
        // Keyboard focus only: scrolling under a mouse press would move the target away
        // from the pointer before the click lands.
        let keyboard = target.matches(":focus-visible").unwrap_or(true);
        if covered > 0.0 && keyboard && !banner.contains(Some(&target)) {
            if let Some(window) = web_sys::window() {
                window.scroll_by_with_x_and_y(0.0, covered + 8.0);
            }
        }
    });
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(document) = &document {
        let _ =
            document.add_event_listener_with_callback("focusin", on_focus.as_ref().unchecked_ref());
    }

    Effect::new(move |_| {
        let Some(banner) = node.get() else {
            return;
        };
        let style = style.clone();
        let target: HtmlElement = banner.clone().into();
        let host = shadow_host(&banner);
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries| {
            let height = format!("{}px", target.offset_height());
            let _ = style.set_property("scroll-padding-bottom", &height);
            if let Some(host) = &host {
                // A custom property: `all: initial !important` on :host would beat `height`.
                let _ = host
                    .style()
                    .set_property("--pcc-consent-host-height", &height);
            }
        });
        if let Ok(ro) = ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            ro.observe(&banner);
            observer.set_value(Some(ro));
        }
        on_resize.forget();
    });

    let on_focus = StoredValue::new_local(on_focus);
    on_cleanup(move || {
        if let Some(document) = &document {
            on_focus.with_value(|f| {
                let _ = document
                    .remove_event_listener_with_callback("focusin", f.as_ref().unchecked_ref());
            });
        }
        if let Some(ro) = observer.try_update_value(Option::take).flatten() {
            ro.disconnect();
        }
        if let Some(host) = node.get_untracked().and_then(|b| shadow_host(&b)) {
            let _ = host.style().remove_property("--pcc-consent-host-height");
        }
        let style = root.style();
        let _ = if previous.is_empty() {
            style.remove_property("scroll-padding-bottom").map(|_| ())
        } else {
            style.set_property("scroll-padding-bottom", &previous)
        };
    });
}

/// The element hosting the shadow root `el` lives in (none in a Leptos app's own DOM).
fn shadow_host(el: &web_sys::Element) -> Option<HtmlElement> {
    el.get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .and_then(|root| root.host().dyn_into::<HtmlElement>().ok())
}
