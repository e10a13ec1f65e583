//! The database: one code path (`sqlx::Any`, runtime queries, portable SQL) for an
//! embedded SQLite file and for PostgreSQL. Migrations run on open.
//!
//! Owns: every SQL statement and the chain-head lock. Every write takes the single
//! `chain_head` row first (`UPDATE … RETURNING`), which serialises writers across
//! connections, processes and server instances, so the hash chain stays one line.
//! It must never store anything but validated records (no IP address, no cookie), and
//! never report a write as done before its transaction has committed.

use crate::chain::{Break, Row, Verifier};
use crate::wire::ValidRecord;
use pcc_consent::consent::Category;
use sqlx::any::{AnyPoolOptions, AnyRow};
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

const COLUMNS: &str =
    "seq, consent_id, revision, given_at_ms, expires_at_ms, method, performance, \
     functionality, targeting, changed, page, received_at_ms, prev_hash, hash";
const LOCK_HEAD: &str = "UPDATE chain_head SET head_seq = head_seq WHERE id = 1 \
     RETURNING head_seq, head_hash, base_seq, base_hash";

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

impl Store {
    pub async fn open(db: &str) -> Result<Store, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let (url, backend) = database_url(db);
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
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Store { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Appends a batch in one transaction. For each record: true if stored, false if the
    /// same consent id and `givenAt` was already there (stored once, never twice).
    pub async fn append(
        &self,
        batch: &[ValidRecord],
        now_ms: i64,
    ) -> Result<Vec<bool>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let head = sqlx::query(LOCK_HEAD).fetch_one(&mut *tx).await?;
        let mut seq: i64 = head.try_get(0)?;
        let mut prev: String = head.try_get(1)?;
        let mut out = Vec::with_capacity(batch.len());
        for r in batch {
            let row = Row {
                seq: seq + 1,
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
                received_at_ms: now_ms,
            };
            let hash = row.hash(&prev);
            let sql = format!(
                "INSERT INTO consent_records ({COLUMNS}) VALUES \
                 ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
                 ON CONFLICT (consent_id, given_at_ms) DO NOTHING"
            );
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
                .bind(&prev)
                .bind(&hash)
                .execute(&mut *tx)
                .await?;
            let stored = done.rows_affected() == 1;
            if stored {
                seq = row.seq;
                prev = hash;
            }
            out.push(stored);
        }
        sqlx::query("UPDATE chain_head SET head_seq = $1, head_hash = $2 WHERE id = 1")
            .bind(seq)
            .bind(&prev)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Every record with this consent id, oldest first.
    pub async fn find(&self, consent_id: &str) -> Result<Vec<Stored>, sqlx::Error> {
        let sql =
            format!("SELECT {COLUMNS} FROM consent_records WHERE consent_id = $1 ORDER BY seq");
        let rows = sqlx::query(&sql)
            .bind(consent_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(stored).collect()
    }

    /// Records given in `[from_ms, to_ms)`, oldest first.
    pub async fn given_between(
        &self,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<Stored>, sqlx::Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM consent_records WHERE given_at_ms >= $1 AND given_at_ms < $2 \
             ORDER BY given_at_ms, seq"
        );
        let rows = sqlx::query(&sql)
            .bind(from_ms)
            .bind(to_ms)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(stored).collect()
    }

    pub async fn count(&self) -> Result<i64, sqlx::Error> {
        sqlx::query("SELECT COUNT(*) FROM consent_records")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)
    }

    /// Daily counts (UTC, by `givenAt`) by method and granted category.
    pub async fn stats(&self) -> Result<Vec<DayStats>, sqlx::Error> {
        let sum = |cond: &str| format!("CAST(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS BIGINT)");
        let sql = format!(
            "SELECT given_at_ms / 86400000 AS day, COUNT(*), {}, {}, {}, {}, {}, {} \
             FROM consent_records GROUP BY given_at_ms / 86400000 ORDER BY day",
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
                    day: crate::wire::format_time(day * 86_400_000)[..10].to_owned(),
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

    /// Deletes the oldest records, received before `cutoff_ms`, as a prefix of the chain
    /// (a newer record stops the cut), and moves the verification anchor past them.
    /// Returns how many were deleted.
    pub async fn purge_received_before(&self, cutoff_ms: i64) -> Result<u64, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let head = sqlx::query(LOCK_HEAD).fetch_one(&mut *tx).await?;
        let (head_seq, head_hash, base_seq): (i64, String, i64) =
            (head.try_get(0)?, head.try_get(1)?, head.try_get(2)?);
        let first_kept: Option<i64> =
            sqlx::query("SELECT MIN(seq) FROM consent_records WHERE received_at_ms >= $1")
                .bind(cutoff_ms)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
        let (last_gone, new_base_hash) = match first_kept {
            Some(kept) => {
                let prev: String =
                    sqlx::query("SELECT prev_hash FROM consent_records WHERE seq = $1")
                        .bind(kept)
                        .fetch_one(&mut *tx)
                        .await?
                        .try_get(0)?;
                (kept - 1, prev)
            }
            None => (head_seq, head_hash),
        };
        if last_gone <= base_seq {
            return Ok(0);
        }
        let gone = sqlx::query("DELETE FROM consent_records WHERE seq <= $1")
            .bind(last_gone)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query("UPDATE chain_head SET base_seq = $1, base_hash = $2 WHERE id = 1")
            .bind(last_gone)
            .bind(&new_base_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(gone)
    }

    /// The newest record's sequence number and hash: worth noting outside the database
    /// now and then, so that even a rebuilt chain would no longer match it.
    pub async fn head(&self) -> Result<(i64, String), sqlx::Error> {
        let r = sqlx::query("SELECT head_seq, head_hash FROM chain_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok((r.try_get(0)?, r.try_get(1)?))
    }

    /// Walks the chain in one consistent snapshot. `Ok(Ok(n))`: n records, intact.
    pub async fn verify(&self) -> Result<Result<u64, Break>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            // One snapshot for the head and every page of rows (SQLite's read
            // transaction is already one snapshot).
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                .execute(&mut *tx)
                .await?;
        }
        let head = sqlx::query(
            "SELECT head_seq, head_hash, base_seq, base_hash FROM chain_head WHERE id = 1",
        )
        .fetch_one(&mut *tx)
        .await?;
        let (head_seq, head_hash): (i64, String) = (head.try_get(0)?, head.try_get(1)?);
        let (base_seq, base_hash): (i64, String) = (head.try_get(2)?, head.try_get(3)?);
        let mut verifier = Verifier::new(base_seq, &base_hash);
        let sql =
            format!("SELECT {COLUMNS} FROM consent_records WHERE seq > $1 ORDER BY seq LIMIT 5000");
        let mut after = base_seq;
        loop {
            let rows = sqlx::query(&sql).bind(after).fetch_all(&mut *tx).await?;
            let Some(last) = rows.last() else { break };
            after = last.try_get(0)?;
            for r in &rows {
                let s = stored(r)?;
                if !verifier.push(&s.row, &s.prev_hash, &s.hash) {
                    return Ok(verifier.finish(head_seq, &head_hash));
                }
            }
        }
        tx.commit().await?;
        Ok(verifier.finish(head_seq, &head_hash))
    }
}

fn stored(r: &AnyRow) -> Result<Stored, sqlx::Error> {
    Ok(Stored {
        row: Row {
            seq: r.try_get(0)?,
            consent_id: r.try_get(1)?,
            revision: r.try_get(2)?,
            given_at_ms: r.try_get(3)?,
            expires_at_ms: r.try_get(4)?,
            method: r.try_get(5)?,
            performance: r.try_get(6)?,
            functionality: r.try_get(7)?,
            targeting: r.try_get(8)?,
            changed: r.try_get(9)?,
            page: r.try_get(10)?,
            received_at_ms: r.try_get(11)?,
        },
        prev_hash: r.try_get(12)?,
        hash: r.try_get(13)?,
    })
}
