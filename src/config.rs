//! Everything a site sets, parsed and validated once, at the edge, into typed values.
//!
//! Input is the script tag's `data-*` attributes (see `../shared/docs/embed-contract.md`).
//! A bad value never stops the banner: it is reported as a [`ConfigError`] naming the
//! attribute (the embed logs it with `console.error`) and the default is used instead.
//! Pure: no DOM; the embed passes the attributes and the page facts in.

use crate::consent::{Category, MAX_EXPIRY_DAYS};
use crate::declaration::{DeclaredCookie, SiteCookie};
use crate::i18n::Texts;
use crate::json::{self, Value};
use std::fmt;

pub const DEFAULT_COOKIE_NAME: &str = "pcc_consent";
pub const DEFAULT_EXPIRY_DAYS: u32 = 365;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Cy,
}

impl Lang {
    /// The language of a tag by its primary subtag, any case: `en`, `en-GB`, `cy`, `CY`,
    /// `cy-GB`; `None` for any other. `src/js/quick_exit.js` (`langOf`) decides the
    /// quick exit's language the same way, so the banner and the exit button agree.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split('-').next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else if primary.eq_ignore_ascii_case("cy") {
            Some(Lang::Cy)
        } else {
            None
        }
    }
}

/// Where the choice is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageMode {
    /// First-party cookie and localStorage.
    Persistent,
    /// sessionStorage only ("discreet mode"): no lasting trace of the visit.
    Session,
}

/// A third-party service the gate loads once its category is granted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub id: String,
    pub category: Category,
    pub src: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub site_name: String,
    pub policy_url: Option<String>,
    /// Offered categories, `necessary` first and always present.
    pub categories: Vec<Category>,
    pub revision: u32,
    pub expiry_days: u32,
    pub storage: StorageMode,
    pub cookie_name: String,
    pub cookie_domain: Option<String>,
    pub lang: Lang,
    pub ga: Option<Service>,
    pub clarity: Option<Service>,
    pub log_url: Option<String>,
    pub reload_on_withdraw: bool,
    /// A small floating "Cookie settings" button once a choice is made, for sites with
    /// no footer link (`data-settings-button`).
    pub settings_button: bool,
    /// Every visible string, in the page's language, with the site's overrides.
    pub texts: Texts,
    /// CSS custom properties set on the banner's host: (`--pcc-consent-…`, value).
    pub theme: Vec<(String, String)>,
    /// The banner script's CSP nonce, given to the scripts the gate inserts.
    pub script_nonce: Option<String>,
    /// The site's own cookies, for the declaration table (config block `"cookies"`).
    pub site_cookies: Vec<SiteCookie>,
}

/// The theme keys a site may set (each becomes `--pcc-consent-<key>`).
pub const THEME_KEYS: [&str; 12] = [
    "bg",
    "text",
    "link",
    "button-bg",
    "button-text",
    "secondary-bg",
    "focus",
    "font",
    "radius",
    "space",
    "border",
    "exit-bg",
];

/// Facts about the host page that supply defaults.
#[derive(Clone, Debug, Default)]
pub struct PageFacts {
    pub host: String,
    /// The page's `<html lang>`, if any.
    pub html_lang: Option<String>,
}

/// One rejected setting; the default was used instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub attribute: String,
    pub value: String,
    pub expected: &'static str,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "pcc-consent: ignoring {}={:?}: expected {}; using the default",
            self.attribute, self.value, self.expected
        )
    }
}

impl Config {
    /// The defaults for a page, before any attribute is read.
    pub fn defaults(page: &PageFacts) -> Config {
        Config {
            site_name: page.host.clone(),
            policy_url: None,
            categories: Category::ALL.to_vec(),
            revision: 1,
            expiry_days: DEFAULT_EXPIRY_DAYS,
            storage: StorageMode::Persistent,
            cookie_name: DEFAULT_COOKIE_NAME.to_owned(),
            cookie_domain: None,
            lang: lang_of_page(page.html_lang.as_deref()),
            ga: None,
            clarity: None,
            log_url: None,
            reload_on_withdraw: false,
            settings_button: false,
            texts: Texts::for_lang(lang_of_page(page.html_lang.as_deref())),
            theme: Vec::new(),
            script_nonce: None,
            site_cookies: Vec::new(),
        }
    }

    /// Builds the config from `data-*` attributes (names with or without the `data-`
    /// prefix). Unknown attributes are ignored: they may belong to the host page.
    /// `data-quick-exit`, `data-quick-exit-history` and `data-exit-url` are read by
    /// `src/js/quick_exit.js`, which must work before the WebAssembly has loaded.
    pub fn from_attributes<'a>(
        attrs: impl IntoIterator<Item = (&'a str, &'a str)>,
        page: &PageFacts,
    ) -> (Config, Vec<ConfigError>) {
        let mut c = Config::defaults(page);
        let mut errors = Vec::new();
        let mut ga_id = None;
        let mut clarity_id = None;
        let (mut ga_category, mut clarity_category) =
            (Category::Performance, Category::Performance);
        let (mut ga_src, mut clarity_src) = (None, None);
        for (name, raw) in attrs {
            let key = name.strip_prefix("data-").unwrap_or(name);
            let value = raw.trim();
            let mut bad = |expected: &'static str| {
                errors.push(ConfigError {
                    attribute: format!("data-{key}"),
                    value: raw.to_owned(),
                    expected,
                })
            };
            match key {
                "site-name" if !value.is_empty() => c.site_name = value.to_owned(),
                "policy-url" => match page_url(value) {
                    Some(u) => c.policy_url = Some(u),
                    None => bad("an http(s) or relative URL"),
                },
                "categories" => match parse_categories(value) {
                    Some(cats) => c.categories = cats,
                    None => bad("a comma-separated list of performance, functionality, targeting"),
                },
                "revision" => match value.parse::<u32>() {
                    Ok(n) if n >= 1 => c.revision = n,
                    _ => bad("a whole number from 1"),
                },
                "expiry-days" => match value.parse::<u32>() {
                    Ok(n) if (1..=MAX_EXPIRY_DAYS).contains(&n) => c.expiry_days = n,
                    _ => bad("a whole number of days from 1 to 395"),
                },
                "storage" => match value {
                    "persistent" => c.storage = StorageMode::Persistent,
                    "session" => c.storage = StorageMode::Session,
                    _ => bad("persistent or session"),
                },
                "cookie-name" => {
                    if is_cookie_token(value) {
                        c.cookie_name = value.to_owned();
                    } else {
                        bad("a cookie name of letters, digits, '_' or '-'")
                    }
                }
                "cookie-domain" => {
                    let d = value.trim_start_matches('.');
                    if is_domain(d) {
                        c.cookie_domain = Some(d.to_ascii_lowercase());
                    } else {
                        bad("a domain name such as example.police.uk")
                    }
                }
                "lang" => match Lang::from_tag(value) {
                    Some(lang) => c.lang = lang,
                    None => bad("a language tag for en or cy (such as en, en-GB, cy, cy-GB)"),
                },
                "ga-id" => {
                    if is_ga_id(value) {
                        ga_id = Some(value.to_owned());
                    } else {
                        bad("a GA4 measurement id such as G-XXXXXXXXXX")
                    }
                }
                "clarity-id" => {
                    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        clarity_id = Some(value.to_owned());
                    } else {
                        bad("a Microsoft Clarity project id (letters and digits)")
                    }
                }
                "ga-category" | "clarity-category" => match Category::from_id(value) {
                    Some(cat) if cat != Category::Necessary => {
                        if key == "ga-category" {
                            ga_category = cat;
                        } else {
                            clarity_category = cat;
                        }
                    }
                    _ => bad("performance, functionality or targeting"),
                },
                "ga-src" | "clarity-src" => match page_url(value) {
                    Some(u) if key == "ga-src" => ga_src = Some(u),
                    Some(u) => clarity_src = Some(u),
                    None => bad("an http(s) or relative URL"),
                },
                "log-url" => match page_url(value) {
                    Some(u) => c.log_url = Some(u),
                    None => bad("an http(s) or relative URL"),
                },
                "reload-on-withdraw" | "settings-button" => {
                    let flag = match value {
                        "" | "true" => true,
                        "false" => false,
                        _ => {
                            bad("true or false");
                            continue;
                        }
                    };
                    if key == "settings-button" {
                        c.settings_button = flag;
                    } else {
                        c.reload_on_withdraw = flag;
                    }
                }
                _ => {}
            }
        }
        let service =
            |id: Option<String>, category, src| id.map(|id| Service { id, category, src });
        c.ga = service(ga_id, ga_category, ga_src);
        c.clarity = service(clarity_id, clarity_category, clarity_src);
        c.texts = Texts::for_lang(c.lang);
        (c, errors)
    }

    /// Applies the optional `<script type="application/json" id="pcc-consent-config">`
    /// block: `{"texts": {"en": {…}, "cy": {…}}, "theme": {"button-bg": "#005ea5"}}`.
    /// Texts are overridden for the page's language only. Anything malformed is
    /// reported and skipped; the rest applies.
    pub fn apply_json_block(&mut self, raw: &str) -> Vec<ConfigError> {
        let mut errors = Vec::new();
        let mut bad = |path: &str, value: String, expected: &'static str| {
            errors.push(ConfigError {
                attribute: format!("#pcc-consent-config {path}"),
                value,
                expected,
            })
        };
        let root = match json::parse(raw) {
            Some(Value::Object(map)) => map,
            Some(other) => {
                bad("", json::text(&other), "a JSON object");
                return errors;
            }
            None => {
                bad("", raw.trim().chars().take(80).collect(), "valid JSON");
                return errors;
            }
        };
        for key in root.keys() {
            if !["texts", "theme", "cookies"].contains(&key.as_str()) {
                bad(
                    key,
                    String::new(),
                    "only \"texts\", \"theme\" and \"cookies\"",
                );
            }
        }
        let lang = match self.lang {
            Lang::En => "en",
            Lang::Cy => "cy",
        };
        match root.get("texts").map(|t| (t, json::get(t, lang))) {
            None | Some((_, None)) => {}
            Some((_, Some(Value::Object(overrides)))) => {
                for message in self.texts.apply_overrides(overrides) {
                    bad(
                        &message,
                        String::new(),
                        "a known text key with a string value",
                    );
                }
            }
            Some((_, Some(other))) => bad(
                &format!("texts.{lang}"),
                json::text(other),
                "an object of texts",
            ),
        }
        match root.get("theme") {
            None => {}
            Some(Value::Object(theme)) => {
                for (key, value) in theme.iter() {
                    match json::as_str(value).filter(|v| is_css_value(v)) {
                        Some(v) if THEME_KEYS.contains(&key.as_str()) => self
                            .theme
                            .push((format!("--pcc-consent-{key}"), v.to_owned())),
                        _ => bad(
                            &format!("theme.{key}"),
                            json::text(value),
                            "a theme key from the README with a plain CSS value",
                        ),
                    }
                }
            }
            Some(other) => bad("theme", json::text(other), "an object"),
        }
        let cookies = match root.get("cookies") {
            Some(Value::Array(entries)) => &entries[..],
            _ => &[],
        };
        for (i, entry) in cookies.iter().enumerate() {
            match site_cookie(entry, &self.texts) {
                Some(cookie) => self.site_cookies.push(cookie),
                None => bad(
                    &format!("cookies[{i}]"),
                    json::text(entry),
                    "{\"name\", \"category\", \"purpose\", \"expires\"} with an optional \"setBy\"",
                ),
            }
        }
        errors
    }

    pub fn offers(&self, category: Category) -> bool {
        self.categories.contains(&category)
    }

    /// Settings that are valid one by one but contradict each other, e.g. a service
    /// governed by a category the site does not offer (it could never load). The embed
    /// logs them with `console.warn`.
    pub fn warnings(&self) -> Vec<String> {
        [
            ("data-ga-id", "Google Analytics", &self.ga),
            ("data-clarity-id", "Microsoft Clarity", &self.clarity),
        ]
        .into_iter()
        .filter_map(|(attribute, name, service)| {
            let service = service.as_ref()?;
            (!self.offers(service.category)).then(|| {
                format!(
                    "pcc-consent: {attribute} is set but its category \"{}\" is not in \
                         data-categories, so {name} will never load",
                    service.category
                )
            })
        })
        .collect()
    }
}

fn lang_of_page(html_lang: Option<&str>) -> Lang {
    html_lang.and_then(Lang::from_tag).unwrap_or(Lang::En)
}

/// `necessary` first, then the listed optional categories in canonical order.
fn parse_categories(value: &str) -> Option<Vec<Category>> {
    let mut wanted = Vec::new();
    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        wanted.push(Category::from_id(part)?);
    }
    Some(
        Category::ALL
            .into_iter()
            .filter(|c| *c == Category::Necessary || wanted.contains(c))
            .collect(),
    )
}

/// http(s) or a relative URL; never `javascript:`, `data:` and the like.
fn page_url(value: &str) -> Option<String> {
    if value.is_empty() || value.chars().any(char::is_control) {
        return None;
    }
    let scheme_end = value.find(':');
    let path_start = value.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, path_start) {
        (Some(c), Some(p)) => c < p,
        (Some(_), None) => true,
        (None, _) => false,
    };
    if !has_scheme || absolute_http_url(value).is_some() {
        Some(value.to_owned())
    } else {
        None
    }
}

fn absolute_http_url(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let ok = !host.is_empty() && !value.chars().any(|c| c.is_control() || c == ' ');
    ok.then(|| value.to_owned())
}

/// `{"name", "category", "purpose", "expires", "setBy"?}` -> a declared cookie.
fn site_cookie(entry: &Value, texts: &Texts) -> Option<SiteCookie> {
    let field = |k: &str| {
        json::get(entry, k)
            .and_then(json::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let category = Category::from_id(&field("category")?)?;
    let name = field("name").filter(|n| is_cookie_token(n))?;
    Some(SiteCookie {
        category,
        cookie: DeclaredCookie {
            name,
            set_by: field("setBy").unwrap_or_else(|| texts.set_by_site.to_string()),
            purpose: field("purpose")?,
            expires: field("expires")?,
        },
    })
}

/// A plain CSS value: no way to close the declaration or smuggle in markup.
fn is_css_value(value: &str) -> bool {
    !value.trim().is_empty()
        && value.len() <= 200
        && !value.contains([';', '{', '}', '<', '>', '\\'])
        && !value.chars().any(char::is_control)
}

fn is_cookie_token(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn is_domain(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 253
        && value.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

fn is_ga_id(value: &str) -> bool {
    value.strip_prefix("G-").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests;
