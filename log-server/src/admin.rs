//! The DPO's HTTP routes, the same operations as the CLI subcommands, behind a bearer
//! token (`Authorization: Bearer <PCC_CONSENT_LOG_TOKEN>`):
//!
//! | route | does |
//! |---|---|
//! | `GET /admin/records/{consent-id}` | every record with that id (JSON) |
//! | `GET /admin/export?from=YYYY-MM-DD&to=YYYY-MM-DD` | records given in those days (CSV) |
//! | `GET /admin/stats` | daily counts by method and category (JSON) |
//! | `GET /admin/verify` | 200 if the chain is intact, 409 naming the first broken record |
//! | `POST /admin/purge?older_than_days=N` | deletes records received more than N days ago |
//!
//! Owns: the token check. It must never compare the token in variable time, never serve
//! these routes without a token configured (they are then not mounted at all), and
//! never send these answers to a browser cache.

use crate::http::{refuse, App};
use crate::report;
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use pcc_consent::consent::ConsentId;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// Shortest token accepted at start.
pub const MIN_TOKEN_LEN: usize = 16;

pub fn routes(app: App, token: &str) -> Router<App> {
    // Compare digests: equal length whatever was sent, so timing says nothing.
    let expected: Arc<[u8; 32]> = Arc::new(Sha256::digest(token.as_bytes()).into());
    Router::new()
        .route("/records/{id}", get(find))
        .route("/export", get(export))
        .route("/stats", get(stats))
        .route("/verify", get(verify))
        .route("/purge", post(purge))
        .layer(middleware::from_fn_with_state((app, expected), authorise))
}

async fn authorise(
    State((app, expected)): State<(App, Arc<[u8; 32]>)>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
    next: Next,
) -> Response {
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let digest: [u8; 32] = Sha256::digest(given.as_bytes()).into();
    if !bool::from(digest.ct_eq(&*expected)) {
        // Guessing is rate limited like posting.
        if let Some(too_many) = app.limit(app.client(peer, req.headers())) {
            return too_many;
        }
        let mut r = refuse(StatusCode::UNAUTHORIZED, "a valid admin token is required");
        r.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return r;
    }
    let mut r = next.run(req).await;
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn failed(e: impl std::fmt::Display) -> Response {
    tracing::error!("admin: {e}");
    refuse(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("database error: {e}"),
    )
}

async fn find(State(app): State<App>, Path(id): Path<String>) -> Response {
    if ConsentId::parse(&id).is_none() {
        return refuse(
            StatusCode::BAD_REQUEST,
            "a consent id is 32 lowercase hex digits",
        );
    }
    match app.store.find(&id).await {
        Ok(records) => Json(report::records_json(&records)).into_response(),
        Err(e) => failed(e),
    }
}

#[derive(Deserialize)]
struct Range {
    from: String,
    to: String,
}

async fn export(State(app): State<App>, Query(q): Query<Range>) -> Response {
    let (from, to) = match report::day_range(&q.from, &q.to) {
        Ok(r) => r,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, e),
    };
    match app
        .store
        .given_between(from, to)
        .await
        .map_err(|e| e.to_string())
    {
        Ok(records) => match report::csv(&records) {
            Ok(body) => ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response(),
            Err(e) => failed(e),
        },
        Err(e) => failed(e),
    }
}

async fn stats(State(app): State<App>) -> Response {
    match app.store.stats().await {
        Ok(days) => Json(days).into_response(),
        Err(e) => failed(e),
    }
}

async fn verify(State(app): State<App>) -> Response {
    match app.store.verify().await {
        Ok(Ok(n)) => match app.store.head().await {
            Ok((seq, hash)) => {
                Json(json!({ "ok": true, "records": n, "headSeq": seq, "headHash": hash }))
                    .into_response()
            }
            Err(e) => failed(e),
        },
        Ok(Err(b)) => (
            StatusCode::CONFLICT,
            Json(json!({ "ok": false, "problem": b.to_string() })),
        )
            .into_response(),
        Err(e) => failed(e),
    }
}

#[derive(Deserialize)]
struct Purge {
    older_than_days: u32,
}

async fn purge(State(app): State<App>, Query(q): Query<Purge>) -> Response {
    let cutoff =
        match report::purge_cutoff(q.older_than_days, chrono::Utc::now().timestamp_millis()) {
            Ok(c) => c,
            Err(e) => return refuse(StatusCode::BAD_REQUEST, e),
        };
    match app.store.purge_received_before(cutoff).await {
        Ok(n) => Json(json!({ "deleted": n })).into_response(),
        Err(e) => failed(e),
    }
}
