//! Reads the script tag's `data-*` attributes into a [`Config`]: one table,
//! [`ATTRIBUTES`], maps each attribute of the embed contract to its parser (checks from
//! [`super::validate`]); a bad value is reported with its attribute as the
//! [`Origin`](super::Origin) and its default kept. Never reads the DOM itself: the
//! embed passes the attributes in. To add an attribute, add a row.

use super::validate::{
    is_cookie_token, is_domain, is_ga_id, is_gtm_id, page_url, parse_categories, parse_opt_out,
};
use super::{Config, ConfigError, Lang, OfferedBy, Origin, PageFacts, Service, StorageMode};
use crate::consent::{Category, MAX_EXPIRY_DAYS};
use crate::i18n::Texts;

/// What the attributes are read into: the config, and the parts of each third-party
/// service, put together once every attribute is read (their order is free).
struct Reading {
    config: Config,
    ga: ServiceParts,
    clarity: ServiceParts,
    gtm: ServiceParts,
}

struct ServiceParts {
    id: Option<String>,
    category: Category,
    src: Option<String>,
}

impl ServiceParts {
    fn new() -> ServiceParts {
        ServiceParts {
            id: None,
            category: Category::Performance,
            src: None,
        }
    }

    fn into_service(self) -> Option<Service> {
        let (category, src) = (self.category, self.src);
        self.id.map(|id| Service { id, category, src })
    }
}

/// Reads one attribute's value (trimmed) into the config, or says what was expected.
type Parse = fn(&mut Reading, &str) -> Result<(), &'static str>;

/// Every attribute the banner reads, with its parser. The quick-exit attributes
/// (`data-quick-exit`, `data-exit-url`, `data-quick-exit-history`) are not here: the
/// quick exit reads them in JavaScript (`src/js/quick_exit/settings.js`), as it must
/// work before the WebAssembly has loaded.
const ATTRIBUTES: &[(&str, Parse)] = &[
    ("data-site-name", |r, v| {
        if !v.is_empty() {
            r.config.site_name = v.to_owned();
        }
        Ok(())
    }),
    ("data-policy-url", |r, v| {
        r.config.policy_url = Some(url(v)?);
        Ok(())
    }),
    ("data-categories", |r, v| {
        r.config.categories = parse_categories(v).ok_or(
            "a list of performance, functionality, targeting, statistics \
             (commas or spaces between)",
        )?;
        r.config.offered_by = OfferedBy::Attribute;
        Ok(())
    }),
    // PECR Schedule A1 para 6: functionality run until objection (statistics always is).
    ("data-opt-out", |r, v| {
        r.config.opt_out_requested = parse_opt_out(v)
            .ok_or("functionality, or nothing (statistics always runs until objection)")?;
        Ok(())
    }),
    ("data-revision", |r, v| {
        r.config.revision = number(v, 1..=u32::MAX).ok_or("a whole number from 1")?;
        Ok(())
    }),
    ("data-expiry-days", |r, v| {
        r.config.expiry_days =
            number(v, 1..=MAX_EXPIRY_DAYS).ok_or("a whole number of days from 1 to 395")?;
        Ok(())
    }),
    ("data-storage", |r, v| {
        r.config.storage = match v {
            "persistent" => StorageMode::Persistent,
            "session" => StorageMode::Session,
            _ => return Err("persistent or session"),
        };
        Ok(())
    }),
    ("data-cookie-name", |r, v| {
        if !is_cookie_token(v) {
            return Err("a cookie name of letters, digits, '_' or '-'");
        }
        r.config.cookie_name = v.to_owned();
        Ok(())
    }),
    ("data-cookie-domain", |r, v| {
        let domain = v.trim_start_matches('.');
        if !is_domain(domain) {
            return Err("a domain name such as example.police.uk");
        }
        r.config.cookie_domain = Some(domain.to_ascii_lowercase());
        Ok(())
    }),
    ("data-lang", |r, v| {
        r.config.lang = Lang::from_tag(v)
            .ok_or("a language tag for English or Welsh, such as en, cy or cy-GB")?;
        Ok(())
    }),
    ("data-ga-id", |r, v| {
        if !is_ga_id(v) {
            return Err("a GA4 measurement id such as G-XXXXXXXXXX");
        }
        r.ga.id = Some(v.to_owned());
        Ok(())
    }),
    ("data-ga-category", |r, v| {
        r.ga.category = service_category(v)?;
        Ok(())
    }),
    ("data-ga-src", |r, v| {
        r.ga.src = Some(url(v)?);
        Ok(())
    }),
    ("data-clarity-id", |r, v| {
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err("a Microsoft Clarity project id (letters and digits)");
        }
        r.clarity.id = Some(v.to_owned());
        Ok(())
    }),
    ("data-clarity-category", |r, v| {
        r.clarity.category = service_category(v)?;
        Ok(())
    }),
    ("data-clarity-src", |r, v| {
        r.clarity.src = Some(url(v)?);
        Ok(())
    }),
    // Google Tag Manager: checked as GA's are.
    ("data-gtm-id", |r, v| {
        if !is_gtm_id(v) {
            return Err("a Google Tag Manager container id such as GTM-XXXXXXX");
        }
        r.gtm.id = Some(v.to_owned());
        Ok(())
    }),
    ("data-gtm-category", |r, v| {
        r.gtm.category = service_category(v)?;
        Ok(())
    }),
    ("data-gtm-src", |r, v| {
        r.gtm.src = Some(url(v)?);
        Ok(())
    }),
    ("data-log-url", |r, v| {
        r.config.log_url = Some(url(v)?);
        Ok(())
    }),
    ("data-gpc", |r, v| {
        r.config.honour_gpc = match v {
            "honour" | "honor" => true,
            "ignore" => false,
            _ => return Err("honour or ignore"),
        };
        Ok(())
    }),
    ("data-reload-on-withdraw", |r, v| {
        r.config.reload_on_withdraw = flag(v)?;
        Ok(())
    }),
    ("data-settings-button", |r, v| {
        r.config.settings_button = flag(v)?;
        Ok(())
    }),
];

/// An http(s) or relative URL ([`page_url`]).
fn url(value: &str) -> Result<String, &'static str> {
    page_url(value).ok_or("an http(s) or relative URL")
}

/// A whole number in `range`.
fn number(value: &str, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
    value.parse::<u32>().ok().filter(|n| range.contains(n))
}

/// A boolean attribute: present (empty) or `true`, or `false`.
fn flag(value: &str) -> Result<bool, &'static str> {
    match value {
        "" | "true" => Ok(true),
        "false" => Ok(false),
        _ => Err("true or false"),
    }
}

/// The category governing a third-party service: any but `necessary`.
fn service_category(value: &str) -> Result<Category, &'static str> {
    Category::from_id(value)
        .filter(|c| *c != Category::Necessary)
        .ok_or("performance, functionality, targeting or statistics")
}

impl Config {
    /// Builds the config from `data-*` attributes (names with or without the `data-`
    /// prefix), each read by its row of the attribute table (`config/attributes.rs`).
    /// Unknown attributes are ignored:
    /// they may belong to the host page.
    pub fn from_attributes<'a>(
        attrs: impl IntoIterator<Item = (&'a str, &'a str)>,
        page: &PageFacts,
    ) -> (Config, Vec<ConfigError>) {
        let mut reading = Reading {
            config: Config::defaults(page),
            ga: ServiceParts::new(),
            clarity: ServiceParts::new(),
            gtm: ServiceParts::new(),
        };
        let mut errors = Vec::new();
        for (name, raw) in attrs {
            let key = name.strip_prefix("data-").unwrap_or(name);
            let Some((attribute, parse)) = ATTRIBUTES
                .iter()
                .find(|(attribute, _)| attribute.strip_prefix("data-") == Some(key))
            else {
                continue;
            };
            if let Err(expected) = parse(&mut reading, raw.trim()) {
                errors.push(ConfigError {
                    origin: Origin::Attribute(attribute),
                    value: raw.to_owned(),
                    expected,
                });
            }
        }
        let Reading {
            mut config,
            ga,
            clarity,
            gtm,
        } = reading;
        config.ga = ga.into_service();
        config.clarity = clarity.into_service();
        config.gtm = gtm.into_service();
        if config.offered_by != OfferedBy::Attribute {
            if let Some(used) = config.used_categories(&page.gated_categories) {
                (config.categories, config.offered_by) = (used, OfferedBy::InUse);
            }
        }
        config.texts = Texts::for_lang(config.lang);
        errors.extend(config.settle_opt_out());
        (config, errors)
    }
}
