//! The consent record: what a visitor decided, when, how, and under which revision —
//! the evidence a site keeps — and its compact stored form.
//!
//! Parsing is strict on purpose: anything that is not exactly a record this version
//! wrote is refused with a reason, and the caller treats it as "no valid consent".
//! A damaged value can therefore only ever narrow consent, never widen it.

use super::category::{Category, Choices};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The stored format's version: the full record (web storage, the evidence log, and
/// cookies written by 0.4.0 and earlier). A record with another number is not read.
pub const SCHEMA_VERSION: u32 = 1;
/// The cookie's reduced form (from 0.5.0): no consent id, times in whole minutes. The
/// cookie travels in every request's `Cookie` header, so it carries only what choosing
/// between copies needs.
pub const COOKIE_SCHEMA_VERSION: u32 = 2;
pub const MINUTE_MS: u64 = 60_000;
/// Longest stored value we read; real records are about 200 bytes.
pub const MAX_STORED_LEN: usize = 1024;
/// The most services one record may list, and the longest service id: with them a
/// record still fits [`MAX_STORED_LEN`] (the cookie, percent-encoded, well under 4 KB).
pub const MAX_SERVICES: usize = 16;
pub const MAX_SERVICE_ID_LEN: usize = 24;
/// The longest a choice may last (13 months, the ICO's usual ceiling).
pub const MAX_EXPIRY_DAYS: u32 = 395;
pub const DAY_MS: u64 = 86_400_000;

/// How the visitor gave their choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    AcceptAll,
    RejectAll,
    Custom,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::AcceptAll, Method::RejectAll, Method::Custom];

    pub fn id(self) -> &'static str {
        match self {
            Method::AcceptAll => "accept_all",
            Method::RejectAll => "reject_all",
            Method::Custom => "custom",
        }
    }

    pub fn from_id(id: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.id() == id)
    }
}

/// A random consent id: 32 lowercase hex digits (128 bits from `crypto.getRandomValues`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentId(String);

impl ConsentId {
    /// Formats 16 random bytes as an id.
    pub fn from_bytes(bytes: [u8; 16]) -> ConsentId {
        ConsentId(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn parse(s: &str) -> Option<ConsentId> {
        let ok = s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        ok.then(|| ConsentId(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One visitor decision, as stored and as shown to the host page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentRecord {
    /// `None` when read from the cookie's reduced form (a sub-site that only sees the
    /// shared cookie).
    pub id: Option<ConsentId>,
    /// The site's consent revision this choice was made under.
    pub revision: u32,
    /// When it was given, in milliseconds since the Unix epoch (UTC).
    pub given_at_ms: u64,
    pub expires_at_ms: u64,
    pub method: Method,
    pub choices: Choices,
    /// Optional categories that differ from the previous record (or from "nothing
    /// granted" for a first choice).
    pub changed: Vec<Category>,
    /// The decision number under `id`: 1 for a new id, then 2, 3, … while the visitor
    /// keeps it (the evidence log's `record.seq`). 1 for a record without an id.
    pub seq: u32,
    /// The optional categories the visitor was offered, when not all of them (a site
    /// that lists or uses only some). `None`: every category, which is also how a record
    /// written before this was kept (0.4.0) is read, so it is honoured as before.
    pub offered: Option<Vec<Category>>,
    /// The categories the site ran until objection when this decision was made (PECR
    /// Schedule A1 paras 5 and 6): for these a grant means "did not object", a missing
    /// grant "objected". Every other grant is consent. Empty for every record made on a
    /// site without such categories, and for every record 0.6.0 and earlier wrote.
    pub opt_out: Vec<Category>,
    /// When the visitor switched a service off inside a category they granted: the
    /// services left on in the granted categories (sorted ids: `ga4`, `clarity`, `gtm`
    /// or a site's `data-pcc-service`); any other service in a granted category is off.
    /// `None`: every service follows its category, which is how every record without
    /// the list (0.7.0 and earlier, or a choice with no service off) is read, so it
    /// grants exactly what it granted before. A list of what is on, not of what is off:
    /// a damaged or unknown name can then only switch a service off, and a service the
    /// site adds later is not on before the visitor is asked about it.
    pub services: Option<Vec<String>>,
}

/// Whether `id` is a service id a record may name: lowercase letters, digits and `-`,
/// starting with a letter, at most [`MAX_SERVICE_ID_LEN`] characters.
pub fn is_service_id(id: &str) -> bool {
    (1..=MAX_SERVICE_ID_LEN).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

/// Where a record leaves one category: the distinction the evidence must keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stance {
    /// `necessary`: no choice is involved.
    Necessary,
    /// Granted by the visitor's consent.
    Consented,
    /// Run until objection, and the visitor did not object.
    NotObjected,
    /// Run until objection, and the visitor objected.
    Objected,
    /// Needs consent, and the visitor did not give it.
    Refused,
}

impl Stance {
    /// The id the evidence log and the JS API use (`consent`, `not_objected`, …).
    pub fn id(self) -> &'static str {
        match self {
            Stance::Necessary => "necessary",
            Stance::Consented => "consent",
            Stance::NotObjected => "not_objected",
            Stance::Objected => "objected",
            Stance::Refused => "refused",
        }
    }
}

/// Why a stored value was not accepted as a record. Shown in a console warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    TooLong(usize),
    NotARecord(String),
    UnsupportedSchema(u32),
    BadId,
    UnknownCategory(String),
    NecessaryListed,
    RepeatedCategory(Category),
    NotOptOut(Category),
    BadTimes,
    Inconsistent,
    BadSeq,
    BadServices(String),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::TooLong(n) => write!(f, "it is {n} bytes long (at most {MAX_STORED_LEN})"),
            RecordError::NotARecord(why) => write!(f, "it is not a consent record ({why})"),
            RecordError::UnsupportedSchema(v) => write!(
                f,
                "its schema version {v} is not {SCHEMA_VERSION} or {COOKIE_SCHEMA_VERSION}"
            ),
            RecordError::BadId => f.write_str("its consent id is malformed"),
            RecordError::UnknownCategory(c) => write!(f, "it names an unknown category \"{c}\""),
            RecordError::NecessaryListed => {
                f.write_str("it lists \"necessary\" as a choice, which it never is")
            }
            RecordError::RepeatedCategory(c) => write!(f, "it lists {c} twice"),
            RecordError::NotOptOut(c) => {
                write!(f, "it runs {c} until objection, which it never may")
            }
            RecordError::BadTimes => f.write_str("its given/expiry times are impossible"),
            RecordError::Inconsistent => f.write_str("its method contradicts its choices"),
            RecordError::BadSeq => f.write_str("its decision number is impossible"),
            RecordError::BadServices(why) => write!(f, "its list of services is {why}"),
        }
    }
}

/// The stored shape: short keys keep the cookie small. Written in this order, which is
/// also the order 0.3.0 (miniserde) wrote, so stored values read the same across the
/// upgrade. Unknown fields are refused: a value this version did not write is not read.
/// `v: 1` has an `id`; the cookie's `v: 2` has none and whole-minute times. `seq` (from
/// 0.6.0) follows only a `v: 1` record's second and later decisions, so a first decision
/// is stored exactly as 0.4.0 stored it and 0.4.0 values read as decision 1. `optout`
/// (from 0.7.0) follows only a record made on a site with opt-out categories (see
/// [`ConsentRecord::opt_out`]), so every other record is stored as before. `svc`
/// (from 0.8.0, see [`ConsentRecord::services`]) follows only a choice that switched a
/// service off inside a granted category: an older version refuses such a record (an
/// unknown field) and asks again, which narrows consent, never widens it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredRecord {
    v: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    rev: u32,
    at: u64,
    exp: u64,
    how: String,
    grant: Vec<String>,
    chg: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seq: Option<u32>,
    /// The offered optional categories, only when not all were (see
    /// [`ConsentRecord::offered`]): a record offering everything is stored as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    off: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    optout: Vec<String>,
    /// Never `null`: a list that is there is read as a list or refused.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "some_list"
    )]
    svc: Option<Vec<String>>,
}

/// `svc` when present: a list of strings (`null` is refused, not read as "no list").
fn some_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    Vec::<String>::deserialize(d).map(Some)
}

impl ConsentRecord {
    /// The record's stored shape (what web storage keeps, through gloo-storage): the
    /// full record, or the cookie's reduced form for a record read from a cookie.
    pub fn stored(&self) -> StoredRecord {
        let ids = |cats: &[Category]| cats.iter().map(|c| c.id().to_owned()).collect();
        StoredRecord {
            v: if self.id.is_some() {
                SCHEMA_VERSION
            } else {
                COOKIE_SCHEMA_VERSION
            },
            id: self.id.as_ref().map(|id| id.as_str().to_owned()),
            rev: self.revision,
            at: self.given_at_ms,
            exp: self.expires_at_ms,
            how: self.method.id().to_owned(),
            grant: ids(&self.choices.granted()),
            chg: ids(&self.changed),
            seq: (self.id.is_some() && self.seq > 1).then_some(self.seq),
            off: self.offered.as_deref().map(ids),
            optout: ids(&self.opt_out),
            svc: self.services.clone(),
        }
    }

    /// The same record, noting that `offered` (the site's categories, `necessary`
    /// included or not) were offered: kept only when they are not every category that
    /// needs consent by default. `statistics` is never counted: it is offered only when
    /// the site lists it, and a record made before it was offered leaves it off.
    #[must_use]
    pub fn with_offered(mut self, offered: &[Category]) -> ConsentRecord {
        let optional: Vec<Category> = Category::ASKED_BY_DEFAULT
            .into_iter()
            .filter(|c| offered.contains(c))
            .collect();
        self.offered = (optional.len() < Category::ASKED_BY_DEFAULT.len()).then_some(optional);
        self
    }

    /// Whether every category in `offered` that needs asking was offered when this
    /// choice was made. If not, the visitor was never asked about one of them.
    pub fn was_offered_all(&self, offered: &[Category]) -> bool {
        self.offered.as_ref().is_none_or(|then| {
            offered
                .iter()
                .all(|c| !Category::ASKED_BY_DEFAULT.contains(c) || then.contains(c))
        })
    }

    /// A copy made on a site that runs `opt_out` until objection (only the categories
    /// that may run so are kept).
    #[must_use]
    pub fn with_opt_out(mut self, opt_out: &[Category]) -> ConsentRecord {
        self.opt_out = Category::OPTIONAL
            .into_iter()
            .filter(|c| c.may_be_opt_out() && opt_out.contains(c))
            .collect();
        self
    }

    /// How this record stands on `category`: consented or refused, or (for a category
    /// run until objection) not objected or objected.
    pub fn stance(&self, category: Category) -> Stance {
        let until_objection = self.opt_out.contains(&category);
        match (category, self.choices.allows(category), until_objection) {
            (Category::Necessary, _, _) => Stance::Necessary,
            (_, true, true) => Stance::NotObjected,
            (_, true, false) => Stance::Consented,
            (_, false, true) => Stance::Objected,
            (_, false, false) => Stance::Refused,
        }
    }

    /// Whether this record objects to `category` running without consent: it ran
    /// until objection and was turned off, or the visitor rejected everything optional.
    pub fn objects_to(&self, category: Category) -> bool {
        self.method == Method::RejectAll || self.stance(category) == Stance::Objected
    }

    /// Whether this record lets the service `id`, governed by `category`, run: its
    /// category is granted and the visitor did not switch it off.
    pub fn allows_service(&self, category: Category, id: &str) -> bool {
        self.choices.allows(category)
            && self
                .services
                .as_ref()
                .is_none_or(|on| on.iter().any(|s| s == id))
    }

    /// What the cookie keeps: no consent id, and its times rounded down to the minute.
    pub fn cookie_form(&self) -> ConsentRecord {
        ConsentRecord {
            id: None,
            seq: 1,
            given_at_ms: floor_minute(self.given_at_ms),
            expires_at_ms: floor_minute(self.expires_at_ms),
            ..self.clone()
        }
    }

    /// The same decision, whatever form it was read in (one copy with an id and exact
    /// times, another in the cookie's reduced form).
    pub fn same_decision(&self, other: &ConsentRecord) -> bool {
        self.cookie_form() == other.cookie_form()
    }

    /// The compact JSON stored in web storage (and, as [`Self::cookie_form`], in the cookie).
    pub fn to_stored(&self) -> String {
        // Serialising plain strings and integers cannot fail.
        serde_json::to_string(&self.stored()).unwrap_or_default()
    }

    /// Reads a stored value, refusing anything this version did not write.
    pub fn from_stored(raw: &str) -> Result<ConsentRecord, RecordError> {
        if raw.len() > MAX_STORED_LEN {
            return Err(RecordError::TooLong(raw.len()));
        }
        if !raw.trim_start().starts_with('{') {
            return Err(RecordError::NotARecord("not a JSON object".to_owned()));
        }
        let not_a_record = |e: serde_json::Error| RecordError::NotARecord(e.to_string());
        let stored: StoredRecord = serde_json::from_str(raw).map_err(not_a_record)?;
        stored.into_record()
    }
}

impl StoredRecord {
    /// The checks serde's types cannot express: schema version, id format, known
    /// categories, times, a method that agrees with the choices.
    pub fn into_record(self) -> Result<ConsentRecord, RecordError> {
        let id = match (self.v, &self.id) {
            (SCHEMA_VERSION, Some(id)) => Some(ConsentId::parse(id).ok_or(RecordError::BadId)?),
            (COOKIE_SCHEMA_VERSION, None) => None,
            (SCHEMA_VERSION | COOKIE_SCHEMA_VERSION, _) => return Err(RecordError::BadId),
            (v, _) => return Err(RecordError::UnsupportedSchema(v)),
        };
        let seq = match (self.seq, &id) {
            (None, _) => 1,
            (Some(n @ 2..), Some(_)) => n,
            // Never written: 1 is left out, and the cookie's form has no decision number.
            _ => return Err(RecordError::BadSeq),
        };
        if id.is_none() && (self.at % MINUTE_MS != 0 || self.exp % MINUTE_MS != 0) {
            return Err(RecordError::BadTimes);
        }
        let how = Method::from_id(&self.how)
            .ok_or_else(|| RecordError::NotARecord(format!("unknown method \"{}\"", self.how)))?;
        let granted = parse_categories(&self.grant)?;
        let changed = parse_categories(&self.chg)?;
        let offered = self.off.as_deref().map(parse_categories).transpose()?;
        if offered.as_ref().is_some_and(|o| {
            granted
                .iter()
                .any(|g| Category::ASKED_BY_DEFAULT.contains(g) && !o.contains(g))
                || o.iter().any(|c| !Category::ASKED_BY_DEFAULT.contains(c))
        }) {
            // A grant for a category that was not offered is not a choice anyone made
            // (and `off` never names statistics: we never write it so).
            return Err(RecordError::Inconsistent);
        }
        let opt_out = parse_categories(&self.optout)?;
        if let Some(c) = opt_out.iter().find(|c| !c.may_be_opt_out()) {
            return Err(RecordError::NotOptOut(*c));
        }
        let (at, exp) = (self.at, self.exp);
        if exp <= at || exp - at > u64::from(MAX_EXPIRY_DAYS) * DAY_MS {
            return Err(RecordError::BadTimes);
        }
        if how == Method::RejectAll && !granted.is_empty() {
            return Err(RecordError::Inconsistent);
        }
        if let Some(list) = &self.svc {
            parse_services(list)?;
            // Only a custom choice that granted something switches services off.
            if how != Method::Custom || granted.is_empty() {
                return Err(RecordError::Inconsistent);
            }
        }
        Ok(ConsentRecord {
            id,
            revision: self.rev,
            given_at_ms: at,
            expires_at_ms: exp,
            method: how,
            choices: Choices::all_of(&granted),
            changed,
            seq,
            offered,
            opt_out,
            services: self.svc,
        })
    }
}

/// Service ids as written: well-formed, sorted, no repeats, not too many.
fn parse_services(ids: &[String]) -> Result<(), RecordError> {
    if ids.len() > MAX_SERVICES {
        return Err(RecordError::BadServices(format!(
            "longer than {MAX_SERVICES}"
        )));
    }
    if let Some(bad) = ids.iter().find(|id| !is_service_id(id)) {
        return Err(RecordError::BadServices(format!("malformed (\"{bad}\")")));
    }
    if ids.windows(2).any(|w| w[0] >= w[1]) {
        return Err(RecordError::BadServices(
            "not sorted, or repeats".to_owned(),
        ));
    }
    Ok(())
}

/// `ms` rounded down to a whole minute.
pub fn floor_minute(ms: u64) -> u64 {
    ms - ms % MINUTE_MS
}

fn parse_categories(ids: &[String]) -> Result<Vec<Category>, RecordError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let cat =
            Category::from_id(id).ok_or_else(|| RecordError::UnknownCategory(id.to_owned()))?;
        if cat == Category::Necessary {
            return Err(RecordError::NecessaryListed);
        }
        if out.contains(&cat) {
            return Err(RecordError::RepeatedCategory(cat));
        }
        out.push(cat);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> ConsentRecord {
        ConsentRecord {
            id: Some(ConsentId::from_bytes([0xab; 16])),
            revision: 3,
            given_at_ms: 1_700_000_000_000,
            expires_at_ms: 1_700_000_000_000 + 365 * DAY_MS,
            method: Method::Custom,
            choices: Choices::none().with(Category::Functionality, true),
            changed: vec![Category::Functionality],
            seq: 1,
            offered: None,
            opt_out: Vec::new(),
            services: None,
        }
    }

    #[test]
    fn a_record_keeps_what_was_offered_only_when_not_everything() {
        let all = sample().with_offered(&Category::ALL);
        assert_eq!(all.offered, None);
        assert_eq!(all.to_stored(), sample().to_stored(), "stored as before");
        let some = sample().with_offered(&[Category::Necessary, Category::Functionality]);
        assert_eq!(some.offered, Some(vec![Category::Functionality]));
        let stored = some.to_stored();
        assert!(stored.ends_with(r#","off":["functionality"]}"#), "{stored}");
        assert_eq!(ConsentRecord::from_stored(&stored), Ok(some.clone()));
        // In the cookie's form too: a sub-site reading only the cookie knows it.
        let cookie = some.cookie_form().to_stored();
        assert_eq!(
            ConsentRecord::from_stored(&cookie).map(|r| r.offered),
            Ok(Some(vec![Category::Functionality]))
        );
        assert!(some.was_offered_all(&[Category::Necessary, Category::Functionality]));
        assert!(!some.was_offered_all(&[Category::Functionality, Category::Targeting]));
        assert!(all.was_offered_all(&Category::ALL));
        // A grant outside what was offered is no one's choice.
        let odd = stored.replace(r#""off":["functionality"]"#, r#""off":["targeting"]"#);
        assert_eq!(
            ConsentRecord::from_stored(&odd),
            Err(RecordError::Inconsistent)
        );
        // Statistics is never counted as offered or not: only listed sites offer it.
        let with_statistics = sample().with_offered(&[
            Category::Necessary,
            Category::Performance,
            Category::Functionality,
            Category::Targeting,
            Category::Statistics,
        ]);
        assert_eq!(with_statistics.offered, None);
        assert!(all.was_offered_all(&[Category::Necessary, Category::Statistics]));
        let none_asked = sample().with_offered(&[Category::Necessary, Category::Statistics]);
        assert_eq!(none_asked.offered, Some(vec![]));
        assert!(none_asked.was_offered_all(&[Category::Statistics]));
        let forged = stored.replace(r#""off":["functionality"]"#, r#""off":["statistics"]"#);
        assert_eq!(
            ConsentRecord::from_stored(&forged),
            Err(RecordError::Inconsistent)
        );
    }

    #[test]
    fn not_objected_is_kept_apart_from_consented_and_stored_only_when_used() {
        let mut r = sample().with_opt_out(&[Category::Statistics, Category::Performance]);
        assert_eq!(
            r.opt_out,
            vec![Category::Statistics],
            "performance never runs so"
        );
        r.choices = r.choices.with(Category::Statistics, true);
        assert_eq!(r.stance(Category::Statistics), Stance::NotObjected);
        assert_eq!(r.stance(Category::Functionality), Stance::Consented);
        assert_eq!(r.stance(Category::Performance), Stance::Refused);
        assert_eq!(r.stance(Category::Necessary), Stance::Necessary);
        let stored = r.to_stored();
        assert!(
            stored.ends_with(r#""grant":["functionality","statistics"],"chg":["functionality"],"optout":["statistics"]}"#),
            "{stored}"
        );
        assert_eq!(ConsentRecord::from_stored(&stored), Ok(r.clone()));
        // The cookie's form keeps it: a sub-site reading only the cookie honours it.
        let cookie = r.cookie_form();
        assert_eq!(ConsentRecord::from_stored(&cookie.to_stored()), Ok(cookie));
        let objected = ConsentRecord {
            choices: r.choices.with(Category::Statistics, false),
            ..r.clone()
        };
        assert_eq!(objected.stance(Category::Statistics), Stance::Objected);
        assert!(objected.objects_to(Category::Statistics));
        assert!(!r.objects_to(Category::Statistics));
        // A record that says targeting ran until objection was not written by us.
        let forged = stored.replace(r#""optout":["statistics"]"#, r#""optout":["targeting"]"#);
        assert_eq!(
            ConsentRecord::from_stored(&forged),
            Err(RecordError::NotOptOut(Category::Targeting))
        );
    }

    #[test]
    fn a_0_4_0_record_grants_exactly_what_it_granted_and_never_statistics() {
        // Written by 0.4.0 to localStorage, byte for byte (and its cookie, v1 then).
        let old = r#"{"v":1,"id":"abababababababababababababababab","rev":3,"at":1700000000000,"exp":1731536000000,"how":"accept_all","grant":["performance","functionality","targeting"],"chg":["performance","functionality","targeting"]}"#;
        let record = ConsentRecord::from_stored(old).expect("0.4.0 records stay readable");
        assert_eq!(
            record.choices.granted(),
            vec![
                Category::Performance,
                Category::Functionality,
                Category::Targeting
            ]
        );
        assert!(!record.choices.allows(Category::Statistics));
        assert!(record.opt_out.is_empty());
        assert_eq!(record.stance(Category::Performance), Stance::Consented);
        assert_eq!(record.to_stored(), old, "and it is written back the same");
    }

    #[test]
    fn a_later_decision_keeps_its_number_with_its_id_but_not_in_the_cookie() {
        let mut r = sample();
        r.seq = 7;
        let stored = r.to_stored();
        assert!(stored.ends_with(r#","seq":7}"#), "{stored}");
        assert_eq!(ConsentRecord::from_stored(&stored), Ok(r.clone()));
        let cookie = r.cookie_form().to_stored();
        assert!(!cookie.contains("seq"), "{cookie}");
        assert_eq!(ConsentRecord::from_stored(&cookie).map(|c| c.seq), Ok(1));
        assert!(r.cookie_form().same_decision(&r));
        // Values no version writes: a 0 or an explicit 1, or a number without an id.
        for bad in [
            stored.replace(r#""seq":7"#, r#""seq":0"#),
            stored.replace(r#""seq":7"#, r#""seq":1"#),
            cookie.replace('}', r#","seq":2}"#),
        ] {
            assert_eq!(
                ConsentRecord::from_stored(&bad),
                Err(RecordError::BadSeq),
                "{bad}"
            );
        }
        let huge = stored.replace(r#""seq":7"#, r#""seq":4294967296"#);
        assert!(matches!(
            ConsentRecord::from_stored(&huge),
            Err(RecordError::NotARecord(_))
        ));
    }

    #[test]
    fn a_value_written_by_0_4_0_reads_as_the_first_decision_and_writes_back_the_same() {
        // 0.4.0 wrote this (no seq) to localStorage and to the cookie.
        let old = r#"{"v":1,"id":"abababababababababababababababab","rev":3,"at":1700000000000,"exp":1731536000000,"how":"custom","grant":["functionality"],"chg":["functionality"]}"#;
        let record = ConsentRecord::from_stored(old).expect("0.4.0 records stay readable");
        assert_eq!(record.seq, 1);
        assert_eq!(record.to_stored(), old);
    }

    #[test]
    fn record_round_trips_through_its_stored_form() {
        let r = sample();
        assert_eq!(ConsentRecord::from_stored(&r.to_stored()), Ok(r));
    }

    #[test]
    fn stored_form_fits_easily_in_a_cookie_with_every_category() {
        let mut r = sample();
        r.choices = Choices::all_of(&Category::OPTIONAL);
        r.changed = Category::OPTIONAL.to_vec();
        r.revision = u32::MAX;
        let stored = r.to_stored();
        // Percent-encoding for the cookie at most triples it; still far below 4096.
        assert!(stored.len() * 3 < 1024, "{} bytes: {stored}", stored.len());
    }

    #[test]
    fn a_value_written_by_0_3_0_is_read_unchanged() {
        // Written by pcc-consent 0.3.0 (miniserde), byte for byte.
        let old = r#"{"v":1,"id":"abababababababababababababababab","rev":3,"at":1700000000000,"exp":1731536000000,"how":"custom","grant":["functionality"],"chg":["functionality"]}"#;
        let record = ConsentRecord::from_stored(old).expect("0.3.0 records stay readable");
        assert_eq!(record, sample());
        assert_eq!(record.to_stored(), old, "and are written back the same");
    }

    #[test]
    fn the_cookie_form_has_no_id_and_whole_minutes_and_reads_back() {
        let mut r = sample();
        r.given_at_ms += 12_345;
        let cookie = r.cookie_form();
        let stored = cookie.to_stored();
        assert!(
            !stored.contains("abab") && !stored.contains("\"id\""),
            "{stored}"
        );
        assert!(
            stored.starts_with(r#"{"v":2,"rev":3,"at":1699999980000,"#),
            "{stored}"
        );
        assert_eq!(ConsentRecord::from_stored(&stored), Ok(cookie.clone()));
        assert!(cookie.same_decision(&r));
        // A reduced form with seconds, or with an id, or a full form without one: refused.
        let seconds = stored.replace("1699999980000", "1699999980001");
        assert_eq!(
            ConsentRecord::from_stored(&seconds),
            Err(RecordError::BadTimes)
        );
        let with_id = stored.replace(
            r#""v":2,"#,
            r#""v":2,"id":"abababababababababababababababab","#,
        );
        assert_eq!(
            ConsentRecord::from_stored(&with_id),
            Err(RecordError::BadId)
        );
        let v1_without_id = stored.replace(r#""v":2"#, r#""v":1"#);
        assert_eq!(
            ConsentRecord::from_stored(&v1_without_id),
            Err(RecordError::BadId)
        );
    }

    #[test]
    fn the_array_form_of_the_same_fields_is_not_a_record() {
        let array = r#"[1,"abababababababababababababababab",3,1700000000000,1731536000000,"custom",["functionality"],["functionality"]]"#;
        assert!(matches!(
            ConsentRecord::from_stored(array),
            Err(RecordError::NotARecord(_))
        ));
    }

    #[test]
    fn consent_id_is_32_lowercase_hex() {
        let id = ConsentId::from_bytes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255]);
        assert_eq!(id.as_str(), "000102030405060708090a0b0c0d0eff");
        assert!(ConsentId::parse(id.as_str()).is_some());
        assert!(ConsentId::parse("000102030405060708090A0B0C0D0EFF").is_none());
        assert!(ConsentId::parse("abc").is_none());
    }

    // --- Per-service choices (svc) ---

    /// Records earlier versions wrote, byte for byte: 0.4.0 (no seq), main's format
    /// before per-service choices (seq, off, optout), and the cookie's reduced form.
    const OLD_FORMATS: [&str; 4] = [
        r#"{"v":1,"id":"abababababababababababababababab","rev":3,"at":1700000000000,"exp":1731536000000,"how":"custom","grant":["functionality"],"chg":["functionality"]}"#,
        r#"{"v":1,"id":"abababababababababababababababab","rev":2,"at":1700000000000,"exp":1731536000000,"how":"accept_all","grant":["performance","functionality","targeting"],"chg":["performance","functionality","targeting"]}"#,
        r#"{"v":1,"id":"abababababababababababababababab","rev":3,"at":1700000000000,"exp":1731536000000,"how":"custom","grant":["performance","statistics"],"chg":["performance"],"seq":4,"off":["performance"],"optout":["statistics"]}"#,
        r#"{"v":2,"rev":3,"at":1699999980000,"exp":1731535980000,"how":"custom","grant":["performance"],"chg":["performance"],"off":["performance"]}"#,
    ];

    #[test]
    fn records_written_before_per_service_choices_grant_exactly_what_they_did() {
        let services = ["ga4", "clarity", "gtm", "youtube"];
        let mut cells = 0;
        for old in OLD_FORMATS {
            let r = ConsentRecord::from_stored(old).expect("old records stay readable");
            assert_eq!(r.services, None, "{old}");
            assert_eq!(r.to_stored(), old, "written back byte for byte");
            for c in Category::ALL {
                for s in services {
                    // Every service follows its category, as before.
                    assert_eq!(r.allows_service(c, s), r.choices.allows(c), "{old} {c} {s}");
                    cells += 1;
                }
            }
        }
        println!("old formats x categories x services covered: {cells}");
    }

    fn with_services(on: &[&str]) -> ConsentRecord {
        let mut r = sample();
        r.choices = Choices::all_of(&[Category::Performance, Category::Functionality]);
        r.services = Some(on.iter().map(|s| (*s).to_owned()).collect());
        r
    }

    #[test]
    fn service_lists_round_trip_in_both_forms_for_every_subset() {
        let ids = ["clarity", "ga4", "gtm"]; // sorted
        let mut cells = 0;
        for mask in 0u8..8 {
            let on: Vec<&str> = (0..3)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| ids[i])
                .collect();
            let r = with_services(&on);
            let stored = r.to_stored();
            assert!(stored.contains(r#""svc":["#), "{stored}");
            assert_eq!(ConsentRecord::from_stored(&stored), Ok(r.clone()));
            let cookie = r.cookie_form();
            assert_eq!(
                ConsentRecord::from_stored(&cookie.to_stored()),
                Ok(cookie.clone())
            );
            for id in ids {
                assert_eq!(
                    r.allows_service(Category::Performance, id),
                    on.contains(&id)
                );
                // A refused category stops every service whatever the list says.
                assert!(!r.allows_service(Category::Targeting, id));
            }
            cells += 1;
        }
        println!("service subsets round-tripped: {cells}");
    }

    #[test]
    fn the_longest_record_still_fits_a_cookie() {
        let mut r = with_services(&[]);
        r.services = Some(
            (0..MAX_SERVICES)
                .map(|i| format!("{}{i:02}", "s".repeat(MAX_SERVICE_ID_LEN - 2)))
                .collect(),
        );
        r.choices = Choices::all_of(&Category::OPTIONAL);
        r.changed = Category::OPTIONAL.to_vec();
        r.offered = Some(Category::ASKED_BY_DEFAULT.to_vec());
        r.opt_out = vec![Category::Statistics, Category::Functionality];
        r.seq = u32::MAX;
        let stored = r.to_stored();
        assert!(stored.len() <= MAX_STORED_LEN, "{} bytes", stored.len());
        assert_eq!(ConsentRecord::from_stored(&stored), Ok(r));
    }

    #[test]
    fn a_damaged_service_list_is_refused_never_read_wider() {
        let good = with_services(&["clarity", "ga4"]).to_stored();
        assert!(good.ends_with(r#","svc":["clarity","ga4"]}"#), "{good}");
        let too_many: Vec<String> = (0..=MAX_SERVICES).map(|i| format!("\"s{i:02}\"")).collect();
        let mutations = [
            good.replace(r#"["clarity","ga4"]"#, r#"["ga4","clarity"]"#),
            good.replace(r#"["clarity","ga4"]"#, r#"["clarity","clarity"]"#),
            good.replace(r#"["clarity","ga4"]"#, r#"["Clarity"]"#),
            good.replace(r#"["clarity","ga4"]"#, r#"["cl arity"]"#),
            good.replace(r#"["clarity","ga4"]"#, r#"["4ga"]"#),
            good.replace(r#"["clarity","ga4"]"#, r#"[""]"#),
            good.replace(r#"["clarity","ga4"]"#, r#"["clarity",4]"#),
            good.replace(r#"["clarity","ga4"]"#, r#""clarity""#),
            good.replace(r#"["clarity","ga4"]"#, r#"null"#),
            good.replace(r#"["clarity","ga4"]"#, &format!("[{}]", too_many.join(","))),
            good.replace(r#"["clarity","ga4"]"#, &format!("[\"{}\"]", "a".repeat(25))),
            good.replace(r#""custom""#, r#""accept_all""#),
            good.replace(
                r#""grant":["performance","functionality"]"#,
                r#""grant":[]"#,
            ),
            good.replace(r#""svc""#, r#""svcOff""#),
        ];
        for bad in &mutations {
            assert_ne!(bad, &good);
            let read = ConsentRecord::from_stored(bad);
            assert!(read.is_err(), "{bad} read as {read:?}");
        }
        println!("service-list mutations refused: {}", mutations.len());
    }

    #[test]
    fn any_byte_change_to_a_record_with_services_off_never_allows_more() {
        let good = with_services(&["ga4"]);
        let stored = good.to_stored();
        // The page's services. (Two ids one byte apart, `video1` and `video2`, could
        // swap places under a one-byte change: one comes on as the other goes off.)
        let ids = ["clarity", "ga4", "gtm", "youtube"];
        let (mut read, mut tried) = (0, 0);
        for i in 0..stored.len() {
            for b in [b'"', b'a', b'z', b'0', b'5', b',', b']', b'[', b' ', b'f'] {
                let mut bytes = stored.clone().into_bytes();
                bytes[i] = b;
                let Ok(text) = String::from_utf8(bytes) else {
                    continue;
                };
                tried += 1;
                let Ok(r) = ConsentRecord::from_stored(&text) else {
                    continue;
                };
                read += 1;
                // A change that still reads may move times or the revision, never what
                // runs: no service or category that was off comes on.
                for c in Category::OPTIONAL {
                    for id in ids {
                        if r.allows_service(c, id) {
                            assert!(good.allows_service(c, id), "{text}: {c} {id}");
                        }
                    }
                }
            }
        }
        println!("one-byte changes tried: {tried}; still read (none wider): {read}");
    }
}
