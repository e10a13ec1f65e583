//! The configurator: the page (`index.html`) where a site team sets the banner up.
//! A form for every setting of the embed contract, judged by the banner's own config
//! parser; a live preview of the real banner and dialog; and the snippet to paste, with
//! the released file's integrity value.
//!
//! The pure parts (the form's fields, the settings and their report, contrast, the
//! snippet) compile everywhere and have native tests; the Leptos components compile
//! for the browser only. Part of the demo binary, never of the script-tag bundle.
//! It must never write the visitor's real consent: the preview has its own storage.

pub mod contrast;
pub mod fields;
pub mod settings;
pub mod snippet;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod preview;
#[cfg(target_arch = "wasm32")]
mod setting_field;
#[cfg(target_arch = "wasm32")]
mod snippet_box;
#[cfg(target_arch = "wasm32")]
mod texts_table;
#[cfg(target_arch = "wasm32")]
mod theme_fields;

#[cfg(target_arch = "wasm32")]
pub use app::start;

/// The released file's integrity value (`release/pcc-consent.js.sri`, written by
/// `scripts/release.sh`), built in.
pub const RELEASE_SRI: &str = include_str!("../../release/pcc-consent.js.sri");
