//! The shared stored-record corpus, run natively (test only). It owns the Rust side of
//! the promise "the loader honours only what the Rust core honours": every case of
//! `tests/fixtures/stored-records.json` (hand-written, with the verdict expected) and of
//! `tests/fixtures/stored-records-mutated.json` (generated here by mutating valid
//! records and settings; the verdict is the Rust core's) is decided by the same
//! functions the embed's load uses: `Config::from_attributes`, `ConsentCookie::source`,
//! `ConsentRecord::from_stored`, `in_force`, `Standing::assess` and `offering`.
//! `tests/e2e/stored-records.test.mjs` runs the loader's JS on both files in Chromium.
//! It never changes a rule: a disagreement is fixed in the loader, towards "not
//! recognised".

use crate::config::{Config, PageFacts, StorageMode};
use crate::consent::{in_force, Category, ConsentRecord, Source, Standing, StoredCopy};
use crate::cookie::ConsentCookie;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One stored state and the site's settings, with the verdict.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
struct Case {
    name: String,
    /// The tag's data-* attributes.
    attrs: BTreeMap<String, String>,
    /// The page's gated content's categories.
    #[serde(default)]
    gated: Vec<String>,
    #[serde(default)]
    https: bool,
    host: String,
    now: u64,
    /// The localStorage value, if any.
    storage: Option<String>,
    /// document.cookie's pairs, in order (raw, percent-encoded values).
    #[serde(default)]
    cookies: Vec<(String, String)>,
    /// What the choice grants now, or `None`: no valid choice (the banner asks).
    granted: Option<Vec<String>>,
    /// Hand-written cases only: the loader must pass it to the Rust core although Rust
    /// honours it (not exactly the form this version writes).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    loader_defers: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct Corpus {
    about: String,
    cases: Vec<Case>,
}

/// decodeURIComponent, or the value as is where it does not decode (storage.rs).
fn decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(b) => out.push(b),
                None => return raw.to_owned(),
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| raw.to_owned())
}

/// The Rust core's verdict, composed as `ConsentStore::load` + `ConsentState::load` do.
fn verdict(case: &Case) -> Option<Vec<String>> {
    let page = PageFacts {
        host: case.host.clone(),
        html_lang: None,
        gated_categories: case.gated.clone(),
    };
    let attrs = case.attrs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let (config, _) = Config::from_attributes(attrs, &page);
    assert_eq!(
        config.storage,
        StorageMode::Persistent,
        "{}: the corpus is of persistent mode",
        case.name
    );
    let cookie = ConsentCookie {
        base: config.cookie_name.clone(),
        domain: config.cookie_domain.clone(),
        secure: case.https,
        host: case.host.clone(),
        path: "/".into(),
    };
    let mut copies: Vec<StoredCopy> = case
        .storage
        .iter()
        .map(|raw| StoredCopy {
            source: Source::Storage,
            record: ConsentRecord::from_stored(raw).ok(),
        })
        .collect();
    copies.extend(case.cookies.iter().filter_map(|(name, raw)| {
        Some(StoredCopy {
            source: cookie.source(name)?,
            record: ConsentRecord::from_stored(&decode(raw)).ok(),
        })
    }));
    let chosen = in_force(&copies, config.cookie_domain.is_some(), case.now).cloned();
    let standing = Standing::assess(chosen, config.revision, config.expiry_days, case.now)
        .offering(&config.categories);
    match standing {
        Standing::Valid(r) => Some(
            r.choices
                .restricted_to(&config.categories)
                .granted()
                .iter()
                .map(|c| c.id().to_owned())
                .collect(),
        ),
        _ => None,
    }
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_hand_written_corpus_gets_the_verdicts_it_expects() {
    let raw = std::fs::read_to_string(fixture("stored-records.json")).expect("corpus");
    let corpus: Corpus = serde_json::from_str(&raw).expect("corpus parses");
    let (mut honoured, mut refused) = (0, 0);
    for case in &corpus.cases {
        let got = verdict(case);
        assert_eq!(got, case.granted, "{}", case.name);
        if got.is_some() {
            honoured += 1
        } else {
            refused += 1
        }
    }
    println!(
        "stored-records.json: {} cases, {honoured} honoured, {refused} refused",
        corpus.cases.len()
    );
    assert!(
        honoured >= 5 && refused >= 20,
        "the corpus covers both verdicts"
    );
}

/// A small deterministic generator (xorshift64*): the same mutated corpus every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

const NOW: u64 = 1_750_000_000_000;
const DAY: u64 = 86_400_000;
const ID: &str = "0123456789abcdef0123456789abcdef";

/// Valid stored values this version writes (web storage's full form).
fn seeds() -> Vec<String> {
    let at = NOW - 10 * DAY + 12_345;
    let exp = at + 365 * DAY;
    let base = |how: &str, grant: &str, tail: &str| {
        format!(
            r#"{{"v":1,"id":"{ID}","rev":3,"at":{at},"exp":{exp},"how":"{how}","grant":[{grant}],"chg":[{grant}]{tail}}}"#
        )
    };
    vec![
        base(
            "accept_all",
            r#""performance","functionality","targeting""#,
            "",
        ),
        base("custom", r#""performance""#, ""),
        base("custom", r#""functionality""#, r#","seq":4"#),
        base("reject_all", "", ""),
        base("custom", r#""performance""#, r#","off":["performance"]"#),
        base(
            "accept_all",
            r#""performance","statistics""#,
            r#","off":["performance"],"optout":["statistics"]"#,
        ),
        base(
            "custom",
            r#""targeting""#,
            r#","seq":2,"off":["performance","targeting"]"#,
        ),
    ]
}

/// Text mutations of one stored value: each returns the mutated text.
fn mutate(rng: &mut Rng, value: &str) -> (String, String) {
    const SWAPS: &[(&str, &str)] = &[
        (r#""v":1"#, r#""v":2"#),
        (r#""v":1"#, r#""v":3"#),
        (r#""v":1"#, r#""v":0"#),
        (r#""v":1"#, r#""v":"1""#),
        (r#""v":1"#, r#""v":1.0"#),
        (r#""rev":3"#, r#""rev":2"#),
        (r#""rev":3"#, r#""rev":4"#),
        (r#""rev":3"#, r#""rev":0"#),
        (r#""rev":3"#, r#""rev":-3"#),
        (r#""rev":3"#, r#""rev":4294967296"#),
        (r#""rev":3"#, r#""rev":3e0"#),
        (r#""rev":3"#, r#""rev": 3"#),
        (r#""how":"#, r#""how" :"#),
        ("accept_all", "Accept_all"),
        ("custom", "reject_all"),
        ("custom", "accept_all"),
        ("reject_all", "custom"),
        ("performance", "analytics"),
        ("performance", "necessary"),
        ("performance", "perform\\u0061nce"),
        ("functionality", "statistics"),
        ("targeting", "performance"),
        (r#""grant":["#, r#""grant":["targeting","#),
        (r#""grant":["#, r#""grant":["statistics","#),
        (r#""grant":[]"#, r#""grant":["performance"]"#),
        (r#""chg":["#, r#""chg":["necessary","#),
        (r#""optout":["statistics"]"#, r#""optout":["targeting"]"#),
        (r#""optout":["statistics"]"#, r#""optout":[]"#),
        (r#""off":["performance"]"#, r#""off":["statistics"]"#),
        (r#""off":["performance"]"#, r#""off":[]"#),
        (r#""off":["performance"]"#, r#""off":null"#),
        (r#""seq":4"#, r#""seq":1"#),
        (r#""seq":4"#, r#""seq":0"#),
        (r#""seq":2"#, r#""seq":2.5"#),
        (ID, "0123456789ABCDEF0123456789ABCDEF"),
        (ID, "0123456789abcdef"),
        (r#""id":"0123456789abcdef0123456789abcdef","#, ""),
        ("{", "{\"x\":1,"),
        ("{", " {"),
        ("}", ",\"grant\":[\"targeting\"]}"),
        ("}", ",\"svc\":{\"ga4\":true}}"),
        ("}", "} "),
        ("}", "}x"),
        ("}", ""),
        (r#""at":"#, r#""at":1"#),
        (r#""exp":"#, r#""exp":9"#),
        (r#""exp":1"#, r#""exp":2"#),
        (r#""at":1"#, r#""at":2"#),
    ];
    let applicable: Vec<&(&str, &str)> = SWAPS
        .iter()
        .filter(|(from, _)| value.contains(from))
        .collect();
    let (from, to) = **rng.pick(&applicable);
    let out = value.replacen(from, to, 1);
    (format!("{from} -> {to}"), out)
}

/// The cookie's form of a full stored value (what the banner writes beside it), when it
/// is a record.
fn cookie_form(value: &str) -> Option<String> {
    ConsentRecord::from_stored(value)
        .ok()
        .map(|r| r.cookie_form().to_stored())
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn mutated_corpus() -> Corpus {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let attr_sets: Vec<Vec<(&str, &str)>> = vec![
        vec![("data-revision", "3")],
        vec![
            ("data-revision", "3"),
            ("data-ga-id", "G-ABC123"),
            ("data-clarity-id", "abcdefghij"),
        ],
        vec![
            ("data-revision", "3"),
            ("data-categories", "performance targeting"),
        ],
        vec![
            ("data-revision", "3"),
            (
                "data-categories",
                "performance,functionality,targeting,statistics",
            ),
        ],
        vec![("data-revision", "4")],
        vec![("data-revision", "2"), ("data-expiry-days", "5")],
        vec![
            ("data-revision", "3"),
            ("data-gtm-id", "GTM-ABCD123"),
            ("data-gtm-category", "targeting"),
        ],
        vec![("data-revision", "3"), ("data-cookie-name", "opcc_choice")],
        vec![("data-revision", "3"), ("data-categories", "performance")],
    ];
    let nows = [NOW, NOW - 11 * DAY, NOW + 400 * DAY, NOW + 300 * DAY];
    let mut cases = Vec::new();
    for n in 0..900 {
        let seed = rng.pick(&seeds()).clone();
        let (mut label, mut storage) = (String::from("valid"), seed.clone());
        let mutations = rng.next() % 3;
        for _ in 0..mutations {
            let (what, out) = mutate(&mut rng, &storage);
            label = format!("{label}; {what}");
            storage = out;
        }
        let attrs = rng.pick(&attr_sets).clone();
        let cookie_name = attrs
            .iter()
            .find(|(k, _)| *k == "data-cookie-name")
            .map_or("pcc_consent", |(_, v)| v);
        let now = if rng.next() % 4 == 0 {
            *rng.pick(&nows)
        } else {
            NOW
        };
        // The cookie beside it: the seed's own form, the mutated value's, a mutated
        // cookie, none, two, or a cookie alone.
        let seed_cookie = cookie_form(&seed).map(|c| encode(&c));
        let (cookies, storage, cookie_label) = match rng.next() % 8 {
            0 => (vec![], Some(storage), "no cookie"),
            1 | 2 => (
                seed_cookie
                    .clone()
                    .map(|c| vec![(cookie_name.to_owned(), c)])
                    .unwrap_or_default(),
                Some(storage),
                "the seed's cookie",
            ),
            3 => {
                let (what, c) = mutate(&mut rng, &cookie_form(&seed).unwrap_or_default());
                label = format!("{label}; cookie {what}");
                (
                    vec![(cookie_name.to_owned(), encode(&c))],
                    Some(storage),
                    "a mutated cookie",
                )
            }
            4 => (
                seed_cookie
                    .clone()
                    .map(|c| {
                        vec![
                            (cookie_name.to_owned(), c.clone()),
                            (cookie_name.to_owned(), c),
                        ]
                    })
                    .unwrap_or_default(),
                Some(storage),
                "two cookies",
            ),
            5 => (
                seed_cookie
                    .clone()
                    .map(|c| vec![(cookie_name.to_owned(), c)])
                    .unwrap_or_default(),
                None,
                "a cookie alone",
            ),
            _ => (
                cookie_form(&storage)
                    .map(|c| vec![(cookie_name.to_owned(), encode(&c))])
                    .unwrap_or_default(),
                Some(storage),
                "its own cookie",
            ),
        };
        let mut case = Case {
            name: format!("#{n}: {label}; {cookie_label}"),
            attrs: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            gated: vec![],
            https: false,
            host: "127.0.0.1".into(),
            now,
            storage,
            cookies,
            granted: None,
            loader_defers: false,
        };
        case.granted = verdict(&case);
        cases.push(case);
    }
    Corpus {
        about: "Generated by src/record_corpus.rs (PCC_UPDATE_FIXTURES=1 cargo test --lib record_corpus \
                rewrites it): valid stored records and settings mutated at random (seeded), each with the \
                Rust core's verdict. The loader may honour a case only with exactly this grant."
            .into(),
        cases,
    }
}

#[test]
fn mutated_records_have_the_rust_verdicts_the_fixture_records() {
    let corpus = mutated_corpus();
    // One case a line: reviewable in a diff, a third of the pretty form's size.
    let lines: Vec<String> = corpus
        .cases
        .iter()
        .map(|c| serde_json::to_string(c).expect("serialises"))
        .collect();
    let about = serde_json::to_string(&corpus.about).expect("serialises");
    let text = format!(
        "{{\"about\":{about},\"cases\":[\n{}\n]}}\n",
        lines.join(",\n")
    );
    let path = fixture("stored-records-mutated.json");
    if std::env::var_os("PCC_UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &text).expect("fixture written");
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == text,
        "{path} is out of date with the Rust core: rerun with PCC_UPDATE_FIXTURES=1 and review the diff"
    );
    let honoured = corpus.cases.iter().filter(|c| c.granted.is_some()).count();
    let granting = corpus
        .cases
        .iter()
        .filter(|c| c.granted.as_ref().is_some_and(|g| !g.is_empty()))
        .count();
    println!(
        "stored-records-mutated.json: {} cases, {honoured} honoured ({granting} granting something), {} refused",
        corpus.cases.len(),
        corpus.cases.len() - honoured
    );
    assert!(
        honoured >= 100 && corpus.cases.len() - honoured >= 300,
        "both verdicts are well covered"
    );
    // Categories a mutation invents never come through.
    for case in &corpus.cases {
        for g in case.granted.iter().flatten() {
            assert!(
                Category::from_id(g).is_some_and(|c| c != Category::Necessary),
                "{}",
                case.name
            );
        }
    }
}
