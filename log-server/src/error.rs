//! The one error type of the crate, and how each kind is answered over HTTP.
//!
//! Owns: the mapping from failure to status and public text. It must never put a raw
//! database error in an answer (it is logged instead: it can name tables, paths or
//! hosts), and never answer a failed write with a 2xx.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A post or an argument that breaks a rule; the text names the field.
    #[error("{0}")]
    Invalid(String),
    #[error("content-type must be application/json")]
    NotJson,
    #[error("origin not allowed")]
    Origin,
    #[error("too many requests from this client")]
    TooMany,
    #[error("a valid admin token is required")]
    Unauthorised,
    /// The store could not be read or written (logged in full, answered 503).
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("the writer has stopped")]
    WriterStopped,
    /// The batch holding the record failed to commit (the cause is logged once).
    #[error("the record could not be stored")]
    NotStored,
    /// A stored row cannot be read as its type (someone changed it).
    #[error("record #{seq}: column {column} was changed to another type")]
    Unreadable { seq: i64, column: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Csv(#[from] csv::Error),
    /// A bad command line or configuration.
    #[error("{0}")]
    Config(String),
}

impl From<crate::wire::Invalid> for Error {
    fn from(e: crate::wire::Invalid) -> Error {
        Error::Invalid(e.0)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An answer with a status and a one-line reason in plain text, never cached.
pub fn plain(status: StatusCode, reason: impl Into<String>) -> Response {
    let mut r = (status, reason.into() + "\n").into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = match &self {
            Error::Invalid(_) | Error::Config(_) => StatusCode::BAD_REQUEST,
            Error::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::Origin => StatusCode::FORBIDDEN,
            Error::TooMany => StatusCode::TOO_MANY_REQUESTS,
            Error::Unauthorised => StatusCode::UNAUTHORIZED,
            Error::Unreadable { .. } => StatusCode::CONFLICT,
            Error::Db(_)
            | Error::WriterStopped
            | Error::NotStored
            | Error::Io(_)
            | Error::Csv(_) => StatusCode::SERVICE_UNAVAILABLE,
        };
        if status == StatusCode::SERVICE_UNAVAILABLE {
            tracing::error!("{self}");
            let mut r = plain(
                status,
                "the consent log cannot store or read records right now",
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
            return r;
        }
        let mut r = plain(status, self.to_string());
        match self {
            Error::TooMany => {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            }
            Error::Unauthorised => {
                r.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        r
    }
}
