//! The `pcc-consent-log` command: `serve` runs the server; the other subcommands are
//! what a DPO runs against the same database (`--db`, or `PCC_CONSENT_LOG_DB`).
//!
//! Owns: argument parsing and exit codes. It must never start serving with a weak
//! admin token or with no allowed origin.

use clap::{Parser, Subcommand};
use pcc_consent_log::{admin, http, report, store::Store};
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
    },
    /// Every record with these consent ids (JSON), in the order given. The banner gives
    /// each new decision a new id, so a visitor's history is the ids they quote.
    Find {
        #[arg(required = true)]
        consent_ids: Vec<String>,
    },
    /// Records given from --from to --to (UTC days, inclusive) as CSV.
    Export {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Delete records received more than this many days ago (at least 395).
    Purge {
        #[arg(long)]
        older_than: u32,
    },
    /// Daily counts by method and category.
    Stats,
    /// Walk the hash chain; exit 1 naming the first changed or removed record.
    Verify,
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

async fn run(cli: Cli) -> Result<ExitCode, String> {
    let store = Store::open(&cli.db)
        .await
        .map_err(|e| format!("{}: {e}", redacted(&cli.db)))?;
    let now = chrono::Utc::now().timestamp_millis();
    match cli.command {
        Command::Serve {
            listen,
            allow_origin,
            rate_per_minute,
            rate_burst,
            client_ip_header,
            log_records,
        } => {
            let admin_token = std::env::var("PCC_CONSENT_LOG_TOKEN")
                .ok()
                .filter(|t| !t.is_empty());
            if admin_token
                .as_ref()
                .is_some_and(|t| t.len() < admin::MIN_TOKEN_LEN)
            {
                return Err(format!(
                    "PCC_CONSENT_LOG_TOKEN must be at least {} characters",
                    admin::MIN_TOKEN_LEN
                ));
            }
            let config = http::Config {
                allow_origins: allow_origin
                    .iter()
                    .map(|o| http::parse_origin(o))
                    .collect::<Result<_, _>>()?,
                rate_per_minute,
                rate_burst,
                client_ip_header: client_ip_header
                    .map(|h| h.parse().map_err(|_| format!("{h}: not a header name")))
                    .transpose()?,
                admin_token,
                log_records,
            };
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .map_err(|e| format!("{listen}: {e}"))?;
            let addr = listener.local_addr().map_err(|e| e.to_string())?;
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
            http::serve(listener, http::router(store, config))
                .await
                .map_err(|e| e.to_string())?;
        }
        Command::Find { consent_ids } => {
            let mut records = Vec::new();
            for id in &consent_ids {
                if pcc_consent::consent::ConsentId::parse(id).is_none() {
                    return Err(format!("{id}: a consent id is 32 lowercase hex digits"));
                }
                records.extend(store.find(id).await.map_err(|e| e.to_string())?);
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
            let (from, to) = report::day_range(&from, &to)?;
            let records = store
                .given_between(from, to)
                .await
                .map_err(|e| e.to_string())?;
            let csv = report::csv(&records).map_err(|e| e.to_string())?;
            use std::io::Write;
            std::io::stdout()
                .write_all(&csv)
                .map_err(|e| e.to_string())?;
        }
        Command::Purge { older_than } => {
            let cutoff = report::purge_cutoff(older_than, now)?;
            let n = store
                .purge_received_before(cutoff)
                .await
                .map_err(|e| e.to_string())?;
            println!("deleted {n} records received more than {older_than} days ago");
        }
        Command::Stats => {
            print!(
                "{}",
                report::stats_table(&store.stats().await.map_err(|e| e.to_string())?)
            );
        }
        Command::Verify => match store.verify().await.map_err(|e| e.to_string())? {
            Ok(n) => {
                let (seq, hash) = store.head().await.map_err(|e| e.to_string())?;
                println!("verify: ok, {n} records, chain intact; head #{seq} {hash}");
            }
            Err(b) => {
                println!("verify: FAILED: {b}");
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
