//! Keeps the page's focused element clear of a fixed banner (WCAG 2.2, 2.4.11 Focus
//! Not Obscured): while the banner shows, the page's `scroll-padding-bottom` equals the
//! banner's height, so the browser scrolls focused elements above it; and because
//! Chromium does not scroll an element that is already partly visible, a `focusin`
//! listener scrolls any focused element the banner covers. So that the end of the page
//! can scroll clear too, an empty spacer at the end of the body (`aria-hidden`, never
//! focusable; the banner's own host is first in the body) takes the banner's height;
//! growing the document below all content moves nothing, so it shifts no layout. The
//! page's own values are restored, and the spacer removed, when the banner goes.

use super::dom::Listeners;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ResizeObserver};

/// Active while alive; dropping it (the banner is removed) restores the page.
pub struct FocusClearance {
    root: HtmlElement,
    previous: String,
    spacer: Option<HtmlElement>,
    observer: Option<ResizeObserver>,
    _on_resize: Option<Closure<dyn FnMut(js_sys::Array)>>,
    _listeners: Listeners,
}

impl FocusClearance {
    /// Starts keeping focus clear of `banner`, which must already be in the document.
    pub fn start(banner: &HtmlElement) -> Option<FocusClearance> {
        let document = crate::browser::document()?;
        let root: HtmlElement = document.document_element()?.dyn_into().ok()?;
        let previous = root
            .style()
            .get_property_value("scroll-padding-bottom")
            .unwrap_or_default();
        let spacer = end_spacer(&document);

        let mut listeners = Listeners::default();
        let fixed = banner.clone();
        listeners.on(&document, "focusin", move |ev| {
            let Some(target) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let covered =
                target.get_bounding_client_rect().bottom() - fixed.get_bounding_client_rect().top();
            // Keyboard focus only: scrolling under a mouse press would move the target
            // away from the pointer before the click lands.
            let keyboard = target.matches(":focus-visible").unwrap_or(true);
            if covered > 0.0 && keyboard && !fixed.contains(Some(&target)) {
                if let Some(window) = web_sys::window() {
                    window.scroll_by_with_x_and_y(0.0, covered + 8.0);
                }
            }
        });

        let (style, measured, spacer_style) = (
            root.style(),
            banner.clone(),
            spacer.as_ref().map(|s| s.style()),
        );
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
        Some(FocusClearance {
            root,
            previous,
            spacer,
            observer,
            _on_resize: Some(on_resize),
            _listeners: listeners,
        })
    }
}

impl Drop for FocusClearance {
    fn drop(&mut self) {
        if let Some(observer) = &self.observer {
            observer.disconnect();
        }
        if let Some(spacer) = &self.spacer {
            spacer.remove();
        }
        let style = self.root.style();
        let _ = if self.previous.is_empty() {
            style.remove_property("scroll-padding-bottom").map(|_| ())
        } else {
            style.set_property("scroll-padding-bottom", &self.previous)
        };
    }
}

/// Appends an empty block to the body, of no height until the observer sizes it. Inline
/// `!important` (set through CSSOM, which a strict CSP allows) beats any page rule.
fn end_spacer(document: &web_sys::Document) -> Option<HtmlElement> {
    let body = document.body()?;
    let spacer: HtmlElement = document.create_element("div").ok()?.dyn_into().ok()?;
    spacer.set_attribute("data-pcc-consent-spacer", "").ok()?;
    spacer.set_attribute("aria-hidden", "true").ok()?;
    let style = spacer.style();
    for (property, value) in [
        ("display", "block"),
        ("margin", "0"),
        ("padding", "0"),
        ("border", "0"),
        ("height", "0px"),
    ] {
        style
            .set_property_with_priority(property, value, "important")
            .ok()?;
    }
    body.append_child(&spacer).ok()?;
    Some(spacer)
}
