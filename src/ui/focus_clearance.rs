//! Keeps the page's focused element clear of a fixed banner (WCAG 2.2, 2.4.11 Focus
//! Not Obscured): while the banner shows, the page's `scroll-padding-bottom` equals the
//! banner's height, so the browser scrolls focused elements above it; and because
//! Chromium does not scroll an element that is already partly visible, a `focusin`
//! listener scrolls any focused element the banner covers: first in the element's own
//! scrolling containers (pages whose document does not scroll but a wrapper such as
//! `div.page` does), then the window. So that the end of the page can scroll clear too,
//! an empty spacer (`aria-hidden`, never focusable; the banner's own host is first in
//! the body) goes at the end of what scrolls under the banner: the body, or that
//! wrapper; it takes the height the banner covers. Growing the scrolled content below
//! everything moves nothing, so it shifts no layout. The page's own values are
//! restored, and the spacer removed, when the banner goes. It never moves focus itself.
//!
//! ```text
//! let region = NodeRef::<leptos::html::Div>::new();
//! use_focus_clearance(region);
//! view! { <div node_ref=region class="pcc-consent-banner">…</div> }
//! ```

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, ResizeObserver, ScrollBehavior, ScrollToOptions};

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
    super::add_print_rules();
    Effect::new(move |_| {
        if let (Some(element), spacer) = (fixed.get(), spacer.get()) {
            let element: HtmlElement = element.unchecked_into();
            active.set_value(Active::start(&element, spacer.map(|s| s.unchecked_into())));
        }
    });
    let focusin = window_event_listener(leptos::ev::focusin, move |ev| {
        // Not yet in the page (the embed builds the banner a task before it shows it):
        // nothing is covered.
        let Some(fixed) = fixed.get_untracked().filter(|f| f.is_connected()) else {
            return;
        };
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        // Keyboard focus only: scrolling under a mouse press would move the target away
        // from the pointer before the click lands.
        let keyboard = target.matches(":focus-visible").unwrap_or(true);
        if keyboard && !fixed.contains(Some(&target)) {
            clear_of(&target, fixed.get_bounding_client_rect().top());
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
        // Where the loader painted the banner's first view, it set the padding already
        // and kept the page's own value on its host, which shadow_host.rs moved to ours
        // (src/js/first_view.js): that value is the one to restore.
        let painted = crate::browser::document()
            .and_then(|d| d.get_element_by_id(super::HOST_ID))
            .and_then(|host| {
                let previous = host.get_attribute(super::shadow_host::PADDING);
                // Once: a banner shown again later finds the page's value as it is then.
                let _ = host.remove_attribute(super::shadow_host::PADDING);
                previous
            });
        let previous = painted.unwrap_or_else(|| {
            root.style()
                .get_property_value("scroll-padding-bottom")
                .unwrap_or_default()
        });
        let spacer_style = spacer.as_ref().map(|s| s.style());
        if let Some(style) = &spacer_style {
            // Inline `!important`, set through CSSOM (which a strict CSP allows), beats
            // any rule of the page.
            for (property, value) in [
                ("display", "block"),
                ("margin", "0"),
                ("padding", "0"),
                ("border", "0"),
                // In a flex wrapper it must not shrink away.
                ("flex", "none"),
                ("height", "0px"),
            ] {
                let _ = style.set_property_with_priority(property, value, "important");
            }
        }
        let (style, measured) = (root.style(), banner.clone());
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries| {
            let height = measured.offset_height();
            let _ = style.set_property("scroll-padding-bottom", &format!("{height}px"));
            if let (Some(spacer), Some(spacer_style)) = (&spacer, &spacer_style) {
                let room = place_spacer(spacer, &measured).unwrap_or(f64::from(height));
                let room = format!("{}px", room.max(0.0).ceil());
                let _ = spacer_style.set_property_with_priority("height", &room, "important");
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

/// Scrolls `target` above `top` (the banner's top edge) if the banner covers it: in
/// each scrolling container around it, innermost first, as far as keeps it inside that
/// container, then the window for what is left.
fn clear_of(target: &Element, top: f64) {
    let covered = || target.get_bounding_client_rect().bottom() - top;
    if covered() <= 0.0 {
        return;
    }
    let mut container = parent_across_shadow(target);
    while let Some(el) = container {
        let target_top = target.get_bounding_client_rect().top();
        let room = target_top - el.get_bounding_client_rect().top();
        if scrolls_y(&el) && room > 0.0 {
            el.scroll_by_with_scroll_to_options(&instant_by((covered() + 8.0).min(room)));
            if covered() <= 0.0 {
                return;
            }
        }
        container = parent_across_shadow(&el);
    }
    if let Some(window) = web_sys::window() {
        window.scroll_by_with_scroll_to_options(&instant_by(covered() + 8.0));
    }
}

/// Down by `dy` at once, even where the page asks for smooth scrolling (the check
/// above reads the position right after).
fn instant_by(dy: f64) -> ScrollToOptions {
    let options = ScrollToOptions::new();
    options.set_top(dy);
    options.set_behavior(ScrollBehavior::Instant);
    options
}

fn parent_across_shadow(el: &Element) -> Option<Element> {
    el.parent_element().or_else(|| {
        el.parent_node()?
            .dyn_into::<web_sys::ShadowRoot>()
            .ok()
            .map(|root| root.host())
    })
}

/// Whether `el` is a container the visitor can scroll vertically, with more to show.
fn scrolls_y(el: &Element) -> bool {
    if el.scroll_height() <= el.client_height() {
        return false;
    }
    let overflow = web_sys::window()
        .and_then(|w| w.get_computed_style(el).ok().flatten())
        .and_then(|style| style.get_property_value("overflow-y").ok())
        .unwrap_or_default();
    matches!(overflow.as_str(), "auto" | "scroll" | "overlay")
}

/// Puts `spacer` last in what scrolls under `banner`, and returns the room it must
/// make there; `None` when the document itself scrolls (the spacer goes in the body
/// and takes the banner's height).
fn place_spacer(spacer: &HtmlElement, banner: &HtmlElement) -> Option<f64> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let wrapper = (!document_scrolls(&window, &document))
        .then(|| wrapper_under(&window, &document, banner))
        .flatten();
    let top = banner.get_bounding_client_rect().top();
    let (parent, room): (Element, Option<f64>) = match wrapper {
        Some(wrapper) => {
            let room = wrapper.get_bounding_client_rect().bottom() - top;
            (wrapper, Some(room))
        }
        None => (document.body()?.into(), None),
    };
    let node: &web_sys::Node = spacer.as_ref();
    if !parent
        .last_element_child()
        .is_some_and(|last| last.is_same_node(Some(node)))
    {
        let _ = parent.append_child(spacer);
    }
    room
}

/// Whether the visitor scrolls the document itself (not a page that sets `html, body
/// { height: 100%; overflow: hidden }` and scrolls a wrapper instead).
fn document_scrolls(window: &web_sys::Window, document: &web_sys::Document) -> bool {
    let overflow = |el: Option<Element>| {
        el.and_then(|el| window.get_computed_style(&el).ok().flatten())
            .and_then(|style| style.get_property_value("overflow-y").ok())
            .unwrap_or_default()
    };
    let Some(root) = document.document_element() else {
        return true;
    };
    // The viewport takes the root's overflow, or the body's when the root's is visible.
    let mut viewport = overflow(Some(root.clone()));
    if viewport == "visible" {
        viewport = overflow(document.body().map(Into::into));
    }
    let blocked = matches!(viewport.as_str(), "hidden" | "clip");
    !blocked && root.scroll_height() > root.client_height()
}

/// The scrolling container showing just above the banner's top edge, if any.
fn wrapper_under(
    window: &web_sys::Window,
    document: &web_sys::Document,
    banner: &HtmlElement,
) -> Option<Element> {
    let x = window.inner_width().ok()?.as_f64()? / 2.0;
    let y = (banner.get_bounding_client_rect().top() - 1.0).max(0.0);
    let first: Element = document
        .elements_from_point(x as f32, y as f32)
        .iter()
        .find_map(|el| el.dyn_into::<Element>().ok())?;
    let mut el = Some(first);
    while let Some(current) = el {
        if scrolls_y(&current) {
            return Some(current);
        }
        el = current.parent_element();
    }
    None
}
