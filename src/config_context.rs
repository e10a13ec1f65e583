//! The site's settings in Leptos context: [`provide_config`] puts the parsed
//! [`Config`] (with its texts and theme) there once, and every component reads it with
//! [`use_config`]. The settings never change after start, so this is a shared
//! `Arc<Config>`, not a signal. It never reads the page: the embed, or a Leptos app,
//! builds the config and hands it in.

use crate::config::Config;
use leptos::prelude::*;
use std::sync::Arc;

/// Makes `config` the site's settings for this part of the app (what [`use_config`]
/// returns) and returns the shared copy. [`provide_consent`](crate::provide_consent)
/// calls it; call it yourself only when you provide a [`ConsentState`](crate::ConsentState)
/// by hand.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use pcc_consent::config::{Config, PageFacts};
/// let config = pcc_consent::provide_config(Config::defaults(&PageFacts::default()));
/// let state = pcc_consent::ConsentState::load(config);
/// leptos::prelude::provide_context(state);
/// # }
/// ```
pub fn provide_config(config: impl Into<Arc<Config>>) -> Arc<Config> {
    let config = config.into();
    provide_context(config.clone());
    config
}

/// The site's settings provided above (by [`provide_config`], [`provide_consent`](crate::provide_consent),
/// `<ConsentBanner config=…/>` or the embed). Panics if none was provided: a component
/// used outside its provider.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use leptos::prelude::*;
///
/// #[component]
/// fn SiteName() -> impl IntoView {
///     let config = pcc_consent::use_config();
///     view! { <span>{config.site_name.clone()}</span> }
/// }
/// # }
/// ```
pub fn use_config() -> Arc<Config> {
    expect_context::<Arc<Config>>()
}
