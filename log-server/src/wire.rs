//! The wire format: exactly the JSON the banner POSTs to `data-log-url`
//! (`src/evidence_log.rs` and `record_js` in `src/events.rs`), and its validation into a
//! [`ValidRecord`] with the banner's own core rules (schema, id, categories, methods,
//! expiry limits).
//!
//! Owns: the only door from untrusted bytes to a storable record. It must never accept
//! a field it does not know, a value the banner could not have written, or anything
//! larger than [`MAX_BODY_BYTES`]; and it never touches the database.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use pcc_consent::consent::{Category, ConsentId, Method, DAY_MS, MAX_EXPIRY_DAYS, SCHEMA_VERSION};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// A real post is about 400 bytes; anything over this is refused unread.
pub const MAX_BODY_BYTES: usize = 4096;
/// Longest page URL kept (after its query and fragment are dropped).
pub const MAX_PAGE_LEN: usize = 2048;
/// Most services a post may name (a real site runs a handful).
pub const MAX_SERVICES: usize = 32;
/// Longest service id (`ga4`, `clarity`, `gtm`, or a site's `data-pcc-service`).
pub const MAX_SERVICE_ID_LEN: usize = 64;
/// How far ahead of the server's clock a `givenAt` may be (the banner's own tolerance).
const FUTURE_TOLERANCE_MS: i64 = DAY_MS as i64;

/// The body: `{"record": {...}, "page": "..."}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Post {
    pub record: WireRecord,
    pub page: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireRecord {
    pub schema: u32,
    pub id: String,
    pub revision: u32,
    pub given_at: String,
    pub expires_at: String,
    pub method: String,
    pub categories: WireCategories,
    pub changed: Vec<String>,
    /// The visitor's decision number under this id (1 for the first): optional, newer
    /// banners send it so `find` can show a history in order.
    #[serde(default)]
    pub seq: Option<u32>,
    /// SHA-256 (64 lowercase hex digits) of the notice shown (`POST /notice`): optional.
    #[serde(default)]
    pub notice_hash: Option<String>,
    /// The categories the site ran until objection (PECR Schedule A1 paras 5-6) when
    /// the decision was made: optional, sent from 0.7.0 by sites that have any.
    #[serde(default)]
    pub opt_out: Option<Vec<String>>,
    /// The per-service choice inside each category, `{category: {service id: granted}}`:
    /// optional, sent by banners from 0.8.0 on pages that run named services.
    #[serde(default)]
    pub services: Option<BTreeMap<String, BTreeMap<String, bool>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireCategories {
    pub necessary: bool,
    pub performance: bool,
    pub functionality: bool,
    pub targeting: bool,
    /// Sent only by sites that use the `statistics` category (0.7.0 and later).
    #[serde(default)]
    pub statistics: Option<bool>,
}

/// A record that passed every check: safe to store and to show to a DPO.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidRecord {
    pub id: String,
    pub revision: u32,
    pub given_at_ms: i64,
    pub expires_at_ms: i64,
    pub method: Method,
    /// Optional categories granted, in `Category::OPTIONAL` order.
    pub granted: Vec<Category>,
    /// Granted because the visitor did not object (run until objection, PECR Schedule
    /// A1 paras 5-6), not because they consented; in `Category::OPTIONAL` order.
    pub not_objected: Vec<Category>,
    /// Run until objection, and the visitor objected.
    pub objected: Vec<Category>,
    pub changed: Vec<Category>,
    /// Origin and path only: a query string can carry personal data.
    pub page: String,
    /// The page's origin (`scheme://host[:port]`), checked against the allow-list.
    pub page_origin: String,
    /// The decision number under this id; 0: not sent.
    pub decision: u32,
    /// SHA-256 of the notice shown; empty: not sent.
    pub notice_hash: String,
    /// The per-service choice as canonical JSON (categories and services in byte
    /// order), e.g. `{"performance":{"clarity":false,"ga4":true}}`; empty: not sent.
    pub services: String,
}

/// Why a post was refused; the text goes back to the sender in the 4xx body.
#[derive(Debug, PartialEq, Eq)]
pub struct Invalid(pub String);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn invalid<T>(msg: impl Into<String>) -> Result<T, Invalid> {
    Err(Invalid(msg.into()))
}

/// Parses and validates a body. `now_ms` is the server's clock.
pub fn parse(body: &[u8], now_ms: i64) -> Result<ValidRecord, Invalid> {
    if body.len() > MAX_BODY_BYTES {
        return invalid(format!("body over {MAX_BODY_BYTES} bytes"));
    }
    let post: Post =
        serde_json::from_slice(body).map_err(|e| Invalid(format!("not a consent post: {e}")))?;
    validate(post, now_ms)
}

fn validate(post: Post, now_ms: i64) -> Result<ValidRecord, Invalid> {
    let r = post.record;
    if r.schema != SCHEMA_VERSION {
        return invalid(format!(
            "unsupported schema {} (expected {SCHEMA_VERSION})",
            r.schema
        ));
    }
    let Some(id) = ConsentId::parse(&r.id) else {
        return invalid("id must be 32 lowercase hex digits");
    };
    let given_at_ms = parse_time(&r.given_at).ok_or(Invalid(
        "givenAt is not a time the banner writes (YYYY-MM-DDTHH:MM:SS.sssZ)".into(),
    ))?;
    let expires_at_ms = parse_time(&r.expires_at).ok_or(Invalid(
        "expiresAt is not a time the banner writes (YYYY-MM-DDTHH:MM:SS.sssZ)".into(),
    ))?;
    if expires_at_ms < now_ms - FUTURE_TOLERANCE_MS {
        return invalid("expiresAt is in the past: the banner never sends an expired record");
    }
    if expires_at_ms <= given_at_ms {
        return invalid("expiresAt must be after givenAt");
    }
    if expires_at_ms - given_at_ms > i64::from(MAX_EXPIRY_DAYS) * DAY_MS as i64 {
        return invalid(format!("a choice lasts at most {MAX_EXPIRY_DAYS} days"));
    }
    if given_at_ms > now_ms + FUTURE_TOLERANCE_MS {
        return invalid("givenAt is more than a day in the future");
    }
    let Some(method) = Method::from_id(&r.method) else {
        return invalid("method must be accept_all, reject_all or custom");
    };
    let c = &r.categories;
    if !c.necessary {
        return invalid("necessary is always granted");
    }
    let granted: Vec<Category> = [
        (Category::Performance, c.performance),
        (Category::Functionality, c.functionality),
        (Category::Targeting, c.targeting),
        (Category::Statistics, c.statistics.unwrap_or(false)),
    ]
    .into_iter()
    .filter_map(|(cat, on)| on.then_some(cat))
    .collect();
    let opt_out = parse_opt_out(r.opt_out.as_deref().unwrap_or_default())?;
    // `statistics` only ever runs until objection: sent together, or neither.
    if c.statistics.is_some() != opt_out.contains(&Category::Statistics) {
        return invalid("categories.statistics and optOut [\"statistics\"] come together");
    }
    let (not_objected, objected): (Vec<Category>, Vec<Category>) =
        opt_out.into_iter().partition(|c| granted.contains(c));
    match method {
        Method::RejectAll if !granted.is_empty() => {
            return invalid("reject_all cannot grant an optional category")
        }
        Method::AcceptAll if granted.is_empty() => {
            return invalid("accept_all must grant at least one optional category")
        }
        _ => {}
    }
    let changed = parse_changed(&r.changed)?;
    if r.seq == Some(0) {
        return invalid("seq counts decisions from 1");
    }
    let notice_hash = r.notice_hash.unwrap_or_default();
    if !notice_hash.is_empty() && !is_sha256_hex(&notice_hash) {
        return invalid("noticeHash must be 64 lowercase hex digits (SHA-256)");
    }
    let services = match r.services {
        Some(services) => parse_services(services, &granted)?,
        None => String::new(),
    };
    let (page, page_origin) = page_location(&post.page)?;
    Ok(ValidRecord {
        id: id.as_str().to_owned(),
        revision: r.revision,
        given_at_ms,
        expires_at_ms,
        method,
        granted,
        not_objected,
        objected,
        changed,
        page,
        page_origin,
        decision: r.seq.unwrap_or(0),
        notice_hash,
        services,
    })
}

/// `services`: known optional categories, each naming at least one service by a plain
/// id, no service twice, and no service granted inside a category that is not (the
/// banner sends the effective choice: a refused category refuses all of its services).
/// Returned as canonical JSON.
fn parse_services(
    services: BTreeMap<String, BTreeMap<String, bool>>,
    granted: &[Category],
) -> Result<String, Invalid> {
    let mut seen: Vec<&str> = Vec::new();
    for (category, choices) in &services {
        let Some(c) = Category::from_id(category) else {
            return invalid("services names an unknown category");
        };
        if c == Category::Necessary {
            return invalid("services cannot list necessary");
        }
        if choices.is_empty() {
            return invalid(format!("services.{category} names no service"));
        }
        for (id, on) in choices {
            if !is_service_id(id) {
                return invalid(format!(
                    "services.{category} has a service id that is not 1 to \
                     {MAX_SERVICE_ID_LEN} letters, digits, '-', '_' or '.'"
                ));
            }
            if seen.contains(&id.as_str()) {
                return invalid(format!("services names {id} in two categories"));
            }
            if *on && !granted.contains(&c) {
                return invalid(format!(
                    "services.{category}.{id} is granted but {category} is not"
                ));
            }
            seen.push(id);
        }
    }
    if seen.len() > MAX_SERVICES {
        return invalid(format!("services names more than {MAX_SERVICES} services"));
    }
    serde_json::to_string(&services).map_err(|e| Invalid(format!("services: {e}")))
}

/// A service id as a site may write it in `data-pcc-service` (and the built-in `ga4`,
/// `clarity`, `gtm`): safe to show in a CSV cell or a terminal as it is.
pub fn is_service_id(id: &str) -> bool {
    (1..=MAX_SERVICE_ID_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// `optOut`: known categories that may run until objection, each once.
fn parse_opt_out(ids: &[String]) -> Result<Vec<Category>, Invalid> {
    parse_category_list("optOut", ids, |c| {
        (!c.may_be_opt_out()).then(|| format!("{} never runs until objection", c.id()))
    })
}

/// `changed`: known optional categories, each once.
fn parse_changed(ids: &[String]) -> Result<Vec<Category>, Invalid> {
    parse_category_list("changed", ids, |c| {
        (c == Category::Necessary).then(|| "changed cannot list necessary".to_owned())
    })
}

/// A list of category ids named `field`: each known, once, and not refused by `refuse`
/// (which says why). Returned in the banner's order, whatever order they came in.
fn parse_category_list(
    field: &str,
    ids: &[String],
    refuse: impl Fn(Category) -> Option<String>,
) -> Result<Vec<Category>, Invalid> {
    let mut out = Vec::new();
    for id in ids {
        let Some(c) = Category::from_id(id) else {
            return invalid(format!("{field} lists an unknown category"));
        };
        if let Some(why) = refuse(c) {
            return invalid(why);
        }
        if out.contains(&c) {
            return invalid(format!("{field} lists {} twice", c.id()));
        }
        out.push(c);
    }
    Ok(Category::OPTIONAL
        .into_iter()
        .filter(|c| out.contains(c))
        .collect())
}

/// 64 lowercase hex digits.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// `2026-11-24T10:30:00.000Z` exactly (JavaScript's `toISOString` for years 0000–9999),
/// as ms since the epoch. Every digit is a digit (chrono alone would take a sign or a
/// space in the year) and there is no leap second 60, which `toISOString` never writes.
pub fn parse_time(s: &str) -> Option<i64> {
    const SHAPE: &[u8; 24] = b"0000-00-00T00:00:00.000Z";
    let b = s.as_bytes();
    if b.len() != 24
        || !b.iter().zip(SHAPE).all(|(c, want)| match want {
            b'0' => c.is_ascii_digit(),
            _ => c == want,
        })
        || &s[17..19] > "59"
    {
        return None;
    }
    let t = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.3fZ").ok()?;
    Some(t.and_utc().timestamp_millis())
}

/// The inverse of [`parse_time`].
pub fn format_time(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// The page's origin and path. Refuses anything a browser's `location.href` cannot be:
/// other schemes, or characters a browser always percent-encodes (spaces, double
/// quotes, angle brackets, braces, backticks, control characters).
fn page_location(page: &str) -> Result<(String, String), Invalid> {
    const FORBIDDEN: &[char] = &['"', '<', '>', '`', '\\', '{', '}'];
    if page.len() > MAX_PAGE_LEN
        || page
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || FORBIDDEN.contains(&c))
    {
        return invalid("page is not a URL a browser would send");
    }
    let url = url::Url::parse(page).map_err(|_| Invalid("page is not an absolute URL".into()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return invalid("page must be an http or https URL");
    }
    let origin = url.origin().ascii_serialization();
    Ok((format!("{origin}{}", url.path()), origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_in_the_banners_format() {
        assert_eq!(format_time(NOW), "2026-11-24T11:06:40.000Z");
        let ms = parse_time("2026-11-24T10:30:00.000Z").unwrap();
        assert_eq!(format_time(ms), "2026-11-24T10:30:00.000Z");
        assert_eq!(parse_time("2026-11-24T10:30:00Z"), None);
        assert_eq!(parse_time("2026-11-24T10:30:00.000+01:00"), None);
        assert_eq!(parse_time("2026-13-24T10:30:00.000Z"), None);
    }

    #[test]
    fn times_the_banner_cannot_write_are_refused_naming_the_field() {
        for bad in [
            "-001-11-24T10:30:00.000Z",
            "+999-11-24T10:30:00.000Z",
            " 026-11-24T10:30:00.000Z",
            "2026-11-24T10:30:60.000Z",
            "2026-11-24T 0:30:00.000Z",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
            let mut p: serde_json::Value =
                serde_json::from_str(&post("custom", true, false, false, &[], "https://a.test/"))
                    .unwrap();
            p["record"]["givenAt"] = bad.into();
            let e = parse(p.to_string().as_bytes(), NOW).unwrap_err();
            assert!(e.0.starts_with("givenAt "), "{bad}: {e}");
        }
        // Expired long ago (a year's choice given decades back).
        let mut p: serde_json::Value =
            serde_json::from_str(&post("custom", true, false, false, &[], "https://a.test/"))
                .unwrap();
        p["record"]["givenAt"] = "1990-01-01T00:00:00.000Z".into();
        p["record"]["expiresAt"] = "1991-01-01T00:00:00.000Z".into();
        let e = parse(p.to_string().as_bytes(), NOW).unwrap_err();
        assert!(e.0.starts_with("expiresAt "), "{e}");
    }

    fn post(method: &str, p: bool, f: bool, t: bool, changed: &[&str], page: &str) -> String {
        serde_json::json!({
            "record": {
                "schema": 1, "id": "0123456789abcdef0123456789abcdef", "revision": 3,
                "givenAt": "2026-11-24T10:30:00.000Z", "expiresAt": "2027-11-24T10:30:00.000Z",
                "method": method,
                "categories": {"necessary": true, "performance": p, "functionality": f, "targeting": t},
                "changed": changed,
            },
            "page": page,
        })
        .to_string()
    }

    /// The server's clock in these tests: shortly after the test records were given.
    const NOW: i64 = 1_795_000_000_000 + 6 * 86_400_000; // 2026-11-24T11:06:40Z

    proptest::proptest! {
        /// Any bytes at all: an answer, never a panic.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let _ = parse(&bytes, NOW);
        }

        /// Every record the banner can write is accepted, and comes back as sent.
        #[test]
        fn every_banner_record_is_accepted(p: bool, f: bool, t: bool, which in 0..3usize, changed in proptest::sample::subsequence(vec!["performance", "functionality", "targeting"], 0..=3)) {
            let method = match which {
                0 if p || f || t => "accept_all",
                1 => "reject_all",
                _ => "custom",
            };
            let (p, f, t) = if method == "reject_all" { (false, false, false) } else { (p, f, t) };
            let r = parse(post(method, p, f, t, &changed, "https://pcc.example/a?b").as_bytes(), NOW).unwrap();
            proptest::prop_assert_eq!(r.method.id(), method);
            proptest::prop_assert_eq!(r.granted.len(), usize::from(p) + usize::from(f) + usize::from(t));
            proptest::prop_assert_eq!(r.changed.iter().map(|c| c.id()).collect::<Vec<_>>(), changed);
        }

        /// Any text in the page field: refused, or kept as an http(s) origin and path
        /// with none of the characters a browser would have encoded.
        #[test]
        fn pages_are_urls_or_refused(page in ".{0,80}") {
            if let Ok(r) = parse(post("custom", true, false, false, &[], &page).as_bytes(), NOW) {
                proptest::prop_assert!(r.page.starts_with("http://") || r.page.starts_with("https://"));
                proptest::prop_assert!(!r.page.contains(['<', '>', '"', ' ', '?', '#']));
            }
        }
    }

    #[test]
    fn the_page_keeps_origin_and_path_only() {
        assert_eq!(
            page_location("https://pcc.example/news/a?q=email@x.test#top")
                .unwrap()
                .0,
            "https://pcc.example/news/a"
        );
        assert!(page_location("javascript:alert(1)").is_err());
        assert!(page_location("https://x.test/<script>").is_err());
        // An apostrophe is left as it is in a path by browsers: a real page can have one.
        assert_eq!(
            page_location("https://x.test/it's").unwrap().0,
            "https://x.test/it's"
        );
    }
}
