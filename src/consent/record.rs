//! The consent record: what a visitor decided, when, how, and under which revision —
//! the evidence a site keeps — and its compact stored form.
//!
//! Parsing is strict on purpose: anything that is not exactly a record this version
//! wrote is refused with a reason, and the caller treats it as "no valid consent".
//! A damaged value can therefore only ever narrow consent, never widen it.

use super::category::{Category, Choices};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The stored format's version. A record with another number is not read.
pub const SCHEMA_VERSION: u32 = 1;
/// Longest stored value we read; real records are about 200 bytes.
pub const MAX_STORED_LEN: usize = 1024;
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
    pub id: ConsentId,
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
    BadTimes,
    Inconsistent,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::TooLong(n) => write!(f, "it is {n} bytes long (at most {MAX_STORED_LEN})"),
            RecordError::NotARecord(why) => write!(f, "it is not a consent record ({why})"),
            RecordError::UnsupportedSchema(v) => {
                write!(f, "its schema version {v} is not {SCHEMA_VERSION}")
            }
            RecordError::BadId => f.write_str("its consent id is malformed"),
            RecordError::UnknownCategory(c) => write!(f, "it names an unknown category \"{c}\""),
            RecordError::NecessaryListed => {
                f.write_str("it lists \"necessary\" as a choice, which it never is")
            }
            RecordError::RepeatedCategory(c) => write!(f, "it lists {c} twice"),
            RecordError::BadTimes => f.write_str("its given/expiry times are impossible"),
            RecordError::Inconsistent => f.write_str("its method contradicts its choices"),
        }
    }
}

/// The stored shape: short keys keep the cookie small. Written in this order, which is
/// also the order 0.3.0 (miniserde) wrote, so stored values read the same across the
/// upgrade. Unknown fields are refused: a value this version did not write is not read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredRecord {
    v: u32,
    id: String,
    rev: u32,
    at: u64,
    exp: u64,
    how: String,
    grant: Vec<String>,
    chg: Vec<String>,
}

impl ConsentRecord {
    /// The record's stored shape (what web storage keeps, through gloo-storage).
    pub fn stored(&self) -> StoredRecord {
        let ids = |cats: &[Category]| cats.iter().map(|c| c.id().to_owned()).collect();
        StoredRecord {
            v: SCHEMA_VERSION,
            id: self.id.as_str().to_owned(),
            rev: self.revision,
            at: self.given_at_ms,
            exp: self.expires_at_ms,
            how: self.method.id().to_owned(),
            grant: ids(&self.choices.granted()),
            chg: ids(&self.changed),
        }
    }

    /// The compact JSON stored in the cookie and in web storage.
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
        if self.v != SCHEMA_VERSION {
            return Err(RecordError::UnsupportedSchema(self.v));
        }
        let how = Method::from_id(&self.how)
            .ok_or_else(|| RecordError::NotARecord(format!("unknown method \"{}\"", self.how)))?;
        let id = ConsentId::parse(&self.id).ok_or(RecordError::BadId)?;
        let granted = parse_categories(&self.grant)?;
        let changed = parse_categories(&self.chg)?;
        let (at, exp) = (self.at, self.exp);
        if exp <= at || exp - at > u64::from(MAX_EXPIRY_DAYS) * DAY_MS {
            return Err(RecordError::BadTimes);
        }
        if how == Method::RejectAll && !granted.is_empty() {
            return Err(RecordError::Inconsistent);
        }
        Ok(ConsentRecord {
            id,
            revision: self.rev,
            given_at_ms: at,
            expires_at_ms: exp,
            method: how,
            choices: Choices::all_of(&granted),
            changed,
        })
    }
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
            id: ConsentId::from_bytes([0xab; 16]),
            revision: 3,
            given_at_ms: 1_700_000_000_000,
            expires_at_ms: 1_700_000_000_000 + 365 * DAY_MS,
            method: Method::Custom,
            choices: Choices::none().with(Category::Functionality, true),
            changed: vec![Category::Functionality],
        }
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
}
