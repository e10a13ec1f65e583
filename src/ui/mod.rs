//! The Leptos UI: what visitors see. Components read and change consent only through
//! [`ConsentState`](crate::consent_state::ConsentState); they never touch storage or
//! third-party scripts. All text comes from [`crate::i18n`].

mod banner;
mod shadow_host;

pub use banner::ConsentBanner;
pub use shadow_host::mount_isolated;

/// The stylesheet for every component, also carried inside the bundle.
pub const STYLESHEET: &str = include_str!("../../style/pcc-consent.css");
