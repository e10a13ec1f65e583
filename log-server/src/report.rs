//! What a DPO reads: records as JSON, exports as CSV, daily stats as a table, and the
//! argument rules shared by the CLI and the admin routes (dates, retention).
//!
//! Owns: output formats and the purge floor. It must never reach the database itself.

use crate::error::Error;
use crate::store::{DayStats, Stored};
use crate::wire::format_time;
use pcc_consent::consent::{DAY_MS, MAX_EXPIRY_DAYS};
use serde_json::{json, Value};

/// A stored record in the banner's own shape, plus where it sits in the chain.
pub fn record_json(s: &Stored) -> Value {
    let r = &s.row;
    let changed: Vec<&str> = r.changed.split(',').filter(|c| !c.is_empty()).collect();
    let mut categories = json!({
        "necessary": true,
        "performance": r.performance == 1,
        "functionality": r.functionality == 1,
        "targeting": r.targeting == 1,
    });
    // `statistics` as the banner sent it: only from a site that uses it.
    if r.statistics == 1 || r.objected.split(' ').any(|c| c == "statistics") {
        categories["statistics"] = json!(r.statistics == 1);
    }
    json!({
        "seq": r.seq,
        "id": r.consent_id,
        "revision": r.revision,
        "givenAt": format_time(r.given_at_ms),
        "expiresAt": format_time(r.expires_at_ms),
        "method": r.method,
        "categories": categories,
        // Per granted category: consented, or only not objected to (PECR Schedule A1
        // paras 5-6); and the opt-out categories the visitor objected to.
        "basis": basis_json(r),
        "changed": changed,
        "page": r.page,
        "decision": if r.decision > 0 { json!(r.decision) } else { Value::Null },
        "noticeHash": if r.notice_hash.is_empty() { Value::Null } else { json!(r.notice_hash) },
        // `{category: {service: granted}}` as the banner sent it; null: not sent.
        "services": serde_json::from_str::<Value>(&r.services).unwrap_or(Value::Null),
        "receivedAt": format_time(r.received_at_ms),
        "hash": s.hash,
    })
}

fn basis_json(r: &crate::chain::Row) -> Value {
    let split = |s: &str| -> Vec<String> {
        s.split(' ')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let not_objected = split(&r.not_objected);
    let mut basis = serde_json::Map::new();
    for (id, on) in [
        ("performance", r.performance),
        ("functionality", r.functionality),
        ("targeting", r.targeting),
        ("statistics", r.statistics),
    ] {
        if on == 1 {
            let how = if not_objected.iter().any(|c| c == id) {
                "not_objected"
            } else {
                "consent"
            };
            basis.insert(id.to_owned(), json!(how));
        }
    }
    for id in split(&r.objected) {
        basis.insert(id, json!("objected"));
    }
    Value::Object(basis)
}

/// An admin-trail event: what, when, and its details.
pub fn event_json(s: &Stored) -> Value {
    let r = &s.row;
    json!({
        "seq": r.seq,
        "kind": r.kind,
        "at": format_time(r.received_at_ms),
        "detail": serde_json::from_str::<Value>(&r.detail).unwrap_or(Value::Null),
        "hash": s.hash,
    })
}

pub fn records_json(records: &[Stored]) -> Value {
    Value::Array(records.iter().map(record_json).collect())
}

const CSV_HEADER: [&str; 20] = [
    "seq",
    "id",
    "revision",
    "given_at",
    "expires_at",
    "method",
    "necessary",
    "performance",
    "functionality",
    "targeting",
    "changed",
    "page",
    "received_at",
    "hash",
    "decision",
    "notice_hash",
    "statistics",
    "not_objected",
    "objected",
    "services",
];

/// The CSV header line.
pub fn csv_header() -> Result<axum::body::Bytes, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    Ok(w.into_inner().map_err(|e| e.into_error())?.into())
}

/// CSV lines for these records (no header): exports stream a page at a time.
pub fn csv_rows(records: &[Stored]) -> Result<axum::body::Bytes, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let yes = |v: i64| if v == 1 { "true" } else { "false" };
    for s in records {
        let r = &s.row;
        w.write_record([
            r.seq.to_string().as_str(),
            &r.consent_id,
            &r.revision.to_string(),
            &format_time(r.given_at_ms),
            &format_time(r.expires_at_ms),
            &r.method,
            "true",
            yes(r.performance),
            yes(r.functionality),
            yes(r.targeting),
            &r.changed.replace(',', " "),
            &r.page,
            &format_time(r.received_at_ms),
            &s.hash,
            &if r.decision > 0 {
                r.decision.to_string()
            } else {
                String::new()
            },
            &r.notice_hash,
            yes(r.statistics),
            &r.not_objected,
            &r.objected,
            &services_cell(&r.services),
        ])?;
    }
    Ok(w.into_inner().map_err(|e| e.into_error())?.into())
}

/// `category:service=on|off`, space-separated (`performance:clarity=off
/// performance:ga4=on`): one cell a spreadsheet filter can search; empty when not sent.
fn services_cell(services: &str) -> String {
    let parsed: std::collections::BTreeMap<String, std::collections::BTreeMap<String, bool>> =
        serde_json::from_str(services).unwrap_or_default();
    let mut cells = Vec::new();
    for (category, choices) in parsed {
        for (service, on) in choices {
            cells.push(format!(
                "{category}:{service}={}",
                if on { "on" } else { "off" }
            ));
        }
    }
    cells.join(" ")
}

/// CSV with a header row; one line per record.
pub fn csv(records: &[Stored]) -> Result<Vec<u8>, Error> {
    let mut out = csv_header()?.to_vec();
    out.extend_from_slice(&csv_rows(records)?);
    Ok(out)
}

/// A fixed-width table of daily counts.
pub fn stats_table(days: &[DayStats]) -> String {
    let mut out = format!(
        "{:<10} {:>7} {:>10} {:>10} {:>7} {:>11} {:>13} {:>9}\n",
        "day",
        "total",
        "accept_all",
        "reject_all",
        "custom",
        "performance",
        "functionality",
        "targeting"
    );
    for d in days {
        out += &format!(
            "{:<10} {:>7} {:>10} {:>10} {:>7} {:>11} {:>13} {:>9}\n",
            d.day,
            d.total,
            d.accept_all,
            d.reject_all,
            d.custom,
            d.performance,
            d.functionality,
            d.targeting
        );
    }
    out
}

/// `YYYY-MM-DD` as ms at 00:00 UTC.
pub fn parse_day(s: &str) -> Result<i64, Error> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis())
        .ok_or_else(|| Error::Invalid(format!("{s}: expected a date as YYYY-MM-DD")))
}

/// `[from, to]` as whole UTC days, inclusive, in ms `[start, end)`.
pub fn day_range(from: &str, to: &str) -> Result<(i64, i64), Error> {
    let (start, end) = (parse_day(from)?, parse_day(to)? + DAY_MS as i64);
    if start >= end {
        return Err(Error::Invalid("--from must not be after --to".into()));
    }
    Ok((start, end))
}

/// The cutoff for `purge --older-than days`. Refuses fewer days than a choice can last:
/// a younger record may still be the visitor's current consent.
pub fn purge_cutoff(days: u32, now_ms: i64) -> Result<i64, Error> {
    if days < MAX_EXPIRY_DAYS {
        return Err(Error::Invalid(format!(
            "--older-than must be at least {MAX_EXPIRY_DAYS} days: a younger record may still be in force"
        )));
    }
    Ok(now_ms - i64::from(days) * DAY_MS as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_ranges_are_inclusive_and_ordered() {
        let (a, b) = day_range("2026-11-01", "2026-11-01").unwrap();
        assert_eq!(b - a, DAY_MS as i64);
        assert!(day_range("2026-11-02", "2026-11-01").is_err());
        assert!(day_range("01/11/2026", "2026-11-01").is_err());
    }

    #[test]
    fn purge_never_reaches_records_that_may_be_in_force() {
        assert!(purge_cutoff(30, 0).is_err());
        assert_eq!(
            purge_cutoff(MAX_EXPIRY_DAYS, 0).unwrap(),
            -(i64::from(MAX_EXPIRY_DAYS) * DAY_MS as i64)
        );
    }
}
