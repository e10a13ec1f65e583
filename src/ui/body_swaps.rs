//! Keeps the banner on pages whose navigation replaces `<body>` (or its content)
//! without a page load: Turbo Drive, htmx `hx-boost`, PJAX, Swup. One
//! `MutationObserver` on `<html>`, not a framework's events: when the banner's host has
//! left the document it goes back first in the new body (its shadow root and the views
//! in it move with it: the same banner and dialog, never a second one), copies of it
//! that a page snapshot brought back are removed, and `on_new_content` lets the embed
//! mount the cookies page's form when a body brings one. It never inserts anything else. The gate
//! watches the DOM for gated content on its own (`src/gate/blocked_content.js`), and the
//! quick exit keeps its own button.

use super::shadow_host::{place, HOST_ID};
use crate::browser::{document, error};
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, MutationObserver, MutationObserverInit, MutationRecord};

/// What the cookies page marks for the embed to mount into.
const COOKIES_PAGE_HOSTS: &str = "[data-pcc-consent-settings], [data-pcc-consent-declaration]";

/// Starts watching for the page's lifetime.
pub fn keep_on_swapped_pages(host: HtmlElement, on_new_content: impl Fn() + 'static) {
    let Some(root) = document().and_then(|d| d.document_element()) else {
        return;
    };
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |records: js_sys::Array| {
        let mut added = false;
        let mut cookies_page = false;
        for record in records.iter() {
            let nodes = record.unchecked_into::<MutationRecord>().added_nodes();
            for node in (0..nodes.length()).filter_map(|i| nodes.item(i)) {
                added = true;
                if let Ok(el) = node.dyn_into::<web_sys::Element>() {
                    cookies_page |= el.matches(COOKIES_PAGE_HOSTS).unwrap_or(false)
                        || el
                            .query_selector(COOKIES_PAGE_HOSTS)
                            .ok()
                            .flatten()
                            .is_some();
                }
            }
        }
        if added {
            keep_host(&host);
        }
        if cookies_page {
            on_new_content();
        }
    });
    let Ok(observer) = MutationObserver::new(callback.as_ref().unchecked_ref()) else {
        return;
    };
    let options = MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    let _ = observer.observe_with_options(&root, &options);
    // Both live as long as the page.
    callback.forget();
    std::mem::forget(observer);
}

/// One host, ours, in the document.
fn keep_host(host: &HtmlElement) {
    let Some(document) = document() else {
        return;
    };
    let ours = document
        .get_element_by_id(HOST_ID)
        .is_some_and(|found| found.is_same_node(Some(host)));
    if ours && host.is_connected() {
        return;
    }
    if let Ok(found) = document.query_selector_all(&format!("#{HOST_ID}")) {
        for copy in (0..found.length()).filter_map(|i| found.item(i)) {
            if !copy.is_same_node(Some(host)) {
                if let Ok(copy) = copy.dyn_into::<web_sys::Element>() {
                    copy.remove();
                }
            }
        }
    }
    // No body for a moment: the next change brings one.
    if !host.is_connected() && document.body().is_some() {
        if let Err(why) = place(host) {
            error(&format!(
                "could not put the banner back after the page changed: {why}"
            ));
        }
    }
}
