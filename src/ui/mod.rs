//! The UI: what visitors see, built with plain DOM calls (no framework in the
//! script-tag bundle; Leptos apps get components wrapping these views from
//! `leptos_app` (feature `leptos`)). Views read and change consent only through
//! [`ConsentState`](crate::consent_state::ConsentState); they never touch storage or
//! third-party scripts. All text comes from [`crate::i18n`].

mod banner;
mod cookies_page;
mod dom;
mod focus_clearance;
mod open_triggers;
mod preferences;
mod shadow_host;
mod ui_state;

pub use banner::ConsentBanner;
pub use cookies_page::{cookie_declaration, CookieSettings};
pub use open_triggers::{listen_for_open_triggers, OpenTriggers};
pub use shadow_host::{isolated_root, isolated_root_in, HOST_ID};
pub use ui_state::UiState;

/// The stylesheet for every view, also carried inside the bundle.
pub const STYLESHEET: &str = include_str!("../../style/pcc-consent.css");
