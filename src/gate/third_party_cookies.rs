//! Deletes GA's and Clarity's first-party cookies, and the cookies a site declared for
//! a category (config block `"cookies"`), on the host and on every parent domain they
//! could have been set on.

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
    delete_names(&host, &names);
}

/// Deletes the cookies named `names` (the site's declared ones for a category that was
/// withdrawn or objected to), wherever this page could reach them.
pub fn delete_declared(names: &[&str]) {
    let all = cookie::read_all().unwrap_or_default();
    let present: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| cookie::pairs(&all).any(|(name, _)| name == *n))
        .collect();
    delete_names(&hostname(), &present);
}

fn delete_names(host: &str, names: &[&str]) {
    let domains = cookie_domains(host);
    for &name in names {
        let _ = cookie::write(&cookie::delete_string(name, None));
        for domain in &domains {
            let _ = cookie::write(&cookie::delete_string(name, Some(domain)));
        }
    }
}
