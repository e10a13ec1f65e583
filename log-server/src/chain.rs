//! The hash chain that makes the log tamper-evident: each stored row's hash covers its
//! content and the previous row's hash, so changing or removing any row breaks every
//! link after it. [`Verifier`] walks rows in order and names the first broken one.
//!
//! Owns: the canonical form a row is hashed in. It must never change for rows already
//! written (a new form needs a new `v` prefix), and it does no I/O.

use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fmt;

/// The hash before the first row: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

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
}

impl Row {
    /// `sha256("pcc-consent-log v1\n" + prev + "\n" + JSON of the row)`, in hex.
    pub fn hash(&self, prev: &str) -> String {
        let mut h = Sha256::new();
        h.update(b"pcc-consent-log v1\n");
        h.update(prev.as_bytes());
        h.update(b"\n");
        // A struct's JSON has a fixed field order and escapes every string: unambiguous.
        h.update(serde_json::to_vec(self).unwrap_or_default());
        hex(&h.finalize())
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The first problem found, naming the row by its sequence number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Break {
    /// Row `seq` is missing (deleted), along with any rows up to the next one present.
    Removed { seq: i64 },
    /// Row `seq` no longer has the content it was stored with.
    Changed { seq: i64 },
    /// The chain's head or purge anchor was edited.
    Anchor,
}

impl fmt::Display for Break {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Break::Removed { seq } => write!(f, "record #{seq} was removed"),
            Break::Changed { seq } => write!(f, "record #{seq} was changed"),
            Break::Anchor => f.write_str("the chain head (chain_head table) was changed"),
        }
    }
}

/// Checks rows fed in `seq` order, from the purge anchor (`base_seq`, `base_hash`) to the
/// recorded head.
pub struct Verifier {
    next_seq: i64,
    prev_hash: String,
    checked: u64,
    broken: Option<Break>,
}

impl Verifier {
    pub fn new(base_seq: i64, base_hash: &str) -> Verifier {
        Verifier {
            next_seq: base_seq + 1,
            prev_hash: base_hash.to_owned(),
            checked: 0,
            broken: None,
        }
    }

    /// Feeds the next row with its stored `prev_hash` and `hash`. Returns false once broken.
    pub fn push(&mut self, row: &Row, stored_prev: &str, stored_hash: &str) -> bool {
        if self.broken.is_some() {
            return false;
        }
        self.broken = if row.seq != self.next_seq {
            Some(Break::Removed { seq: self.next_seq })
        } else if stored_prev != self.prev_hash {
            // The link this row recorded no longer matches the row before it: that row
            // (or the anchor, for the first row) was rewritten, hash and all.
            Some(if row.seq > self.first_seq() {
                Break::Changed { seq: row.seq - 1 }
            } else {
                Break::Anchor
            })
        } else if row.hash(stored_prev) != stored_hash {
            Some(Break::Changed { seq: row.seq })
        } else {
            None
        };
        if self.broken.is_none() {
            self.prev_hash = stored_hash.to_owned();
            self.next_seq += 1;
            self.checked += 1;
        }
        self.broken.is_none()
    }

    fn first_seq(&self) -> i64 {
        self.next_seq - self.checked as i64
    }

    /// The verdict, given the head the chain_head table records.
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<u64, Break> {
        if let Some(b) = self.broken {
            return Err(b);
        }
        let last = self.next_seq - 1;
        if last < head_seq {
            return Err(Break::Removed { seq: self.next_seq });
        }
        if last > head_seq || self.prev_hash != head_hash {
            // Either the head was edited, or the last row was rewritten hash and all.
            return Err(if self.checked > 0 && last == head_seq {
                Break::Changed { seq: last }
            } else {
                Break::Anchor
            });
        }
        Ok(self.checked)
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
        let mut v = Verifier::new(0, GENESIS);
        for (r, p, h) in rows {
            v.push(r, p, h);
        }
        v.finish(head, head_hash)
    }

    #[test]
    fn an_intact_chain_verifies() {
        let c = chain(4);
        assert_eq!(verify(&c, 4, &c[3].2), Ok(4));
        assert_eq!(verify(&[], 0, GENESIS), Ok(0));
    }

    #[test]
    fn edits_and_removals_name_the_row() {
        let c = chain(4);
        let head = c[3].2.clone();
        let mut edited = c.clone();
        edited[1].0.method = "accept_all".into();
        assert_eq!(verify(&edited, 4, &head), Err(Break::Changed { seq: 2 }));
        // Rewritten with a fresh hash: the next row's link gives it away.
        edited[1].2 = edited[1].0.hash(&edited[1].1);
        assert_eq!(verify(&edited, 4, &head), Err(Break::Changed { seq: 2 }));
        let mut removed = c.clone();
        removed.remove(2);
        assert_eq!(verify(&removed, 4, &head), Err(Break::Removed { seq: 3 }));
        assert_eq!(verify(&c[..3], 4, &head), Err(Break::Removed { seq: 4 }));
        let mut last = c.clone();
        last[3].0.targeting = 1;
        last[3].2 = last[3].0.hash(&last[3].1);
        assert_eq!(verify(&last, 4, &head), Err(Break::Changed { seq: 4 }));
    }
}
