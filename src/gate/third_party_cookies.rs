//! Deletes GA's and Clarity's first-party cookies on the host and on every parent
//! domain they could have been set on.

use crate::consent::vendor_signals::{cookie_domains, cookie_vendor, Vendor};
use wasm_bindgen::JsCast;

pub fn delete(vendor: Vendor) {
    let Some(document) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    else {
        return;
    };
    let host = web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default();
    let names: Vec<String> = document
        .cookie()
        .unwrap_or_default()
        .split(';')
        .filter_map(|pair| pair.split('=').next().map(|n| n.trim().to_owned()))
        .filter(|name| cookie_vendor(name) == Some(vendor))
        .collect();
    for name in names {
        let _ = document.set_cookie(&format!("{name}=; Max-Age=0; Path=/"));
        for domain in cookie_domains(&host) {
            let _ = document.set_cookie(&format!("{name}=; Max-Age=0; Path=/; Domain={domain}"));
        }
    }
}
