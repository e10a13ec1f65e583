//! Which stored copy of the choice is in force: the one rule every load, re-read and
//! repair follows. Pure (no web-sys): the store reads the copies and passes them in, in
//! the order it read them, with where each came from and the clock.
//!
//! Who can write a copy decides what it may do:
//! - [`Source::Storage`] (localStorage / sessionStorage) and [`Source::HostCookie`] (the
//!   `__Host-` cookie, or a plain cookie on a host with no parent domain) can only have
//!   been written by this site's own pages.
//! - [`Source::OpenCookie`] (the plain name on a host with a parent domain) can also
//!   have been written by any host under a parent domain: `document.cookie` does not say
//!   which. A sibling host can set it; it must never decide for this host.
//!
//! The rules, in order:
//! 1. A copy dated after `now` is forged or from a broken clock: it never counts (the
//!    banner's own copies are dated when they are made, by the same browser clock).
//! 2. Without a shared cookie domain, only this host's own copies count (web storage
//!    and the host cookie; the newest of them wins). An open cookie that disagrees with
//!    them always loses; it counts only where there is no copy of this host's own and
//!    it grants nothing: that carries a 0.4.0 visitor's "no" over from its old-named
//!    cookie where web storage was lost, and a forger gains nothing by it. (A 0.4.0
//!    visitor's localStorage copy carries any choice over: only this origin can write
//!    it, so it is the authority that tells the visitor's own old cookie from a forged
//!    one of the same name, which `document.cookie` cannot.)
//! 3. With a shared cookie domain (`data-cookie-domain` trusts every host under it), the
//!    open cookie at `Path=/` is the shared copy. Browsers list cookies with longer paths
//!    first (RFC 6265 §5.4), and the banner only ever writes `Path=/`, so only the LAST
//!    open cookie listed can be the shared one; any other (another `Path`, left by
//!    anyone) never counts. The newest of web storage, host cookies and that one wins;
//!    at an equal minute, the one granting less (fewer categories, then one that
//!    switches services off, the fewer left on the better), then web storage.
//!
//! So a decision, which deletes every copy it can reach and writes its own, can never
//! be outranked by a copy that existed before it: an earlier-dated one is older, a
//! future-dated one never counts, and one on another path is never the shared one.

use super::record::{floor_minute, ConsentRecord};
use std::cmp::Reverse;

/// Where a copy was read, by who could have written it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// A cookie of this name that a host under a parent domain may have set.
    OpenCookie,
    /// A cookie only this host can have set.
    HostCookie,
    /// This origin's localStorage or sessionStorage.
    Storage,
}

/// One copy as read: `record` is `None` for a value that is not a valid record (it
/// still takes its place in the cookie order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCopy {
    pub source: Source,
    pub record: Option<ConsentRecord>,
}

/// The record in force among `copies` (in the order read: web storage, then cookies in
/// `document.cookie` order), or `None`. `shared`: a cookie domain is configured.
pub fn in_force(copies: &[StoredCopy], shared: bool, now_ms: u64) -> Option<&ConsentRecord> {
    let current = |copy: &&StoredCopy| {
        copy.record
            .as_ref()
            .is_some_and(|r| r.given_at_ms <= now_ms)
    };
    // Ranking: newest (to the minute: the cookie keeps no more), then granting less
    // (fewer categories, then services switched off: fewer left on), then the more
    // trusted place. Without the services term a sub-site's "Clarity off" made in the
    // same minute as an "Accept all" here lost to this host's own copy, and the repair
    // then wrote the shared cookie over it.
    let rank = |copy: &&StoredCopy| {
        let r = copy.record.as_ref().map_or((0, 0, usize::MAX), |r| {
            (
                floor_minute(r.given_at_ms),
                r.choices.granted().len(),
                r.services.as_ref().map_or(usize::MAX, Vec::len),
            )
        });
        (r.0, Reverse(r.1), Reverse(r.2), copy.source)
    };
    let newest = |source: Source| {
        copies
            .iter()
            .filter(|c| c.source == source)
            .filter(current)
            .max_by_key(rank)
    };
    let chosen = if shared {
        let shared_cookie = copies
            .iter()
            .rfind(|c| c.source == Source::OpenCookie)
            .filter(current);
        [
            newest(Source::Storage),
            newest(Source::HostCookie),
            shared_cookie,
        ]
        .into_iter()
        .flatten()
        .max_by_key(rank)
    } else {
        [newest(Source::Storage), newest(Source::HostCookie)]
            .into_iter()
            .flatten()
            .max_by_key(rank)
            .or_else(|| {
                copies
                    .iter()
                    .filter(|c| c.source == Source::OpenCookie)
                    .filter(current)
                    .filter(|c| {
                        c.record
                            .as_ref()
                            .is_some_and(|r| r.choices.granted().is_empty())
                    })
                    .max_by_key(rank)
            })
    };
    chosen.and_then(|c| c.record.as_ref())
}
