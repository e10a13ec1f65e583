//! What a site team has typed into the configurator, and what the banner's own config
//! parser makes of it. Owns the mapping from form values to `data-*` attributes and the
//! JSON config block; every value is judged by `Config::from_attributes` and
//! `Config::apply_json_block`, so the form shows exactly the messages the bundle would
//! log. It never checks a value itself, except the three quick-exit attributes, which
//! the bundle reads in JavaScript (`src/js/quick_exit/settings.js`) and which it mirrors here.

use super::contrast::{self, ContrastProblem};
use super::fields::{all_fields, Kind, DEFAULT_SRC, SRC};
use super::snippet;
use pcc_consent::config::validate::{is_absolute_http_url, page_url};
use pcc_consent::config::{Config, ConfigError, Lang, Origin, PageFacts, THEME_KEYS};
use std::collections::BTreeMap;

const CATEGORIES: &str = "data-categories";

/// The preview's own storage, so trying the banner never records the visitor's consent.
pub const PREVIEW_COOKIE: &str = "pcc_consent_preview";

/// The form's values by key: attribute names (`data-ga-id`), `src`, `texts.<lang>.<key>`
/// and `theme.<key>`. An empty value means "not set": the default applies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    values: BTreeMap<String, String>,
}

/// What the parser and the contrast check say about [`Settings`].
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Messages per setting key, as the bundle would log them.
    pub errors: BTreeMap<String, Vec<String>>,
    /// What the bundle would warn about (`Config::warnings`: settings that contradict
    /// each other), per setting key. Warnings do not hold back the snippet.
    pub warnings: BTreeMap<String, Vec<String>>,
    /// Colour pairs under WCAG AA (warnings too).
    pub contrast: Vec<ContrastProblem>,
    /// The ready-to-paste snippet; `None` while any setting is refused.
    pub snippet: Option<String>,
}

impl Settings {
    pub fn get(&self, key: &str) -> &str {
        self.values.get(key).map_or("", String::as_str)
    }

    pub fn set(&mut self, key: &str, value: &str) {
        if value.is_empty() {
            self.values.remove(key);
        } else {
            self.values.insert(key.to_owned(), value.to_owned());
        }
    }

    /// The script tag's `data-*` attributes, in form order; flags have an empty value.
    /// `data-categories` is always written: when the form leaves it empty, the
    /// categories the banner would offer for these settings (those of the services set,
    /// or all of them), so the snippet says what visitors will be asked about.
    pub fn attributes(&self) -> Vec<(String, String)> {
        let mut attrs = self.set_attributes();
        if self.get(CATEGORIES).is_empty() {
            let page = PageFacts::default();
            let (config, _) =
                Config::from_attributes(attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())), &page);
            let used: Vec<&str> = config
                .categories
                .iter()
                .map(|c| c.id())
                .filter(|id| *id != "necessary")
                .collect();
            let at = all_fields()
                .filter(|f| f.id != SRC)
                .take_while(|f| f.id != CATEGORIES)
                .filter(|f| self.values.contains_key(f.id))
                .count();
            attrs.insert(at, (CATEGORIES.to_owned(), used.join(",")));
        }
        attrs
    }

    /// The attributes the form sets, in form order.
    fn set_attributes(&self) -> Vec<(String, String)> {
        all_fields()
            .filter(|f| f.id != SRC)
            .filter_map(|f| {
                let value = self.values.get(f.id)?;
                let value = if f.kind == Kind::Flag {
                    ""
                } else {
                    value.as_str()
                };
                Some((f.id.to_owned(), value.to_owned()))
            })
            .collect()
    }

    /// The `src` of the script tag.
    pub fn src(&self) -> &str {
        Some(self.get(SRC))
            .filter(|s| !s.is_empty())
            .unwrap_or(DEFAULT_SRC)
    }

    /// The theme as (key, value), in the README's key order.
    pub fn theme(&self) -> Vec<(&'static str, &str)> {
        THEME_KEYS
            .iter()
            .map(|k| (*k, self.get(&format!("theme.{k}"))))
            .filter(|(_, v)| !v.is_empty())
            .collect()
    }

    /// Texts set for `lang`, as (key, text), in key order.
    pub fn texts(&self, lang: Lang) -> Vec<(&str, &str)> {
        let prefix = format!("texts.{}.", lang.id());
        self.values
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?, v.as_str())))
            .collect()
    }

    /// The config block's JSON, only when texts or a theme are set.
    pub fn json_block(&self) -> Option<String> {
        let mut block = serde_json::Map::new();
        let mut texts = serde_json::Map::new();
        for lang in [Lang::En, Lang::Cy] {
            let set: serde_json::Map<_, _> = self
                .texts(lang)
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.into()))
                .collect();
            if !set.is_empty() {
                texts.insert(lang.id().to_owned(), set.into());
            }
        }
        if !texts.is_empty() {
            block.insert("texts".into(), texts.into());
        }
        let theme: serde_json::Map<_, _> = self
            .theme()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.into()))
            .collect();
        if !theme.is_empty() {
            block.insert("theme".into(), theme.into());
        }
        if block.is_empty() {
            return None;
        }
        let json = serde_json::to_string_pretty(&serde_json::Value::Object(block)).ok()?;
        // Inside <script>, "</script>" or "<!--" in a text must not end the block.
        Some(json.replace('<', "\\u003c"))
    }

    /// The config the bundle would build from these settings on a page in `lang`, and
    /// every setting it refused.
    pub fn parse(&self, lang: Lang) -> (Config, Vec<ConfigError>) {
        let page = PageFacts {
            host: "your site".into(),
            html_lang: Some(lang.id().into()),
            ..PageFacts::default()
        };
        let attrs = self.attributes();
        let (mut config, mut errors) =
            Config::from_attributes(attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())), &page);
        if let Some(block) = self.json_block() {
            errors.extend(config.apply_json_block(&block));
        }
        (config, errors)
    }

    /// The config for the live preview in `lang`: what the site would get, but kept in
    /// sessionStorage under its own name, and with nothing that reaches out (analytics,
    /// the consent log, reloading the configurator).
    pub fn preview_config(&self, lang: Lang) -> Config {
        let mut preview = self.clone();
        preview.set("data-lang", lang.id());
        preview.set("data-cookie-name", PREVIEW_COOKIE);
        preview.set("data-storage", "session");
        let (mut config, _) = preview.parse(lang);
        config.ga = None;
        config.clarity = None;
        config.gtm = None;
        config.log_url = None;
        config.reload_on_withdraw = false;
        config
    }

    /// Everything the form shows: the parser's messages per setting (Welsh texts are
    /// checked on a Welsh page, English ones on an English page), contrast warnings
    /// and, when nothing is refused, the snippet with `sri` as its integrity value.
    pub fn report(&self, sri: &str) -> Report {
        let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut add = |e: ConfigError| {
            let list = errors.entry(e.origin.key().to_owned()).or_default();
            let message = e.to_string();
            if !list.contains(&message) {
                list.push(message);
            }
        };
        for lang in [Lang::En, Lang::Cy] {
            let mut checked = self.clone();
            checked.set("data-lang", lang.id());
            for e in checked.parse(lang).1 {
                // data-lang itself is checked with the site's own value below.
                if e.origin != Origin::Attribute("data-lang") {
                    add(e);
                }
            }
        }
        if let Some(e) = self.lang_error() {
            add(e);
        }
        for e in self.quick_exit_errors() {
            add(e);
        }
        let mut warnings: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for warning in self.parse(Lang::En).0.warnings() {
            let key = warning.origin.key().to_owned();
            warnings.entry(key).or_default().push(warning.message);
        }
        let contrast = contrast::problems(&self.theme());
        let snippet = errors.is_empty().then(|| {
            snippet::snippet(
                self.src(),
                sri,
                &self.attributes(),
                self.json_block().as_deref(),
            )
        });
        Report {
            errors,
            warnings,
            contrast,
            snippet,
        }
    }

    fn lang_error(&self) -> Option<ConfigError> {
        let lang = self.get("data-lang");
        (!lang.is_empty())
            .then(|| Config::from_attributes([("data-lang", lang)], &PageFacts::default()).1)
            .and_then(|errors| errors.into_iter().next())
    }

    /// The quick-exit script's checks (`src/js/quick_exit/settings.js`), with its wording
    /// (the exit URL by the one rule both follow, `validate::absolute_http_url`); and
    /// the script's `src`, which must be a URL a page can load.
    fn quick_exit_errors(&self) -> Vec<ConfigError> {
        let mut errors = Vec::new();
        let exit = self.get("data-exit-url").trim();
        if !exit.is_empty() && !is_absolute_http_url(exit) {
            errors.push(ConfigError {
                origin: Origin::Attribute("data-exit-url"),
                value: exit.into(),
                expected: "an absolute http or https URL",
            });
        }
        if page_url(self.src().trim()).is_none() {
            errors.push(ConfigError {
                origin: Origin::Attribute(SRC),
                value: self.src().into(),
                expected: "an http(s) or relative URL",
            });
        }
        errors
    }
}

#[cfg(test)]
#[path = "settings_tests.rs"]
mod tests;
