//! The database: one code path (`sqlx::Any`, runtime queries, portable SQL) for an
//! embedded SQLite file and for PostgreSQL. Migrations run on open.
//!
//! Owns: every SQL statement, every transaction and the chain-head lock. Every write
//! takes the single `chain_head` row first (`UPDATE … RETURNING`), which serialises
//! writers across connections, processes and server instances, so the hash chain stays
//! one line. It must never store anything but validated records and admin-trail events
//! (no IP address, no cookie), never report a write as done before its transaction has
//! committed (on PostgreSQL `synchronous_commit` is set on in every write transaction,
//! whatever the cluster's default), and never reuse a connection a write failed on (a
//! connection left inside a transaction would turn the next BEGIN into a savepoint and
//! its COMMIT into a no-op: a 204 for a record never stored).

use crate::chain::{self, Break, Checkpoint, PurgeDetail, Row, Verifier};
use crate::error::{Error, Result};
use crate::wire::ValidRecord;
use futures_util::stream::{self, Stream, TryStreamExt};
use pcc_consent::consent::{Category, DAY_MS};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::AnyConnection;
use sqlx::{AnyPool, Executor, Row as _};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// A stored row with its chain links.
#[derive(Clone, Debug)]
pub struct Stored {
    pub row: Row,
    pub prev_hash: String,
    pub hash: String,
}

/// What goes into the chain: a visitor's consent record, or an admin-trail event.
#[derive(Clone, Debug)]
pub enum Entry {
    Consent(ValidRecord),
    /// `kind` (`admin`, `export`, …) and details as JSON.
    Event {
        kind: String,
        detail: String,
    },
}

/// What `verify` found, read in one snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Consent records checked, or the first broken link.
    pub result: std::result::Result<u64, Break>,
    pub head_seq: i64,
    pub head_hash: String,
    /// Records up to this one were purged.
    pub base_seq: i64,
}

/// A purge a DPO asked for.
#[derive(Clone, Debug)]
pub struct PurgeRequest {
    pub older_than_days: u32,
    /// `cli` or `admin-api`.
    pub by: String,
    pub reason: String,
}

/// One UTC day of `stats`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DayStats {
    pub day: String,
    pub total: i64,
    pub accept_all: i64,
    pub reject_all: i64,
    pub custom: i64,
    pub performance: i64,
    pub functionality: i64,
    pub targeting: i64,
}

/// Column names in `COLUMNS` order, for naming an unreadable one.
const NAMES: [&str; 22] = [
    "seq",
    "consent_id",
    "revision",
    "given_at_ms",
    "expires_at_ms",
    "method",
    "performance",
    "functionality",
    "targeting",
    "changed",
    "page",
    "received_at_ms",
    "kind",
    "decision",
    "notice_hash",
    "detail",
    "prev_hash",
    "hash",
    "statistics",
    "not_objected",
    "objected",
    "services",
];
const COLUMNS: &str =
    "seq, consent_id, revision, given_at_ms, expires_at_ms, method, performance, \
     functionality, targeting, changed, page, received_at_ms, kind, decision, notice_hash, \
     detail, prev_hash, hash, statistics, not_objected, objected, services";
const LOCK_HEAD: &str = "UPDATE chain_head SET head_seq = head_seq WHERE id = 1 \
     RETURNING head_seq, head_hash, base_seq, base_hash, head_received_ms";
/// Rows per page when walking or exporting: bounded memory whatever the log's size.
const PAGE: i64 = 2000;

/// `postgres://…` or `postgresql://…` as given; `sqlite://…` as given; a bare path is a
/// SQLite file, created if missing.
pub fn database_url(db: &str) -> (String, Backend) {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        (db.to_owned(), Backend::Postgres)
    } else if db.starts_with("sqlite:") {
        (db.to_owned(), Backend::Sqlite)
    } else {
        (format!("sqlite://{db}?mode=rwc"), Backend::Sqlite)
    }
}

/// Creates a missing SQLite file readable by its owner only (SQLite gives its -wal and
/// -shm files the same mode): consent records are personal data.
fn create_private(url: &str) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" || std::path::Path::new(path).exists() {
        return Ok(());
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}

/// The chain head as locked by a write.
struct Head {
    seq: i64,
    hash: String,
    base_seq: i64,
    received_ms: i64,
}

impl Store {
    pub async fn open(db: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (url, backend) = database_url(db);
        if backend == Backend::Sqlite {
            create_private(&url)?;
        }
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 8 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL: readers never block the writer. synchronous=FULL: a commit
                        // is on disk (WAL fsynced) before we answer 204, even on power loss.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = FULL").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                    } else {
                        // PostgreSQL's NOTICEs ("_sqlx_migrations already exists") are noise.
                        conn.execute("SET client_min_messages = warning").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(sqlx::Error::from)?;
        Ok(Store { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Runs `body` in a write transaction on a connection of its own. Any failure
    /// (statement or COMMIT) closes that connection instead of returning it to the pool.
    async fn write<T, F>(&self, body: F) -> Result<T>
    where
        F: for<'c> FnOnce(
            &'c mut AnyConnection,
            Head,
        ) -> futures_util::future::BoxFuture<'c, Result<T>>,
    {
        let mut conn = self.pool.acquire().await?;
        let begin = match self.backend {
            // IMMEDIATE: take the write lock now, not on the first write (no deadlock
            // between two upgrading readers).
            Backend::Sqlite => "BEGIN IMMEDIATE",
            // Durable on COMMIT whatever the cluster, role or database default says.
            Backend::Postgres => "BEGIN; SET LOCAL synchronous_commit = on",
        };
        let result = async {
            conn.execute(begin).await?;
            let head = lock_head(&mut conn).await?;
            let out = body(&mut conn, head).await?;
            conn.execute("COMMIT").await?;
            Ok(out)
        }
        .await;
        if result.is_err() {
            conn.close_on_drop();
        }
        result
    }

    /// Appends a batch in one transaction. For each record: true if stored, false if the
    /// same consent id and `givenAt` was already there (stored once, never twice).
    pub async fn append(&self, batch: &[ValidRecord], now_ms: i64) -> Result<Vec<bool>> {
        let entries: Vec<Entry> = batch.iter().cloned().map(Entry::Consent).collect();
        self.append_entries(&entries, now_ms).await
    }

    pub async fn append_entries(&self, entries: &[Entry], now_ms: i64) -> Result<Vec<bool>> {
        let entries = entries.to_vec();
        self.write(move |conn, mut head| {
            Box::pin(async move {
                let out = insert(conn, &mut head, &entries, now_ms).await?;
                save_head(conn, &head).await?;
                Ok(out)
            })
        })
        .await
    }

    /// Records an admin-trail event (token use, export) in the chain.
    pub async fn record_event(&self, kind: &str, detail: serde_json::Value) -> Result<()> {
        let e = Entry::Event {
            kind: kind.to_owned(),
            detail: detail.to_string(),
        };
        self.append_entries(&[e], chrono::Utc::now().timestamp_millis())
            .await
            .map(drop)
    }

    /// A write transaction that changes nothing: can the store be written right now?
    pub async fn probe(&self) -> Result<()> {
        self.write(|_, _| Box::pin(async { Ok(()) })).await
    }

    /// Keeps a notice (the exact words shown) once, under its SHA-256.
    pub async fn store_notice(&self, hash: &str, body: &str, now_ms: i64) -> Result<()> {
        let (hash, body) = (hash.to_owned(), body.to_owned());
        self.write(move |conn, _| {
            Box::pin(async move {
                sqlx::query(
                    "INSERT INTO notices (hash, body, received_at_ms) VALUES ($1, $2, $3) \
                     ON CONFLICT (hash) DO NOTHING",
                )
                .bind(&hash)
                .bind(&body)
                .bind(now_ms)
                .execute(&mut *conn)
                .await?;
                Ok(())
            })
        })
        .await
    }

    /// The notice stored under this hash.
    pub async fn notice(&self, hash: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT body FROM notices WHERE hash = $1")
            .bind(hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }

    /// Every record with this consent id, oldest first: the visitor's history.
    pub async fn find(&self, consent_id: &str) -> Result<Vec<Stored>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM consent_records WHERE consent_id = $1 AND kind = 'consent' \
             ORDER BY seq"
        );
        let rows = sqlx::query(&sql)
            .bind(consent_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(stored).collect()
    }

    /// The admin trail: every event (purge, token use, export) still in the chain, in order.
    pub async fn trail(&self) -> Result<Vec<Stored>> {
        let sql =
            format!("SELECT {COLUMNS} FROM consent_records WHERE kind <> 'consent' ORDER BY seq");
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(stored).collect()
    }

    /// Records given in `[from_ms, to_ms)`, oldest first, a page at a time.
    pub fn given_pages(
        &self,
        from_ms: i64,
        to_ms: i64,
    ) -> impl Stream<Item = Result<Vec<Stored>>> + Send + 'static {
        let store = self.clone();
        let sql = format!(
            "SELECT {COLUMNS} FROM consent_records WHERE kind = 'consent' AND given_at_ms < $3 \
             AND (given_at_ms > $1 OR (given_at_ms = $1 AND seq > $2)) \
             ORDER BY given_at_ms, seq LIMIT {PAGE}"
        );
        stream::try_unfold(Some((from_ms, i64::MIN)), move |cursor| {
            let (store, sql) = (store.clone(), sql.clone());
            async move {
                let Some((given, seq)) = cursor else {
                    return Ok(None);
                };
                let rows = sqlx::query(&sql)
                    .bind(given)
                    .bind(seq)
                    .bind(to_ms)
                    .fetch_all(&store.pool)
                    .await?;
                if rows.is_empty() {
                    return Ok(None);
                }
                let page = rows.iter().map(stored).collect::<Result<Vec<_>>>()?;
                let next = (rows.len() as i64 == PAGE)
                    .then(|| page.last().map(|s| (s.row.given_at_ms, s.row.seq)))
                    .flatten();
                Ok(Some((page, next)))
            }
        })
    }

    /// Records given in `[from_ms, to_ms)`, oldest first, all at once (small ranges).
    pub async fn given_between(&self, from_ms: i64, to_ms: i64) -> Result<Vec<Stored>> {
        let pages: Vec<Vec<Stored>> = self.given_pages(from_ms, to_ms).try_collect().await?;
        Ok(pages.into_iter().flatten().collect())
    }

    /// Consent records stored (admin-trail events not counted).
    pub async fn count(&self) -> Result<i64> {
        Ok(
            sqlx::query("SELECT COUNT(*) FROM consent_records WHERE kind = 'consent'")
                .fetch_one(&self.pool)
                .await?
                .try_get(0)?,
        )
    }

    /// Daily counts (UTC, by `givenAt`) by method and granted category.
    pub async fn stats(&self) -> Result<Vec<DayStats>> {
        let sum = |cond: &str| format!("CAST(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS BIGINT)");
        let sql = format!(
            "SELECT given_at_ms / 86400000 AS day, COUNT(*), {}, {}, {}, {}, {}, {} \
             FROM consent_records WHERE kind = 'consent' \
             GROUP BY given_at_ms / 86400000 ORDER BY day",
            sum("method = 'accept_all'"),
            sum("method = 'reject_all'"),
            sum("method = 'custom'"),
            sum("performance = 1"),
            sum("functionality = 1"),
            sum("targeting = 1"),
        );
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let day: i64 = r.try_get(0)?;
                Ok(DayStats {
                    day: crate::wire::format_time(day * DAY_MS as i64)[..10].to_owned(),
                    total: r.try_get(1)?,
                    accept_all: r.try_get(2)?,
                    reject_all: r.try_get(3)?,
                    custom: r.try_get(4)?,
                    performance: r.try_get(5)?,
                    functionality: r.try_get(6)?,
                    targeting: r.try_get(7)?,
                })
            })
            .collect()
    }

    /// Deletes the oldest records, received more than `older_than_days` before `now_ms`,
    /// as a prefix of the chain (a newer record stops the cut), moves the verification
    /// anchor past them and appends a purge record saying who, when, why and up to
    /// which record. Returns how many were deleted (nothing deleted: nothing recorded).
    pub async fn purge(&self, req: &PurgeRequest, now_ms: i64) -> Result<u64> {
        if i64::from(req.older_than_days) < chain::PURGE_MIN_DAYS {
            return Err(Error::Invalid(format!(
                "--older-than must be at least {} days: a younger record may still be in force",
                chain::PURGE_MIN_DAYS
            )));
        }
        let cutoff = now_ms - i64::from(req.older_than_days) * DAY_MS as i64;
        let req = req.clone();
        self.write(move |conn, mut head| {
            Box::pin(async move {
                let first_kept: Option<i64> =
                    sqlx::query("SELECT MIN(seq) FROM consent_records WHERE received_at_ms >= $1")
                        .bind(cutoff)
                        .fetch_one(&mut *conn)
                        .await?
                        .try_get(0)?;
                let (last_gone, upto_hash) = match first_kept {
                    Some(kept) => {
                        let prev: String =
                            sqlx::query("SELECT prev_hash FROM consent_records WHERE seq = $1")
                                .bind(kept)
                                .fetch_one(&mut *conn)
                                .await?
                                .try_get(0)?;
                        (kept - 1, prev)
                    }
                    None => (head.seq, head.hash.clone()),
                };
                if last_gone <= head.base_seq {
                    return Ok(0);
                }
                let deleted = sqlx::query("DELETE FROM consent_records WHERE seq <= $1")
                    .bind(last_gone)
                    .execute(&mut *conn)
                    .await?
                    .rows_affected();
                sqlx::query("UPDATE chain_head SET base_seq = $1, base_hash = $2 WHERE id = 1")
                    .bind(last_gone)
                    .bind(&upto_hash)
                    .execute(&mut *conn)
                    .await?;
                let detail = PurgeDetail {
                    by: req.by,
                    reason: req.reason,
                    older_than_days: i64::from(req.older_than_days),
                    cutoff_ms: cutoff,
                    upto: last_gone,
                    upto_hash,
                    deleted,
                };
                let event = Entry::Event {
                    kind: chain::PURGE.to_owned(),
                    detail: serde_json::to_string(&detail).unwrap_or_default(),
                };
                insert(conn, &mut head, &[event], now_ms).await?;
                save_head(conn, &head).await?;
                Ok(deleted)
            })
        })
        .await
    }

    /// The newest record's sequence number and hash: worth keeping outside the database
    /// (`checkpoint`), so that even a rebuilt chain would no longer match it.
    pub async fn head(&self) -> Result<(i64, String)> {
        let r = sqlx::query("SELECT head_seq, head_hash FROM chain_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok((r.try_get(0)?, r.try_get(1)?))
    }

    /// Walks the chain in one consistent snapshot. `Ok(Ok(n))`: n consent records, intact.
    pub async fn verify(&self) -> Result<std::result::Result<u64, Break>> {
        Ok(self.verify_against(None).await?.result)
    }

    /// [`Store::verify`], also checking a checkpoint kept outside the database; the head
    /// is read in the same snapshot as the rows.
    pub async fn verify_against(&self, expect: Option<Checkpoint>) -> Result<Verdict> {
        let mut conn = self.pool.acquire().await?;
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN",
            Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        };
        let result = async {
            conn.execute(begin).await?;
            let verdict = walk(&mut conn, expect).await?;
            conn.execute("ROLLBACK").await?;
            Ok(verdict)
        }
        .await;
        if result.is_err() {
            conn.close_on_drop();
        }
        result
    }
}

async fn walk(conn: &mut AnyConnection, expect: Option<Checkpoint>) -> Result<Verdict> {
    let head =
        sqlx::query("SELECT head_seq, head_hash, base_seq, base_hash, legacy_base_seq FROM chain_head WHERE id = 1")
            .fetch_one(&mut *conn)
            .await?;
    let (head_seq, head_hash): (i64, String) = (head.try_get(0)?, head.try_get(1)?);
    let (base_seq, base_hash): (i64, String) = (head.try_get(2)?, head.try_get(3)?);
    let mut verifier = Verifier::new(base_seq, &base_hash, head_seq);
    verifier.legacy_base(head.try_get(4)?);
    if let Some(c) = expect {
        verifier.expect(c);
    }
    let sql =
        format!("SELECT {COLUMNS} FROM consent_records WHERE seq > $1 ORDER BY seq LIMIT {PAGE}");
    let mut after = base_seq;
    'pages: loop {
        let rows = sqlx::query(&sql).bind(after).fetch_all(&mut *conn).await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get(0)?;
        for r in &rows {
            match stored(r) {
                Ok(s) => {
                    if !verifier.push(&s.row, &s.prev_hash, &s.hash) {
                        break 'pages;
                    }
                }
                Err(Error::Unreadable { seq, column }) => {
                    verifier.unreadable(seq, &column);
                    break 'pages;
                }
                Err(e) => return Err(e),
            }
        }
    }
    Ok(Verdict {
        result: verifier.finish(head_seq, &head_hash),
        head_seq,
        head_hash,
        base_seq,
    })
}

async fn lock_head(conn: &mut AnyConnection) -> Result<Head> {
    let r = sqlx::query(LOCK_HEAD).fetch_one(&mut *conn).await?;
    Ok(Head {
        seq: r.try_get(0)?,
        hash: r.try_get(1)?,
        base_seq: r.try_get(2)?,
        received_ms: r.try_get(4)?,
    })
}

async fn save_head(conn: &mut AnyConnection, head: &Head) -> Result<()> {
    sqlx::query(
        "UPDATE chain_head SET head_seq = $1, head_hash = $2, head_received_ms = $3 WHERE id = 1",
    )
    .bind(head.seq)
    .bind(&head.hash)
    .bind(head.received_ms)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Inserts entries after `head`, moving it on.
async fn insert(
    conn: &mut AnyConnection,
    head: &mut Head,
    entries: &[Entry],
    now_ms: i64,
) -> Result<Vec<bool>> {
    // Never earlier than the newest record: a clock stepped back must not let a purge
    // (a prefix cut by receipt time) stop early and leave old rows behind.
    let received = now_ms.max(head.received_ms);
    let sql = format!(
        "INSERT INTO consent_records ({COLUMNS}) VALUES \
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) \
         ON CONFLICT (consent_id, given_at_ms) DO NOTHING"
    );
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let seq = head.seq + 1;
        let row = match e {
            Entry::Consent(r) => Row {
                seq,
                consent_id: r.id.clone(),
                revision: i64::from(r.revision),
                given_at_ms: r.given_at_ms,
                expires_at_ms: r.expires_at_ms,
                method: r.method.id().to_owned(),
                performance: i64::from(r.granted.contains(&Category::Performance)),
                functionality: i64::from(r.granted.contains(&Category::Functionality)),
                targeting: i64::from(r.granted.contains(&Category::Targeting)),
                changed: r
                    .changed
                    .iter()
                    .map(|c| c.id())
                    .collect::<Vec<_>>()
                    .join(","),
                page: r.page.clone(),
                received_at_ms: received,
                kind: chain::CONSENT.to_owned(),
                decision: i64::from(r.decision),
                notice_hash: r.notice_hash.clone(),
                detail: String::new(),
                statistics: i64::from(r.granted.contains(&Category::Statistics)),
                not_objected: ids(&r.not_objected),
                objected: ids(&r.objected),
                services: r.services.clone(),
            },
            // An event's id is its kind and place: unique, and never a consent id.
            Entry::Event { kind, detail } => Row {
                seq,
                consent_id: format!("{kind}#{seq}"),
                revision: 0,
                given_at_ms: received,
                expires_at_ms: 0,
                method: String::new(),
                performance: 0,
                functionality: 0,
                targeting: 0,
                changed: String::new(),
                page: String::new(),
                received_at_ms: received,
                kind: kind.clone(),
                decision: 0,
                notice_hash: String::new(),
                detail: detail.clone(),
                statistics: 0,
                not_objected: String::new(),
                objected: String::new(),
                services: String::new(),
            },
        };
        let hash = row.hash(&head.hash);
        let done = sqlx::query(&sql)
            .bind(row.seq)
            .bind(&row.consent_id)
            .bind(row.revision)
            .bind(row.given_at_ms)
            .bind(row.expires_at_ms)
            .bind(&row.method)
            .bind(row.performance)
            .bind(row.functionality)
            .bind(row.targeting)
            .bind(&row.changed)
            .bind(&row.page)
            .bind(row.received_at_ms)
            .bind(&row.kind)
            .bind(row.decision)
            .bind(&row.notice_hash)
            .bind(&row.detail)
            .bind(&head.hash)
            .bind(&hash)
            .bind(row.statistics)
            .bind(&row.not_objected)
            .bind(&row.objected)
            .bind(&row.services)
            .execute(&mut *conn)
            .await?;
        let new = done.rows_affected() == 1;
        if new {
            head.seq = seq;
            head.hash = hash;
            head.received_ms = received;
        }
        out.push(new);
    }
    Ok(out)
}

/// Space-separated category ids.
fn ids(categories: &[Category]) -> String {
    categories
        .iter()
        .map(|c| c.id())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Decodes a row; a column of the wrong type (someone changed it) is named with its row.
fn stored(r: &AnyRow) -> Result<Stored> {
    let seq: i64 = r.try_get(0).unwrap_or(-1);
    macro_rules! col {
        ($i:expr) => {
            r.try_get($i).map_err(|_| Error::Unreadable {
                seq,
                column: NAMES[$i].to_owned(),
            })?
        };
    }
    Ok(Stored {
        row: Row {
            seq: col!(0),
            consent_id: col!(1),
            revision: col!(2),
            given_at_ms: col!(3),
            expires_at_ms: col!(4),
            method: col!(5),
            performance: col!(6),
            functionality: col!(7),
            targeting: col!(8),
            changed: col!(9),
            page: col!(10),
            received_at_ms: col!(11),
            kind: col!(12),
            decision: col!(13),
            notice_hash: col!(14),
            detail: col!(15),
            statistics: col!(18),
            not_objected: col!(19),
            objected: col!(20),
            services: col!(21),
        },
        prev_hash: col!(16),
        hash: col!(17),
    })
}
