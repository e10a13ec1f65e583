//! `ConsentBanner`: everything `<div id="pcc-consent">` shows. What each piece shows is
//! derived from the consent and the UI state (nothing is kept in step by an effect).

use super::banner::Banner;
use super::open_triggers::listen_for_open_triggers;
use super::preferences_dialog::PreferencesDialog;
use super::saved_message::SavedMessage;
use super::settings_button::SettingsButton;
use super::ui_state::use_ui;
use crate::config::Config;
use crate::config_context::use_config;
use crate::consent_state::{provide_consent, use_consent};
use leptos::prelude::*;

/// Everything the banner shows, in this order: the [`Banner`] while the visitor must
/// be asked, the [`SavedMessage`] after a choice made in it, the optional floating
/// [`SettingsButton`], and the [`PreferencesDialog`], built the first time it opens
/// (most visitors never open it). A returning visitor who has chosen gets no view at
/// all, unless the site asked for the settings button.
///
/// The script-tag bundle mounts it into the isolated shadow root; a Leptos app mounts
/// it where it likes. Stand-alone (given a `config`), it also provides the consent and
/// the settings ([`provide_consent`](crate::provide_consent)) and wires
/// `data-pcc-consent-open` links, removing that listener when it unmounts.
///
/// # Example
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use leptos::prelude::*;
/// use pcc_consent::config::{Config, PageFacts};
/// use pcc_consent::ui::ConsentBanner;
///
/// let page = PageFacts { host: "example.police.uk".into(), ..PageFacts::default() };
/// let (config, _errors) = Config::from_attributes([("data-site-name", "Example PCC")], &page);
/// leptos::mount::mount_to_body(move || view! { <ConsentBanner config/> });
/// # }
/// ```
#[component]
pub fn ConsentBanner(
    /// The site's settings, to run stand-alone; without it the banner uses the consent
    /// and settings already provided above (the embed provides them).
    #[prop(optional)]
    config: Option<Config>,
) -> impl IntoView {
    let stand_alone = config.is_some();
    let consent = match config {
        Some(config) => provide_consent(config),
        None => use_consent(),
    };
    let ui = use_ui();
    if stand_alone {
        let triggers = listen_for_open_triggers(ui);
        on_cleanup(move || triggers.remove());
    }
    let settings_button = use_config().settings_button;
    // Memos: a piece is built when its condition turns true, not again on every change
    // of choice (rebuilding would run its body again and move focus). Never the saved
    // message and the banner together.
    let asking = consent.must_ask;
    let saved = Memo::new(move |_| ui.shows_saved_notice(&consent));
    let floating = Memo::new(move |_| settings_button && !asking.get() && !saved.get());
    view! {
        {move || asking.get().then(|| view! { <Banner/> })}
        {move || saved.get().then(|| view! { <SavedMessage/> })}
        {move || floating.get().then(|| view! { <SettingsButton/> })}
        {move || ui.prefs_built.get().then(|| view! { <PreferencesDialog/> })}
    }
}
