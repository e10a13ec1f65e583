//! For Leptos apps (feature `leptos`): components that mount the banner and the cookies
//! page into the app's view, and a reactive handle on the consent state.
//!
//! Thin wrappers: the views themselves are [`crate::ui`]'s, the same the script-tag
//! bundle shows, so both kinds of site behave alike. A Leptos app that needs no
//! components of its own can also use the script tag.
//!
//! ```ignore
//! use pcc_consent::leptos_app::{use_consent, ConsentBanner};
//! view! { <ConsentBanner config=my_config/> }
//! // Below it, anywhere in the app:
//! let consent = use_consent();
//! view! { <Show when=move || consent.allows(Category::Performance)>"…"</Show> }
//! ```

use crate::config::Config;
use crate::consent::{Category, ConsentRecord};
use crate::consent_state::ConsentState;
use crate::ui::{self, listen_for_open_triggers, UiState};
use ::leptos::html;
use ::leptos::prelude::*;

/// A `Copy` handle on the page's [`ConsentState`] whose reads are reactive: a view or
/// effect that reads it runs again after every decision.
#[derive(Clone, Copy)]
pub struct Consent {
    state: StoredValue<ConsentState, LocalStorage>,
    changed: Trigger,
}

impl Consent {
    pub fn allows(&self, category: Category) -> bool {
        self.changed.track();
        self.state.with_value(|s| s.allows(category))
    }

    pub fn must_ask(&self) -> bool {
        self.changed.track();
        self.state.with_value(ConsentState::must_ask)
    }

    pub fn record(&self) -> Option<ConsentRecord> {
        self.changed.track();
        self.state.with_value(ConsentState::record)
    }

    /// The plain state, to decide (`accept_all`, `reject_all`, `accept`, `reset`).
    pub fn state(&self) -> ConsentState {
        self.state.get_value()
    }
}

/// Makes `state` the consent of this part of the app (what [`use_consent`] returns).
pub fn provide_consent(state: ConsentState) -> Consent {
    let changed = Trigger::new();
    let watching = state.watch(move || changed.notify());
    let consent = Consent {
        state: StoredValue::new_local(state),
        changed,
    };
    on_cleanup(move || {
        consent.state.with_value(|s| s.unwatch(watching));
    });
    provide_context(consent);
    consent
}

/// The consent provided by `<ConsentBanner config=…/>` or [`provide_consent`] above.
pub fn use_consent() -> Consent {
    expect_context::<Consent>()
}

/// Shares `ui` (whether the dialog is open…) with the components below, e.g. to open
/// the preferences dialog from the app's own button.
pub fn provide_ui(ui: UiState) {
    provide_context(StoredValue::new_local(ui));
}

fn use_ui() -> UiState {
    match use_context::<StoredValue<UiState, LocalStorage>>() {
        Some(ui) => ui.get_value(),
        None => {
            let ui = UiState::new();
            provide_ui(ui.clone());
            ui
        }
    }
}

/// The banner, its saved message and the preferences dialog. Give it a `config` to run
/// it stand-alone; without one it uses the consent already provided.
#[component]
pub fn ConsentBanner(#[prop(optional)] config: Option<Config>) -> impl IntoView {
    let stand_alone = config.is_some();
    let consent = match config {
        Some(config) => provide_consent(ConsentState::load(config)),
        None => use_consent(),
    };
    let ui = use_ui();
    // In a Leptos app nothing else wires `data-pcc-consent-open` links (the embed does it
    // for script-tag sites); unmounting the banner removes the listener.
    let triggers = StoredValue::new_local(stand_alone.then(|| listen_for_open_triggers(&ui)));
    let root = NodeRef::<html::Div>::new();
    let mounted = StoredValue::new_local(None);
    Effect::new(move |_| {
        if let Some(div) = root.get() {
            let view = ui::ConsentBanner::mount(&div, &consent.state(), &ui);
            mounted.set_value(Some(view));
        }
    });
    on_cleanup(move || {
        mounted.try_update_value(Option::take);
        if let Some(triggers) = triggers.try_update_value(Option::take).flatten() {
            triggers.stop();
        }
    });
    view! { <div class="pcc-consent-root" node_ref=root></div> }
}

/// The cookies page's settings form (radios per category), below a provided consent.
#[component]
pub fn CookieSettings() -> impl IntoView {
    let consent = use_consent();
    let root = NodeRef::<html::Div>::new();
    let mounted = StoredValue::new_local(None);
    Effect::new(move |_| {
        if let Some(div) = root.get() {
            mounted.set_value(Some(ui::CookieSettings::mount(&div, &consent.state())));
        }
    });
    on_cleanup(move || {
        mounted.try_update_value(Option::take);
    });
    view! { <div class="pcc-consent-root" node_ref=root></div> }
}

/// The cookies page's table of the cookies the site sets, per category.
#[component]
pub fn CookieDeclaration() -> impl IntoView {
    let consent = use_consent();
    let root = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if let Some(div) = root.get() {
            ui::cookie_declaration(&div, &consent.state());
        }
    });
    view! { <div class="pcc-consent-root" node_ref=root></div> }
}
