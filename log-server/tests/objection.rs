//! PECR Schedule A1 paras 5-6 (issue 28): the log keeps "did not object" apart from
//! "consented", stores `statistics` and the objections, exports them, keeps the chain
//! verifiable, and still takes every record a banner older than 0.7.0 sends. Each test
//! runs on SQLite and PostgreSQL.

mod common;

use common::*;
use serde_json::{json, Value};

both!(
    not_objected_is_stored_apart_from_consented,
    an_objection_is_stored_and_exported,
    records_without_statistics_are_stored_as_before,
    impossible_objection_records_are_refused,
);

/// What a 0.7.0 banner on a site with `statistics` sends: performance consented (or
/// not), statistics not objected to (or objected).
fn statistics_body(n: u64, performance: bool, statistics: bool) -> Value {
    let t = now_ms() + n as i64;
    let mut b = body(&id(n), "custom", t);
    b["record"]["categories"]["performance"] = json!(performance);
    b["record"]["categories"]["statistics"] = json!(statistics);
    b["record"]["optOut"] = json!(["statistics"]);
    b
}

async fn not_objected_is_stored_apart_from_consented(db: Db) {
    let s = serve(db.store().await, config()).await;
    assert_eq!(s.post(&statistics_body(1, true, true)).await.0, 204);
    let found = s.store.find(&id(1)).await.unwrap();
    assert_eq!(found.len(), 1);
    let row = &found[0].row;
    assert_eq!((row.performance, row.statistics), (1, 1));
    assert_eq!(row.not_objected, "statistics");
    assert_eq!(row.objected, "");
    let shown = pcc_consent_log::report::record_json(&found[0]);
    assert_eq!(shown["categories"]["statistics"], json!(true));
    assert_eq!(
        shown["basis"],
        json!({"performance": "consent", "statistics": "not_objected"})
    );
    assert_eq!(s.store.verify().await.unwrap(), Ok(1));
}

async fn an_objection_is_stored_and_exported(db: Db) {
    let s = serve(db.store().await, config()).await;
    let mut reject = statistics_body(2, false, false);
    reject["record"]["method"] = json!("reject_all");
    reject["record"]["changed"] = json!(["statistics"]);
    assert_eq!(s.post(&reject).await.0, 204);
    let found = s.store.find(&id(2)).await.unwrap();
    let row = &found[0].row;
    assert_eq!((row.statistics, row.objected.as_str()), (0, "statistics"));
    let shown = pcc_consent_log::report::record_json(&found[0]);
    assert_eq!(shown["categories"]["statistics"], json!(false));
    assert_eq!(shown["basis"], json!({"statistics": "objected"}));
    let csv = String::from_utf8(pcc_consent_log::report::csv(&found).unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].ends_with(",notice_hash,statistics,not_objected,objected,services"),
        "{}",
        lines[0]
    );
    // No per-service choice: the last cell is empty.
    assert!(lines[1].ends_with(",false,,statistics,"), "{}", lines[1]);
    assert_eq!(s.store.verify().await.unwrap(), Ok(1));
}

async fn records_without_statistics_are_stored_as_before(db: Db) {
    let s = serve(db.store().await, config()).await;
    assert_eq!(s.post(&body(&id(3), "accept_all", now_ms())).await.0, 204);
    let found = s.store.find(&id(3)).await.unwrap();
    let row = &found[0].row;
    assert_eq!(
        (
            row.statistics,
            row.not_objected.as_str(),
            row.objected.as_str()
        ),
        (0, "", "")
    );
    let shown = pcc_consent_log::report::record_json(&found[0]);
    assert_eq!(
        shown["categories"],
        json!({"necessary": true, "performance": true, "functionality": true, "targeting": true}),
        "no statistics key for a site that does not use it"
    );
    assert_eq!(shown["basis"]["performance"], json!("consent"));
    assert_eq!(s.store.verify().await.unwrap(), Ok(1));
}

async fn impossible_objection_records_are_refused(db: Db) {
    let s = serve(db.store().await, config()).await;
    // Targeting never runs until objection.
    let mut b = statistics_body(4, true, true);
    b["record"]["optOut"] = json!(["statistics", "targeting"]);
    let (code, text) = s.post(&b).await;
    assert_eq!(code, 400, "{text}");
    assert!(
        text.contains("targeting never runs until objection"),
        "{text}"
    );
    // Statistics without saying it ran until objection.
    let mut b = statistics_body(5, true, true);
    b["record"].as_object_mut().unwrap().remove("optOut");
    assert_eq!(s.post(&b).await.0, 400);
    // An unknown wire field is still refused.
    let mut b = statistics_body(6, true, true);
    b["record"]["consentedTo"] = json!(["statistics"]);
    assert_eq!(s.post(&b).await.0, 400);
    assert_eq!(s.store.count().await.unwrap(), 0);
}
