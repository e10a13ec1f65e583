//! Reads the script tag's `data-*` attributes into a [`Config`]: each attribute of the
//! embed contract, validated with [`super::validate`]; a bad value is reported and its
//! default kept. Never reads the DOM itself: the embed passes the attributes in.

use super::validate::{
    is_cookie_token, is_domain, is_ga_id, is_gtm_id, page_url, parse_categories, parse_opt_out,
};
use super::{Config, ConfigError, Lang, OfferedBy, PageFacts, Service, StorageMode};
use crate::consent::{Category, MAX_EXPIRY_DAYS};
use crate::i18n::Texts;

impl Config {
    /// Builds the config from `data-*` attributes (names with or without the `data-`
    /// prefix). Unknown attributes are ignored: they may belong to the host page.
    /// `data-quick-exit` and `data-exit-url` are read by `src/js/quick_exit/settings.js`, which
    /// must work before the WebAssembly has loaded.
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
        let (mut gtm_id, mut gtm_category, mut gtm_src) = (None, Category::Performance, None);
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
                    Some(cats) => (c.categories, c.offered_by) = (cats, OfferedBy::Attribute),
                    None => bad(
                        "a list of performance, functionality, targeting, statistics \
                         (commas or spaces between)",
                    ),
                },
                "opt-out" => match parse_opt_out(value) {
                    Some(cats) => c.opt_out_requested = cats,
                    None => {
                        bad("functionality, or nothing (statistics always runs until objection)")
                    }
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
                    None => bad("a language tag for English or Welsh, such as en, cy or cy-GB"),
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
                    _ => bad("performance, functionality, targeting or statistics"),
                },
                "ga-src" | "clarity-src" => match page_url(value) {
                    Some(u) if key == "ga-src" => ga_src = Some(u),
                    Some(u) => clarity_src = Some(u),
                    None => bad("an http(s) or relative URL"),
                },
                // Google Tag Manager: checked as GA's are.
                "gtm-id" if is_gtm_id(value) => gtm_id = Some(value.to_owned()),
                "gtm-id" => bad("a Google Tag Manager container id such as GTM-XXXXXXX"),
                "gtm-category" => match Category::from_id(value) {
                    Some(cat) if cat != Category::Necessary => gtm_category = cat,
                    _ => bad("performance, functionality or targeting"),
                },
                "gtm-src" => match page_url(value) {
                    Some(u) => gtm_src = Some(u),
                    None => bad("an http(s) or relative URL"),
                },
                "log-url" => match page_url(value) {
                    Some(u) => c.log_url = Some(u),
                    None => bad("an http(s) or relative URL"),
                },
                "gpc" => match value {
                    "honour" | "honor" => c.honour_gpc = true,
                    "ignore" => c.honour_gpc = false,
                    _ => bad("honour or ignore"),
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
        c.gtm = service(gtm_id, gtm_category, gtm_src);
        if c.offered_by != OfferedBy::Attribute {
            if let Some(used) = c.used_categories(&page.gated_categories) {
                (c.categories, c.offered_by) = (used, OfferedBy::InUse);
            }
        }
        c.texts = Texts::for_lang(c.lang);
        errors.extend(c.settle_opt_out());
        (c, errors)
    }
}
