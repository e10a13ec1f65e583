//! What a site and an attacker see when posting: records kept once, hostile bodies
//! refused with a reason and nothing stored, other origins refused, bursts limited per
//! client, no cookie and no address kept. Each test runs on SQLite and PostgreSQL.

mod common;

use common::*;
use serde_json::{json, Value};
use std::net::IpAddr;

both!(
    a_record_is_answered_204_and_found_as_sent,
    the_same_record_twice_is_stored_once,
    hostile_bodies_get_4xx_with_a_reason_and_nothing_is_stored,
    other_origins_are_refused_and_listed_ones_allowed,
    a_burst_from_one_client_gets_429_without_affecting_others,
    no_cookie_is_set_and_no_address_is_stored,
);

async fn a_record_is_answered_204_and_found_as_sent(db: Db) {
    let s = serve(db.store().await, config()).await;
    let given = now_ms();
    assert_eq!(s.post(&body(&id(1), "custom", given)).await.0, 204);
    let found = s.store.find(&id(1)).await.unwrap();
    assert_eq!(found.len(), 1);
    let r = pcc_consent_log::report::record_json(&found[0]);
    assert_eq!(r["method"], "custom");
    assert_eq!(r["givenAt"], iso(given));
    assert_eq!(
        r["categories"],
        json!({"necessary": true, "performance": true, "functionality": false, "targeting": false})
    );
    assert_eq!(r["changed"], json!(["performance"]));
    // The query string may carry personal data: only origin and path are kept.
    assert_eq!(r["page"], "https://site.pcc.test/news/index.html");
}

async fn the_same_record_twice_is_stored_once(db: Db) {
    let s = serve(db.store().await, config()).await;
    let b = body(&id(2), "reject_all", now_ms());
    assert_eq!(s.post(&b).await.0, 204);
    assert_eq!(
        s.post(&b).await.0,
        204,
        "a retry is answered like the first"
    );
    // Concurrent copies, too (a visitor's browser may send it again).
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (url, bytes) = (s.consent_url(), b.to_string().into_bytes());
            tokio::spawn(async move {
                post_raw(&reqwest::Client::new(), &url, "application/json", bytes)
                    .await
                    .0
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), 204);
    }
    assert_eq!(s.store.count().await.unwrap(), 1);
    assert_eq!(s.store.verify().await.unwrap(), Ok(1));
}

/// `body()` with one field replaced (a JSON pointer into the post).
fn with(pointer: &str, value: Value) -> Vec<u8> {
    let mut b = body(&id(0xabcdef), "accept_all", now_ms());
    *b.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = value;
    b.to_string().into_bytes()
}

fn hostile_bodies() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let good = body(&id(0xabcdef), "accept_all", now_ms()).to_string();
    let sql = "'; DROP TABLE consent_records; --";
    let script = "<script>alert(1)</script>";
    let j = "application/json";
    let mut unknown_field = body(&id(0xabcdef), "accept_all", now_ms());
    unknown_field["record"]["ip"] = json!("10.0.0.1");
    let mut unknown_category = body(&id(0xabcdef), "accept_all", now_ms());
    unknown_category["record"]["categories"]["marketing"] = json!(true);
    let mut missing = body(&id(0xabcdef), "accept_all", now_ms());
    missing["record"]["categories"]
        .as_object_mut()
        .unwrap()
        .remove("targeting");
    let mut no_page = body(&id(0xabcdef), "accept_all", now_ms());
    no_page.as_object_mut().unwrap().remove("page");
    let far_future = now_ms() + 30 * 86_400_000;
    vec![
        ("empty body", j, vec![]),
        (
            "truncated JSON",
            j,
            good.as_bytes()[..good.len() / 2].to_vec(),
        ),
        ("a lone brace", j, b"{".to_vec()),
        ("null", j, b"null".to_vec()),
        ("an array", j, b"[]".to_vec()),
        ("an empty object", j, b"{}".to_vec()),
        ("invalid UTF-8", j, b"{\"record\": \"\xff\xfe\"}".to_vec()),
        ("NaN", j, b"{\"record\": NaN}".to_vec()),
        ("deep nesting", j, "[".repeat(3000).into_bytes()),
        (
            "a duplicate key",
            j,
            format!("{{\"page\":\"https://a.test/\",{}", &good[1..]).into_bytes(),
        ),
        (
            "an unknown top-level field",
            j,
            format!("{{\"extra\":1,{}", &good[1..]).into_bytes(),
        ),
        (
            "an unknown record field",
            j,
            unknown_field.to_string().into_bytes(),
        ),
        (
            "an unknown category",
            j,
            unknown_category.to_string().into_bytes(),
        ),
        ("a missing category", j, missing.to_string().into_bytes()),
        ("no page", j, no_page.to_string().into_bytes()),
        ("schema 2", j, with("/record/schema", json!(2))),
        ("schema as a string", j, with("/record/schema", json!("1"))),
        (
            "a negative revision",
            j,
            with("/record/revision", json!(-1)),
        ),
        (
            "a huge revision",
            j,
            with("/record/revision", json!(99_999_999_999_999_999_999.0_f64)),
        ),
        (
            "a 40-digit revision",
            j,
            good.replacen(
                "\"revision\":1,",
                "\"revision\":1234567890123456789012345678901234567890,",
                1,
            )
            .into_bytes(),
        ),
        (
            "a fractional revision",
            j,
            with("/record/revision", json!(1.5)),
        ),
        (
            "an uppercase id",
            j,
            with("/record/id", json!(id(0xabcdef).to_uppercase())),
        ),
        (
            "a short id",
            j,
            with("/record/id", json!(&id(0xabcdef)[1..])),
        ),
        ("a numeric id", j, with("/record/id", json!(12345))),
        ("SQL in id", j, with("/record/id", json!(sql))),
        ("script in id", j, with("/record/id", json!(script))),
        ("SQL in givenAt", j, with("/record/givenAt", json!(sql))),
        (
            "script in givenAt",
            j,
            with("/record/givenAt", json!(script)),
        ),
        ("SQL in expiresAt", j, with("/record/expiresAt", json!(sql))),
        (
            "a date without milliseconds",
            j,
            with("/record/givenAt", json!("2026-11-24T10:30:00Z")),
        ),
        (
            "givenAt a month ahead",
            j,
            with("/record/givenAt", json!(iso(far_future))),
        ),
        (
            "expiry before givenAt",
            j,
            with("/record/expiresAt", json!(iso(now_ms() - 86_400_000))),
        ),
        (
            "expiry over 395 days",
            j,
            with("/record/expiresAt", json!(iso(now_ms() + 400 * 86_400_000))),
        ),
        (
            "an unknown method",
            j,
            with("/record/method", json!("accept_everything")),
        ),
        ("SQL in method", j, with("/record/method", json!(sql))),
        ("script in method", j, with("/record/method", json!(script))),
        (
            "accept_all granting nothing",
            j,
            with(
                "/record/categories",
                json!({"necessary": true, "performance": false, "functionality": false, "targeting": false}),
            ),
        ),
        (
            "necessary refused",
            j,
            with("/record/categories/necessary", json!(false)),
        ),
        (
            "a category as a string",
            j,
            with("/record/categories/performance", json!("yes")),
        ),
        (
            "categories as a list",
            j,
            with("/record/categories", json!(["performance"])),
        ),
        (
            "changed with an unknown id",
            j,
            with("/record/changed", json!(["marketing"])),
        ),
        (
            "changed listing necessary",
            j,
            with("/record/changed", json!(["necessary"])),
        ),
        (
            "changed repeated",
            j,
            with("/record/changed", json!(["performance", "performance"])),
        ),
        ("SQL in changed", j, with("/record/changed", json!([sql]))),
        (
            "script in changed",
            j,
            with("/record/changed", json!([script])),
        ),
        (
            "changed as a string",
            j,
            with("/record/changed", json!("performance")),
        ),
        ("SQL in page", j, with("/page", json!(sql))),
        ("script in page", j, with("/page", json!(script))),
        (
            "script inside a page URL",
            j,
            with("/page", json!(format!("https://site.pcc.test/{script}"))),
        ),
        (
            "a javascript: page",
            j,
            with("/page", json!("javascript:alert(1)")),
        ),
        (
            "a 1 MB body",
            j,
            format!("{{\"page\":\"{}\",{}", "a".repeat(1 << 20), &good[1..]).into_bytes(),
        ),
        ("text/plain", "text/plain", good.clone().into_bytes()),
        (
            "a form",
            "application/x-www-form-urlencoded",
            good.clone().into_bytes(),
        ),
        ("no content type", "", good.clone().into_bytes()),
    ]
}

async fn hostile_bodies_get_4xx_with_a_reason_and_nothing_is_stored(db: Db) {
    let s = serve(db.store().await, config()).await;
    let client = reqwest::Client::new();
    let cases = hostile_bodies();
    assert!(cases.len() >= 30);
    for (what, content_type, bytes) in cases {
        // Over the body limit the server answers 413 and closes without reading the rest,
        // so a client still sending may see the connection closed instead of the answer.
        let oversized = bytes.len() > 64 * 1024;
        match try_post_raw(&client, &s.consent_url(), content_type, bytes).await {
            Ok((status, reason)) => {
                assert!((400..500).contains(&status), "{what}: answered {status}");
                assert!(!reason.trim().is_empty(), "{what}: no reason given");
            }
            Err(e) if oversized => eprintln!("{what}: closed while sending ({e}): refused unread"),
            Err(e) => panic!("{what}: no answer: {e}"),
        }
    }
    assert_eq!(s.store.count().await.unwrap(), 0, "nothing stored");
    // The server is still up and the tables are intact.
    assert_eq!(s.post(&body(&id(10), "reject_all", now_ms())).await.0, 204);
    assert_eq!(s.store.verify().await.unwrap(), Ok(1));
}

async fn other_origins_are_refused_and_listed_ones_allowed(db: Db) {
    let s = serve(db.store().await, config()).await;
    let client = reqwest::Client::new();
    let preflight = |origin: &'static str| {
        client
            .request(reqwest::Method::OPTIONS, s.consent_url())
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let ok = preflight(ORIGIN).await.unwrap();
    assert!(ok.status().is_success());
    assert_eq!(ok.headers()["access-control-allow-origin"], ORIGIN);
    let evil = preflight("https://evil.example").await.unwrap();
    assert_eq!(evil.status(), 403);
    assert!(evil.headers().get("access-control-allow-origin").is_none());
    let post = client
        .post(s.consent_url())
        .header("origin", "https://evil.example")
        .header("content-type", "application/json")
        .body(body(&id(3), "reject_all", now_ms()).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 403);
    assert_eq!(s.store.count().await.unwrap(), 0);
}

fn client_from(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(ip.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

async fn a_burst_from_one_client_gets_429_without_affecting_others(db: Db) {
    let mut cfg = config();
    // One a minute after a burst of 5: however slow the machine, exactly 5 pass.
    cfg.rate_per_minute = 1;
    cfg.rate_burst = 5;
    let s = serve(db.store().await, cfg).await;
    let noisy = client_from("127.0.0.2");
    let mut answers = Vec::new();
    for n in 0..20 {
        let b = body(&id(100 + n), "reject_all", now_ms())
            .to_string()
            .into_bytes();
        answers.push(
            post_raw(&noisy, &s.consent_url(), "application/json", b)
                .await
                .0,
        );
    }
    assert_eq!(
        answers.iter().filter(|&&a| a == 204).count(),
        5,
        "{answers:?}"
    );
    assert_eq!(
        answers.iter().filter(|&&a| a == 429).count(),
        15,
        "{answers:?}"
    );
    let quiet = client_from("127.0.0.3");
    let b = body(&id(200), "accept_all", now_ms())
        .to_string()
        .into_bytes();
    assert_eq!(
        post_raw(&quiet, &s.consent_url(), "application/json", b)
            .await
            .0,
        204
    );
    assert_eq!(s.store.count().await.unwrap(), 6);
}

async fn no_cookie_is_set_and_no_address_is_stored(db: Db) {
    let s = serve(db.store().await, config()).await;
    let client = client_from("127.0.0.77");
    let res = client
        .post(s.consent_url())
        .header("origin", ORIGIN)
        .header("content-type", "application/json")
        .body(body(&id(4), "accept_all", now_ms()).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert!(res.headers().get("set-cookie").is_none());
    let all = s.store.given_between(0, i64::MAX / 2).await.unwrap();
    let text = pcc_consent_log::report::records_json(&all).to_string();
    assert!(!text.contains("127.0.0.77"), "{text}");
    if let Some(file) = &db.sqlite_file {
        // Not even in the file's free pages or the write-ahead log.
        for path in [file.clone(), file.with_extension("db-wal")] {
            let bytes = std::fs::read(&path).unwrap_or_default();
            assert!(
                !bytes.windows(10).any(|w| w == b"127.0.0.77"),
                "{}",
                path.display()
            );
        }
    }
}
