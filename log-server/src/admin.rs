//! The DPO's HTTP routes, the same operations as the CLI subcommands. `http.rs` mounts
//! them under `/admin` behind a bearer token (`Authorization: Bearer
//! <PCC_CONSENT_LOG_TOKEN>`) and records each use of the token in the chain:
//!
//! | route | does |
//! |---|---|
//! | `GET /admin/records/{consent-id}` | the visitor's history under that id (JSON) |
//! | `GET /admin/export?from=YYYY-MM-DD&to=YYYY-MM-DD` | records given in those days (CSV, streamed) |
//! | `GET /admin/stats` | daily counts by method and category (JSON) |
//! | `GET /admin/verify` | 200 if the chain is intact, 409 naming the first broken link |
//! | `GET /admin/checkpoint` | the head to keep outside the database |
//! | `GET /admin/trail` | the admin trail: purges, token use, exports (JSON) |
//! | `POST /admin/purge?older_than_days=N&reason=…` | deletes records received more than N days ago |
//!
//! Owns: the handlers' arguments and answers. It must never see the token (that is
//! `http.rs`'s job) nor reach past `store` and `report`.

use crate::error::{Error, Result};
use crate::report;
use crate::store::{PurgeRequest, Store};
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::{StreamExt, TryStreamExt};
use pcc_consent::consent::ConsentId;
use serde::Deserialize;
use serde_json::{json, Value};

pub async fn find(State(store): State<Store>, Path(id): Path<String>) -> Result<Json<Value>> {
    if ConsentId::parse(&id).is_none() {
        return Err(Error::Invalid(
            "a consent id is 32 lowercase hex digits".into(),
        ));
    }
    Ok(Json(report::records_json(&store.find(&id).await?)))
}

#[derive(Deserialize)]
pub struct Range {
    from: String,
    to: String,
}

/// CSV, a page of rows at a time: memory stays flat however large the range.
pub async fn export(State(store): State<Store>, Query(q): Query<Range>) -> Result<Response> {
    let (from, to) = report::day_range(&q.from, &q.to)?;
    let header_row = futures_util::stream::once(async { report::csv_header() });
    let rows = store
        .given_pages(from, to)
        .and_then(|page| async move { report::csv_rows(&page) });
    let body = Body::from_stream(header_row.chain(rows).map_err(|e| {
        tracing::error!("export: {e}");
        e
    }));
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response())
}

pub async fn stats(State(store): State<Store>) -> Result<Json<Vec<crate::store::DayStats>>> {
    Ok(Json(store.stats().await?))
}

pub async fn verify(State(store): State<Store>) -> Result<Response> {
    let v = store.verify_against(None).await?;
    Ok(match v.result {
        Ok(n) => Json(json!({
            "ok": true, "records": n, "headSeq": v.head_seq, "headHash": v.head_hash,
        }))
        .into_response(),
        Err(b) => (
            StatusCode::CONFLICT,
            Json(json!({ "ok": false, "problem": b.to_string() })),
        )
            .into_response(),
    })
}

pub async fn trail(State(store): State<Store>) -> Result<Json<Value>> {
    let events = store.trail().await?;
    Ok(Json(Value::Array(
        events.iter().map(report::event_json).collect(),
    )))
}

pub async fn checkpoint(State(store): State<Store>) -> Result<Json<Value>> {
    let (seq, hash) = store.head().await?;
    Ok(Json(json!({ "headSeq": seq, "headHash": hash })))
}

#[derive(Deserialize)]
pub struct Purge {
    older_than_days: u32,
    #[serde(default)]
    reason: String,
}

pub async fn purge(State(store): State<Store>, Query(q): Query<Purge>) -> Result<Json<Value>> {
    let req = PurgeRequest {
        older_than_days: q.older_than_days,
        by: "admin-api".into(),
        reason: q.reason,
    };
    let deleted = store
        .purge(&req, chrono::Utc::now().timestamp_millis())
        .await?;
    Ok(Json(json!({ "deleted": deleted })))
}
