//! `ConsentBanner`: everything `<div id="pcc-consent">` shows, in this order: the
//! [`Banner`] while the visitor must be asked, the [`SavedMessage`] after a choice made
//! in it, the optional floating [`SettingsButton`], and the [`PreferencesDialog`],
//! built the first time it opens (most visitors never open it). A returning visitor
//! who has chosen gets no view at all, unless the site asked for the settings button.
//!
//! The script-tag bundle mounts it into the isolated shadow root; a Leptos app mounts
//! it where it likes. Stand-alone (given a `config`), it also provides the consent and
//! wires `data-pcc-consent-open` links, removing that listener when it unmounts.
//!
//! ```ignore
//! use pcc_consent::ui::ConsentBanner;
//! view! { <ConsentBanner config=my_config/> }
//! // Below it, anywhere in the app:
//! let consent = pcc_consent::consent_state::use_consent();
//! view! { <Show when=move || consent.allows(Category::Performance)>"…"</Show> }
//! ```

use super::banner::Banner;
use super::open_triggers::listen_for_open_triggers;
use super::preferences_dialog::PreferencesDialog;
use super::saved_message::SavedMessage;
use super::settings_button::SettingsButton;
use super::ui_state::use_ui;
use crate::config::Config;
use crate::consent_state::{provide_consent, use_consent};
use leptos::prelude::*;

#[component]
pub fn ConsentBanner(
    /// The site's settings, to run stand-alone; without it the banner uses the consent
    /// already provided above (the embed provides it).
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
    let settings_button = consent.config().settings_button;
    // Never the saved message and the banner together: after `reset()` the banner
    // returns alone, and a later choice through the JS API does not bring it back.
    Effect::new(move |_| {
        if consent.must_ask() {
            ui.forget_saved_notice();
        }
    });
    // Memos: a piece is built when its condition turns true, not again on every change
    // of choice (rebuilding would run its body again and move focus).
    let asking = Memo::new(move |_| consent.must_ask());
    let saved = Memo::new(move |_| ui.saved_notice() && !asking.get());
    let floating = Memo::new(move |_| settings_button && !asking.get() && !saved.get());
    view! {
        {move || asking.get().then(|| view! { <Banner/> })}
        {move || saved.get().then(|| view! { <SavedMessage/> })}
        {move || floating.get().then(|| view! { <SettingsButton/> })}
        {move || ui.prefs_built.get().then(|| view! { <PreferencesDialog/> })}
    }
}
