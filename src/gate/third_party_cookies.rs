//! Deletes GA's and Clarity's first-party cookies on the host and on every parent
//! domain they could have been set on.

use crate::browser::{document_cookie, hostname, set_document_cookie};
use crate::consent::vendor_signals::{cookie_domains, cookie_vendor, Vendor};

pub fn delete(vendor: Vendor) {
    let host = hostname();
    let names: Vec<String> = document_cookie()
        .unwrap_or_default()
        .split(';')
        .filter_map(|pair| pair.split('=').next().map(|n| n.trim().to_owned()))
        .filter(|name| cookie_vendor(name) == Some(vendor))
        .collect();
    for name in names {
        let _ = set_document_cookie(&format!("{name}=; Max-Age=0; Path=/"));
        for domain in cookie_domains(&host) {
            let _ = set_document_cookie(&format!("{name}=; Max-Age=0; Path=/; Domain={domain}"));
        }
    }
}
