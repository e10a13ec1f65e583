//! The load generator behind `bench/log-load`: posts `--count` distinct records from
//! `--clients` concurrent clients to a running server on loopback, then counts the rows
//! in its database, and prints records/s, p50/p99 latency and lost records (2xx answers
//! minus rows stored). Bounded in count and in time (`--max-seconds`).
//!
//! Owns nothing the server uses; it must never assert a timing (it prints figures).

use pcc_consent_log::store::Store;
use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Args {
    url: String,
    db: String,
    count: u64,
    clients: u64,
    max_seconds: u64,
}

fn args() -> Args {
    let mut a = Args {
        url: String::new(),
        db: String::new(),
        count: 20_000,
        clients: 64,
        max_seconds: 120,
    };
    let mut it = std::env::args().skip(1);
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        match k.as_str() {
            "--url" => a.url = v,
            "--db" => a.db = v,
            "--count" => a.count = v.parse().expect("--count"),
            "--clients" => a.clients = v.parse().expect("--clients"),
            "--max-seconds" => a.max_seconds = v.parse().expect("--max-seconds"),
            _ => panic!("unknown argument {k}"),
        }
    }
    assert!(
        a.url.starts_with("http://127.") && !a.db.is_empty(),
        "usage: --url http://127.0.0.1:PORT/consent --db DB"
    );
    a
}

fn body(n: u64, now: i64) -> String {
    let method = ["accept_all", "reject_all", "custom"][(n % 3) as usize];
    let granted = method != "reject_all";
    let iso = |ms: i64| pcc_consent_log::wire::format_time(ms);
    json!({
        "record": {
            "schema": 1, "id": format!("{:032x}", 0xb0b0_0000_0000_0000_u64 ^ n), "revision": 1,
            "givenAt": iso(now), "expiresAt": iso(now + 365 * 86_400_000), "method": method,
            "categories": {"necessary": true, "performance": granted, "functionality": method == "accept_all", "targeting": false},
            "changed": if granted { json!(["performance"]) } else { json!([]) },
        },
        "page": "https://www.example-pcc.police.uk/news/",
    })
    .to_string()
}

#[tokio::main]
async fn main() {
    let a = args();
    let next = Arc::new(AtomicU64::new(0));
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(a.max_seconds);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(a.clients as usize)
        .build()
        .unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    let start = Instant::now();
    let tasks: Vec<_> = (0..a.clients)
        .map(|_| {
            let (next, ok, failed, client, url) = (
                next.clone(),
                ok.clone(),
                failed.clone(),
                client.clone(),
                a.url.clone(),
            );
            let count = a.count;
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= count || Instant::now() > deadline {
                        break;
                    }
                    let t = Instant::now();
                    let res = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .body(body(n, now))
                        .send()
                        .await;
                    latencies.push(t.elapsed());
                    match res {
                        Ok(r) if r.status().is_success() => ok.fetch_add(1, Ordering::Relaxed),
                        _ => failed.fetch_add(1, Ordering::Relaxed),
                    };
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    let rows = Store::open(&a.db)
        .await
        .expect("open the database")
        .count()
        .await
        .expect("count rows");
    let ok = ok.load(Ordering::Relaxed);
    println!(
        "{} records from {} clients in {elapsed:.2} s: {:.0} records/s, p50 {:.1} ms, p99 {:.1} ms, {} failed, rows {rows}, lost {}",
        latencies.len(),
        a.clients,
        ok as f64 / elapsed,
        pct(0.50).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
        failed.load(Ordering::Relaxed),
        ok as i64 - rows,
    );
}
