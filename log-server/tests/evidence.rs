//! What a DPO relies on: `verify` names the record someone changed or removed, purging
//! keeps the chain verifiable, two server instances on one database keep one chain,
//! and the admin routes answer only to the token. Each test runs on SQLite and
//! PostgreSQL.

mod common;

use common::*;
use pcc_consent_log::chain::Break;
use std::sync::Arc;

both!(
    changing_a_row_makes_verify_name_it,
    removing_a_row_makes_verify_name_it,
    purging_old_records_keeps_the_chain_verifiable,
    two_instances_on_one_database_keep_one_chain,
    admin_routes_need_the_token,
    export_and_stats_report_what_was_given,
);

async fn five_records(db: &Db) -> Server {
    let s = serve(db.store().await, config()).await;
    let t = now_ms();
    for n in 1..=5 {
        let method = ["accept_all", "reject_all", "custom"][n as usize % 3];
        assert_eq!(s.post(&body(&id(n), method, t + n as i64)).await.0, 204);
    }
    assert_eq!(s.store.verify().await.unwrap(), Ok(5));
    s
}

async fn changing_a_row_makes_verify_name_it(db: Db) {
    let s = five_records(&db).await;
    // Someone turns a refusal (record 4) into a consent.
    sqlx::query("UPDATE consent_records SET method = 'accept_all', performance = 1 WHERE seq = 4")
        .execute(s.store.pool())
        .await
        .unwrap();
    assert_eq!(
        s.store.verify().await.unwrap(),
        Err(Break::Changed { seq: 4 })
    );
}

async fn removing_a_row_makes_verify_name_it(db: Db) {
    let s = five_records(&db).await;
    sqlx::query("DELETE FROM consent_records WHERE seq = 2")
        .execute(s.store.pool())
        .await
        .unwrap();
    assert_eq!(
        s.store.verify().await.unwrap(),
        Err(Break::Removed { seq: 2 })
    );
    // The newest record, too (nothing after it links to it; the chain head does).
    let db = if db.sqlite_file.is_some() {
        Db::sqlite().await
    } else {
        Db::postgres().await
    };
    let s = five_records(&db).await;
    sqlx::query("DELETE FROM consent_records WHERE seq = 5")
        .execute(s.store.pool())
        .await
        .unwrap();
    assert_eq!(
        s.store.verify().await.unwrap(),
        Err(Break::Removed { seq: 5 })
    );
}

async fn purging_old_records_keeps_the_chain_verifiable(db: Db) {
    let s = five_records(&db).await;
    // Run 396 days later with the 395-day minimum: all five are old enough.
    let later = now_ms() + 396 * 86_400_000;
    assert_eq!(s.store.purge(&purge_req(), later).await.unwrap(), 5);
    assert_eq!(s.store.count().await.unwrap(), 0);
    assert_eq!(s.store.verify().await.unwrap(), Ok(0));
    assert_eq!(s.post(&body(&id(6), "reject_all", now_ms())).await.0, 204);
    assert_eq!(s.store.verify().await.unwrap(), Ok(1));
    assert_eq!(
        s.store.find(&id(6)).await.unwrap()[0].row.seq,
        7,
        "numbering goes on (#6 is the purge record)"
    );
    // Nothing old enough: nothing deleted.
    assert_eq!(s.store.purge(&purge_req(), now_ms()).await.unwrap(), 0);
    assert_eq!(s.store.verify().await.unwrap(), Ok(1));
}

fn purge_req() -> pcc_consent_log::store::PurgeRequest {
    pcc_consent_log::store::PurgeRequest {
        older_than_days: 395,
        by: "test".into(),
        reason: "retention".into(),
    }
}

async fn two_instances_on_one_database_keep_one_chain(db: Db) {
    // Two servers, each with its own pool and writer, like two instances behind a
    // load balancer.
    let a = Arc::new(serve(db.store().await, config()).await);
    let b = Arc::new(serve(db.store().await, config()).await);
    let t = now_ms();
    let tasks: Vec<_> = (0..16u64)
        .map(|task| {
            let server = if task % 2 == 0 { a.clone() } else { b.clone() };
            tokio::spawn(async move {
                for n in 0..25 {
                    let k = 1000 + task * 100 + n;
                    assert_eq!(server.post(&body(&id(k), "custom", t)).await.0, 204);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(a.store.count().await.unwrap(), 400);
    assert_eq!(b.store.verify().await.unwrap(), Ok(400));
}

async fn admin_routes_need_the_token(db: Db) {
    let store = db.store().await;
    let off = serve(store.clone(), config()).await;
    let client = reqwest::Client::new();
    let get = |url: String, token: Option<&str>| {
        let mut r = client.get(url);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send()
    };
    assert_eq!(
        get(format!("{}/admin/stats", off.url), None)
            .await
            .unwrap()
            .status(),
        404,
        "no token configured: no routes"
    );
    let token = "a-long-enough-test-token";
    let mut cfg = config();
    cfg.admin_token = Some(token.into());
    let s = serve(store, cfg).await;
    assert_eq!(s.post(&body(&id(7), "accept_all", now_ms())).await.0, 204);
    for url in [
        "/admin/stats",
        "/admin/verify",
        &format!("/admin/records/{}", id(7)),
    ] {
        assert_eq!(
            get(format!("{}{url}", s.url), None).await.unwrap().status(),
            401,
            "{url}"
        );
        assert_eq!(
            get(
                format!("{}{url}", s.url),
                Some("wrong-token-of-some-length")
            )
            .await
            .unwrap()
            .status(),
            401,
            "{url}"
        );
    }
    let found = get(format!("{}/admin/records/{}", s.url, id(7)), Some(token))
        .await
        .unwrap();
    assert_eq!(found.status(), 200);
    assert_eq!(found.headers()["cache-control"], "no-store");
    let found: serde_json::Value = found.json().await.unwrap();
    assert_eq!(found[0]["method"], "accept_all");
    let verify: serde_json::Value = get(format!("{}/admin/verify", s.url), Some(token))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // One consent, then two uses of the token (find, verify) in the admin trail.
    assert_eq!(
        (&verify["ok"], &verify["records"], &verify["headSeq"]),
        (&true.into(), &1.into(), &3.into())
    );
    let bad_id = get(format!("{}/admin/records/DROP%20TABLE", s.url), Some(token))
        .await
        .unwrap();
    assert_eq!(bad_id.status(), 400);
    let purge = |days: u32| {
        client
            .post(format!("{}/admin/purge?older_than_days={days}", s.url))
            .bearer_auth(token)
            .send()
    };
    assert_eq!(
        purge(30).await.unwrap().status(),
        400,
        "records still in force are never purged"
    );
    let kept: serde_json::Value = purge(730).await.unwrap().json().await.unwrap();
    assert_eq!(kept["deleted"], 0);
    assert_eq!(s.store.count().await.unwrap(), 1);
}

async fn export_and_stats_report_what_was_given(db: Db) {
    let s = serve(db.store().await, config()).await;
    let day = pcc_consent_log::report::parse_day("2026-11-20").unwrap();
    for (n, method) in ["accept_all", "reject_all", "custom", "reject_all"]
        .iter()
        .enumerate()
    {
        let given = day + n as i64 * 3_600_000;
        assert_eq!(
            s.post(&body(&id(50 + n as u64), method, given)).await.0,
            204
        );
    }
    assert_eq!(
        s.post(&body(&id(60), "accept_all", day + 86_400_000))
            .await
            .0,
        204
    );
    let (from, to) = pcc_consent_log::report::day_range("2026-11-20", "2026-11-20").unwrap();
    let csv =
        pcc_consent_log::report::csv(&s.store.given_between(from, to).await.unwrap()).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines.len(),
        5,
        "header and the 4 records of that day:\n{csv}"
    );
    assert!(lines[0].starts_with("seq,id,revision,given_at"));
    assert!(lines[1].contains(",2026-11-20T00:00:00.000Z,") && lines[1].contains(",accept_all,"));
    let stats = s.store.stats().await.unwrap();
    assert_eq!(stats.len(), 2);
    assert_eq!((stats[0].day.as_str(), stats[0].total), ("2026-11-20", 4));
    assert_eq!(
        (stats[0].accept_all, stats[0].reject_all, stats[0].custom),
        (1, 2, 1)
    );
    assert_eq!((stats[0].performance, stats[0].targeting), (2, 1));
    assert_eq!(
        (stats[1].day.as_str(), stats[1].accept_all),
        ("2026-11-21", 1)
    );
}
