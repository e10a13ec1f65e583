//! The notice a visitor was shown, as the evidence log keeps it: the texts in force
//! (built-in, with the site's overrides), the categories offered, the revision and the
//! language, serialised the same way every time (fixed field order, texts in table
//! order), so one notice has one hash on the log server. And where the log server takes
//! it: `data-log-url` with its final path segment `consent` replaced by `notice`.
//!
//! Pure. It never hashes (the log server answers the hash) and never sends anything:
//! `evidence_log` does.

use crate::config::Config;
use crate::i18n::{Texts, TEXT_KEYS};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

#[derive(Serialize)]
struct Notice<'a> {
    revision: u32,
    lang: &'static str,
    categories: Vec<&'static str>,
    /// The categories run until objection (PECR Schedule A1 paras 5-6); left out when
    /// there are none, so every other site's notice reads and hashes as before.
    #[serde(rename = "optOut", skip_serializing_if = "Vec::is_empty")]
    opt_out: Vec<&'static str>,
    #[serde(rename = "siteName")]
    site_name: &'a str,
    /// Key -> text as shown (`{site}` stands for `siteName`), in table order.
    texts: InForce<'a>,
}

/// Every text, keyed as in the config block, in the fixed order of [`TEXT_KEYS`].
struct InForce<'a>(&'a Texts);

impl Serialize for InForce<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(TEXT_KEYS.len()))?;
        for &key in TEXT_KEYS {
            map.serialize_entry(key, self.0.get(key).unwrap_or_default())?;
        }
        map.end()
    }
}

/// The notice `config` shows, as the exact JSON posted to the log server's `/notice`.
pub fn notice_json(config: &Config) -> String {
    let notice = Notice {
        revision: config.revision,
        lang: config.lang.id(),
        categories: config.categories.iter().map(|c| c.id()).collect(),
        opt_out: config.opt_out.iter().map(|c| c.id()).collect(),
        site_name: &config.site_name,
        texts: InForce(&config.texts),
    };
    // Strings, integers and maps of strings: serialising cannot fail.
    serde_json::to_string(&notice).unwrap_or_default()
}

/// The log server's notice route beside `log_url`'s `consent` route (`POST /consent`
/// and `POST /notice` sit side by side, also behind a proxy prefix such as
/// `/log/consent`). `None` when the URL's path does not end in `/consent`: the records
/// are then posted without a notice hash.
pub fn notice_url(log_url: &str) -> Option<String> {
    let end = log_url.find(['?', '#']).unwrap_or(log_url.len());
    let (path, rest) = log_url.split_at(end);
    let base = path.strip_suffix("/consent")?;
    Some(format!("{base}/notice{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PageFacts;
    use std::collections::BTreeMap;

    fn config(attrs: &[(&str, &str)]) -> Config {
        let page = PageFacts {
            host: "example.police.uk".into(),
            html_lang: None,
            ..PageFacts::default()
        };
        Config::from_attributes(attrs.iter().copied(), &page).0
    }

    #[test]
    fn the_notice_route_sits_beside_the_consent_route() {
        let cases = [
            (
                "https://log.example/consent",
                Some("https://log.example/notice"),
            ),
            ("/log/consent", Some("/log/notice")),
            (
                "https://x.example/a/consent?k=1",
                Some("https://x.example/a/notice?k=1"),
            ),
            ("https://log.example/consent/", None),
            ("https://log.example/records", None),
            ("https://log.example/myconsent", None),
        ];
        for (log, want) in cases {
            assert_eq!(notice_url(log).as_deref(), want, "{log}");
        }
    }

    #[test]
    fn the_notice_holds_the_texts_in_force_and_is_the_same_every_time() {
        let mut c = config(&[
            ("data-site-name", "Example PCC"),
            ("data-revision", "4"),
            ("data-categories", "performance"),
        ]);
        let errors =
            c.apply_json_block(r#"{"texts": {"en": {"accept_additional": "Yes please"}}}"#);
        assert!(errors.is_empty(), "{errors:?}");
        let json = notice_json(&c);
        assert_eq!(json, notice_json(&c.clone()), "deterministic");
        assert!(
            json.starts_with(
                r#"{"revision":4,"lang":"en","categories":["necessary","performance"],"siteName":"Example PCC","texts":{"#
            ),
            "{json}"
        );
        assert!(
            json.contains(r#""accept_additional":"Yes please""#),
            "{json}"
        );
        assert!(
            json.contains(r#""banner_title":"Cookies on {site}""#),
            "{json}"
        );
        let texts: BTreeMap<String, String> =
            serde_json::from_str(&json[json.find(r#""texts":"#).unwrap() + 8..json.len() - 1])
                .unwrap();
        assert_eq!(texts.len(), TEXT_KEYS.len(), "every text");
        assert!(
            json.len() < 64 * 1024,
            "within the log server's limit: {}",
            json.len()
        );
        let welsh = config(&[("data-lang", "cy")]);
        assert!(notice_json(&welsh).contains(r#""lang":"cy""#));
        assert!(
            !json.contains("optOut"),
            "only on sites with opt-out categories"
        );
    }

    #[test]
    fn the_notice_says_which_categories_run_until_objection() {
        let c = config(&[("data-categories", "performance statistics")]);
        assert!(
            notice_json(&c).starts_with(
                r#"{"revision":1,"lang":"en","categories":["necessary","performance","statistics"],"optOut":["statistics"],"#
            ),
            "{}",
            notice_json(&c)
        );
    }
}
