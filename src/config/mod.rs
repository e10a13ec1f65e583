//! Everything a site sets, parsed and validated once, at the edge, into typed values.
//!
//! Two inputs, one file each: the script tag's `data-*` attributes
//! ([`Config::from_attributes`], one table row per attribute in `attributes.rs`) and the
//! optional JSON config block ([`Config::apply_json_block`], `block.rs`); [`validate`] holds the value checks both
//! use (see `../shared/docs/embed-contract.md` for the names). A bad value never stops
//! the banner: it is reported as a [`ConfigError`] whose [`Origin`] names the attribute
//! or the block's path (the embed logs it with `console.error`) and the default is used
//! instead. Pure: no DOM; the embed
//! passes the attributes and the page facts in. Nothing downstream checks config again.

mod attributes;
mod block;
mod offered;
pub use block::{MAX_BLOCK_BYTES, MAX_ERRORS_REPORTED};
pub mod validate;

use crate::consent::{Basis, Category};
pub use crate::i18n::Lang;
use crate::i18n::Texts;
use std::fmt;

pub const DEFAULT_COOKIE_NAME: &str = "pcc_consent";
pub const DEFAULT_EXPIRY_DAYS: u32 = 365;

/// Where the choice is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageMode {
    /// First-party cookie and localStorage.
    Persistent,
    /// sessionStorage only ("discreet mode"): no lasting trace of the visit.
    Session,
}

/// Where the offered categories came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferedBy {
    /// `data-categories`.
    Attribute,
    /// The categories the page uses: its services, gated content, declared cookies.
    InUse,
    /// Nothing said or in use: every category.
    Default,
}

/// A third-party service the gate loads once its category is granted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub id: String,
    pub category: Category,
    pub src: Option<String>,
}

/// A named service the visitor may switch on or off inside its category: one of the
/// built-in ones (`ga4`, `clarity`, `gtm`) or one the config block declares
/// (`"services"`), which the site's gated content names with `data-pcc-service`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedService {
    /// The public id (`ga4`, or the site's own: lowercase letters, digits, `-`).
    pub id: String,
    pub category: Category,
    /// Its name and purpose in the page's language.
    pub name: String,
    pub purpose: String,
    /// The cookies it sets, by name (for the declaration).
    pub cookies: Vec<String>,
}

/// The built-in services: (service id, the attribute that configures it, its name,
/// why it cannot run without consent).
const BUILT_IN: [(&str, &str, &str, &str); 3] = [
    (
        "ga4",
        "data-ga-category",
        "Google Analytics 4",
        "a consent category: Google acts as a controller for some GA4 data, so GA4 \
         cannot run without consent under the statistics or appearance exception \
         (PECR Schedule A1 paras 5-6); Google Analytics stays opt-in under performance",
    ),
    (
        "clarity",
        "data-clarity-category",
        "Microsoft Clarity",
        "a consent category: Microsoft Clarity records individual sessions, so it \
         cannot run without consent under the statistics or appearance exception \
         (PECR Schedule A1 paras 5-6); Clarity stays opt-in under performance",
    ),
    (
        "gtm",
        "data-gtm-category",
        "Google Tag Manager",
        "a consent category: a Tag Manager container runs tags (GA4 among them) that \
         share data with their vendors as controllers, so it cannot run without \
         consent under the statistics or appearance exception (PECR Schedule A1 \
         paras 5-6); Tag Manager stays opt-in under performance",
    ),
];

/// The ids of the built-in services; a declared service may not take one.
pub const BUILT_IN_SERVICE_IDS: [&str; 3] = ["ga4", "clarity", "gtm"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub site_name: String,
    pub policy_url: Option<String>,
    /// Offered categories, `necessary` first and always present: `data-categories`, or
    /// else those the page uses (see `offered.rs`).
    pub categories: Vec<Category>,
    /// Where [`Config::categories`] came from.
    pub offered_by: OfferedBy,
    /// The offered categories that run until the visitor objects (PECR reg. 6,
    /// Schedule A1): `statistics` whenever it is offered (para 5), `functionality`
    /// with `data-opt-out="functionality"` (para 6). Every other category is opt-in.
    pub opt_out: Vec<Category>,
    /// What `data-opt-out` asked for, before [`Config::settle_opt_out`].
    pub opt_out_requested: Vec<Category>,
    pub revision: u32,
    pub expiry_days: u32,
    pub storage: StorageMode,
    pub cookie_name: String,
    pub cookie_domain: Option<String>,
    pub lang: Lang,
    pub ga: Option<Service>,
    pub clarity: Option<Service>,
    /// A Google Tag Manager container (`data-gtm-id`), gated like GA4.
    pub gtm: Option<Service>,
    pub log_url: Option<String>,
    pub reload_on_withdraw: bool,
    /// A small floating "Cookie settings" button once a choice is made, for sites with
    /// no footer link (`data-settings-button`).
    pub settings_button: bool,
    /// Whether a browser's Global Privacy Control signal counts as the visitor's "no"
    /// (`data-gpc`: `honour`, the default, or `ignore`).
    pub honour_gpc: bool,
    /// Every visible string, in the page's language, with the site's overrides.
    pub texts: Texts,
    /// CSS custom properties set on the banner's host: (`--pcc-consent-…`, value).
    pub theme: Vec<(String, String)>,
    /// The banner script's CSP nonce, given to the scripts the gate inserts.
    pub script_nonce: Option<String>,
    /// The site's own cookies, for the declaration table (config block `"cookies"`).
    pub site_cookies: Vec<SiteCookie>,
    /// The site's own services (config block `"services"`), each in an offered category.
    pub declared_services: Vec<NamedService>,
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

/// A cookie the site declares itself (`"cookies": [...]` in the config block), for the
/// cookie declaration. `set_by` `None` means the site itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteCookie {
    pub category: Category,
    pub name: String,
    pub set_by: Option<String>,
    pub purpose: String,
    pub expires: String,
}

/// Facts about the host page that supply defaults.
#[derive(Clone, Debug, Default)]
pub struct PageFacts {
    pub host: String,
    /// The page's `<html lang>`, if any.
    pub html_lang: Option<String>,
    /// The `data-pcc-consent` values of the gated scripts and iframes in the page at
    /// start: without `data-categories`, their categories are offered (see `offered`).
    pub gated_categories: Vec<String>,
}

/// Where a setting was read: which attribute, or where in the config block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// An attribute of the script tag, as the embed contract names it (`data-ga-id`;
    /// the configurator also reports `src`).
    Attribute(&'static str),
    /// A path in the JSON config block (`texts.en.banner_title`, `theme.bg`,
    /// `cookies[2]`); empty for the block as a whole.
    Block(String),
}

impl Origin {
    /// The setting's key as the configurator's form names it: the attribute, or the
    /// block's path (`texts.cy.accept_additional`).
    pub fn key(&self) -> &str {
        match self {
            Origin::Attribute(name) => name,
            Origin::Block(path) => path,
        }
    }
}

impl fmt::Display for Origin {
    /// `data-ga-id`, or `#pcc-consent-config theme.bg` (the block's element id first).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Attribute(name) => f.write_str(name),
            Origin::Block(path) if path.is_empty() => f.write_str("#pcc-consent-config"),
            Origin::Block(path) => write!(f, "#pcc-consent-config {path}"),
        }
    }
}

/// One rejected setting; the default was used instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Which setting.
    pub origin: Origin,
    /// The value as given.
    pub value: String,
    /// What it should have been (completes "expected …").
    pub expected: &'static str,
}

/// Settings that are valid one by one but contradict each other (see
/// [`Config::warnings`]); the embed logs them with `console.warn`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigWarning {
    /// The setting the warning is about.
    pub origin: Origin,
    /// The whole message, naming the setting first.
    pub message: String,
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A long value is quoted in part: the console line stays readable and cheap.
        let mut value: String = self.value.chars().take(100).collect();
        if value.len() < self.value.len() {
            value.push('…');
        }
        write!(
            f,
            "ignoring {}=\"{}\": expected {}; using the default",
            self.origin, value, self.expected
        )
    }
}

impl Config {
    /// The defaults for a page, before any attribute is read.
    pub fn defaults(page: &PageFacts) -> Config {
        Config {
            site_name: page.host.clone(),
            policy_url: None,
            offered_by: OfferedBy::Default,
            categories: Category::DEFAULT_OFFERED.to_vec(),
            opt_out: Vec::new(),
            opt_out_requested: Vec::new(),
            revision: 1,
            expiry_days: DEFAULT_EXPIRY_DAYS,
            storage: StorageMode::Persistent,
            cookie_name: DEFAULT_COOKIE_NAME.to_owned(),
            cookie_domain: None,
            lang: page_lang(page),
            ga: None,
            clarity: None,
            gtm: None,
            log_url: None,
            reload_on_withdraw: false,
            settings_button: false,
            honour_gpc: true,
            texts: Texts::for_lang(page_lang(page)),
            theme: Vec::new(),
            script_nonce: None,
            site_cookies: Vec::new(),
            declared_services: Vec::new(),
        }
    }

    /// The configured built-in service `id` (`ga4`, `clarity`, `gtm`).
    pub fn built_in(&self, id: &str) -> Option<&Service> {
        match id {
            "ga4" => self.ga.as_ref(),
            "clarity" => self.clarity.as_ref(),
            "gtm" => self.gtm.as_ref(),
            _ => None,
        }
    }

    fn built_in_mut(&mut self, id: &str) -> Option<&mut Service> {
        match id {
            "ga4" => self.ga.as_mut(),
            "clarity" => self.clarity.as_mut(),
            "gtm" => self.gtm.as_mut(),
            _ => None,
        }
    }

    /// The configured built-in services, as (service id, service), in a fixed order.
    pub fn built_ins(&self) -> impl Iterator<Item = (&'static str, &Service)> {
        BUILT_IN_SERVICE_IDS
            .into_iter()
            .filter_map(|id| self.built_in(id).map(|s| (id, s)))
    }

    /// Every service the page runs, built-in then declared, each in an offered category:
    /// the one list the dialog, the cookies page, the gate, the API, the events and the
    /// declaration use.
    pub fn services(&self) -> Vec<NamedService> {
        let built_in = self.built_ins().map(|(id, service)| NamedService {
            id: id.to_owned(),
            category: service.category,
            name: BUILT_IN
                .iter()
                .find(|b| b.0 == id)
                .map_or(id, |b| b.2)
                .to_owned(),
            purpose: self.texts.service_purpose(id).to_owned(),
            cookies: built_in_cookies(id)
                .iter()
                .map(|c| (*c).to_owned())
                .collect(),
        });
        built_in
            .chain(self.declared_services.iter().cloned())
            .filter(|s| self.offers(s.category))
            .collect()
    }

    /// The services governed by `category`.
    pub fn services_in(&self, category: Category) -> Vec<NamedService> {
        self.services()
            .into_iter()
            .filter(|s| s.category == category)
            .collect()
    }

    pub fn offers(&self, category: Category) -> bool {
        self.categories.contains(&category)
    }

    /// The legal basis of `category` on this site (the cookie declaration shows it).
    pub fn basis(&self, category: Category) -> Basis {
        Basis::of(category, &self.opt_out)
    }

    /// Works out [`Config::opt_out`] from the offered categories and `data-opt-out`,
    /// and refuses to run GA4 or Clarity without consent: Google acts as a controller
    /// of GA4 data and Clarity records individual sessions, so neither can rely on the
    /// statistics exception (para 5) or the appearance one (para 6). Such a service is
    /// governed by `performance` instead (consent only), and each refusal is returned.
    pub fn settle_opt_out(&mut self) -> Vec<ConfigError> {
        self.opt_out = self
            .categories
            .iter()
            .copied()
            .filter(|c| {
                *c == Category::Statistics
                    || (c.may_be_opt_out() && self.opt_out_requested.contains(c))
            })
            .collect();
        let mut errors = Vec::new();
        for (id, attribute, _, expected) in BUILT_IN {
            let opt_out = self.opt_out.clone();
            let Some(service) = self.built_in_mut(id) else {
                continue;
            };
            if service.category == Category::Statistics || opt_out.contains(&service.category) {
                errors.push(ConfigError {
                    origin: Origin::Attribute(attribute),
                    value: service.category.id().to_owned(),
                    expected,
                });
                service.category = Category::Performance;
            }
        }
        errors
    }

    /// Settings that are valid one by one but contradict each other, e.g. a service
    /// governed by a category the site does not offer (it could never load). The embed
    /// logs them with `console.warn`.
    pub fn warnings(&self) -> Vec<ConfigWarning> {
        let mut warnings: Vec<ConfigWarning> = BUILT_IN
            .into_iter()
            .zip(["data-ga-id", "data-clarity-id", "data-gtm-id"])
            .filter_map(|((id, _, name, _), attribute)| {
                let service = self.built_in(id)?;
                (!self.offers(service.category)).then(|| ConfigWarning {
                    origin: Origin::Attribute(attribute),
                    message: format!(
                        "{attribute} is set but its category \"{}\" is not in \
                         data-categories, so {name} will never load",
                        service.category
                    ),
                })
            })
            .collect();
        if let (Some(ga), Some(gtm)) = (&self.ga, &self.gtm) {
            warnings.push(ConfigWarning {
                origin: Origin::Attribute("data-ga-id"),
                message: format!(
                    "data-ga-id ({}) and data-gtm-id ({}) are both set: if the container also \
                     has a Google tag for GA4, every page view is counted twice; keep one \
                     (remove data-ga-id, or the container's GA4 tag)",
                    ga.id, gtm.id
                ),
            });
        }
        warnings
    }
}

/// The first-party cookies a built-in service sets (the declaration's rows for it).
pub fn built_in_cookies(id: &str) -> &'static [&'static str] {
    match id {
        "ga4" | "gtm" => &["_ga", "_ga_<container-id>"],
        "clarity" => &["_clck", "_clsk"],
        _ => &[],
    }
}

/// The page's `<html lang>` when it is English or Welsh, else English.
fn page_lang(page: &PageFacts) -> Lang {
    page.html_lang
        .as_deref()
        .and_then(Lang::from_tag)
        .unwrap_or(Lang::En)
}

#[cfg(test)]
mod tests;
