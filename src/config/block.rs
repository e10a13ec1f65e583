//! Reads the optional config block,
//! `<script type="application/json" id="pcc-consent-config">{…}</script>`:
//! `{"texts": {"en": {…}, "cy": {…}}, "theme": {"button-bg": "#005ea5"}, "cookies": […]}`.
//!
//! Parsed with serde into the types below, then validated key by key: a wrong key or
//! value is reported (naming its path) and skipped, and the rest applies. A block that
//! is not JSON, or whose shape is wrong (a list where an object belongs), is refused
//! whole with serde's message. Texts apply for the page's language only.

use super::validate::{is_cookie_token, is_css_value};
use super::{Config, ConfigError, SiteCookie, THEME_KEYS};
use crate::consent::Category;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// The block's top level. Unknown keys are kept by name, to be reported.
#[derive(Default)]
struct Block {
    texts: Vec<(String, Vec<(String, Leaf)>)>,
    theme: Vec<(String, Leaf)>,
    cookies: Vec<CookieEntry>,
    unknown: Vec<String>,
}

/// A value that should be a string: anything else is kept as "not a string" so one
/// wrong value is reported alone instead of refusing the whole block.
enum Leaf {
    Text(String),
    NotText,
}

/// One `"cookies"` entry; every field is checked after parsing.
#[derive(Deserialize, Default)]
#[serde(default)]
struct CookieEntry {
    name: String,
    category: String,
    purpose: String,
    expires: String,
    #[serde(rename = "setBy")]
    set_by: Option<String>,
}

impl Config {
    /// Applies the config block `raw` (see the module docs) and returns what it refused.
    pub fn apply_json_block(&mut self, raw: &str) -> Vec<ConfigError> {
        let mut errors = Vec::new();
        let mut bad = |path: &str, value: &str, expected: &'static str| {
            errors.push(ConfigError {
                attribute: format!("#pcc-consent-config {path}"),
                value: value.to_owned(),
                expected,
            })
        };
        let block: Block = match serde_json::from_str(raw) {
            Ok(block) => block,
            Err(why) => {
                let quoted: String = raw.trim().chars().take(80).collect();
                bad(&why.to_string(), &quoted, "a JSON object as in the README");
                return errors;
            }
        };
        for key in &block.unknown {
            bad(key, "", "only \"texts\", \"theme\" and \"cookies\"");
        }
        let lang = self.lang.id();
        let texts = block.texts.iter().filter(|(l, _)| l == lang);
        for (key, leaf) in texts.flat_map(|(_, pairs)| pairs) {
            let path = format!("texts.{lang}.{key}");
            match leaf {
                Leaf::Text(text) => {
                    if let Err(expected) = self.texts.apply_override(key, text) {
                        bad(&path, text, expected);
                    }
                }
                Leaf::NotText => bad(&path, "", "a string"),
            }
        }
        for (key, leaf) in &block.theme {
            match leaf {
                Leaf::Text(v) if THEME_KEYS.contains(&key.as_str()) && is_css_value(v) => {
                    self.theme.push((format!("--pcc-consent-{key}"), v.clone()))
                }
                Leaf::Text(v) => bad(
                    &format!("theme.{key}"),
                    v,
                    "a theme key from the README with a plain CSS value",
                ),
                Leaf::NotText => bad(&format!("theme.{key}"), "", "a string"),
            }
        }
        for (i, entry) in block.cookies.into_iter().enumerate() {
            match entry.into_site_cookie() {
                Some(cookie) => self.site_cookies.push(cookie),
                None => bad(
                    &format!("cookies[{i}]"),
                    "",
                    "{\"name\", \"category\", \"purpose\", \"expires\"} with an optional \"setBy\"",
                ),
            }
        }
        errors
    }
}

impl CookieEntry {
    fn into_site_cookie(self) -> Option<SiteCookie> {
        let text = |s: String| Some(s.trim().to_owned()).filter(|t| !t.is_empty());
        let category = Category::from_id(self.category.trim())?;
        let name = text(self.name).filter(|n| is_cookie_token(n))?;
        Some(SiteCookie {
            category,
            name,
            set_by: self.set_by.and_then(text),
            purpose: text(self.purpose)?,
            expires: text(self.expires)?,
        })
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
                        "texts" => {
                            let texts: Pairs<Pairs<Leaf>> = map.next_value()?;
                            block.texts = texts.0.into_iter().map(|(l, t)| (l, t.0)).collect();
                        }
                        // A list of pairs keeps the site's order for the custom properties.
                        "theme" => {
                            let theme: Pairs<Leaf> = map.next_value()?;
                            block.theme = theme.0;
                        }
                        "cookies" => block.cookies = map.next_value()?,
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

/// A JSON object read as its (key, value) pairs, in document order (no map type: the
/// objects are small, and one fewer collection in the bundle).
struct Pairs<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Pairs<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Pairs<V>, D::Error> {
        struct PairsVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<V> {
            type Value = Pairs<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs<V>, A::Error> {
                let mut pairs = Vec::new();
                while let Some(entry) = map.next_entry::<String, V>()? {
                    pairs.push(entry);
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(PairsVisitor(std::marker::PhantomData))
    }
}

impl<'de> Deserialize<'de> for Leaf {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Leaf, D::Error> {
        struct LeafVisitor;
        impl<'de> Visitor<'de> for LeafVisitor {
            type Value = Leaf;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Leaf, E> {
                Ok(Leaf::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Leaf, E> {
                Ok(Leaf::Text(v))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Leaf, E> {
                Ok(Leaf::NotText)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Leaf, E> {
                Ok(Leaf::NotText)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Leaf, E> {
                Ok(Leaf::NotText)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Leaf, E> {
                Ok(Leaf::NotText)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Leaf, E> {
                Ok(Leaf::NotText)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Leaf, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Leaf::NotText)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Leaf, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Leaf::NotText)
            }
        }
        deserializer.deserialize_any(LeafVisitor)
    }
}
