//! The Leptos UI: what visitors see. Components read and change consent only through
//! [`ConsentState`](crate::consent_state::ConsentState); they never touch storage or
//! third-party scripts. All text comes from [`crate::i18n`].

mod banner;
mod cookies_page;
mod focus_clearance;
mod open_triggers;
mod preferences;
mod shadow_host;
mod ui_state;

pub use banner::ConsentBanner;
pub use cookies_page::{CookieDeclaration, CookieSettings};
pub use open_triggers::listen_for_open_triggers;
pub use preferences::PreferencesDialog;
pub use shadow_host::{mount_isolated, mount_isolated_in};
pub use ui_state::{use_ui, UiState};

/// The stylesheet for every component, also carried inside the bundle.
pub const STYLESHEET: &str = include_str!("../../style/pcc-consent.css");
