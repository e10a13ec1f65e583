//! The cookie banner and the "preferences saved" message that replaces it.
//!
//! Shown while there is no valid consent. Accept and Reject are the same size and style:
//! rejecting is as easy as accepting. After a choice, focus moves to the saved message
//! (`role="alert"`, as GOV.UK does) until the visitor hides it.

use super::focus_clearance::keep_focus_clear_of;
use super::open_triggers::listen_for_open_triggers;
use super::preferences::PreferencesDialog;
use super::ui_state::use_ui;
use crate::config::Config;
use crate::consent_state::{use_consent, ConsentState};
use leptos::html;
use leptos::prelude::*;

/// The banner, its saved message and the preferences dialog. Give it a `config` to run
/// it stand-alone; without one it uses the [`ConsentState`] already provided (by the
/// embed or by the app).
///
/// ```ignore
/// use pcc_consent::{config::Config, ui::ConsentBanner};
/// view! { <ConsentBanner config=my_config/> }
/// ```
#[component]
pub fn ConsentBanner(#[prop(optional)] config: Option<Config>) -> impl IntoView {
    let stand_alone = config.is_some();
    let state = match config {
        Some(config) => {
            let state = ConsentState::load(config);
            provide_context(state);
            state
        }
        None => use_consent(),
    };
    let config = state.config();
    let texts = state.texts();
    // Copy, so the region label and heading can be rebuilt each time the banner shows.
    let title = StoredValue::new(texts.banner_title_for(&config.site_name));
    let ui = use_ui();
    if stand_alone {
        // In a Leptos app nothing else wires `data-pcc-consent-open` links (the embed does
        // it for script-tag sites); unmounting the banner removes the listener.
        let triggers = StoredValue::new_local(Some(listen_for_open_triggers(ui)));
        on_cleanup(move || {
            if let Some(triggers) = triggers.try_update_value(Option::take).flatten() {
                triggers.stop();
            }
        });
    }
    let config_button = config.settings_button;
    let message_ref = NodeRef::<html::Div>::new();

    // A choice made here shows the saved message and moves focus to it; one made
    // through the JS API shows nothing.
    let choose = move |accept: bool| {
        if accept {
            state.accept_all();
        } else {
            state.reject_all();
        }
        ui.focus_notice.set(true);
        ui.saved_notice.set(true);
    };
    Effect::new(move |_| {
        if let Some(message) = message_ref.get() {
            if ui.focus_notice.get_untracked() {
                let _ = message.focus();
            }
        }
    });

    let policy_url = StoredValue::new(config.policy_url.clone());
    let policy = move || {
        policy_url.get_value().map(|href| {
        view! { <p class="pcc-consent-policy"><a class="pcc-consent-link" href=href>{&texts.policy_link[..]}</a></p> }
        })
    };

    view! {
        <Show when=move || state.must_ask()>
            <FixedBottom label=title.get_value() extra_class="">
                <div class="pcc-consent-inner">
                    <h2 class="pcc-consent-heading">{title.get_value()}</h2>
                    <p class="pcc-consent-text">{&texts.banner_essential[..]}</p>
                    <p class="pcc-consent-text">{&texts.banner_additional[..]}</p>
                    {policy}
                    <div class="pcc-consent-actions">
                        <button type="button" class="pcc-consent-button" on:click=move |_| choose(true)>
                            {&texts.accept_additional[..]}
                        </button>
                        <button type="button" class="pcc-consent-button" on:click=move |_| choose(false)>
                            {&texts.reject_additional[..]}
                        </button>
                        <button type="button" class="pcc-consent-button pcc-consent-secondary"
                            on:click=move |ev| ui.open_preferences(Some(event_target::<web_sys::HtmlElement>(&ev)))>
                            {&texts.customise[..]}
                        </button>
                    </div>
                </div>
            </FixedBottom>
        </Show>
        <Show when=move || ui.saved_notice.get()>
            <FixedBottom label=title.get_value() extra_class=" pcc-consent-saved">
                <div class="pcc-consent-inner">
                    <div role="alert" tabindex="-1" class="pcc-consent-message" node_ref=message_ref>
                        <p class="pcc-consent-text">
                            {move || if state.save_failed() { &texts.technical_problem[..] } else { &texts.saved[..] }}
                        </p>
                    </div>
                    <div class="pcc-consent-actions">
                        <button type="button" class="pcc-consent-button" on:click=move |_| ui.saved_notice.set(false)>
                            {&texts.hide_message[..]}
                        </button>
                    </div>
                </div>
            </FixedBottom>
        </Show>
        <Show when=move || {
            config_button && !state.must_ask() && !ui.saved_notice.get()
        }>
            <SettingsButton/>
        </Show>
        <PreferencesDialog/>
    }
}

/// The optional floating "Cookie settings" button (`data-settings-button`).
#[component]
fn SettingsButton() -> impl IntoView {
    let state = use_consent();
    let ui = use_ui();
    let node = NodeRef::<html::Div>::new();
    keep_focus_clear_of(node);
    view! {
        <div class="pcc-consent-floating" node_ref=node>
            <button type="button" class="pcc-consent-button pcc-consent-secondary"
                on:click=move |ev| ui.open_preferences(Some(event_target::<web_sys::HtmlElement>(&ev)))>
                {&state.texts().cookie_settings[..]}
            </button>
        </div>
    }
}

/// A labelled region fixed to the bottom of the viewport that keeps focus clear of it.
#[component]
fn FixedBottom(label: String, extra_class: &'static str, children: Children) -> impl IntoView {
    let node = NodeRef::<html::Div>::new();
    keep_focus_clear_of(node);
    view! {
        <div class=format!("pcc-consent-banner{extra_class}") role="region" aria-label=label
            data-nosnippet="" node_ref=node>
            {children()}
        </div>
    }
}
