//! The real binary, as an operator runs it: killed with SIGKILL in the middle of a load
//! run and restarted, it has lost no record it had answered 204; and the DPO's
//! subcommands (`find`, `verify`, `export`, `stats`, `purge`) report on the same
//! database. Each test runs on SQLite and PostgreSQL.

mod common;

use common::*;
use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

both!(
    sigkill_mid_load_loses_no_answered_record,
    the_subcommands_report_on_the_log
);

struct Running {
    child: Child,
    url: String,
}

/// `pcc-consent-log serve` on an ephemeral port; waits for its "listening on" line.
fn start(db: &Db) -> Running {
    let (child, url) = spawn_server(&db.url, &[], Stdio::null());
    Running {
        child,
        url: format!("{url}/consent"),
    }
}

fn cli(db: &Db, args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN)
        .args(["--db", &db.url])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

async fn sigkill_mid_load_loses_no_answered_record(db: Db) {
    let mut server = start(&db);
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let given = now_ms();
    let tasks: Vec<_> = (0..16u64)
        .map(|task| {
            let (acked, stop, url) = (acked.clone(), stop.clone(), server.url.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                for n in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let id = id(task << 32 | n);
                    let b = body(&id, "custom", given).to_string().into_bytes();
                    let req = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .body(b);
                    match req.send().await {
                        Ok(r) if r.status() == 204 => acked.lock().unwrap().push(id),
                        Ok(r) => panic!("answered {}", r.status()),
                        Err(_) => break, // the server is gone
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(20);
    while acked.lock().unwrap().len() < 1500 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.child.kill().unwrap(); // SIGKILL, requests in flight
    server.child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    let acked: Vec<String> = acked.lock().unwrap().clone();
    assert!(acked.len() >= 100, "the load ran ({} acked)", acked.len());

    // Restarted on the same database, it serves again.
    let mut again = start(&db);
    let (status, _) = post_raw(
        &reqwest::Client::new(),
        &again.url,
        "application/json",
        body(&id(u64::MAX), "reject_all", given)
            .to_string()
            .into_bytes(),
    )
    .await;
    assert_eq!(status, 204);
    again.child.kill().unwrap();
    again.child.wait().unwrap();

    let store = db.store().await;
    let stored: HashSet<String> = store
        .given_between(0, i64::MAX / 2)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.row.consent_id)
        .collect();
    let lost: Vec<&String> = acked.iter().filter(|id| !stored.contains(*id)).collect();
    assert!(
        lost.is_empty(),
        "{} of {} answered records lost",
        lost.len(),
        acked.len()
    );
    if db.sqlite_file.is_some() {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(check, "ok");
    }
    let (code, out) = cli(&db, &["verify"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("chain intact"), "{out}");
}

async fn the_subcommands_report_on_the_log(db: Db) {
    let s = serve(db.store().await, config()).await;
    let day = pcc_consent_log::report::parse_day("2026-11-24").unwrap();
    assert_eq!(
        s.post(&body(&id(0xfeed), "accept_all", day + 1000)).await.0,
        204
    );
    assert_eq!(
        s.post(&body(&id(0xfeed), "reject_all", day + 2000)).await.0,
        204
    );
    assert_eq!(
        s.post(&body(&id(0xbeef), "custom", day + 3000)).await.0,
        204
    );

    let (code, out) = cli(&db, &["find", &id(0xfeed)]);
    assert_eq!(code, 0);
    let found: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(found.as_array().unwrap().len(), 2);
    assert_eq!(
        (found[0]["method"].as_str(), found[1]["method"].as_str()),
        (Some("accept_all"), Some("reject_all"))
    );
    assert_eq!(found[1]["categories"]["targeting"], false);
    let (_, out) = cli(&db, &["find", &id(0xbeef), &id(0xfeed)]);
    let several: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(several.as_array().unwrap().len(), 3, "several ids at once");
    assert_eq!(several[0]["method"], "custom");
    assert_eq!(cli(&db, &["find", &id(0xabc)]).0, 1, "no such id");
    assert_eq!(
        cli(&db, &["find", "'; DROP TABLE consent_records; --"]).0,
        2,
        "not an id"
    );

    let (code, csv) = cli(
        &db,
        &["export", "--from", "2026-11-24", "--to", "2026-11-24"],
    );
    assert_eq!(code, 0);
    assert_eq!(csv.lines().count(), 4, "{csv}");
    let (_, stats) = cli(&db, &["stats"]);
    assert!(
        stats
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == ["2026-11-24", "3", "1", "1", "1", "2", "1", "1"]),
        "{stats}"
    );
    assert_eq!(
        cli(&db, &["purge", "--older-than", "30"]).0,
        2,
        "records in force are never purged"
    );
    assert_eq!(
        cli(&db, &["purge", "--older-than", "730"]).1.trim(),
        "deleted 0 records received more than 730 days ago"
    );

    let (code, out) = cli(&db, &["verify"]);
    assert_eq!(code, 0);
    // The head to note outside the database: the newest record's number and hash (the
    // export is the newest: it is in the admin trail).
    let (seq, head) = s.store.head().await.unwrap();
    assert_eq!(seq, 4);
    assert!(out.trim().ends_with(&format!("head #4 {head}")), "{out}");
    sqlx::query("UPDATE consent_records SET targeting = 1 WHERE seq = 2")
        .execute(s.store.pool())
        .await
        .unwrap();
    let (code, out) = cli(&db, &["verify"]);
    assert_eq!(
        (code, out.trim()),
        (1, "verify: FAILED: record #2 was changed")
    );
}
