//! The UI: Leptos components, one per file, the same in Leptos apps and in the
//! script-tag bundle (which mounts them into an isolated shadow root). Components read
//! the settings ([`use_config`](crate::use_config)), the consent
//! ([`ConsentState`](crate::ConsentState)) and the [`UiState`] from context, and change
//! consent only through the consent's commands; they never touch storage or
//! third-party scripts. What they show is derived from those signals: no effect here
//! writes a signal (effects only talk to the DOM: focus, the native dialog). All text
//! comes from [`crate::i18n`].
//!
//! [`ConsentBanner`] is the whole banner; [`CookieSettings`] and [`CookieDeclaration`]
//! are the cookies page's form and table. The other components are its pieces, public
//! so an app can place them itself. Outside a shadow root, give them [`STYLESHEET`].
//!
//! ```no_run
//! # #[cfg(target_arch = "wasm32")] {
//! use leptos::prelude::*;
//! use pcc_consent::config::{Config, PageFacts};
//! use pcc_consent::ui::{ConsentBanner, CookieDeclaration, CookieSettings, STYLESHEET};
//!
//! #[component]
//! fn CookiesPage() -> impl IntoView {
//!     pcc_consent::provide_consent(Config::defaults(&PageFacts::default()));
//!     view! {
//!         <style>{STYLESHEET}</style>
//!         <ConsentBanner/>
//!         <h1>"Cookies"</h1>
//!         <CookieSettings/>
//!         <CookieDeclaration/>
//!     }
//! }
//! # }
//! ```

mod banner;
mod banner_view;
mod body_swaps;
mod consent_banner;
mod cookie_declaration;
mod cookie_settings;
mod draft;
mod focus_clearance;
mod open_triggers;
mod preferences_dialog;
mod print_rules;
mod privacy_signal_notice;
mod saved_message;
mod saved_view;
mod settings_button;
mod shadow_host;
mod ui_state;

pub use banner::Banner;
pub(crate) use body_swaps::keep_on_swapped_pages;
pub use consent_banner::ConsentBanner;
pub use cookie_declaration::CookieDeclaration;
pub use cookie_settings::CookieSettings;
pub use open_triggers::{listen_for_open_triggers, OpenTriggers};
pub use preferences_dialog::PreferencesDialog;
pub(crate) use print_rules::add_print_rules;
pub use privacy_signal_notice::PrivacySignalNotice;
pub use saved_message::SavedMessage;
pub use settings_button::SettingsButton;
pub(crate) use shadow_host::{drop_first_view, place_root, unplaced_root, HOST_ID};
pub use shadow_host::{isolated_root, isolated_root_in, leptos_div};
pub use ui_state::{use_ui, UiState};

/// The stylesheet for every view (`style/pcc-consent.css`, minified by `build.rs`), also
/// carried inside the bundle.
pub const STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/pcc-consent.min.css"));

/// A click handler, boxed: every button's handler then shares one listener type, so
/// Leptos' event code is compiled once rather than once per closure.
fn on_click(
    handler: impl FnMut(web_sys::MouseEvent) + 'static,
) -> Box<dyn FnMut(web_sys::MouseEvent)> {
    Box::new(handler)
}

/// The element an event came from (a button that opens the dialog: focus returns there).
fn event_element(ev: &web_sys::MouseEvent) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    ev.current_target()?.dyn_into().ok()
}
