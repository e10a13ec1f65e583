//! Gives the UI a root inside an open shadow root, so the host page's CSS cannot break the
//! banner and the banner's CSS cannot leak into the page. The stylesheet is adopted
//! (a constructed `CSSStyleSheet`), which a strict `style-src` CSP allows.

use super::STYLESHEET;
use crate::browser::document;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CssStyleSheet, HtmlElement, ShadowRootInit, ShadowRootMode};

/// The id of the element that hosts the shadow root; at most one per page.
pub const HOST_ID: &str = "pcc-consent";

/// Marks the host the loader painted the banner's first view in (src/js/first_view.js):
/// the WebAssembly takes it over rather than refusing to start.
const FIRST_VIEW: &str = "data-pcc-consent-first-view";

/// On the painted host, then this host: the page's `scroll-padding-bottom` before the
/// first view set its own.
pub const PADDING: &str = "data-pcc-consent-padding";

/// The quick-exit button's host (`src/js/quick_exit/button.js`), first in the body when on.
const QUICK_EXIT_ID: &str = "pcc-consent-exit";

/// Puts `<div id="pcc-consent">` first in the body (after the quick-exit button, which
/// stays first), attaches an open shadow root with the stylesheet, sets the `theme`
/// custom properties on the host, and returns the root to mount into. `Err` if the page
/// has no body or the host already exists (the script was included twice).
///
/// First, so the banner comes first in the reading and Tab order, as GOV.UK's does,
/// not after every link of the page. Its pieces are fixed-position and the host itself
/// has no height, so putting it there moves nothing (CLS 0).
pub fn isolated_root(theme: &[(String, String)]) -> Result<HtmlElement, String> {
    let document = document().ok_or("no document")?;
    if let Some(found) = document.get_element_by_id(HOST_ID) {
        if found.has_attribute(FIRST_VIEW) {
            // The loader's first view stays on screen until this banner is mounted
            // (`drop_first_view`, in the same task): no frame without a banner.
            found.remove_attribute("id").map_err(err)?;
            let host = leptos_div()?;
            host.set_id(HOST_ID);
            // The page's own scroll-padding, which the first view replaced with its
            // height (src/js/first_view.js): focus_clearance.rs restores this one.
            if let Some(previous) = found.get_attribute(PADDING) {
                host.set_attribute(PADDING, &previous).map_err(err)?;
            }
            place(&host)?;
            return isolated_root_in(&host, theme);
        }
        // Without its shadow root it is a copy a page snapshot brought back (Turbo,
        // htmx history), not a banner.
        if found.shadow_root().is_some() {
            return Err("the banner is already on this page".into());
        }
        found.remove();
    }
    let host = leptos_div()?;
    host.set_id(HOST_ID);
    place(&host)?;
    isolated_root_in(&host, theme)
}

/// [`isolated_root`] in two steps, for a boot that builds the banner in one task and
/// shows it in the next: the host with its shadow root and stylesheet, not yet in the
/// page nor named [`HOST_ID`], and the root to mount into. `Err` if the banner is
/// already on this page.
pub(crate) fn unplaced_root(
    theme: &[(String, String)],
) -> Result<(HtmlElement, HtmlElement), String> {
    let document = document().ok_or("no document")?;
    if let Some(found) = document.get_element_by_id(HOST_ID) {
        if !found.has_attribute(FIRST_VIEW) && found.shadow_root().is_some() {
            return Err("the banner is already on this page".into());
        }
    }
    let host = leptos_div()?;
    let root = isolated_root_in(&host, theme)?;
    Ok((host, root))
}

/// Puts a host from [`unplaced_root`] in the page, as [`isolated_root`] places its own:
/// named [`HOST_ID`] (taken from the painted first view, whose kept page padding it
/// takes too), first in the body. Call [`drop_first_view`] in the same task.
pub(crate) fn place_root(host: &HtmlElement) -> Result<(), String> {
    let document = document().ok_or("no document")?;
    if let Some(found) = document.get_element_by_id(HOST_ID) {
        if found.has_attribute(FIRST_VIEW) {
            found.remove_attribute("id").map_err(err)?;
            if let Some(previous) = found.get_attribute(PADDING) {
                host.set_attribute(PADDING, &previous).map_err(err)?;
            }
        } else if found.shadow_root().is_some() {
            return Err("the banner is already on this page".into());
        } else {
            // A copy a page snapshot brought back (Turbo, htmx history), not a banner.
            found.remove();
        }
    }
    host.set_id(HOST_ID);
    place(host)
}

/// Removes the loader's painted first view, once the banner that replaces it is mounted.
/// The loader then moves focus and replays a held click on this banner.
pub fn drop_first_view() {
    let painted =
        document().and_then(|d| d.query_selector(&format!("[{FIRST_VIEW}]")).ok().flatten());
    if let Some(painted) = painted {
        painted.remove();
    }
}

/// Puts `host` first in the body, after the quick-exit button if that is first: at
/// start, and again when a body-swapping library has replaced the body.
pub fn place(host: &HtmlElement) -> Result<(), String> {
    let document = document().ok_or("no document")?;
    let body = document.body().ok_or("the page has no <body>")?;
    let exit = document.get_element_by_id(QUICK_EXIT_ID).filter(|exit| {
        exit.parent_node()
            .is_some_and(|p| p.is_same_node(Some(body.as_ref())))
    });
    let before = match exit {
        Some(exit) => exit.next_sibling(),
        None => body.first_child(),
    };
    body.insert_before(host, before.as_ref()).map_err(err)?;
    Ok(())
}

/// Attaches an open shadow root with the stylesheet to `host` (an element the page
/// placed, such as `<div data-pcc-consent-settings>`) and returns the root inside it.
pub fn isolated_root_in(
    host: &HtmlElement,
    theme: &[(String, String)],
) -> Result<HtmlElement, String> {
    if host.shadow_root().is_some() {
        return Err("the element already has a shadow root".into());
    }
    host.set_attribute("data-nosnippet", "").map_err(err)?;
    // CSSOM, not a style attribute: allowed under a strict style-src CSP.
    for (property, value) in theme {
        host.style().set_property(property, value).map_err(err)?;
    }
    let shadow = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .map_err(err)?;
    let sheet = CssStyleSheet::new().map_err(err)?;
    sheet.replace_sync(STYLESHEET).map_err(err)?;
    let sheets = js_sys::Array::of1(&sheet);
    js_sys::Reflect::set(&shadow, &"adoptedStyleSheets".into(), &sheets).map_err(err)?;
    let root = leptos_div()?;
    root.set_class_name("pcc-consent-root");
    shadow.append_child(&root).map_err(err)?;
    Ok(root)
}

/// An empty `<div>`, built by Leptos' renderer like every view (nothing here builds DOM
/// nodes by hand): the shadow host, or the root inside it that components mount into.
pub fn leptos_div() -> Result<HtmlElement, String> {
    use leptos::tachys::view::{Mountable, Render};
    leptos::html::div()
        .build()
        .elements()
        .into_iter()
        .next()
        .and_then(|el| el.dyn_into().ok())
        .ok_or_else(|| "could not create an element".to_owned())
}

fn err(e: JsValue) -> String {
    crate::browser::describe(&e)
}
