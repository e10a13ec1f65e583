//! Cookie strings: the one place that parses `document.cookie` and writes or deletes a
//! cookie. The consent store and the gate's third-party clean-up both go through it.
//!
//! The string work is pure (native tests); only [`read_all`] and [`write`] touch the
//! page, and both return `Err` instead of throwing (cookies blocked, sandboxed frames).
//! It never decides what to store or delete: its callers do. [`ConsentCookie`] says,
//! for one page, what the consent cookie is called, who could have written a cookie
//! of that name, and which assignments replace every copy the page can reach.

use crate::consent::vendor_signals::cookie_domains;
use crate::consent::Source;

/// The prefix only a secure page can set, for a cookie with `Path=/` and no `Domain`:
/// no other host (not even a parent domain's) can write a cookie with this name.
pub const HOST_PREFIX: &str = "__Host-";

/// The attributes of one cookie write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CookieOptions<'a> {
    /// `Max-Age` in seconds; 0 deletes the cookie.
    pub max_age_s: u64,
    /// `Domain=`: the cookie is shared with every sub-domain. `None`: host-only.
    pub domain: Option<&'a str>,
    /// `Secure`: sent over https only (set on https pages).
    pub secure: bool,
}

/// Every `(name, raw value)` pair in a `document.cookie` string, in its order. A name
/// may appear more than once (a host-only cookie and a `Domain=` one of the same name).
pub fn pairs(all: &str) -> impl Iterator<Item = (&str, &str)> {
    all.split(';').filter_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = name.trim();
        (!name.is_empty()).then(|| (name, value.trim()))
    })
}

/// The raw values of every cookie called `name`.
pub fn values<'a>(all: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> {
    pairs(all).filter(move |(n, _)| *n == name).map(|(_, v)| v)
}

/// The `document.cookie` assignment writing `name=value` with `Path=/; SameSite=Lax`.
/// `value` must already be encoded (no `;`, `,` or spaces).
pub fn set_string(name: &str, value: &str, options: &CookieOptions) -> String {
    let mut cookie = format!(
        "{name}={value}; Path=/; SameSite=Lax; Max-Age={}",
        options.max_age_s
    );
    if let Some(domain) = options.domain {
        cookie.push_str("; Domain=");
        cookie.push_str(domain);
    }
    if options.secure {
        cookie.push_str("; Secure");
    }
    cookie
}

/// The assignment deleting cookie `name` set on `domain` (`None`: the host-only one).
pub fn delete_string(name: &str, domain: Option<&str>) -> String {
    let options = CookieOptions {
        max_age_s: 0,
        domain,
        secure: false,
    };
    set_string(name, "", &options)
}

/// The assignment deleting cookie `name` on `domain` and `path` (`Secure` where a
/// `__Host-` name requires it).
fn delete_at(name: &str, domain: Option<&str>, path: &str) -> String {
    let mut cookie = format!("{name}=; Path={path}; SameSite=Lax; Max-Age=0");
    if let Some(domain) = domain {
        cookie.push_str("; Domain=");
        cookie.push_str(domain);
    }
    if name.starts_with(HOST_PREFIX) {
        cookie.push_str("; Secure");
    }
    cookie
}

/// Every `Path` a cookie visible on `pathname` can have (RFC 6265 path-match): `/`, and
/// each leading part ending before or at a `/`, and the path itself. At most 64.
pub fn cookie_paths(pathname: &str) -> Vec<String> {
    let pathname = if pathname.starts_with('/') {
        pathname
    } else {
        "/"
    };
    let mut candidates = vec!["/"];
    for (i, _) in pathname.match_indices('/').skip(1) {
        candidates.extend([&pathname[..i], &pathname[..=i]]);
    }
    candidates.push(pathname);
    let mut paths: Vec<String> = Vec::new();
    for path in candidates {
        if !paths.iter().any(|p| p == path) {
            paths.push(path.to_owned());
        }
    }
    paths.truncate(64);
    paths
}

/// The consent cookie as one page sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentCookie {
    /// The site's `data-cookie-name`.
    pub base: String,
    /// `data-cookie-domain`, if set: the cookie is shared with every host under it.
    pub domain: Option<String>,
    /// The page is https.
    pub secure: bool,
    /// `location.hostname` and `location.pathname`.
    pub host: String,
    pub path: String,
}

impl ConsentCookie {
    /// Whether the cookie is written `__Host-` prefixed: on https with no cookie domain.
    fn host_prefixed(&self) -> bool {
        self.secure && self.domain.is_none()
    }

    /// The name the banner writes: `__Host-<base>` on https without a cookie domain,
    /// else `<base>`.
    pub fn name(&self) -> String {
        if self.host_prefixed() {
            format!("{HOST_PREFIX}{}", self.base)
        } else {
            self.base.clone()
        }
    }

    /// Who could have written a cookie called `name`, if it is a consent cookie.
    pub fn source(&self, name: &str) -> Option<Source> {
        if name.strip_prefix(HOST_PREFIX) == Some(self.base.as_str()) {
            Some(Source::HostCookie)
        } else if name != self.base {
            None
        } else if self.domain.is_some() || cookie_domains(&self.host).len() > 1 {
            Some(Source::OpenCookie)
        } else {
            // An IP address or a single-label host: no other host can share its cookies.
            Some(Source::HostCookie)
        }
    }

    /// The assignments that delete every consent cookie this page can reach and may
    /// remove, then (with `value`) write the banner's one copy. Without a cookie
    /// domain, cookies on parent domains are left alone: they are not this host's, and
    /// may be another sub-site's own shared cookie.
    pub fn replace(&self, value: Option<(&str, u64)>) -> Vec<String> {
        let paths = cookie_paths(&self.path);
        let mut domains: Vec<Option<String>> = vec![None];
        if self.domain.is_some() {
            domains.extend(cookie_domains(&self.host).into_iter().map(Some));
            if let Some(d) = &self.domain {
                if !domains.contains(&Some(d.clone())) {
                    domains.push(Some(d.clone()));
                }
            }
        }
        let mut out = Vec::new();
        for path in &paths {
            for domain in &domains {
                out.push(delete_at(&self.base, domain.as_deref(), path));
            }
        }
        if self.secure {
            out.push(delete_at(&format!("{HOST_PREFIX}{}", self.base), None, "/"));
        }
        if let Some((value, max_age_s)) = value {
            let options = CookieOptions {
                max_age_s,
                domain: self.domain.as_deref(),
                secure: self.secure,
            };
            out.push(set_string(&self.name(), value, &options));
        }
        out
    }
}

/// `document.cookie`, which throws in sandboxed frames and where cookies are blocked.
#[cfg(target_arch = "wasm32")]
pub fn read_all() -> Result<String, String> {
    use crate::browser::{describe, html_document};
    html_document()?.cookie().map_err(|e| describe(&e))
}

/// Performs one `document.cookie` assignment built by [`set_string`] / [`delete_string`].
#[cfg(target_arch = "wasm32")]
pub fn write(assignment: &str) -> Result<(), String> {
    use crate::browser::{describe, html_document};
    html_document()?
        .set_cookie(assignment)
        .map_err(|e| describe(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_paths_are_every_path_a_visible_cookie_can_have() {
        assert_eq!(cookie_paths("/"), ["/"]);
        assert_eq!(
            cookie_paths("/a/b/c.html"),
            ["/", "/a", "/a/", "/a/b", "/a/b/", "/a/b/c.html"]
        );
        assert_eq!(cookie_paths("/news/"), ["/", "/news", "/news/"]);
        assert_eq!(cookie_paths(""), ["/"]);
        assert_eq!(cookie_paths(&"/x".repeat(100)).len(), 64);
    }

    fn page(domain: Option<&str>, secure: bool, host: &str) -> ConsentCookie {
        ConsentCookie {
            base: "pcc_consent".into(),
            domain: domain.map(str::to_owned),
            secure,
            host: host.into(),
            path: "/a/p.html".into(),
        }
    }

    #[test]
    fn the_cookie_is_host_prefixed_on_https_without_a_cookie_domain() {
        assert_eq!(
            page(None, true, "www.pcc.test").name(),
            "__Host-pcc_consent"
        );
        assert_eq!(page(None, false, "www.pcc.test").name(), "pcc_consent");
        assert_eq!(
            page(Some("pcc.test"), true, "www.pcc.test").name(),
            "pcc_consent"
        );
        let www = page(None, true, "www.pcc.test");
        assert_eq!(www.source("__Host-pcc_consent"), Some(Source::HostCookie));
        assert_eq!(www.source("pcc_consent"), Some(Source::OpenCookie));
        assert_eq!(www.source("other"), None);
        assert_eq!(
            page(None, false, "127.0.0.1").source("pcc_consent"),
            Some(Source::HostCookie),
            "no other host can share an IP address's cookies"
        );
    }

    #[test]
    fn a_save_without_a_cookie_domain_never_touches_a_parent_domain() {
        let writes = page(None, true, "www.pcc.test").replace(Some(("v", 60)));
        assert!(writes.iter().all(|w| !w.contains("Domain=")), "{writes:?}");
        assert_eq!(
            writes.last().unwrap(),
            "__Host-pcc_consent=v; Path=/; SameSite=Lax; Max-Age=60; Secure"
        );
        assert!(writes.contains(&"pcc_consent=; Path=/a/; SameSite=Lax; Max-Age=0".to_owned()));
    }

    #[test]
    fn a_save_with_a_cookie_domain_deletes_every_path_and_domain_variant() {
        let writes = page(Some("pcc.test"), false, "www.pcc.test").replace(Some(("v", 60)));
        for path in ["/", "/a", "/a/", "/a/p.html"] {
            for domain in ["", "; Domain=www.pcc.test", "; Domain=pcc.test"] {
                let delete = format!("pcc_consent=; Path={path}; SameSite=Lax; Max-Age=0{domain}");
                assert!(writes.contains(&delete), "{delete} in {writes:?}");
            }
        }
        assert_eq!(
            writes.last().unwrap(),
            "pcc_consent=v; Path=/; SameSite=Lax; Max-Age=60; Domain=pcc.test"
        );
    }

    #[test]
    fn every_copy_of_a_name_is_found_with_odd_spacing_and_valueless_cookies() {
        let all = "a=1; pcc_consent=old;b; pcc_consent=new ;  c=x=y";
        assert_eq!(
            values(all, "pcc_consent").collect::<Vec<_>>(),
            ["old", "new"]
        );
        assert_eq!(values(all, "c").collect::<Vec<_>>(), ["x=y"]);
        assert_eq!(values(all, "b").collect::<Vec<_>>(), [""]);
        assert_eq!(values("", "a").count(), 0);
        assert_eq!(pairs(all).count(), 5);
    }

    #[test]
    fn writes_carry_path_samesite_max_age_and_optional_domain_and_secure() {
        let options = CookieOptions {
            max_age_s: 60,
            domain: Some("example.police.uk"),
            secure: true,
        };
        assert_eq!(
            set_string("n", "v", &options),
            "n=v; Path=/; SameSite=Lax; Max-Age=60; Domain=example.police.uk; Secure"
        );
        assert_eq!(
            delete_string("_ga", None),
            "_ga=; Path=/; SameSite=Lax; Max-Age=0"
        );
    }
}
