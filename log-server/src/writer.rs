//! Group commit: one task per server appends records in batches, so many concurrent
//! posts share one transaction (and one fsync on SQLite) instead of queueing for the
//! database's single writer lock one by one.
//!
//! Owns: the order in which this instance's records reach the store. It must never
//! answer a record as stored before the transaction holding it has committed; on a
//! failed commit every record of the batch is answered as failed (none was stored).

use crate::store::Store;
use crate::wire::ValidRecord;
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

type Reply = oneshot::Sender<Result<Outcome, String>>;

#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<(ValidRecord, Reply)>,
}

impl Writer {
    /// Starts the writer task on the current runtime.
    /// `log_records`: one line per stored record on stderr (for demos; off in production).
    pub fn start(store: Store, log_records: bool) -> Writer {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(store, rx, log_records));
        Writer { tx }
    }

    /// Resolves once the record is committed (or known to be a duplicate).
    pub async fn append(&self, record: ValidRecord) -> Result<Outcome, String> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((record, reply))
            .await
            .map_err(|_| "the writer has stopped".to_owned())?;
        answer
            .await
            .map_err(|_| "the writer has stopped".to_owned())?
    }
}

async fn run(store: Store, mut rx: mpsc::Receiver<(ValidRecord, Reply)>, log_records: bool) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (records, replies): (Vec<_>, Vec<_>) = batch.drain(..).unzip();
        let now = chrono::Utc::now().timestamp_millis();
        match store.append(&records, now).await {
            Ok(stored) => {
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
                tracing::error!("could not store {} records: {e}", records.len());
                for reply in replies {
                    let _ = reply.send(Err(format!("could not store the record: {e}")));
                }
            }
        }
    }
}
