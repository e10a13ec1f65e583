//! Deletes GA's and Clarity's first-party cookies on the host and on every parent
//! domain they could have been set on.

use crate::browser::hostname;
use crate::consent::vendor_signals::{cookie_domains, cookie_vendor, Vendor};
use crate::cookie;

pub fn delete(vendor: Vendor) {
    let host = hostname();
    let all = cookie::read_all().unwrap_or_default();
    let mut names: Vec<&str> = cookie::pairs(&all)
        .map(|(name, _)| name)
        .filter(|name| cookie_vendor(name) == Some(vendor))
        .collect();
    names.dedup();
    let domains = cookie_domains(&host);
    for name in names {
        let _ = cookie::write(&cookie::delete_string(name, None));
        for domain in &domains {
            let _ = cookie::write(&cookie::delete_string(name, Some(domain)));
        }
    }
}
