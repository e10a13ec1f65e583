//! Print rules for the pieces we put in the page's own DOM, outside our shadow roots:
//! the focus-clearance spacer (else blank space, or a blank last page, on paper) and
//! iframe placeholders (consent UI). Pieces inside our shadow roots hide themselves
//! (`style/pcc-consent.css`). One constructed stylesheet adopted by the document, which
//! a strict `style-src` CSP allows; print media only and our own attributes only, so it
//! never changes how the page looks on screen.

use std::cell::Cell;
use wasm_bindgen::JsValue;
use web_sys::CssStyleSheet;

// `max-height`, not `display`: the spacer's inline `!important` styles (which beat any
// rule of the page on screen) would beat `display` here too.
const RULES: &str = "@media print{[data-pcc-consent-spacer]{max-height:0!important}\
[data-pcc-consent-placeholder]{display:none!important}}";

thread_local! {
    static ADDED: Cell<bool> = const { Cell::new(false) };
}

/// Adds the rules to the document, once per page.
pub fn add_print_rules() {
    if ADDED.with(|added| added.replace(true)) {
        return;
    }
    let (Some(document), Ok(sheet)) = (crate::browser::document(), CssStyleSheet::new()) else {
        return;
    };
    if sheet.replace_sync(RULES).is_err() {
        return;
    }
    let key = JsValue::from_str("adoptedStyleSheets");
    let Ok(current) = js_sys::Reflect::get(&document, &key) else {
        return;
    };
    // The page's own adopted sheets stay, before ours.
    let sheets = js_sys::Array::from(&current);
    sheets.push(&sheet);
    let _ = js_sys::Reflect::set(&document, &key, &sheets);
}
