//! Shared by the integration tests: a fresh real database per test (a SQLite file in a
//! temporary folder, or a new PostgreSQL database on the server named by
//! `PCC_CONSENT_LOG_TEST_PG`, which `scripts/postgres.sh` starts), a server on an
//! ephemeral port, and records shaped exactly as the banner sends them.
#![allow(dead_code)]

use pcc_consent_log::http::{self, Config};
use pcc_consent_log::store::Store;
use serde_json::{json, Value};
use sqlx::Connection;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

/// Runs `async fn $name(db: Db)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::common::Db::sqlite().await).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::common::Db::postgres().await).await
            }
        }
    )*};
}

/// A fresh, empty database; its folder (SQLite) lives as long as this.
pub struct Db {
    pub url: String,
    pub sqlite_file: Option<std::path::PathBuf>,
    _dir: Option<tempfile::TempDir>,
}

impl Db {
    pub async fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("log.db");
        Db {
            url: file.display().to_string(),
            sqlite_file: Some(file),
            _dir: Some(dir),
        }
    }

    pub async fn postgres() -> Db {
        static N: AtomicU32 = AtomicU32::new(0);
        let admin = std::env::var("PCC_CONSENT_LOG_TEST_PG").expect(
            "PCC_CONSENT_LOG_TEST_PG is not set: run `export PCC_CONSENT_LOG_TEST_PG=$(bash scripts/postgres.sh)` \
             (scripts/test.sh does this)",
        );
        let name = format!(
            "t_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .expect("connect to PostgreSQL");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .unwrap();
        let base = admin.rsplit_once('/').unwrap().0;
        Db {
            url: format!("{base}/{name}"),
            sqlite_file: None,
            _dir: None,
        }
    }

    pub async fn store(&self) -> Store {
        Store::open(&self.url).await.expect("open the store")
    }
}

pub const ORIGIN: &str = "https://site.pcc.test";

pub fn config() -> Config {
    Config {
        allow_origins: vec![http::parse_origin(ORIGIN).unwrap()],
        rate_per_minute: 0,
        rate_burst: 0,
        admin_token: None,
        client_ip_header: None,
        log_records: false,
        limits: Default::default(),
    }
}

/// A server on 127.0.0.1:<ephemeral>, in this process, on `store`.
pub struct Server {
    pub url: String,
    pub store: Store,
}

pub async fn serve(store: Store, config: Config) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let router = http::router(store.clone(), config);
    tokio::spawn(http::serve(listener, router));
    Server { url, store }
}

impl Server {
    pub fn consent_url(&self) -> String {
        format!("{}/consent", self.url)
    }

    /// Posts `body` as the banner does; returns (status, reason text).
    pub async fn post(&self, body: &Value) -> (u16, String) {
        post_raw(
            &reqwest::Client::new(),
            &self.consent_url(),
            "application/json",
            body.to_string().into_bytes(),
        )
        .await
    }
}

pub async fn post_raw(
    client: &reqwest::Client,
    url: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, String) {
    try_post_raw(client, url, content_type, body)
        .await
        .expect("the server answers")
}

/// [`post_raw`], with the client's error when the connection fails.
pub async fn try_post_raw(
    client: &reqwest::Client,
    url: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Result<(u16, String), reqwest::Error> {
    let mut req = client.post(url).header("origin", ORIGIN).body(body);
    if !content_type.is_empty() {
        req = req.header("content-type", content_type);
    }
    let res = req.send().await?;
    Ok((res.status().as_u16(), res.text().await.unwrap_or_default()))
}

/// A consent id made from `n` (32 lowercase hex digits).
pub fn id(n: u64) -> String {
    format!("{n:032x}")
}

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub fn iso(ms: i64) -> String {
    pcc_consent_log::wire::format_time(ms)
}

/// The body the banner sends for `method` (granted categories follow the method;
/// `custom` grants performance only).
pub fn body(id: &str, method: &str, given_ms: i64) -> Value {
    let (p, f, t) = match method {
        "accept_all" => (true, true, true),
        "custom" => (true, false, false),
        _ => (false, false, false),
    };
    json!({
        "record": {
            "schema": 1,
            "id": id,
            "revision": 1,
            "givenAt": iso(given_ms),
            "expiresAt": iso(given_ms + 365 * 86_400_000),
            "method": method,
            "categories": {"necessary": true, "performance": p, "functionality": f, "targeting": t},
            "changed": if p { json!(["performance"]) } else { json!([]) },
        },
        "page": "https://site.pcc.test/news/index.html?utm=1",
    })
}

/// The built `pcc-consent-log` binary, for tests that run it as a process.
pub const BIN: &str = env!("CARGO_BIN_EXE_pcc-consent-log");

/// `pcc-consent-log --db <db> serve` on an ephemeral loopback port, allowing [`ORIGIN`]
/// with no rate limit, plus `extra` flags; returns the process and its base URL once it
/// has printed its "listening on" line.
pub fn spawn_server(db: &str, extra: &[&str], stderr: Stdio) -> (Child, String) {
    let mut child = Command::new(BIN)
        .args(["--db", db, "serve", "--listen", "127.0.0.1:0"])
        .args(["--allow-origin", ORIGIN, "--rate-per-minute", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    (child, url)
}
