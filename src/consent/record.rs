//! The consent record: what a visitor decided, when, how, and under which revision —
//! the evidence a site keeps — and its compact stored form.
//!
//! Parsing is strict on purpose: anything that is not exactly a record this version
//! wrote is refused with a reason, and the caller treats it as "no valid consent".
//! A damaged value can therefore only ever narrow consent, never widen it.

use super::category::{Category, Choices};
use crate::json::{self, Value};
use miniserde::Serialize;
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
            RecordError::UnknownCategory(c) => write!(f, "it names an unknown category {c:?}"),
            RecordError::NecessaryListed => {
                f.write_str("it lists \"necessary\" as a choice, which it never is")
            }
            RecordError::RepeatedCategory(c) => write!(f, "it lists {c} twice"),
            RecordError::BadTimes => f.write_str("its given/expiry times are impossible"),
            RecordError::Inconsistent => f.write_str("its method contradicts its choices"),
        }
    }
}

/// The stored shape: short keys keep the cookie small. Written in this order.
#[derive(Serialize)]
struct Stored {
    v: u32,
    id: String,
    rev: u32,
    at: u64,
    exp: u64,
    how: &'static str,
    grant: Vec<String>,
    chg: Vec<String>,
}

const STORED_KEYS: [&str; 8] = ["v", "id", "rev", "at", "exp", "how", "grant", "chg"];

impl ConsentRecord {
    /// The compact JSON stored in the cookie and in web storage.
    pub fn to_stored(&self) -> String {
        let ids = |cats: &[Category]| cats.iter().map(|c| c.id().to_owned()).collect();
        let stored = Stored {
            v: SCHEMA_VERSION,
            id: self.id.as_str().to_owned(),
            rev: self.revision,
            at: self.given_at_ms,
            exp: self.expires_at_ms,
            how: self.method.id(),
            grant: ids(&self.choices.granted()),
            chg: ids(&self.changed),
        };
        miniserde::json::to_string(&stored)
    }

    /// Reads a stored value, refusing anything this version did not write.
    pub fn from_stored(raw: &str) -> Result<ConsentRecord, RecordError> {
        if raw.len() > MAX_STORED_LEN {
            return Err(RecordError::TooLong(raw.len()));
        }
        let not_a_record = |why: &str| RecordError::NotARecord(why.to_owned());
        let value = json::parse(raw).ok_or_else(|| not_a_record("not JSON"))?;
        let Value::Object(object) = &value else {
            return Err(not_a_record("not a JSON object"));
        };
        // Read the schema version first so a future record gets the right message.
        match json::get(&value, "v").and_then(json::as_u64) {
            Some(v) if v != u64::from(SCHEMA_VERSION) => {
                return Err(RecordError::UnsupportedSchema(
                    u32::try_from(v).unwrap_or(u32::MAX),
                ))
            }
            _ => {}
        }
        if let Some(key) = object.keys().find(|k| !STORED_KEYS.contains(&k.as_str())) {
            return Err(RecordError::NotARecord(format!("unknown field {key:?}")));
        }
        let field = |key: &'static str| {
            json::get(&value, key).ok_or_else(|| RecordError::NotARecord(format!("no {key:?}")))
        };
        // Built only on failure: a valid record allocates no messages.
        let wrong = |key: &str| RecordError::NotARecord(format!("{key:?} has the wrong type"));
        let number =
            |key: &'static str| field(key).and_then(|v| json::as_u64(v).ok_or_else(|| wrong(key)));
        let small =
            |key: &'static str| number(key).and_then(|n| u32::try_from(n).map_err(|_| wrong(key)));
        let string =
            |key: &'static str| field(key).and_then(|v| json::as_str(v).ok_or_else(|| wrong(key)));
        let list = |key: &'static str| -> Result<Vec<&str>, RecordError> {
            match field(key)? {
                Value::Array(items) => items
                    .iter()
                    .map(|i| json::as_str(i).ok_or_else(|| wrong(key)))
                    .collect(),
                _ => Err(wrong(key)),
            }
        };
        small("v")?;
        let how = Method::from_id(string("how")?).ok_or_else(|| wrong("how"))?;
        let (id, rev, at, exp) = (string("id")?, small("rev")?, number("at")?, number("exp")?);
        let (grant, chg) = (list("grant")?, list("chg")?);
        let id = ConsentId::parse(id).ok_or(RecordError::BadId)?;
        let granted = parse_categories(&grant)?;
        let changed = parse_categories(&chg)?;
        if exp <= at || exp - at > u64::from(MAX_EXPIRY_DAYS) * DAY_MS {
            return Err(RecordError::BadTimes);
        }
        if how == Method::RejectAll && !granted.is_empty() {
            return Err(RecordError::Inconsistent);
        }
        Ok(ConsentRecord {
            id,
            revision: rev,
            given_at_ms: at,
            expires_at_ms: exp,
            method: how,
            choices: Choices::all_of(&granted),
            changed,
        })
    }
}

fn parse_categories(ids: &[&str]) -> Result<Vec<Category>, RecordError> {
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
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
    fn consent_id_is_32_lowercase_hex() {
        let id = ConsentId::from_bytes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255]);
        assert_eq!(id.as_str(), "000102030405060708090a0b0c0d0eff");
        assert!(ConsentId::parse(id.as_str()).is_some());
        assert!(ConsentId::parse("000102030405060708090A0B0C0D0EFF").is_none());
        assert!(ConsentId::parse("abc").is_none());
    }
}
