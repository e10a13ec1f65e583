//! Cookie strings: the one place that parses `document.cookie` and writes or deletes a
//! cookie. The consent store and the gate's third-party clean-up both go through it.
//!
//! The string work is pure (native tests); only [`read_all`] and [`write`] touch the
//! page, and both return `Err` instead of throwing (cookies blocked, sandboxed frames).
//! It never decides what to store or delete: its callers do.

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
