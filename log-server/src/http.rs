//! The HTTP face, and the only place routes are put together: `POST /consent` (what the
//! banner's `data-log-url` points at), `POST /notice`, `/healthz`, CORS for the
//! operator's origins, per-client rate limiting, the admin token check and the admin
//! routes (handlers in `admin.rs`), and the connection layer under them (hyper's header
//! and keep-alive timeout, a connection cap, a bounded graceful shutdown).
//!
//! Owns: who may post, how fast, and for how long a connection may hold a slot. It must
//! never set a cookie, write an IP address anywhere (the rate limiter keeps addresses
//! in memory only, and forgets them), or answer 204 before the writer says the record
//! is committed.

use crate::admin;
use crate::error::{plain, Error, Result};
use crate::store::Store;
use crate::wire::{self, MAX_BODY_BYTES};
use crate::writer::Writer;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRef, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hyper_util::rt::{TokioIo, TokioTimer};
use sha2::{Digest, Sha256};
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;
use tower::ServiceExt;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;

/// A post (headers, 4 KB body, commit) that takes longer than this is cut off with 408,
/// so slow senders cannot hold connections open for ever.
const POST_TIMEOUT: Duration = Duration::from_secs(15);
/// Largest notice (texts, categories, revision, language) accepted by `POST /notice`.
pub const MAX_NOTICE_BYTES: usize = 64 * 1024;
/// Shortest admin token accepted at start.
pub const MIN_TOKEN_LEN: usize = 16;

/// How long connections may take, and how many may be open.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// A request's head must arrive within this; a keep-alive connection idle this long
    /// is closed (hyper starts the same timer while it waits for the next request).
    pub header_timeout: Duration,
    /// After SIGTERM, requests in flight get this long; then the rest are closed.
    pub shutdown_timeout: Duration,
    /// Connections open at once; more wait in the listen backlog (keep it under the
    /// process's file limit, so the database can still open its files).
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            shutdown_timeout: Duration::from_secs(20),
            max_connections: 900,
        }
    }
}

/// What `serve` is told on its command line.
#[derive(Clone, Debug)]
pub struct Config {
    /// Exact origins (`https://www.example-pcc.police.uk`) whose pages may post.
    pub allow_origins: Vec<HeaderValue>,
    /// Posts per minute per client address; 0 turns limiting off (load tests only).
    pub rate_per_minute: u32,
    /// How many posts a client may send at once before the rate applies.
    pub rate_burst: u32,
    /// The admin token; `None` leaves the admin routes out (404).
    pub admin_token: Option<String>,
    /// Behind a reverse proxy: the header carrying the client address (last entry wins).
    pub client_ip_header: Option<HeaderName>,
    /// Log each stored record (id, method, categories): for demos.
    pub log_records: bool,
    pub limits: Limits,
}

#[derive(Clone)]
pub struct App {
    pub store: Store,
    writer: Writer,
    limiter: Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
    client_ip_header: Option<HeaderName>,
    allow_origins: Arc<Vec<HeaderValue>>,
}

impl FromRef<App> for Store {
    fn from_ref(app: &App) -> Store {
        app.store.clone()
    }
}

/// An error answer: status and a one-line reason in plain text.
pub fn refuse(status: StatusCode, reason: impl Into<String>) -> Response {
    plain(status, reason)
}

/// Checks an origin given on the command line: `scheme://host[:port]`, nothing else.
pub fn parse_origin(s: &str) -> Result<HeaderValue> {
    let bad = |e: String| Error::Config(format!("{s}: {e}"));
    let url = url::Url::parse(s).map_err(|e| bad(e.to_string()))?;
    let origin = url.origin().ascii_serialization();
    if !matches!(url.scheme(), "http" | "https")
        || origin.trim_end_matches('/') != s.trim_end_matches('/')
    {
        return Err(bad(
            "an origin is scheme://host[:port], e.g. https://www.example.police.uk".into(),
        ));
    }
    HeaderValue::from_str(&origin).map_err(|e| bad(e.to_string()))
}

/// The whole service. Starts the writer task and the rate limiter's clean-up.
pub fn router(store: Store, config: Config) -> Router {
    let limiter = NonZeroU32::new(config.rate_per_minute).map(|per_minute| {
        let burst = NonZeroU32::new(config.rate_burst).unwrap_or(per_minute);
        let limiter = Arc::new(RateLimiter::keyed(
            Quota::per_minute(per_minute).allow_burst(burst),
        ));
        let weak = Arc::downgrade(&limiter);
        tokio::spawn(async move {
            // Forget idle clients: addresses live in memory only as long as they matter.
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            while let Some(l) = weak.upgrade() {
                l.retain_recent();
                l.shrink_to_fit();
                drop(l);
                tick.tick().await;
            }
        });
        limiter
    });
    let app = App {
        writer: Writer::start(store.clone(), config.log_records),
        store,
        limiter,
        client_ip_header: config.client_ip_header.clone(),
        allow_origins: Arc::new(config.allow_origins.clone()),
    };
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(config.allow_origins.clone()))
        .allow_methods([Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(Duration::from_secs(86_400));
    let public = Router::new()
        .route(
            "/consent",
            post(consent).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
        )
        .route(
            "/notice",
            post(notice).layer(DefaultBodyLimit::max(MAX_NOTICE_BYTES)),
        )
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            POST_TIMEOUT,
        ))
        .layer(cors)
        .layer(middleware::from_fn_with_state(
            app.allow_origins.clone(),
            origin_guard,
        ));
    let mut router = Router::new().merge(public).route("/healthz", get(healthz));
    if let Some(token) = &config.admin_token {
        // Compare digests: equal length whatever was sent, so timing says nothing.
        let expected: Arc<[u8; 32]> = Arc::new(Sha256::digest(token.as_bytes()).into());
        let admin = Router::new()
            .route("/records/{id}", get(admin::find))
            .route("/export", get(admin::export))
            .route("/stats", get(admin::stats))
            .route("/verify", get(admin::verify))
            .route("/checkpoint", get(admin::checkpoint))
            .route("/trail", get(admin::trail))
            .route("/purge", post(admin::purge))
            .layer(middleware::from_fn_with_state(
                (app.clone(), expected),
                authorise,
            ));
        router = router.nest("/admin", admin);
    }
    router.with_state(app)
}

/// Serves with the default [`Limits`] until SIGTERM or Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    serve_with(listener, router, Limits::default(), shutdown_signal()).await
}

/// Serves until `shutdown` resolves, then lets requests in flight finish (so a record
/// being committed still gets its answer) for at most `limits.shutdown_timeout`.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    let mut cap_logged: Option<Instant> = None;
    loop {
        let slot = match slots.clone().try_acquire_owned() {
            Ok(slot) => slot,
            Err(_) => {
                if cap_logged.is_none_or(|t| t.elapsed() > Duration::from_secs(60)) {
                    tracing::warn!(
                        "connection cap reached: {} connections open; new ones wait until one closes",
                        limits.max_connections
                    );
                    cap_logged = Some(Instant::now());
                }
                tokio::select! {
                    slot = slots.clone().acquire_owned() => match slot {
                        Ok(slot) => slot,
                        Err(_) => break,
                    },
                    () = &mut shutdown => break,
                }
            }
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // EMFILE and the like: say so, and let connections close.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<_>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(req)
        });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = conn.await;
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.shutdown_timeout, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "shutdown: connections still open after {} s are closed",
            limits.shutdown_timeout.as_secs()
        );
    }
    Ok(())
}

pub async fn shutdown_signal() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
}

/// Any request carrying an `Origin` not on the list is refused outright, preflight or
/// not; so is one with two `Origin` headers (no browser sends that).
async fn origin_guard(
    State(allowed): State<Arc<Vec<HeaderValue>>>,
    req: Request,
    next: Next,
) -> Response {
    let mut origins = req.headers().get_all(header::ORIGIN).iter();
    match (origins.next(), origins.next()) {
        (Some(o), None) if !allowed.contains(o) => Error::Origin.into_response(),
        (Some(_), Some(_)) => Error::Origin.into_response(),
        _ => next.run(req).await,
    }
}

/// The admin token check, and the admin trail: each use of the token is a record in the
/// chain (route and arguments; never the token or the address).
async fn authorise(
    State((app, expected)): State<(App, Arc<[u8; 32]>)>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
    next: Next,
) -> Result<Response> {
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .unwrap_or("");
    let digest: [u8; 32] = Sha256::digest(given.as_bytes()).into();
    if !bool::from(digest.ct_eq(&*expected)) {
        // Guessing is rate limited like posting.
        app.limit(app.client(peer, req.headers()))?;
        return Err(Error::Unauthorised);
    }
    app.store
        .record_event(
            "admin",
            serde_json::json!({
                "route": format!("{} /admin{}", req.method(), req.uri().path()),
                "query": req.uri().query().unwrap_or_default(),
            }),
        )
        .await?;
    let mut r = next.run(req).await;
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

impl App {
    /// The client's address, for rate limiting only.
    pub fn client(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        self.client_ip_header
            .as_ref()
            .and_then(|h| headers.get(h))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(peer.ip())
    }

    /// `Ok` if the client may go on; `TooMany` otherwise.
    pub fn limit(&self, client: IpAddr) -> Result<()> {
        match &self.limiter {
            Some(l) if l.check_key(&client).is_err() => Err(Error::TooMany),
            _ => Ok(()),
        }
    }
}

fn require_json(headers: &HeaderMap) -> Result<()> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"));
    if json {
        Ok(())
    } else {
        Err(Error::NotJson)
    }
}

async fn consent(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode> {
    app.limit(app.client(peer, &headers))?;
    require_json(&headers)?;
    let record = wire::parse(&body, chrono::Utc::now().timestamp_millis())?;
    let origin = HeaderValue::from_str(&record.page_origin).ok();
    if !origin.is_some_and(|o| app.allow_origins.contains(&o)) {
        return Err(Error::Invalid(
            "page is not on an allowed origin (--allow-origin)".into(),
        ));
    }
    app.writer.append(record).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Keeps the exact notice a banner showed (any JSON object), once; answers its SHA-256,
/// which records then carry as `noticeHash`.
async fn notice(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>> {
    app.limit(app.client(peer, &headers))?;
    require_json(&headers)?;
    let parsed: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| Error::Invalid(format!("notice is not JSON: {e}")))?;
    if !parsed.is_object() {
        return Err(Error::Invalid("notice must be a JSON object".into()));
    }
    let text =
        std::str::from_utf8(&body).map_err(|_| Error::Invalid("notice: not UTF-8".into()))?;
    let hash = crate::chain::hex(&Sha256::digest(&body));
    app.store
        .store_notice(&hash, text, chrono::Utc::now().timestamp_millis())
        .await?;
    Ok(Json(serde_json::json!({ "hash": hash })))
}

/// 200 "ok" only if the store can be read, no write failed in the last 10 s, and the
/// last write succeeded (or a probe write succeeds now): a full disk or a lost
/// database shows here as 503.
async fn healthz(State(app): State<App>) -> Response {
    if app.writer.failing(chrono::Utc::now().timestamp_millis()) {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "store failing writes (in the last 10 s)",
        );
    }
    if !app.writer.writable() {
        if let Err(e) = app.store.probe().await {
            tracing::warn!("healthz: the store cannot be written: {e}");
            return plain(StatusCode::SERVICE_UNAVAILABLE, "store not writable");
        }
        app.writer.set_writable(true);
    }
    match app.store.head().await {
        Ok(_) => "ok\n".into_response(),
        Err(e) => {
            tracing::warn!("healthz: the store cannot be read: {e}");
            plain(StatusCode::SERVICE_UNAVAILABLE, "store not readable")
        }
    }
}
