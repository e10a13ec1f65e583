//! The live consent state of one page: Leptos signals shared by the components, the JS
//! API and the embed (a `Copy` handle; components reach it through context with
//! [`use_consent`]).
//!
//! It is the one place a decision becomes effective: [`ConsentState::decide`] builds the
//! record (core; under the stored record's consent id and next decision number while it
//! stands, see [`Standing::continued_id`]), saves it (storage), applies it (gate), updates the signals (every view
//! follows) and tells the page (`events`) and the site's other open pages (`sync`).
//! Loading reads storage (repairing a lost copy and, for a valid record, writing it
//! again: Safari's 7-day limit) and starts nothing: starting the gate is its own step,
//! [`ConsentState::start_gate`], called once by whoever starts the page (the embed, or
//! [`provide_consent`] in a Leptos app).
//!
//! ```ignore
//! use pcc_consent::consent_state::{provide_consent, use_consent};
//! let consent = provide_consent(config); // loads, starts the gate, provides context
//! // Anywhere below, reactively:
//! let consent = use_consent();
//! view! { <Show when=move || consent.allows(Category::Performance)>"…"</Show> }
//! ```

use crate::browser;
use crate::config::Config;
use crate::consent::{Category, Choices, ConsentId, ConsentRecord, Decision, Standing};
use crate::events;
use crate::evidence_log;
use crate::gate;
use crate::storage::ConsentStore;
use leptos::prelude::*;
use std::sync::Arc;

/// A `Copy` handle on the page's consent. Reads are reactive (a view or effect that
/// reads them runs again after every decision); `*_untracked` reads are for event
/// handlers and the JS API.
#[derive(Clone, Copy)]
pub struct ConsentState {
    config: StoredValue<Arc<Config>>,
    standing: RwSignal<Standing>,
    /// The browser's Global Privacy Control signal, where the site honours it.
    privacy_signal: bool,
    /// What runs before any choice: the site's opt-out categories (statistics), unless
    /// the privacy signal has objected to them (see [`crate::consent::until_objection`]).
    until_objection: Choices,
    /// Set when the last save wrote no copy; the UI shows the technical-problem message.
    save_failed: RwSignal<bool>,
}

impl ConsentState {
    /// Reads what is stored and assesses it against the config. Starts nothing.
    pub fn load(config: Config) -> ConsentState {
        let store = ConsentStore::new(&config);
        let standing = stored_standing(&config, &store);
        if let Standing::Valid(record) = &standing {
            // Safari deletes script-written cookies and storage after 7 days without a
            // write: writing the same record (same decision, same dates) once per visit
            // keeps an active visitor from being asked every week.
            store.refresh(record);
        }
        let privacy_signal = config.honour_gpc && global_privacy_control();
        ConsentState {
            until_objection: crate::consent::until_objection(&config.opt_out, privacy_signal),
            privacy_signal,
            config: StoredValue::new(Arc::new(config)),
            standing: RwSignal::new(standing),
            save_failed: RwSignal::new(false),
        }
    }

    /// Re-reads the stored choice and, if it changed (another tab, a page restored from
    /// the back/forward cache, a sub-site writing the shared cookie), makes it the one in
    /// force here with everything a decision does: the gate, every view, and one
    /// `pcc-consent:change`. No new record is made: the choice was saved where it was
    /// made (reading may repair a lost copy). A choice this page could not save, or
    /// storage it cannot read at all, stays as it is: nothing read means nothing new.
    pub fn sync_from_storage(&self) {
        let config = self.config();
        let store = ConsentStore::new(&config);
        if self.save_failed.get_untracked() || !store.readable() {
            return;
        }
        let standing = stored_standing(&config, &store);
        if self.standing.with_untracked(|now| *now == standing) {
            return;
        }
        let before = self.effective_untracked();
        let after = standing.effective_with(&config.categories, self.until_objection);
        let record = valid_record(&standing);
        gate::apply(&config, before, after);
        self.standing.set(standing);
        events::dispatch_change(record.as_ref(), &after.changed_from(&before));
    }

    /// Starts the gate with what the stored choice grants: the Consent Mode defaults,
    /// then the services and site content already consented to. Once per page.
    pub fn start_gate(&self) {
        let decided = self.record_untracked().is_some();
        gate::start(&self.config(), self.effective_untracked(), decided);
    }

    /// The site's settings (not reactive: they never change).
    pub fn config(&self) -> Arc<Config> {
        self.config.get_value()
    }

    /// The categories the site offers.
    pub fn offered(&self) -> Vec<Category> {
        self.config.with_value(|c| c.categories.clone())
    }

    /// Whether `category` may be used now.
    pub fn allows(&self, category: Category) -> bool {
        self.standing.with(|s| {
            s.effective_with(&self.offered(), self.until_objection)
                .allows(category)
        })
    }

    pub fn allows_untracked(&self, category: Category) -> bool {
        self.effective_untracked().allows(category)
    }

    /// Whether the visitor must be asked (the banner shows).
    pub fn must_ask(&self) -> bool {
        self.standing.with(|s| s.asks(self.privacy_signal))
    }

    pub fn must_ask_untracked(&self) -> bool {
        self.standing
            .with_untracked(|s| s.asks(self.privacy_signal))
    }

    /// Whether the browser's privacy signal is what is in force (no choice of the
    /// visitor's own): the dialog and the cookies page say so.
    pub fn privacy_signal_applies(&self) -> bool {
        self.standing
            .with(|s| s.signal_applies(self.privacy_signal))
    }

    /// The record in force, if any.
    pub fn record(&self) -> Option<ConsentRecord> {
        self.standing.with(valid_record)
    }

    pub fn record_untracked(&self) -> Option<ConsentRecord> {
        self.standing.with_untracked(valid_record)
    }

    /// Where the preferences dialog and the settings form start: the last choice (even
    /// an expired or outdated one), or nothing granted.
    pub fn previous_choices(&self) -> Choices {
        let offered = self.offered();
        self.standing
            .with(|s| s.previous_choices_with(&offered, self.until_objection))
    }

    pub fn previous_choices_untracked(&self) -> Choices {
        let offered = self.offered();
        self.standing
            .with_untracked(|s| s.previous_choices_with(&offered, self.until_objection))
    }

    pub fn save_failed(&self) -> bool {
        self.save_failed.get()
    }

    pub fn save_failed_untracked(&self) -> bool {
        self.save_failed.get_untracked()
    }

    fn effective_untracked(&self) -> Choices {
        let offered = self.offered();
        self.standing
            .with_untracked(|s| s.effective_with(&offered, self.until_objection))
    }

    /// Records a decision: saves it, applies it, updates every view, fires
    /// `pcc-consent:change`. A failed save still applies the choice for this page.
    pub fn decide(&self, decision: Decision) {
        let config = self.config();
        let before = self.effective_untracked();
        let now = browser::now_ms();
        let store = ConsentStore::new(&config);
        // One consent id per visitor: continue the stored record's id (another tab may
        // have decided since this page last looked), unless this page could not save
        // its last choice or read storage at all: then what this page holds.
        let standing = if !self.save_failed.get_untracked() && store.readable() {
            stored_standing(&config, &store)
        } else {
            self.standing.get_untracked()
        };
        let id = standing
            .continued_id(config.expiry_days, now)
            .unwrap_or_else(|| (new_consent_id(), 1));
        let record = decision
            .into_record(id, config.revision, config.expiry_days, now, &before)
            .with_offered(&config.categories)
            .with_opt_out(&config.opt_out);
        let saved = store.save(&record);
        self.save_failed.set(saved.is_err());
        if let Some(url) = &config.log_url {
            evidence_log::send(url, &record, &config);
        }
        gate::apply(
            &config,
            before,
            record.choices.restricted_to(&config.categories),
        );
        self.standing.set(Standing::Valid(record.clone()));
        crate::sync::announce(&config, Some(&record));
        events::dispatch_change(Some(&record), &record.changed);
    }

    /// Grants exactly `categories` (others off), as a custom choice.
    pub fn accept(&self, categories: &[Category]) {
        let choices = Choices::all_of(categories);
        self.decide(Decision::custom(choices, &self.offered()));
    }

    /// Forgets the stored choice: everything optional is withdrawn and the banner asks
    /// again. For "forget me" links and for testing.
    pub fn reset(&self) {
        let config = self.config();
        let before = self.effective_untracked();
        ConsentStore::new(&config).clear();
        self.save_failed.set(false);
        let after = Standing::NoRecord.effective_with(&config.categories, self.until_objection);
        gate::apply(&config, before, after);
        self.standing.set(Standing::NoRecord);
        crate::sync::announce(&config, None);
        events::dispatch_change(None, &after.changed_from(&before));
    }

    pub fn accept_all(&self) {
        self.decide(Decision::accept_all(&self.offered()));
    }

    pub fn reject_all(&self) {
        self.decide(Decision::reject_all());
    }
}

/// What is stored now, assessed against the site's revision and expiry.
fn stored_standing(config: &Config, store: &ConsentStore) -> Standing {
    Standing::assess(
        store.load(),
        config.revision,
        config.expiry_days,
        browser::now_ms(),
    )
    .offering(&config.categories)
}

fn valid_record(standing: &Standing) -> Option<ConsentRecord> {
    match standing {
        Standing::Valid(r) => Some(r.clone()),
        _ => None,
    }
}

/// Loads the consent for `config`, starts the gate, and makes it the consent of this
/// part of the app (what [`use_consent`] returns). For Leptos apps; the embed does the
/// same steps itself.
pub fn provide_consent(config: Config) -> ConsentState {
    let state = ConsentState::load(config);
    state.start_gate();
    // Following other pages stops when this part of the app unmounts: nothing may call
    // into a disposed state.
    let sync = StoredValue::new_local(Some(crate::sync::listen(state)));
    on_cleanup(move || {
        if let Some(sync) = sync.try_update_value(Option::take).flatten() {
            sync.stop();
        }
    });
    provide_context(state);
    state
}

/// The consent provided above (by [`provide_consent`], `<ConsentBanner config=…/>` or
/// the embed). Panics if none was provided: a component used outside its provider.
pub fn use_consent() -> ConsentState {
    expect_context::<ConsentState>()
}

/// `navigator.globalPrivacyControl === true` (the GPC specification's property; absent
/// in browsers without it).
fn global_privacy_control() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"globalPrivacyControl".into()).ok())
        .is_some_and(|v| v == wasm_bindgen::JsValue::TRUE)
}

/// 128 random bits from `crypto.getRandomValues`. Without a crypto object (never in a
/// supported browser) the id is all zeros rather than predictable-looking randomness.
fn new_consent_id() -> ConsentId {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok());
    if filled.is_none() {
        browser::warn("crypto.getRandomValues is unavailable; consent id is blank");
    }
    ConsentId::from_bytes(bytes)
}
