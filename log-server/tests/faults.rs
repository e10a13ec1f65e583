//! Fault injection, on the real binary as an operator runs it: a full disk (SQLite on a
//! 2 MiB tmpfs), SIGKILL mid-load three times, a PostgreSQL crash-restart mid-load with
//! the cluster's `synchronous_commit` off, idle and slow clients, and each kind of
//! tampering a DPO must be told about, with the place it happened. Each test PRINTS what
//! it injected and found: records acknowledged, records stored, acknowledged and lost.
//! The tests that need root (mount, a private PostgreSQL cluster) say so and skip
//! without it.

mod common;

use common::*;
use pcc_consent_log::chain::{Break, Checkpoint};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

struct Running {
    child: Child,
    url: String,
    stderr: PathBuf,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `pcc-consent-log serve` on an ephemeral port, its stderr in `stderr`.
fn start(db: &str, extra: &[&str], stderr: &Path) -> Running {
    let file = std::fs::File::create(stderr).unwrap();
    let (child, url) = spawn_server(db, extra, file.into());
    Running {
        child,
        url,
        stderr: stderr.to_owned(),
    }
}

/// Posts distinct records from 16 clients until `stop`; collects the ids answered 204.
/// Any other answer, or none (the server or database is down), is simply not counted.
struct Load {
    acked: Arc<Mutex<Vec<String>>>,
    /// The body of one 503 answer, as the public sees it.
    refusal: Arc<Mutex<String>>,
    refused: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

fn load(url: &str, tag: u64) -> Load {
    let acked = Arc::new(Mutex::new(Vec::new()));
    let refusal = Arc::new(Mutex::new(String::new()));
    let refused = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let given = now_ms();
    let tasks = (0..16u64)
        .map(|task| {
            let (acked, refused, stop) = (acked.clone(), refused.clone(), stop.clone());
            let refusal = refusal.clone();
            let url = format!("{url}/consent");
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .timeout(Duration::from_secs(20))
                    .build()
                    .unwrap();
                for n in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let id = id(tag << 48 | task << 32 | n);
                    let res = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .body(body(&id, "custom", given).to_string())
                        .send()
                        .await;
                    match res {
                        Ok(r) if r.status() == 204 => acked.lock().unwrap().push(id),
                        Ok(r) => {
                            assert!(r.status() == 503, "answered {}", r.status());
                            refused.fetch_add(1, Ordering::Relaxed);
                            *refusal.lock().unwrap() = r.text().await.unwrap_or_default();
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
                    }
                }
            })
        })
        .collect();
    Load {
        acked,
        refusal,
        refused,
        stop,
        tasks,
    }
}

impl Load {
    fn acked(&self) -> usize {
        self.acked.lock().unwrap().len()
    }

    async fn wait_for(&self, n: usize, within: Duration) {
        let deadline = Instant::now() + within;
        while self.acked() < n && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    async fn finish(self) -> Vec<String> {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.tasks {
            t.await.unwrap();
        }
        let acked = self.acked.lock().unwrap().clone();
        acked
    }
}

/// Reopens the database afresh and counts which acknowledged ids it holds; prints the
/// suite's figures and returns how many were lost.
async fn lost(db: &str, what: &str, faults: usize, acked: &[String]) -> usize {
    let store = pcc_consent_log::store::Store::open(db).await.unwrap();
    let stored: HashSet<String> = store
        .given_between(0, i64::MAX / 2)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.row.consent_id)
        .collect();
    let lost = acked.iter().filter(|id| !stored.contains(*id)).count();
    println!(
        "{what}: faults injected: {faults}, records acknowledged: {}, records stored: {}, \
         acknowledged and lost: {lost}",
        acked.len(),
        stored.len()
    );
    assert_eq!(
        store.verify().await.unwrap().map(|_| ()),
        Ok(()),
        "{what}: chain intact"
    );
    lost
}

/// Unmounts on drop, even when the test fails.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

async fn get(url: &str) -> u16 {
    reqwest::get(url)
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disk_full_never_acknowledges_a_lost_record_and_recovers() {
    if !is_root() {
        println!("SKIPPED disk full: needs root to mount a 2 MiB tmpfs");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(ok.success(), "mount a tmpfs");
    let _mount = Mount(dir.path().to_owned());
    // Room for a few hundred records, then full; deleting the filler makes room again.
    let filler = dir.path().join("filler");
    std::fs::write(&filler, vec![0u8; 1536 * 1024]).unwrap();
    let db = dir.path().join("log.db").display().to_string();
    let err = tempfile::NamedTempFile::new().unwrap();
    let server = start(&db, &[], err.path());

    let load = load(&server.url, 1);
    // Fill the disk, then keep posting into the full disk for a while.
    let deadline = Instant::now() + Duration::from_secs(60);
    while load.refused.load(Ordering::Relaxed) < 200 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let refused = load.refused.load(Ordering::Relaxed);
    assert!(refused >= 200, "the disk filled ({refused} refused)");
    let health_full = get(&format!("{}/healthz", server.url)).await;
    let refusal = load.refusal.lock().unwrap().clone();
    assert!(
        !refusal.to_lowercase().contains("database or disk")
            && !refusal.contains("sqlite")
            && !refusal.contains("log.db"),
        "a 503 shows no raw database error: {refusal}"
    );
    assert_eq!(health_full, 503, "/healthz reports the full disk");

    // Space returns: the server recovers by itself, without a restart.
    std::fs::remove_file(&filler).unwrap();
    let before = load.acked();
    load.wait_for(before + 200, Duration::from_secs(60)).await;
    let after = load.acked();
    let acked = load.finish().await;
    assert!(
        after >= before + 200,
        "posts succeed again once there is room"
    );
    let healthy = Instant::now();
    while get(&format!("{}/healthz", server.url)).await != 200 {
        assert!(
            healthy.elapsed() < Duration::from_secs(60),
            "/healthz ok again"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(server); // SIGKILL: what was acknowledged must be on disk already.
    println!(
        "disk full: {refused} posts refused with 503 while full, /healthz {health_full} while full \
         and 200 after; recovered without a restart"
    );
    assert_eq!(lost(&db, "disk full", 1, &acked).await, 0);
    let log = std::fs::read_to_string(err.path()).unwrap_or_default();
    assert!(
        !log.contains("127.0.0.1"),
        "no address in the log lines:\n{log}"
    );
}

/// SIGKILL three times in the middle of a load run; restart each time on the same data.
async fn sigkill_three_times(db: Db) {
    let err = tempfile::NamedTempFile::new().unwrap();
    let mut acked = Vec::new();
    for round in 0..3u64 {
        let mut server = start(&db.url, &[], err.path());
        let load = load(&server.url, 10 + round);
        load.wait_for(800, Duration::from_secs(30)).await;
        server.child.kill().unwrap(); // SIGKILL, requests in flight
        server.child.wait().unwrap();
        acked.extend(load.finish().await);
    }
    let what = format!(
        "SIGKILL mid-load x3 ({})",
        if db.sqlite_file.is_some() {
            "SQLite"
        } else {
            "PostgreSQL"
        }
    );
    assert!(acked.len() >= 300, "the load ran");
    assert_eq!(lost(&db.url, &what, 3, &acked).await, 0);
}

both!(sigkill_three_times);

/// A PostgreSQL cluster of this test's own (so a crash here disturbs nobody), with
/// `synchronous_commit = off` as its default.
struct PrivatePg {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

impl PrivatePg {
    fn start() -> Option<PrivatePg> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("bin"))
            .filter(|p| p.join("initdb").exists())
            .max()?;
        let dir = tempfile::tempdir().unwrap();
        Command::new("chmod")
            .arg("755")
            .arg(dir.path())
            .status()
            .unwrap();
        Command::new("chown")
            .arg("postgres")
            .arg(dir.path())
            .status()
            .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let pg = PrivatePg { dir, bin, port };
        let ok = pg
            .as_postgres(&["initdb", "-A", "trust", "-U", "postgres", "--no-sync", "-D"])
            .arg(pg.data())
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(ok.success(), "initdb");
        pg.ctl("start");
        Some(pg)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn as_postgres(&self, args: &[&str]) -> Command {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"])
            .arg(self.bin.join(args[0]))
            .args(&args[1..]);
        c
    }

    fn ctl(&self, what: &str) {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c synchronous_commit=off -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let mut c = self.as_postgres(&["pg_ctl", "-w", "-D"]);
        c.arg(self.data()).args(["-o", &opts]);
        if what == "crash" {
            c.args(["-m", "immediate", "stop"]);
        } else {
            c.args([
                "-l",
                &self.dir.path().join("log").display().to_string(),
                what,
            ]);
        }
        let ok = c.stdout(Stdio::null()).status().unwrap();
        assert!(ok.success(), "pg_ctl {what}");
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for PrivatePg {
    fn drop(&mut self) {
        let _ = self
            .as_postgres(&["pg_ctl", "-m", "immediate", "-D"])
            .arg(self.data())
            .arg("stop")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_crash_restart_with_async_commit_loses_no_acknowledged_record() {
    if !is_root() {
        println!("SKIPPED PostgreSQL restart: needs root for a private cluster");
        return;
    }
    let Some(pg) = PrivatePg::start() else {
        println!(
            "SKIPPED PostgreSQL restart: no PostgreSQL installed (scripts/postgres.sh installs it)"
        );
        return;
    };
    let url = pg.url();
    {
        let store = pcc_consent_log::store::Store::open(&url).await.unwrap();
        let default: String = sqlx::query_scalar("SHOW synchronous_commit")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(default, "off", "the cluster's default is off");
    }
    let err = tempfile::NamedTempFile::new().unwrap();
    let server = start(&url, &[], err.path());
    let load = load(&server.url, 20);
    load.wait_for(1500, Duration::from_secs(30)).await;
    pg.ctl("crash"); // like a power cut for PostgreSQL: unflushed WAL is gone
    pg.ctl("start");
    let before = load.acked();
    load.wait_for(before + 300, Duration::from_secs(60)).await;
    let acked = load.finish().await;
    assert!(
        acked.len() >= before + 300,
        "the server recovered after PostgreSQL came back"
    );
    drop(server);
    assert_eq!(
        lost(
            &url,
            "PostgreSQL crash-restart, synchronous_commit off by default",
            1,
            &acked
        )
        .await,
        0
    );
}

/// Reads until the server closes the connection (or `within` passes): true if closed.
fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    s.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_slow_clients_cannot_hold_the_server() {
    let db = Db::sqlite().await;
    let err = tempfile::NamedTempFile::new().unwrap();
    let args = [
        "--header-timeout",
        "1",
        "--max-connections",
        "16",
        "--shutdown-timeout",
        "2",
    ];
    let mut server = start(&db.url, &args, err.path());
    let addr = server.url.trim_start_matches("http://").to_owned();
    let bound = Duration::from_secs(20); // far above the 1 s configured; never a timing claim

    // Sends nothing at all.
    let mut silent = TcpStream::connect(&addr).unwrap();
    assert!(
        closed_within(&mut silent, bound),
        "a silent connection is closed"
    );
    // Idle after one request on a kept-alive connection.
    let mut idle = TcpStream::connect(&addr).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
        .unwrap();
    assert!(
        closed_within(&mut idle, bound),
        "an idle connection is closed"
    );
    // A header line now and then, never finishing the head.
    let mut drip = TcpStream::connect(&addr).unwrap();
    drip.write_all(b"GET /healthz HTTP/1.1\r\n").unwrap();
    let start_drip = Instant::now();
    let mut cut = false;
    while start_drip.elapsed() < bound {
        if drip.write_all(b"x-slow: 1\r\n").is_err() {
            cut = true;
            break;
        }
        drip.set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        let mut b = [0u8; 512];
        match drip.read(&mut b) {
            Ok(0) => {
                cut = true;
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                cut = true;
                break;
            }
            _ => {}
        }
    }
    assert!(cut, "a header sent a line at a time is cut off");

    // Far more idle connections than the cap: the server still answers a real post, and
    // says in its log that the cap was reached.
    let hogs: Vec<TcpStream> = (0..64)
        .map(|_| TcpStream::connect(&addr).unwrap())
        .collect();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let s = Server {
        url: server.url.clone(),
        store: db.store().await,
    };
    let (status, _) = s.post(&body(&id(77), "reject_all", now_ms())).await;
    assert_eq!(status, 204, "answered despite 64 idle connections");
    let log = std::fs::read_to_string(&server.stderr).unwrap();
    assert!(log.contains("connection cap reached"), "{log}");
    drop(hogs);

    // A half-sent request does not hold a shutdown for ever.
    let mut half = TcpStream::connect(&addr).unwrap();
    half.write_all(
        format!(
            "POST /consent HTTP/1.1\r\nhost: x\r\norigin: {ORIGIN}\r\ncontent-type: application/json\r\ncontent-length: 300\r\n\r\n{{"
        )
        .as_bytes(),
    )
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    let stopping = Instant::now();
    let mut exited = false;
    while stopping.elapsed() < bound {
        if server.child.try_wait().unwrap().is_some() {
            exited = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        exited,
        "SIGTERM ends the server despite a half-sent request"
    );
    println!(
        "idle and slow clients: faults injected: 5 (silent, idle keep-alive, header drip, \
         64 connections over a cap of 16, half-sent request at shutdown): all closed; \
         cap logged; shutdown bounded"
    );
}

/// A chain of 50 records, each tampering applied to a fresh copy, and what `verify`
/// must say about it.
async fn tampering_is_detected_and_located(db: Db) {
    let sqlite = db.sqlite_file.is_some();
    type Sql = &'static [&'static str];
    let kinds: Vec<(&str, Sql, Option<Checkpoint>, Break)> = vec![
        (
            "edited content",
            &["UPDATE consent_records SET method = 'accept_all', targeting = 1 WHERE seq = 4"],
            None,
            Break::Changed { seq: 4 },
        ),
        (
            "swapped rows",
            &[
                "UPDATE consent_records SET seq = -10 WHERE seq = 10",
                "UPDATE consent_records SET seq = 10 WHERE seq = 11",
                "UPDATE consent_records SET seq = 11 WHERE seq = -10",
            ],
            None,
            Break::Moved {
                seq: 10,
                stored_as: 11,
            },
        ),
        (
            "reversed rows",
            &[
                "UPDATE consent_records SET seq = -seq",
                "UPDATE consent_records SET seq = 51 + seq",
            ],
            None,
            Break::Moved {
                seq: 1,
                stored_as: 50,
            },
        ),
        (
            "deleted and renumbered",
            &[
                "DELETE FROM consent_records WHERE seq = 20",
                "UPDATE consent_records SET seq = 1 - seq WHERE seq > 20",
                "UPDATE consent_records SET seq = -seq WHERE seq < 0",
                "UPDATE chain_head SET head_seq = 49",
            ],
            None,
            Break::Moved {
                seq: 20,
                stored_as: 21,
            },
        ),
        (
            "deleted row",
            &["DELETE FROM consent_records WHERE seq = 33"],
            None,
            Break::Removed { seq: 33 },
        ),
        (
            "edited prev_hash",
            &["UPDATE consent_records SET prev_hash = (SELECT hash FROM consent_records WHERE seq = 2) WHERE seq = 30"],
            None,
            Break::PrevHashEdited { seq: 30 },
        ),
        (
            "edited head",
            &["UPDATE chain_head SET head_hash = (SELECT hash FROM consent_records WHERE seq = 49)"],
            None,
            Break::Head {
                head_seq: 50,
                last: 50,
            },
        ),
        (
            "oldest deleted, anchor moved",
            &[
                "UPDATE chain_head SET base_seq = 10, base_hash = (SELECT prev_hash FROM consent_records WHERE seq = 11)",
                "DELETE FROM consent_records WHERE seq <= 10",
            ],
            None,
            Break::PurgeUnrecorded { base_seq: 10 },
        ),
        (
            "newest cut, head fixed (checkpoint kept outside)",
            &[
                "UPDATE chain_head SET head_seq = 40, head_hash = (SELECT hash FROM consent_records WHERE seq = 40)",
                "DELETE FROM consent_records WHERE seq > 40",
            ],
            Some(Checkpoint {
                seq: 50,
                hash: String::new(),
            }),
            Break::Checkpoint {
                seq: 50,
                found: "the records end at #40".into(),
            },
        ),
    ];
    let mut kinds = kinds;
    if sqlite {
        kinds.push((
            "SQLite type change",
            &["UPDATE consent_records SET revision = 'one' WHERE seq = 7"],
            None,
            Break::Unreadable {
                seq: 7,
                column: "revision".into(),
            },
        ));
    }
    let mut located = 0;
    for (what, sql, checkpoint, want) in &kinds {
        let db = if sqlite {
            Db::sqlite().await
        } else {
            Db::postgres().await
        };
        let store = db.store().await;
        let t = now_ms();
        let batch: Vec<_> = (1..=50u64)
            .map(|n| {
                let b = body(
                    &id(n),
                    ["accept_all", "reject_all", "custom"][n as usize % 3],
                    t,
                );
                pcc_consent_log::wire::parse(b.to_string().as_bytes(), t).unwrap()
            })
            .collect();
        store.append(&batch, t).await.unwrap();
        let (head_seq, head_hash) = store.head().await.unwrap();
        assert_eq!(store.verify().await.unwrap(), Ok(50));
        for q in *sql {
            sqlx::query(q).execute(store.pool()).await.unwrap();
        }
        let expect = checkpoint.as_ref().map(|_| Checkpoint {
            seq: head_seq,
            hash: head_hash.clone(),
        });
        if expect.is_some() {
            // Without the checkpoint the cut chain is self-consistent.
            assert_eq!(store.verify().await.unwrap(), Ok(40), "{what}");
        }
        let got = store.verify_against(expect).await.unwrap().result;
        assert_eq!(got.as_ref(), Err(want), "{what}");
        println!("tampering: {what}: detected and located: {}", want);
        located += 1;
    }
    println!(
        "tampering ({}): {located} of {} kinds detected and located correctly",
        if sqlite { "SQLite" } else { "PostgreSQL" },
        kinds.len()
    );
}

both!(tampering_is_detected_and_located);
