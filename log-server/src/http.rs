//! The HTTP face: `POST /consent` (what the banner's `data-log-url` points at), CORS for
//! the operator's origins, per-client rate limiting, and the admin routes (`admin.rs`).
//!
//! Owns: who may post and how fast. It must never set a cookie, write an IP address
//! anywhere (the rate limiter keeps addresses in memory only, and forgets them), or
//! answer 204 before the writer says the record is committed.

use crate::admin;
use crate::store::Store;
use crate::wire::{self, MAX_BODY_BYTES};
use crate::writer::Writer;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;

/// A post (headers, 4 KB body, commit) that takes longer than this is cut off with 408,
/// so slow senders cannot hold connections open for ever.
const POST_TIMEOUT: Duration = Duration::from_secs(15);

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
    /// Log each stored record (id, method, categories) to stderr: for demos.
    pub log_records: bool,
}

#[derive(Clone)]
pub struct App {
    pub store: Store,
    writer: Writer,
    limiter: Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
    client_ip_header: Option<HeaderName>,
}

/// An error answer: status and a one-line reason in plain text.
pub fn refuse(status: StatusCode, reason: impl Into<String>) -> Response {
    let mut r = (status, reason.into() + "\n").into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Checks an origin given on the command line: `scheme://host[:port]`, nothing else.
pub fn parse_origin(s: &str) -> Result<HeaderValue, String> {
    let url = url::Url::parse(s).map_err(|e| format!("{s}: {e}"))?;
    let origin = url.origin().ascii_serialization();
    if !matches!(url.scheme(), "http" | "https")
        || origin.trim_end_matches('/') != s.trim_end_matches('/')
    {
        return Err(format!(
            "{s}: an origin is scheme://host[:port], e.g. https://www.example.police.uk"
        ));
    }
    HeaderValue::from_str(&origin).map_err(|e| format!("{s}: {e}"))
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
    };
    let origins = Arc::new(config.allow_origins.clone());
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(config.allow_origins.clone()))
        .allow_methods([Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(Duration::from_secs(86_400));
    let consent = Router::new()
        .route("/consent", post(consent))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            POST_TIMEOUT,
        ))
        .layer(cors)
        .layer(middleware::from_fn_with_state(origins, origin_guard));
    let mut router = Router::new()
        .merge(consent)
        .route("/healthz", get(|| async { "ok\n" }));
    if let Some(token) = &config.admin_token {
        router = router.nest("/admin", admin::routes(app.clone(), token));
    }
    router.with_state(app)
}

/// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight (so a record
/// being committed still gets its answer).
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
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

/// Any request carrying an `Origin` not on the list is refused outright, preflight or not.
async fn origin_guard(
    State(allowed): State<Arc<Vec<HeaderValue>>>,
    req: Request,
    next: Next,
) -> Response {
    match req.headers().get(header::ORIGIN) {
        Some(o) if !allowed.contains(o) => refuse(StatusCode::FORBIDDEN, "origin not allowed"),
        _ => next.run(req).await,
    }
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

    /// `None` if the client may go on; a 429 otherwise.
    pub fn limit(&self, client: IpAddr) -> Option<Response> {
        let limiter = self.limiter.as_ref()?;
        limiter.check_key(&client).err().map(|_| {
            let mut r = refuse(
                StatusCode::TOO_MANY_REQUESTS,
                "too many requests from this client",
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            r
        })
    }
}

async fn consent(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(too_many) = app.limit(app.client(peer, &headers)) {
        return too_many;
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "content-type must be application/json",
        );
    }
    let record = match wire::parse(&body, chrono::Utc::now().timestamp_millis()) {
        Ok(r) => r,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, e.0),
    };
    match app.writer.append(record).await {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refuse(StatusCode::SERVICE_UNAVAILABLE, e),
    }
}
