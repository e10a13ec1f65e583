//! Per-service choices (issue 31): the log stores which services inside a category the
//! visitor allowed, shows and exports them, keeps the chain verifiable (a changed choice
//! is named by `verify`), refuses every shape the banner cannot send, and still takes
//! records without them exactly as before. Each test runs on SQLite and PostgreSQL.

mod common;

use common::*;
use pcc_consent_log::chain::Break;
use serde_json::{json, Value};

both!(
    every_service_choice_the_banner_can_send_is_kept,
    impossible_service_choices_are_refused,
    editing_a_stored_service_choice_is_detected,
);

/// A malformed post: its name, the edit that makes it, and what the 400 must say.
type Case = (&'static str, Box<dyn Fn(&mut Value)>, &'static str);

const SERVICES: [&str; 3] = ["ga4", "clarity", "gtm"];

/// A `custom` record with `performance` as given and its three services' choices.
fn services_body(n: u64, performance: bool, on: [bool; 3]) -> Value {
    let mut b = body(&id(n), "custom", now_ms() + n as i64);
    b["record"]["categories"]["performance"] = json!(performance);
    let choices: serde_json::Map<String, Value> = SERVICES
        .iter()
        .zip(on)
        .map(|(s, on)| (s.to_string(), json!(on)))
        .collect();
    b["record"]["services"] = json!({ "performance": choices });
    b
}

/// Every combination of the category and its three services: those the banner can
/// send (no service granted inside a refused category) are stored as sent; the others
/// are refused with a 400 and nothing stored.
async fn every_service_choice_the_banner_can_send_is_kept(db: Db) {
    let s = serve(db.store().await, config()).await;
    let (mut kept, mut refused) = (0u64, 0u64);
    for n in 0..16u64 {
        let performance = n & 8 != 0;
        let on = [n & 1 != 0, n & 2 != 0, n & 4 != 0];
        let (code, text) = s.post(&services_body(n + 1, performance, on)).await;
        let possible = performance || on.iter().all(|o| !o);
        if !possible {
            assert_eq!(code, 400, "cell {n}: {text}");
            assert!(text.contains("is granted but performance is not"), "{text}");
            assert!(s.store.find(&id(n + 1)).await.unwrap().is_empty());
            refused += 1;
            continue;
        }
        assert_eq!(code, 204, "cell {n}: {text}");
        let found = s.store.find(&id(n + 1)).await.unwrap();
        assert_eq!(found.len(), 1);
        let shown = pcc_consent_log::report::record_json(&found[0]);
        let want: serde_json::Map<String, Value> = SERVICES
            .iter()
            .zip(on)
            .map(|(s, on)| (s.to_string(), json!(on)))
            .collect();
        assert_eq!(
            shown["services"],
            json!({ "performance": want }),
            "cell {n}"
        );
        let csv = String::from_utf8(pcc_consent_log::report::csv(&found).unwrap()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].ends_with(",objected,services"), "{}", lines[0]);
        let flag = |o: bool| if o { "on" } else { "off" };
        let cell = format!(
            "performance:clarity={} performance:ga4={} performance:gtm={}",
            flag(on[1]),
            flag(on[0]),
            flag(on[2])
        );
        assert!(lines[1].ends_with(&format!(",{cell}")), "{}", lines[1]);
        kept += 1;
    }
    // A record without services (a page running no named service, or an older banner)
    // is stored and shown as before.
    assert_eq!(s.post(&body(&id(100), "accept_all", now_ms())).await.0, 204);
    let found = s.store.find(&id(100)).await.unwrap();
    assert_eq!(found[0].row.services, "");
    let shown = pcc_consent_log::report::record_json(&found[0]);
    assert_eq!(shown["services"], Value::Null);
    assert_eq!(s.store.verify().await.unwrap(), Ok(kept + 1));
    println!("services matrix: {kept} combinations kept, {refused} impossible ones refused");
}

async fn impossible_service_choices_are_refused(db: Db) {
    let s = serve(db.store().await, config()).await;
    let base = || services_body(1, true, [true, false, true]);
    let cases: Vec<Case> = vec![
        (
            "unknown category",
            Box::new(|b| b["record"]["services"]["cookies"] = json!({"x": true})),
            "unknown category",
        ),
        (
            "necessary",
            Box::new(|b| b["record"]["services"]["necessary"] = json!({"x": true})),
            "cannot list necessary",
        ),
        (
            "empty category",
            Box::new(|b| b["record"]["services"]["targeting"] = json!({})),
            "names no service",
        ),
        (
            "bad id",
            Box::new(|b| b["record"]["services"]["performance"]["<script>"] = json!(true)),
            "service id",
        ),
        (
            "empty id",
            Box::new(|b| b["record"]["services"]["performance"][""] = json!(false)),
            "service id",
        ),
        (
            "long id",
            Box::new(|b| b["record"]["services"]["performance"]["x".repeat(65)] = json!(false)),
            "service id",
        ),
        (
            "one service twice",
            Box::new(|b| b["record"]["services"]["targeting"] = json!({"ga4": false})),
            "in two categories",
        ),
        (
            "granted in refused",
            Box::new(|b| b["record"]["services"]["targeting"] = json!({"youtube": true})),
            "is granted but targeting is not",
        ),
        (
            "not a bool",
            Box::new(|b| b["record"]["services"]["performance"]["ga4"] = json!("yes")),
            "not a consent post",
        ),
        (
            "not an object",
            Box::new(|b| b["record"]["services"] = json!(["ga4"])),
            "not a consent post",
        ),
        (
            "too many",
            Box::new(|b| {
                let many: serde_json::Map<String, Value> =
                    (0..33).map(|i| (format!("s{i}"), json!(false))).collect();
                b["record"]["services"]["functionality"] = Value::Object(many);
            }),
            "more than 32 services",
        ),
    ];
    for (name, edit, why) in &cases {
        let mut b = base();
        edit(&mut b);
        let (code, text) = s.post(&b).await;
        assert_eq!(code, 400, "{name}: {text}");
        assert!(text.contains(why), "{name}: {text}");
    }
    assert_eq!(s.store.count().await.unwrap(), 0);
    // The base itself is fine: the refusals above are the edits'.
    assert_eq!(s.post(&base()).await.0, 204);
    println!(
        "services refusals: {} malformed shapes refused with 400",
        cases.len()
    );
}

async fn editing_a_stored_service_choice_is_detected(db: Db) {
    let s = serve(db.store().await, config()).await;
    for n in 1..=3 {
        assert_eq!(
            s.post(&services_body(n, true, [true, false, false]))
                .await
                .0,
            204
        );
    }
    assert_eq!(s.store.verify().await.unwrap(), Ok(3));
    // Someone turns a refused Clarity (record 2) into an allowed one.
    sqlx::query(
        r#"UPDATE consent_records SET services = '{"performance":{"clarity":true,"ga4":true,"gtm":false}}' WHERE seq = 2"#,
    )
    .execute(s.store.pool())
    .await
    .unwrap();
    assert_eq!(
        s.store.verify().await.unwrap(),
        Err(Break::Changed { seq: 2 })
    );
}
