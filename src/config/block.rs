//! Reads the optional config block,
//! `<script type="application/json" id="pcc-consent-config">{…}</script>`:
//! `{"texts": {"en": {…}, "cy": {…}}, "theme": {"button-bg": "#005ea5"}, "cookies": […],
//! "services": […]}`.
//!
//! Parsed with serde into the types below, which accept any JSON value where a part
//! belongs, then validated key by key: a wrong key, value or shape (a list where an
//! object belongs) is reported, naming its path, and skipped, and the rest applies.
//! Only a block that is not JSON at all is refused whole, with serde's message. Texts
//! apply for the page's language only.
//!
//! Bounded, so no block can hold the main thread (and the quick exit's Escape): a
//! block over [`MAX_BLOCK_BYTES`] is refused whole, unread; each text is capped (see
//! `i18n`); the embed reports at most [`MAX_ERRORS_REPORTED`] errors.

use super::validate::{is_cookie_token, ThemeValue};
use super::BUILT_IN_SERVICE_IDS;
use super::{Config, ConfigError, NamedService, Origin, SiteCookie, THEME_KEYS};
use crate::consent::{is_service_id, Category, MAX_SERVICES};
use crate::i18n::Lang;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// The largest config block read (a full Welsh and English text set with a long
/// cookie list is about 30 KB).
pub const MAX_BLOCK_BYTES: usize = 64 * 1024;
/// How many refused settings are logged one by one; the rest are counted.
pub const MAX_ERRORS_REPORTED: usize = 20;

/// The block's top level. Unknown keys are kept by name, to be reported.
#[derive(Default)]
struct Block {
    texts: Option<Part>,
    theme: Option<Part>,
    cookies: Option<Part>,
    services: Option<Part>,
    unknown: Vec<String>,
}

/// Any JSON value, read as the block's parts need it: strings, objects (keys in
/// document order: the theme's custom properties are set in the site's order) and
/// lists; numbers, booleans and null are all `Other`. Whatever stands where a part
/// belongs is read, so a wrong value or shape is reported alone (its path named) and
/// the rest of the block still applies.
enum Part {
    Text(String),
    Object(Vec<(String, Part)>),
    List(Vec<Part>),
    Other,
}

impl Config {
    /// Applies the config block `raw` (see the module docs) and returns what it refused.
    pub fn apply_json_block(&mut self, raw: &str) -> Vec<ConfigError> {
        let mut errors = Vec::new();
        let mut bad = |path: &str, value: &str, expected: &'static str| {
            errors.push(ConfigError {
                origin: Origin::Block(path.to_owned()),
                value: value.to_owned(),
                expected,
            })
        };
        if raw.len() > MAX_BLOCK_BYTES {
            bad(
                "",
                &format!("{} bytes", raw.len()),
                "a block of at most 65,536 bytes; the whole block is ignored",
            );
            return errors;
        }
        let block: Block = match serde_json::from_str(raw) {
            Ok(block) => block,
            Err(why) => {
                let quoted: String = raw.trim().chars().take(80).collect();
                bad(
                    &why.to_string(),
                    &quoted,
                    "a JSON object (see the book's Texts, Welsh and theme page)",
                );
                return errors;
            }
        };
        for key in &block.unknown {
            bad(
                key,
                "",
                "only \"texts\", \"theme\", \"cookies\" and \"services\"",
            );
        }
        let lang = self.lang.id();
        match block.texts {
            None => {}
            Some(Part::Object(languages)) => {
                for (code, texts) in languages.into_iter().filter(|(code, _)| code == lang) {
                    let Part::Object(texts) = texts else {
                        bad(&format!("texts.{code}"), "", "an object of texts");
                        continue;
                    };
                    for (key, leaf) in texts {
                        let path = format!("texts.{lang}.{key}");
                        match leaf {
                            Part::Text(text) => {
                                if let Err(expected) = self.texts.apply_override(&key, &text) {
                                    bad(&path, &text, expected);
                                }
                            }
                            _ => bad(&path, "", "a string"),
                        }
                    }
                }
                for (key, text) in self.texts.refuse_swapped_labels(self.lang) {
                    bad(
                        &format!("texts.{lang}.{key}"),
                        &text,
                        "a label that does not read as the other button's (accept and reject labels must differ)",
                    );
                }
            }
            Some(_) => bad("texts", "", "an object with \"en\" and \"cy\" texts"),
        }
        match block.theme {
            None => {}
            Some(Part::Object(theme)) => {
                for (key, leaf) in theme {
                    let path = format!("theme.{key}");
                    let kind = ThemeValue::for_key(&key);
                    match leaf {
                        Part::Text(_) if !THEME_KEYS.contains(&key.as_str()) => {
                            bad(&path, "", "a theme key (see the book's Theme reference)")
                        }
                        Part::Text(v) if kind.accepts(&v) => self
                            .theme
                            .push((format!("--pcc-consent-{key}"), v.trim().to_owned())),
                        Part::Text(v) => bad(&path, &v, kind.expected()),
                        _ => bad(&path, "", "a string"),
                    }
                }
            }
            Some(_) => bad("theme", "", "an object"),
        }
        match block.cookies {
            None => {}
            Some(Part::List(entries)) => {
                for (i, entry) in entries.into_iter().enumerate() {
                    match site_cookie(entry) {
                        Some(cookie) => self.site_cookies.push(cookie),
                        None => bad(
                            &format!("cookies[{i}]"),
                            "",
                            "{\"name\", \"category\", \"purpose\", \"expires\"} with an optional \"setBy\"",
                        ),
                    }
                }
            }
            Some(_) => bad("cookies", "", "a list"),
        }
        match block.services {
            None => {}
            Some(Part::List(entries)) => {
                // With the built-in ones, every service fits one record's refusals.
                let room = MAX_SERVICES - BUILT_IN_SERVICE_IDS.len();
                for (i, entry) in entries.into_iter().enumerate() {
                    let path = format!("services[{i}]");
                    match declared_service(entry, self.lang) {
                        Err(expected) => bad(&path, "", expected),
                        Ok(s) if BUILT_IN_SERVICE_IDS.contains(&s.id.as_str()) => bad(
                            &path,
                            &s.id,
                            "an id of the site's own (ga4, clarity and gtm are built in)",
                        ),
                        Ok(s) if self.declared_services.iter().any(|d| d.id == s.id) => {
                            bad(&path, &s.id, "an id not declared before")
                        }
                        Ok(s) if self.declared_services.len() >= room => {
                            bad(&path, &s.id, "at most 13 declared services")
                        }
                        Ok(s) => self.declared_services.push(s),
                    }
                }
            }
            Some(_) => bad("services", "", "a list"),
        }
        self.offer_declared_cookies();
        // A service in a category the site does not offer could never be chosen: it is
        // dropped, and content naming it stays blocked.
        let offered = self.categories.clone();
        self.declared_services.retain(|s| {
            let keep = offered.contains(&s.category);
            if !keep {
                errors.push(ConfigError {
                    origin: Origin::Block("services".to_owned()),
                    value: s.id.clone(),
                    expected: "a service in an offered category (add its category to \
                               data-categories); content naming it stays blocked",
                });
            }
            keep
        });
        errors
    }
}

/// One `"cookies"` entry: exactly the known keys, each a non-empty string (`setBy`
/// optional), a known category and a cookie-name token. `None` if anything is off.
fn site_cookie(entry: Part) -> Option<SiteCookie> {
    let Part::Object(fields) = entry else {
        return None;
    };
    let (mut name, mut category, mut purpose, mut expires, mut set_by) =
        (None, None, None, None, None);
    for (key, leaf) in fields {
        let Part::Text(text) = leaf else {
            return None;
        };
        let text = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        let slot = match key.as_str() {
            "name" => &mut name,
            "category" => &mut category,
            "purpose" => &mut purpose,
            "expires" => &mut expires,
            "setBy" => &mut set_by,
            _ => return None,
        };
        *slot = Some(text?);
    }
    Some(SiteCookie {
        category: Category::from_id(&category?)?,
        name: name.filter(|n| is_cookie_token(n))?,
        set_by,
        purpose: purpose?,
        expires: expires?,
    })
}

/// One `"services"` entry: `{"id", "category", "name", "purpose"}` with optional
/// `"cookies"` (a list of cookie names). `name` and `purpose` are a string or
/// `{"en": …, "cy": …}` (the page's language, else English). `Err`: what was expected.
fn declared_service(entry: Part, lang: Lang) -> Result<NamedService, &'static str> {
    const SHAPE: &str = "{\"id\", \"category\", \"name\", \"purpose\"} with optional \
                         \"cookies\"; id: lowercase letters, digits and -, at most 24; \
                         category: performance, functionality, targeting or statistics";
    let Part::Object(fields) = entry else {
        return Err(SHAPE);
    };
    let (mut id, mut category, mut name, mut purpose, mut cookies) = (None, None, None, None, None);
    for (key, leaf) in fields {
        match key.as_str() {
            "id" => id = Some(text_of(leaf).ok_or(SHAPE)?),
            "category" => category = Some(text_of(leaf).ok_or(SHAPE)?),
            "name" => name = Some(in_lang(leaf, lang).ok_or(SHAPE)?),
            "purpose" => purpose = Some(in_lang(leaf, lang).ok_or(SHAPE)?),
            "cookies" => {
                let Part::List(items) = leaf else {
                    return Err(SHAPE);
                };
                let names: Option<Vec<String>> = items
                    .into_iter()
                    .map(|item| text_of(item).filter(|n| is_cookie_token(n)))
                    .collect();
                cookies = Some(names.ok_or(SHAPE)?);
            }
            _ => return Err(SHAPE),
        }
    }
    let id = id.filter(|id| is_service_id(id)).ok_or(SHAPE)?;
    let category = category
        .as_deref()
        .and_then(Category::from_id)
        .filter(|c| *c != Category::Necessary)
        .ok_or(SHAPE)?;
    Ok(NamedService {
        id,
        category,
        name: name.ok_or(SHAPE)?,
        purpose: purpose.ok_or(SHAPE)?,
        cookies: cookies.unwrap_or_default(),
    })
}

/// A non-empty string, trimmed.
fn text_of(part: Part) -> Option<String> {
    match part {
        Part::Text(t) => Some(t.trim().to_owned()).filter(|t| !t.is_empty()),
        _ => None,
    }
}

/// A string, or `{"en": …, "cy": …}` read in `lang` (else English).
fn in_lang(part: Part, lang: Lang) -> Option<String> {
    match part {
        Part::Object(texts) => {
            let mut texts: Vec<(String, Option<String>)> =
                texts.into_iter().map(|(k, v)| (k, text_of(v))).collect();
            if texts.iter().any(|(k, _)| k != "en" && k != "cy") {
                return None;
            }
            let pick = |code: &str, texts: &mut Vec<(String, Option<String>)>| {
                texts
                    .iter_mut()
                    .find(|(k, _)| k == code)
                    .and_then(|(_, v)| v.take())
            };
            pick(lang.id(), &mut texts).or_else(|| pick("en", &mut texts))
        }
        other => text_of(other),
    }
}

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Block, D::Error> {
        struct BlockVisitor;
        impl<'de> Visitor<'de> for BlockVisitor {
            type Value = Block;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Block, A::Error> {
                let mut block = Block::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "texts" => block.texts = Some(map.next_value()?),
                        "theme" => block.theme = Some(map.next_value()?),
                        "cookies" => block.cookies = Some(map.next_value()?),
                        "services" => block.services = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            block.unknown.push(key);
                        }
                    }
                }
                Ok(block)
            }
        }
        deserializer.deserialize_map(BlockVisitor)
    }
}

impl<'de> Deserialize<'de> for Part {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Part, D::Error> {
        struct PartVisitor;
        impl<'de> Visitor<'de> for PartVisitor {
            type Value = Part;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Part, E> {
                Ok(Part::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Part, E> {
                Ok(Part::Text(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Part, A::Error> {
                let mut pairs = Vec::new();
                while let Some(entry) = map.next_entry::<String, Part>()? {
                    pairs.push(entry);
                }
                Ok(Part::Object(pairs))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Part, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Part>()? {
                    items.push(item);
                }
                Ok(Part::List(items))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Part, E> {
                Ok(Part::Other)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Part, E> {
                Ok(Part::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Part, E> {
                Ok(Part::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Part, E> {
                Ok(Part::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Part, E> {
                Ok(Part::Other)
            }
        }
        deserializer.deserialize_any(PartVisitor)
    }
}
