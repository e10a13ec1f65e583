//! pcc-consent: a cookie consent banner for UK Police and Crime Commissioner websites.
//!
//! Data flows one way (see the README's architecture section):
//! `config` -> `consent` (pure) -> `storage` / `ui`, with `embed` as the script-tag
//! entry and `api` + `events` as what host pages see. `consent`, `config` and `i18n` are
//! pure and tested natively; the rest runs only in the browser.

pub mod config;
pub mod consent;
pub mod cookie;
pub mod declaration;
pub mod i18n;
pub mod notice;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod consent_state;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod events;
#[cfg(target_arch = "wasm32")]
pub mod evidence_log;
#[cfg(target_arch = "wasm32")]
pub mod gate;
#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod sync;
#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub use consent_state::ConsentState;
