//! Group commit: one task per server appends records in batches, so many concurrent
//! posts share one transaction (and one fsync on SQLite) instead of queueing for the
//! database's single writer lock one by one.
//!
//! Owns: the order in which this instance's records reach the store. It must never
//! answer a record as stored before the transaction holding it has committed; on a
//! failed commit every record of the batch is answered as failed (none was stored).
//! It also keeps whether the last write succeeded, which `/healthz` reports.

use crate::error::{Error, Result};
use crate::store::Store;
use crate::wire::ValidRecord;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Most records in one transaction: large enough to absorb a burst, small enough that
/// one commit stays a few milliseconds.
const MAX_BATCH: usize = 256;
/// Posts waiting beyond this wait in their handlers (back-pressure), not in memory here.
const QUEUE: usize = 4096;

/// What became of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Stored,
    /// The same consent id and `givenAt` was already stored.
    Duplicate,
}

type Reply = oneshot::Sender<Result<Outcome>>;

#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<(ValidRecord, Reply)>,
    /// False from a failed write until the next successful one.
    writable: Arc<AtomicBool>,
    /// When a write last failed (ms since the epoch; 0: never). A nearly full disk
    /// fails some batches and not others: recent failures count, not only the last.
    failed_at: Arc<AtomicI64>,
}

/// A write failure this recent still makes the store unhealthy.
const FAILURE_MEMORY_MS: i64 = 10_000;

impl Writer {
    /// Starts the writer task on the current runtime.
    /// `log_records`: one line per stored record on stderr (for demos; off in production).
    pub fn start(store: Store, log_records: bool) -> Writer {
        let (tx, rx) = mpsc::channel(QUEUE);
        let writable = Arc::new(AtomicBool::new(true));
        let failed_at = Arc::new(AtomicI64::new(0));
        tokio::spawn(run(
            store,
            rx,
            log_records,
            writable.clone(),
            failed_at.clone(),
        ));
        Writer {
            tx,
            writable,
            failed_at,
        }
    }

    /// Resolves once the record is committed (or known to be a duplicate).
    pub async fn append(&self, record: ValidRecord) -> Result<Outcome> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((record, reply))
            .await
            .map_err(|_| Error::WriterStopped)?;
        answer.await.map_err(|_| Error::WriterStopped)?
    }

    /// Whether the last write (or probe) succeeded.
    pub fn writable(&self) -> bool {
        self.writable.load(Ordering::Relaxed)
    }

    /// Whether a write failed in the last few seconds.
    pub fn failing(&self, now_ms: i64) -> bool {
        now_ms - self.failed_at.load(Ordering::Relaxed) < FAILURE_MEMORY_MS
    }

    pub fn set_writable(&self, ok: bool) {
        self.writable.store(ok, Ordering::Relaxed);
    }
}

async fn run(
    store: Store,
    mut rx: mpsc::Receiver<(ValidRecord, Reply)>,
    log_records: bool,
    writable: Arc<AtomicBool>,
    failed_at: Arc<AtomicI64>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (records, replies): (Vec<_>, Vec<_>) = batch.drain(..).unzip();
        let now = chrono::Utc::now().timestamp_millis();
        match store.append(&records, now).await {
            Ok(stored) => {
                writable.store(true, Ordering::Relaxed);
                if log_records {
                    for (r, _) in records.iter().zip(&stored).filter(|(_, new)| **new) {
                        let granted: Vec<_> = r.granted.iter().map(|c| c.id()).collect();
                        tracing::info!(
                            "stored consent {} {} [{}] from {}",
                            r.id,
                            r.method.id(),
                            granted.join(" "),
                            r.page
                        );
                    }
                }
                for (reply, new) in replies.into_iter().zip(stored) {
                    let outcome = if new {
                        Outcome::Stored
                    } else {
                        Outcome::Duplicate
                    };
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(e) => {
                writable.store(false, Ordering::Relaxed);
                failed_at.store(now, Ordering::Relaxed);
                tracing::error!("could not store {} records: {e}", records.len());
                for reply in replies {
                    let _ = reply.send(Err(Error::NotStored));
                }
            }
        }
    }
}
