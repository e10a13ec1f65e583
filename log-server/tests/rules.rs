//! The smaller promises of issue 23: one Origin header only, the page's origin on the
//! allow-list, a lower-case `bearer`, a visitor's history under one id with decision
//! numbers and the notice they saw (kept once), purges recorded in the chain and never
//! fooled by a clock stepped back, a private SQLite file. SQLite and PostgreSQL.

mod common;

use common::*;
use pcc_consent_log::store::PurgeRequest;
use serde_json::json;

both!(
    two_origin_headers_or_a_foreign_page_are_refused,
    a_visitors_history_and_notice_are_kept,
    purges_are_in_the_chain_and_survive_a_clock_step_back,
    the_admin_token_scheme_is_case_insensitive_and_each_use_is_recorded,
    a_log_written_before_the_upgrade_still_verifies,
);

/// A database with 0.1.0's schema (first migration only), v1 rows and an old purge that
/// moved the anchor without a purge record: opened by this version it migrates, still
/// verifies, and goes on.
async fn a_log_written_before_the_upgrade_still_verifies(db: Db) {
    use pcc_consent_log::chain::{Row, CONSENT, GENESIS};
    sqlx::any::install_default_drivers();
    let old = tempfile::tempdir().unwrap();
    let first = "20261129000001_consent_log.sql";
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/migrations/20261129000001_consent_log.sql"
        ),
        old.path().join(first),
    )
    .unwrap();
    let (url, _) = pcc_consent_log::store::database_url(&db.url);
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    sqlx::migrate::Migrator::new(old.path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    let t = now_ms();
    let mut prev = GENESIS.to_owned();
    let mut hashes = Vec::new();
    for seq in 1..=5i64 {
        let row = Row {
            seq,
            consent_id: id(seq as u64),
            revision: 1,
            given_at_ms: t + seq,
            expires_at_ms: t + seq + 86_400_000,
            method: "reject_all".into(),
            performance: 0,
            functionality: 0,
            targeting: 0,
            changed: String::new(),
            page: format!("{ORIGIN}/"),
            received_at_ms: t + seq,
            kind: CONSENT.into(),
            decision: 0,
            notice_hash: String::new(),
            detail: String::new(),
            statistics: 0,
            not_objected: String::new(),
            objected: String::new(),
            services: String::new(),
        };
        let hash = row.hash(&prev);
        sqlx::query(
            "INSERT INTO consent_records (seq, consent_id, revision, given_at_ms, expires_at_ms, \
             method, performance, functionality, targeting, changed, page, received_at_ms, \
             prev_hash, hash) VALUES ($1, $2, 1, $3, $4, 'reject_all', 0, 0, 0, '', $5, $6, $7, $8)",
        )
        .bind(seq)
        .bind(&row.consent_id)
        .bind(row.given_at_ms)
        .bind(row.expires_at_ms)
        .bind(&row.page)
        .bind(row.received_at_ms)
        .bind(&prev)
        .bind(&hash)
        .execute(&pool)
        .await
        .unwrap();
        hashes.push(hash.clone());
        prev = hash;
    }
    // 0.1.0's purge of the two oldest: rows gone, anchor moved, nothing else said.
    sqlx::query("DELETE FROM consent_records WHERE seq <= 2")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE chain_head SET head_seq = 5, head_hash = $1, base_seq = 2, base_hash = $2")
        .bind(&hashes[4])
        .bind(&hashes[1])
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let s = serve(db.store().await, config()).await;
    assert_eq!(s.store.verify().await.unwrap(), Ok(3));
    assert_eq!(s.post(&body(&id(99), "custom", now_ms())).await.0, 204);
    assert_eq!(s.store.verify().await.unwrap(), Ok(4));
}

async fn two_origin_headers_or_a_foreign_page_are_refused(db: Db) {
    let s = serve(db.store().await, config()).await;
    let client = reqwest::Client::new();
    let res = client
        .post(s.consent_url())
        .header("origin", ORIGIN)
        .header("origin", "https://evil.example")
        .header("content-type", "application/json")
        .body(body(&id(1), "reject_all", now_ms()).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "a second Origin is checked too");
    let mut foreign = body(&id(2), "reject_all", now_ms());
    foreign["page"] = json!("https://evil.example/page?email=a@b.test");
    let (status, reason) = s.post(&foreign).await;
    assert_eq!(status, 400);
    assert!(reason.starts_with("page "), "{reason}");
    assert_eq!(s.store.count().await.unwrap(), 0);
    if let Some(file) = &db.sqlite_file {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the SQLite file is private");
    }
}

async fn a_visitors_history_and_notice_are_kept(db: Db) {
    let s = serve(db.store().await, config()).await;
    let client = reqwest::Client::new();
    let notice = r#"{"revision":3,"language":"en","categories":["performance"],"texts":{"title":"Cookies on this site"}}"#;
    let post_notice = || {
        client
            .post(format!("{}/notice", s.url))
            .header("origin", ORIGIN)
            .header("content-type", "application/json")
            .body(notice)
            .send()
    };
    let first: serde_json::Value = post_notice().await.unwrap().json().await.unwrap();
    let again: serde_json::Value = post_notice().await.unwrap().json().await.unwrap();
    let hash = first["hash"].as_str().unwrap().to_owned();
    assert_eq!(first, again);
    let t = now_ms();
    // One visitor, one id: consent, then a change of mind, then a withdrawal.
    for (n, method) in [(1, "accept_all"), (2, "custom"), (3, "reject_all")] {
        let mut b = body(&id(9), method, t + n);
        b["record"]["seq"] = json!(n);
        b["record"]["noticeHash"] = json!(hash);
        assert_eq!(s.post(&b).await.0, 204);
    }
    // Today's banner (no seq, no noticeHash) is still accepted.
    assert_eq!(s.post(&body(&id(10), "custom", t)).await.0, 204);
    let history = s.store.find(&id(9)).await.unwrap();
    let shown: Vec<_> = history
        .iter()
        .map(|h| {
            (
                h.row.decision,
                h.row.method.as_str(),
                h.row.notice_hash == hash,
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (1, "accept_all", true),
            (2, "custom", true),
            (3, "reject_all", true)
        ]
    );
    assert_eq!(
        s.store.notice(&hash).await.unwrap().as_deref(),
        Some(notice)
    );
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices")
        .fetch_one(s.store.pool())
        .await
        .unwrap();
    assert_eq!(n, 1, "each notice version is kept once");
    assert_eq!(s.store.verify().await.unwrap(), Ok(4));
}

async fn purges_are_in_the_chain_and_survive_a_clock_step_back(db: Db) {
    let store = db.store().await;
    let day = 86_400_000;
    let t = now_ms();
    let rec = |n: u64, given: i64| {
        pcc_consent_log::wire::parse(body(&id(n), "custom", given).to_string().as_bytes(), given)
            .unwrap()
    };
    store.append(&[rec(1, t)], t).await.unwrap();
    // The server's clock steps back two days.
    store
        .append(&[rec(2, t - 2 * day)], t - 2 * day)
        .await
        .unwrap();
    let req = PurgeRequest {
        older_than_days: 395,
        by: "test".into(),
        reason: "clock step".into(),
    };
    let later = t + 395 * day - day / 2; // cutoff: half a day before t
    store.purge(&req, later).await.unwrap();
    let cutoff = later - 395 * day;
    let left: Vec<i64> = store
        .given_between(0, i64::MAX / 2)
        .await
        .unwrap()
        .iter()
        .map(|s| s.row.received_at_ms)
        .collect();
    assert!(
        left.iter().all(|&r| r >= cutoff),
        "no row received before the cutoff is left: {left:?} vs {cutoff}"
    );
    // A purge that deletes something is a record: who, why, up to which record.
    let purged = store.purge(&req, t + 400 * day).await.unwrap();
    assert_eq!(purged, 2);
    let (head_seq, _) = store.head().await.unwrap();
    let detail: String = sqlx::query_scalar("SELECT detail FROM consent_records WHERE seq = $1")
        .bind(head_seq)
        .fetch_one(store.pool())
        .await
        .unwrap();
    let d: serde_json::Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(
        (d["by"].as_str(), d["upto"].as_i64()),
        (Some("test"), Some(2))
    );
    assert_eq!(store.verify().await.unwrap(), Ok(0));
    // Someone rewrites the purge to claim a shorter retention: verify says which record.
    let forged = detail.replace(
        &format!("\"cutoffMs\":{}", d["cutoffMs"]),
        &format!("\"cutoffMs\":{}", t + 399 * day),
    );
    sqlx::query("UPDATE consent_records SET detail = $1 WHERE seq = $2")
        .bind(&forged)
        .bind(head_seq)
        .execute(store.pool())
        .await
        .unwrap();
    assert_eq!(
        store.verify().await.unwrap(),
        Err(pcc_consent_log::chain::Break::Changed { seq: head_seq })
    );
}

async fn the_admin_token_scheme_is_case_insensitive_and_each_use_is_recorded(db: Db) {
    let token = "a-long-enough-test-token";
    let mut cfg = config();
    cfg.admin_token = Some(token.into());
    let s = serve(db.store().await, cfg).await;
    let client = reqwest::Client::new();
    let res = client
        .get(format!("{}/admin/stats", s.url))
        .header("authorization", format!("bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = client
        .get(format!(
            "{}/admin/export?from=2026-01-01&to=2026-12-31",
            s.url
        ))
        .header("authorization", format!("BEARER {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let routes: Vec<String> =
        sqlx::query_scalar("SELECT detail FROM consent_records WHERE kind = 'admin' ORDER BY seq")
            .fetch_all(s.store.pool())
            .await
            .unwrap();
    assert_eq!(routes.len(), 2);
    assert!(routes[1].contains("GET /admin/export") && routes[1].contains("from=2026-01-01"));
    let trail: serde_json::Value = client
        .get(format!("{}/admin/trail", s.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // The two uses above, and this one.
    assert_eq!(trail.as_array().unwrap().len(), 3, "{trail}");
    assert_eq!(trail[1]["detail"]["route"], "GET /admin/export");
    assert_eq!(s.store.verify().await.unwrap(), Ok(0));
}
