//! The `pcc-consent-log` command: `serve` runs the server; the other subcommands are
//! what a DPO runs against the same database (`--db`, or `PCC_CONSENT_LOG_DB`).
//!
//! Owns: argument parsing and exit codes. It must never start serving with a weak
//! admin token or with no allowed origin.

use clap::{Parser, Subcommand};
use futures_util::TryStreamExt;
use pcc_consent_log::chain::Checkpoint;
use pcc_consent_log::error::{Error, Result};
use pcc_consent_log::store::{PurgeRequest, Store};
use pcc_consent_log::{http, report};
use std::net::SocketAddr;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    version,
    about = "Self-hosted, tamper-evident consent log for pcc-consent"
)]
struct Cli {
    /// A SQLite file (created if missing) or a postgres:// URL. Prefer the environment
    /// variable for a URL with a password: command lines are visible to other users.
    #[arg(
        long,
        env = "PCC_CONSENT_LOG_DB",
        hide_env_values = true,
        default_value = "pcc-consent-log.db",
        global = true
    )]
    db: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Receive records on POST /consent (admin routes under /admin when
    /// PCC_CONSENT_LOG_TOKEN is set).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8081")]
        listen: SocketAddr,
        /// An origin whose pages may post, e.g. https://www.example-pcc.police.uk (repeat for more).
        #[arg(long = "allow-origin", required = true)]
        allow_origin: Vec<String>,
        /// Posts per minute from one client address (0: no limit).
        #[arg(long, default_value_t = 60)]
        rate_per_minute: u32,
        /// Posts one client may send at once before the per-minute rate applies.
        #[arg(long, default_value_t = 20)]
        rate_burst: u32,
        /// Behind a reverse proxy: the header holding the client address, e.g. x-forwarded-for.
        #[arg(long)]
        client_ip_header: Option<String>,
        /// Log each stored record (id, method, categories): for demos, not production.
        #[arg(long)]
        log_records: bool,
        /// Seconds a client has to send a request's headers, and a kept-alive connection may idle.
        #[arg(long, default_value_t = 10)]
        header_timeout: u64,
        /// Seconds requests in flight get after SIGTERM before their connections are closed.
        #[arg(long, default_value_t = 20)]
        shutdown_timeout: u64,
        /// Connections open at once (keep it below the file limit, LimitNOFILE).
        #[arg(long, default_value_t = 900)]
        max_connections: usize,
    },
    /// A visitor's history: every record with these consent ids (JSON), each id's
    /// decisions in the order they were received.
    Find {
        #[arg(required = true)]
        consent_ids: Vec<String>,
    },
    /// Records given from --from to --to (UTC days, inclusive) as CSV, streamed. Each
    /// export is recorded in the chain.
    Export {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Delete records received more than this many days ago (at least 395); the purge
    /// is recorded in the chain (who, when, up to which record, why).
    Purge {
        #[arg(long)]
        older_than: u32,
        /// Why, for the record (e.g. "retention schedule").
        #[arg(long, default_value = "retention schedule")]
        reason: String,
    },
    /// Daily counts by method and category.
    Stats,
    /// Walk the hash chain; exit 1 naming the first broken link. With a checkpoint kept
    /// outside the database, also catches a cut or rebuilt chain.
    Verify {
        /// The head hash printed by `checkpoint`.
        #[arg(long, requires = "expect_count")]
        expect_head: Option<String>,
        /// The record count (head #) printed by `checkpoint`.
        #[arg(long, requires = "expect_head")]
        expect_count: Option<i64>,
    },
    /// Print the chain head to keep outside the database (for `verify --expect-head`).
    Checkpoint,
    /// The admin trail (JSON): purges, uses of the admin token, exports.
    Trail,
    /// Print the notice (the words a visitor was shown) stored under this hash.
    Notice { hash: String },
}

#[tokio::main]
async fn main() -> ExitCode {
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("pcc-consent-log: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode> {
    let store = Store::open(&cli.db)
        .await
        .map_err(|e| Error::Config(format!("{}: {e}", redacted(&cli.db))))?;
    let now = chrono::Utc::now().timestamp_millis();
    match cli.command {
        Command::Serve {
            listen,
            allow_origin,
            rate_per_minute,
            rate_burst,
            client_ip_header,
            log_records,
            header_timeout,
            shutdown_timeout,
            max_connections,
        } => {
            let admin_token = std::env::var("PCC_CONSENT_LOG_TOKEN")
                .ok()
                .filter(|t| !t.is_empty());
            if admin_token
                .as_ref()
                .is_some_and(|t| t.len() < http::MIN_TOKEN_LEN)
            {
                return Err(Error::Config(format!(
                    "PCC_CONSENT_LOG_TOKEN must be at least {} characters",
                    http::MIN_TOKEN_LEN
                )));
            }
            let secs = std::time::Duration::from_secs;
            let config = http::Config {
                allow_origins: allow_origin
                    .iter()
                    .map(|o| http::parse_origin(o))
                    .collect::<Result<_>>()?,
                rate_per_minute,
                rate_burst,
                client_ip_header: client_ip_header
                    .map(|h| {
                        h.parse()
                            .map_err(|_| Error::Config(format!("{h}: not a header name")))
                    })
                    .transpose()?,
                admin_token,
                log_records,
                limits: http::Limits {
                    header_timeout: secs(header_timeout.max(1)),
                    shutdown_timeout: secs(shutdown_timeout),
                    max_connections,
                },
            };
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .map_err(|e| Error::Config(format!("{listen}: {e}")))?;
            let addr = listener.local_addr()?;
            // Tests and scripts read this line to learn an ephemeral port.
            println!("pcc-consent-log: listening on http://{addr}");
            tracing::info!(
                "database {:?}, origins {:?}, admin routes {}",
                store.backend(),
                allow_origin,
                if config.admin_token.is_some() {
                    "on"
                } else {
                    "off"
                }
            );
            let limits = config.limits;
            http::serve_with(
                listener,
                http::router(store, config),
                limits,
                http::shutdown_signal(),
            )
            .await?;
        }
        Command::Find { consent_ids } => {
            let mut records = Vec::new();
            for id in &consent_ids {
                if pcc_consent::consent::ConsentId::parse(id).is_none() {
                    return Err(Error::Invalid(format!(
                        "{id}: a consent id is 32 lowercase hex digits"
                    )));
                }
                records.extend(store.find(id).await?);
            }
            println!(
                "{}",
                serde_json::to_string_pretty(&report::records_json(&records)).unwrap_or_default()
            );
            if records.is_empty() {
                eprintln!("no record with id {}", consent_ids.join(" or "));
                return Ok(ExitCode::from(1));
            }
        }
        Command::Export { from, to } => {
            let (start, end) = report::day_range(&from, &to)?;
            store
                .record_event(
                    "export",
                    serde_json::json!({ "by": "cli", "from": from, "to": to }),
                )
                .await?;
            use std::io::Write;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            out.write_all(&report::csv_header()?)?;
            let mut pages = std::pin::pin!(store.given_pages(start, end));
            while let Some(page) = pages.try_next().await? {
                out.write_all(&report::csv_rows(&page)?)?;
            }
            out.flush()?;
        }
        Command::Purge { older_than, reason } => {
            report::purge_cutoff(older_than, now)?;
            let req = PurgeRequest {
                older_than_days: older_than,
                by: "cli".into(),
                reason,
            };
            let n = store.purge(&req, now).await?;
            println!("deleted {n} records received more than {older_than} days ago");
        }
        Command::Stats => {
            print!("{}", report::stats_table(&store.stats().await?));
        }
        Command::Verify {
            expect_head,
            expect_count,
        } => {
            let expect = expect_head.zip(expect_count).map(|(hash, seq)| Checkpoint {
                seq,
                hash: hash.trim().to_owned(),
            });
            let v = store.verify_against(expect).await?;
            match v.result {
                Ok(n) => println!(
                    "verify: ok, {n} records, chain intact; head #{} {}",
                    v.head_seq, v.head_hash
                ),
                Err(b) => {
                    println!("verify: FAILED: {b}");
                    return Ok(ExitCode::from(1));
                }
            }
        }
        Command::Checkpoint => {
            let (seq, hash) = store.head().await?;
            println!(
                "checkpoint: head #{seq} {hash} at {}",
                pcc_consent_log::wire::format_time(now)
            );
            println!(
                "keep this line outside the database; later: pcc-consent-log verify --expect-head {hash} --expect-count {seq}"
            );
        }
        Command::Trail => {
            let events = store.trail().await?;
            let json = serde_json::Value::Array(events.iter().map(report::event_json).collect());
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        Command::Notice { hash } => match store.notice(&hash).await? {
            Some(text) => println!("{text}"),
            None => {
                eprintln!("no notice with hash {hash}");
                return Ok(ExitCode::from(1));
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// The database as shown in messages: a URL's password replaced by `***`.
fn redacted(db: &str) -> String {
    match url::Url::parse(db) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => db.to_owned(),
    }
}
