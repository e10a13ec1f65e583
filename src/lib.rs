//! pcc-consent: a cookie consent banner for UK Police and Crime Commissioner websites.
//!
//! Data flows one way (see the README's architecture section):
//! `config` -> `consent` (pure) -> `storage` / `ui`, with `embed` as the script-tag
//! entry and `api` + `events` as what host pages see. `consent`, `config` and `i18n` are
//! pure and tested natively; the rest runs only in the browser.
//!
//! # In a Leptos app
//!
//! [`provide_consent`] loads the visitor's choice for a [`config::Config`] and puts the
//! consent ([`ConsentState`], read with [`use_consent`]) and the settings ([`use_config`])
//! in context; the components in [`ui`] read them from there.
//!
//! ```no_run
//! # #[cfg(target_arch = "wasm32")] {
//! use leptos::prelude::*;
//! use pcc_consent::config::{Config, PageFacts};
//! use pcc_consent::consent::Category;
//! use pcc_consent::ui::ConsentBanner;
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     let page = PageFacts { host: "example.police.uk".into(), ..PageFacts::default() };
//!     let (config, _errors) = Config::from_attributes([("data-site-name", "Example PCC")], &page);
//!     let consent = pcc_consent::provide_consent(config);
//!     view! {
//!         <ConsentBanner/>
//!         <Show when=move || consent.allows(Category::Performance)>"Analytics on"</Show>
//!     }
//! }
//! # }
//! ```
//!
//! The components, the state and the hooks exist for `wasm32` only: build these docs
//! with `cargo doc --target wasm32-unknown-unknown`.

pub mod config;
pub mod consent;
pub mod i18n;
// Pure, with native tests; used by the browser-only modules below.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod cookie;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod declaration;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod notice;
// The stored-record corpus shared with the loader's JS (tests only).
#[cfg(test)]
mod record_corpus;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
#[warn(missing_docs)]
mod config_context;
#[cfg(target_arch = "wasm32")]
#[warn(missing_docs)]
mod consent_state;
#[cfg(target_arch = "wasm32")]
mod embed;
#[cfg(target_arch = "wasm32")]
mod events;
#[cfg(target_arch = "wasm32")]
mod evidence_log;
#[cfg(target_arch = "wasm32")]
mod gate;
#[cfg(target_arch = "wasm32")]
mod storage;
#[cfg(target_arch = "wasm32")]
#[warn(missing_docs)]
mod sync;
#[cfg(target_arch = "wasm32")]
#[warn(missing_docs)]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub use config_context::{provide_config, use_config};
#[cfg(target_arch = "wasm32")]
pub use consent_state::{provide_consent, use_consent, ConsentState};
#[cfg(target_arch = "wasm32")]
pub use sync::SyncListener;
