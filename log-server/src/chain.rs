//! The hash chain that makes the log tamper-evident: each stored row's hash covers its
//! content and the previous row's hash, so changing, moving or removing any row breaks
//! a link. [`Verifier`] walks rows in order and names the first broken link exactly.
//!
//! Owns: the canonical forms a row is hashed in and the chain's own rules (purge
//! anchor, purge minimum, checkpoints). It must never change the form of rows already
//! written (v1 rows keep v1; rows using the 0.2 columns are v2, rows using the
//! objection columns are v3, rows with per-service choices are v4), and it does no I/O.

use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fmt;

/// The hash before the first row: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// A consent record's `kind`; the others are events of the admin trail.
pub const CONSENT: &str = "consent";
/// A purge: older rows deleted, the anchor moved to `detail.upto`.
pub const PURGE: &str = "purge";
/// Fewest days a purge may keep (the longest a choice can be in force).
pub const PURGE_MIN_DAYS: i64 = pcc_consent::consent::MAX_EXPIRY_DAYS as i64;
const DAY_MS: i64 = pcc_consent::consent::DAY_MS as i64;

/// A stored row, as the chain sees it (every column but the hashes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    pub seq: i64,
    pub consent_id: String,
    pub revision: i64,
    pub given_at_ms: i64,
    pub expires_at_ms: i64,
    pub method: String,
    pub performance: i64,
    pub functionality: i64,
    pub targeting: i64,
    /// Comma-separated category ids.
    pub changed: String,
    pub page: String,
    pub received_at_ms: i64,
    /// `consent`, or an admin-trail event (`purge`, `admin`, `export`).
    pub kind: String,
    /// The visitor's decision number under this consent id (1, 2, …); 0: not sent.
    pub decision: i64,
    /// SHA-256 (hex) of the notice the visitor was shown; empty: not sent.
    pub notice_hash: String,
    /// An event's details as JSON (who, why, up to which record); empty for consents.
    pub detail: String,
    /// `statistics` granted (1) or not (0). Left out of a v2 row's hashed form.
    #[serde(skip_serializing_if = "is_zero")]
    pub statistics: i64,
    /// Space-separated categories granted because the visitor did not object (PECR
    /// Schedule A1 paras 5-6), not consented to. Left out of a v2 row's form when empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub not_objected: String,
    /// Space-separated categories run until objection that the visitor objected to.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub objected: String,
    /// The per-service choice as canonical JSON (`{"performance":{"clarity":false,
    /// "ga4":true}}`); empty when not sent. Left out of older rows' forms when empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub services: String,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// The v1 form: exactly the columns rows had before `kind` and the rest existed.
#[derive(Serialize)]
struct V1<'a> {
    seq: i64,
    consent_id: &'a str,
    revision: i64,
    given_at_ms: i64,
    expires_at_ms: i64,
    method: &'a str,
    performance: i64,
    functionality: i64,
    targeting: i64,
    changed: &'a str,
    page: &'a str,
    received_at_ms: i64,
}

impl Row {
    /// A v1 row (a consent without the newer fields) hashes as
    /// `sha256("pcc-consent-log v1\n" + prev + "\n" + JSON of the v1 columns)`; any other
    /// row as `sha256("pcc-consent-log v2\n" + prev + "\n" + JSON of every column)`,
    /// where a row that uses the objection columns says `v3` and a row with per-service
    /// choices says `v4` (a v2 row leaves those columns out of its JSON, so rows written
    /// before they existed hash as they always did).
    pub fn hash(&self, prev: &str) -> String {
        let mut h = Sha256::new();
        // A struct's JSON has a fixed field order and escapes every string: unambiguous.
        let json = if self.is_v1() {
            h.update(b"pcc-consent-log v1\n");
            serde_json::to_vec(&V1 {
                seq: self.seq,
                consent_id: &self.consent_id,
                revision: self.revision,
                given_at_ms: self.given_at_ms,
                expires_at_ms: self.expires_at_ms,
                method: &self.method,
                performance: self.performance,
                functionality: self.functionality,
                targeting: self.targeting,
                changed: &self.changed,
                page: &self.page,
                received_at_ms: self.received_at_ms,
            })
        } else if !self.services.is_empty() {
            h.update(b"pcc-consent-log v4\n");
            serde_json::to_vec(self)
        } else if self.uses_objection_columns() {
            h.update(b"pcc-consent-log v3\n");
            serde_json::to_vec(self)
        } else {
            h.update(b"pcc-consent-log v2\n");
            serde_json::to_vec(self)
        };
        h.update(prev.as_bytes());
        h.update(b"\n");
        h.update(json.unwrap_or_default());
        hex(&h.finalize())
    }

    fn is_v1(&self) -> bool {
        self.kind == CONSENT
            && self.decision == 0
            && self.notice_hash.is_empty()
            && self.detail.is_empty()
            && self.services.is_empty()
            && !self.uses_objection_columns()
    }

    fn uses_objection_columns(&self) -> bool {
        self.statistics != 0 || !self.not_objected.is_empty() || !self.objected.is_empty()
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A purge event's details, as stored in its row's `detail`.
#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PurgeDetail {
    /// Who ran it: `cli`, `admin-api`.
    pub by: String,
    pub reason: String,
    pub older_than_days: i64,
    /// Rows received before this were eligible (ms since the epoch).
    pub cutoff_ms: i64,
    /// The last row deleted, and its hash: the new verification anchor.
    pub upto: i64,
    pub upto_hash: String,
    pub deleted: u64,
}

/// What a DPO keeps outside the database: record `#seq` had hash `hash`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
}

/// The first problem found, naming the broken link by sequence numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Break {
    /// Rows from `seq` are missing (deleted), up to the next one present.
    Removed { seq: i64 },
    /// Row `seq`'s content no longer matches its own hash (edited in place).
    Changed { seq: i64 },
    /// The row at `seq` carries a hash made for position `stored_as`: rows were swapped,
    /// reversed, or deleted and the rest renumbered.
    Moved { seq: i64, stored_as: i64 },
    /// Row `seq`'s `prev_hash` was edited; its content is intact.
    PrevHashEdited { seq: i64 },
    /// Rows `seq - 1` and `seq` are each intact but no longer link: one of them was
    /// rewritten with a freshly computed hash.
    Relinked { seq: i64 },
    /// Row `seq`'s column cannot be read as its type (edited to another type).
    Unreadable { seq: i64, column: String },
    /// The first row does not link to the purge anchor (chain_head.base_*).
    Anchor,
    /// The purge anchor was moved without a purge record saying so.
    PurgeUnrecorded { base_seq: i64 },
    /// Purge record `seq` removed rows younger than the purge minimum.
    PurgeTooSoon { seq: i64 },
    /// chain_head says the newest record is `head_seq` but the rows end at `last`.
    Head { head_seq: i64, last: i64 },
    /// The kept checkpoint does not match: the chain was cut or rebuilt from `seq`.
    Checkpoint { seq: i64, found: String },
}

impl fmt::Display for Break {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Break::Removed { seq } => write!(f, "record #{seq} was removed"),
            Break::Changed { seq } => write!(f, "record #{seq} was changed"),
            Break::Moved { seq, stored_as } => write!(
                f,
                "record #{seq} holds the record stored as #{stored_as} (rows swapped, \
                 reversed, or deleted and renumbered); first broken link #{} -> #{seq}",
                seq - 1
            ),
            Break::PrevHashEdited { seq } => write!(
                f,
                "record #{seq}'s prev_hash was edited (its content is intact); \
                 first broken link #{} -> #{seq}",
                seq - 1
            ),
            Break::Relinked { seq } => write!(
                f,
                "records #{} and #{seq} no longer link: one was rewritten with a new hash; \
                 first broken link #{} -> #{seq}",
                seq - 1,
                seq - 1
            ),
            Break::Unreadable { seq, column } => write!(
                f,
                "record #{seq}: column {column} was changed to another type"
            ),
            Break::Anchor => {
                f.write_str("the purge anchor (chain_head base) does not match the oldest record")
            }
            Break::PurgeUnrecorded { base_seq } => write!(
                f,
                "records up to #{base_seq} were removed without a purge record"
            ),
            Break::PurgeTooSoon { seq } => write!(
                f,
                "purge record #{seq} removed records younger than {PURGE_MIN_DAYS} days"
            ),
            Break::Head { head_seq, last } if head_seq == last => write!(
                f,
                "the chain head (chain_head) was edited: it does not match record #{last}"
            ),
            Break::Head { head_seq, last } => write!(
                f,
                "the chain head (chain_head) says #{head_seq} but the records end at #{last}"
            ),
            Break::Checkpoint { seq, found } => write!(
                f,
                "checkpoint record #{seq} does not match ({found}): the chain was cut or rebuilt"
            ),
        }
    }
}

/// Checks rows fed in `seq` order, from the purge anchor (`base_seq`, `base_hash`) to the
/// recorded head.
pub struct Verifier {
    base_seq: i64,
    base_hash: String,
    legacy_base_seq: i64,
    /// Highest position a moved row may have come from (for naming it).
    head_seq: i64,
    next_seq: i64,
    prev_hash: String,
    checked: u64,
    consents: u64,
    last_purge: Option<PurgeDetail>,
    checkpoint: Option<(Checkpoint, bool)>,
    broken: Option<Break>,
}

impl Verifier {
    pub fn new(base_seq: i64, base_hash: &str, head_seq: i64) -> Verifier {
        Verifier {
            base_seq,
            base_hash: base_hash.to_owned(),
            legacy_base_seq: 0,
            head_seq,
            next_seq: base_seq + 1,
            prev_hash: base_hash.to_owned(),
            checked: 0,
            consents: 0,
            last_purge: None,
            checkpoint: None,
            broken: None,
        }
    }

    /// The anchor left by purges made before purge records existed (0: none): accepted
    /// without a purge record.
    pub fn legacy_base(&mut self, seq: i64) {
        self.legacy_base_seq = seq;
    }

    /// Also check that record `#seq` has `hash` (a checkpoint kept outside the database).
    pub fn expect(&mut self, checkpoint: Checkpoint) {
        self.checkpoint = Some((checkpoint, false));
    }

    /// Stops at a row that could not be read.
    pub fn unreadable(&mut self, seq: i64, column: &str) {
        if self.broken.is_none() {
            self.broken = Some(Break::Unreadable {
                seq,
                column: column.to_owned(),
            });
        }
    }

    /// Feeds the next row with its stored `prev_hash` and `hash`. Returns false once broken.
    pub fn push(&mut self, row: &Row, stored_prev: &str, stored_hash: &str) -> bool {
        if self.broken.is_some() {
            return false;
        }
        self.broken = self.check(row, stored_prev, stored_hash);
        if self.broken.is_none() {
            if let Some((c, seen)) = &mut self.checkpoint {
                if c.seq == row.seq {
                    if c.hash != stored_hash {
                        self.broken = Some(Break::Checkpoint {
                            seq: c.seq,
                            found: format!("its hash is now {stored_hash}"),
                        });
                        return false;
                    }
                    *seen = true;
                }
            }
            self.prev_hash = stored_hash.to_owned();
            self.next_seq += 1;
            self.checked += 1;
            if row.kind == CONSENT {
                self.consents += 1;
            }
        }
        self.broken.is_none()
    }

    fn check(&mut self, row: &Row, stored_prev: &str, stored_hash: &str) -> Option<Break> {
        let seq = self.next_seq;
        if row.seq > seq {
            return Some(Break::Removed { seq });
        }
        let intact = row.hash(stored_prev) == stored_hash;
        if !intact {
            // Made for another position? (swapped, reversed, renumbered)
            let mut moved = row.clone();
            for pos in (self.base_seq + 1..=self.head_seq.max(seq + 1000)).filter(|&p| p != seq) {
                moved.seq = pos;
                if moved.hash(stored_prev) == stored_hash {
                    return Some(Break::Moved {
                        seq,
                        stored_as: pos,
                    });
                }
            }
            if row.hash(&self.prev_hash) == stored_hash {
                return Some(Break::PrevHashEdited { seq });
            }
            return Some(Break::Changed { seq });
        }
        if stored_prev != self.prev_hash {
            return Some(if self.checked == 0 {
                Break::Anchor
            } else {
                Break::Relinked { seq }
            });
        }
        if row.kind == PURGE {
            let Ok(p) = serde_json::from_str::<PurgeDetail>(&row.detail) else {
                return Some(Break::Changed { seq });
            };
            if p.cutoff_ms > row.received_at_ms - PURGE_MIN_DAYS * DAY_MS {
                return Some(Break::PurgeTooSoon { seq });
            }
            self.last_purge = Some(p);
        }
        None
    }

    /// The verdict, given the head the chain_head table records: the number of consent
    /// records checked.
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<u64, Break> {
        if let Some(b) = self.broken {
            return Err(b);
        }
        let last = self.next_seq - 1;
        if self.base_seq > 0 {
            let recorded = self
                .last_purge
                .as_ref()
                .is_some_and(|p| p.upto == self.base_seq && p.upto_hash == self.base_hash);
            if !recorded && self.base_seq != self.legacy_base_seq {
                return Err(Break::PurgeUnrecorded {
                    base_seq: self.base_seq,
                });
            }
        }
        if let Some((c, seen)) = &self.checkpoint {
            if !seen && c.seq > self.base_seq {
                return Err(Break::Checkpoint {
                    seq: c.seq,
                    found: format!("the records end at #{last}"),
                });
            }
        }
        if last < head_seq {
            return Err(Break::Removed { seq: self.next_seq });
        }
        if last > head_seq || self.prev_hash != head_hash {
            return Err(Break::Head { head_seq, last });
        }
        Ok(self.consents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(seq: i64) -> Row {
        Row {
            seq,
            consent_id: format!("{seq:032x}"),
            revision: 1,
            given_at_ms: 1_000 * seq,
            expires_at_ms: 2_000 * seq,
            method: "reject_all".into(),
            performance: 0,
            functionality: 0,
            targeting: 0,
            changed: String::new(),
            page: "https://pcc.example/".into(),
            received_at_ms: 5,
            kind: CONSENT.into(),
            decision: 0,
            notice_hash: String::new(),
            detail: String::new(),
            statistics: 0,
            not_objected: String::new(),
            objected: String::new(),
            services: String::new(),
        }
    }

    /// (row, prev, hash) for rows 1..=n.
    fn chain(n: i64) -> Vec<(Row, String, String)> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|s| {
                let r = row(s);
                let h = r.hash(&prev);
                let out = (r, prev.clone(), h.clone());
                prev = h;
                out
            })
            .collect()
    }

    fn verify(rows: &[(Row, String, String)], head: i64, head_hash: &str) -> Result<u64, Break> {
        let mut v = Verifier::new(0, GENESIS, head);
        for (r, p, h) in rows {
            v.push(r, p, h);
        }
        v.finish(head, head_hash)
    }

    #[test]
    fn v1_rows_keep_their_hash() {
        // Rows written before the v2 columns existed hash exactly as they did then.
        let v1 = format!(
            "pcc-consent-log v1\n{GENESIS}\n{{\"seq\":1,\"consent_id\":\"{:032x}\",\"revision\":1,\
             \"given_at_ms\":1000,\"expires_at_ms\":2000,\"method\":\"reject_all\",\"performance\":0,\
             \"functionality\":0,\"targeting\":0,\"changed\":\"\",\"page\":\"https://pcc.example/\",\
             \"received_at_ms\":5}}",
            1
        );
        assert_eq!(row(1).hash(GENESIS), hex(&Sha256::digest(v1.as_bytes())));
        let mut v2 = row(1);
        v2.decision = 1;
        assert_ne!(v2.hash(GENESIS), row(1).hash(GENESIS));
    }

    #[test]
    fn rows_without_services_keep_their_form_and_rows_with_them_are_v4() {
        // A v3 row (objection columns) hashes over exactly the JSON it did before the
        // services column existed: no `services` key in it.
        let mut v3 = row(1);
        v3.statistics = 1;
        v3.not_objected = "statistics".into();
        let json = serde_json::to_string(&v3).unwrap();
        assert!(!json.contains("services"), "{json}");
        let want = format!("pcc-consent-log v3\n{GENESIS}\n{json}");
        assert_eq!(v3.hash(GENESIS), hex(&Sha256::digest(want.as_bytes())));
        // With a per-service choice: v4, over the JSON that includes it, so editing the
        // choice alone breaks the row's hash.
        let mut v4 = row(1);
        v4.performance = 1;
        v4.services = r#"{"performance":{"clarity":false,"ga4":true}}"#.into();
        let json = serde_json::to_string(&v4).unwrap();
        let want = format!("pcc-consent-log v4\n{GENESIS}\n{json}");
        assert_eq!(v4.hash(GENESIS), hex(&Sha256::digest(want.as_bytes())));
        let mut edited = v4.clone();
        edited.services = r#"{"performance":{"clarity":true,"ga4":true}}"#.into();
        assert_ne!(edited.hash(GENESIS), v4.hash(GENESIS));
    }

    #[test]
    fn purges_must_be_recorded_and_keep_the_minimum() {
        let c = chain(4);
        let purge = |cutoff_ms: i64, upto_hash: &str| {
            let mut p = row(5);
            p.kind = PURGE.into();
            p.consent_id = "purge#5".into();
            p.received_at_ms = 400 * DAY_MS;
            p.detail = serde_json::to_string(&PurgeDetail {
                by: "cli".into(),
                reason: String::new(),
                older_than_days: 395,
                cutoff_ms,
                upto: 2,
                upto_hash: upto_hash.into(),
                deleted: 2,
            })
            .unwrap();
            let h = p.hash(&c[3].2);
            (p, c[3].2.clone(), h)
        };
        let run = |p: &(Row, String, String), legacy: i64| {
            let mut v = Verifier::new(2, &c[1].2, 5);
            v.legacy_base(legacy);
            v.push(&c[2].0, &c[2].1, &c[2].2);
            v.push(&c[3].0, &c[3].1, &c[3].2);
            v.push(&p.0, &p.1, &p.2);
            v.finish(5, &p.2)
        };
        let ok = purge(5 * DAY_MS, &c[1].2);
        assert_eq!(run(&ok, 0), Ok(2));
        let too_soon = purge(10 * DAY_MS, &c[1].2);
        assert_eq!(run(&too_soon, 0), Err(Break::PurgeTooSoon { seq: 5 }));
        let elsewhere = purge(5 * DAY_MS, &c[0].2);
        assert_eq!(
            run(&elsewhere, 0),
            Err(Break::PurgeUnrecorded { base_seq: 2 })
        );
        // An anchor left by a purge before purge records existed.
        assert_eq!(run(&elsewhere, 2), Ok(2));
    }

    #[test]
    fn an_intact_chain_verifies() {
        let c = chain(4);
        assert_eq!(verify(&c, 4, &c[3].2), Ok(4));
        assert_eq!(verify(&[], 0, GENESIS), Ok(0));
    }

    #[test]
    fn edits_and_removals_name_the_link() {
        let c = chain(4);
        let head = c[3].2.clone();
        let mut edited = c.clone();
        edited[1].0.method = "accept_all".into();
        assert_eq!(verify(&edited, 4, &head), Err(Break::Changed { seq: 2 }));
        // Rewritten with a fresh hash: the link to the next row gives it away.
        edited[1].2 = edited[1].0.hash(&edited[1].1);
        assert_eq!(verify(&edited, 4, &head), Err(Break::Relinked { seq: 3 }));
        let mut removed = c.clone();
        removed.remove(2);
        assert_eq!(verify(&removed, 4, &head), Err(Break::Removed { seq: 3 }));
        assert_eq!(verify(&c[..3], 4, &head), Err(Break::Removed { seq: 4 }));
        let mut last = c.clone();
        last[3].0.targeting = 1;
        last[3].2 = last[3].0.hash(&last[3].1);
        assert_eq!(
            verify(&last, 4, &head),
            Err(Break::Head {
                head_seq: 4,
                last: 4
            })
        );
        let mut prev = c.clone();
        prev[2].1 = "f".repeat(64);
        assert_eq!(
            verify(&prev, 4, &head),
            Err(Break::PrevHashEdited { seq: 3 })
        );
        let mut swapped = c.clone();
        swapped.swap(1, 2);
        swapped[1].0.seq = 2;
        swapped[2].0.seq = 3;
        assert_eq!(
            verify(&swapped, 4, &head),
            Err(Break::Moved {
                seq: 2,
                stored_as: 3
            })
        );
    }
}
