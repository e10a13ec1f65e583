//! The live consent state of one page: read-only signals that the components, the JS
//! API and the embed read, and the few commands that change them. A `Copy` handle;
//! components reach it through context with [`use_consent`]. The site's settings are
//! not here: they have their own context ([`use_config`](crate::use_config)).
//!
//! It is the one place a decision becomes effective: [`ConsentState::decide`] builds the
//! record (core; under the stored record's consent id and next decision number while it
//! stands, see [`Standing::continued_id`]), saves it (storage), applies it (gate),
//! updates the signals (every view follows) and tells the page (`events`) and the
//! site's other open pages (`sync`). Loading reads storage (repairing a lost copy and,
//! for a valid record, writing it again: Safari's 7-day limit) and starts nothing:
//! starting the gate is its own step, [`ConsentState::start_gate`], called once by
//! whoever starts the page (the embed, or [`provide_consent`] in a Leptos app).
//!
//! It never builds a view and never listens to the browser itself: `sync` hears of
//! choices made elsewhere and hands them in ([`ConsentState::hear`]).

use crate::browser;
use crate::config::{Config, StorageMode};
use crate::consent::{Category, Choices, ConsentId, ConsentRecord, Decision, Grants, Standing};
use crate::events;
use crate::evidence_log;
use crate::gate;
use crate::storage::ConsentStore;
use crate::sync::{self, Heard, SyncListener};
use leptos::prelude::*;
use std::sync::Arc;

/// The page's consent: read-only signals plus commands. Reading a signal in a view or
/// an effect subscribes to it (it runs again after every change); in event handlers read
/// with `get_untracked()` / `with_untracked()`.
///
/// # Example
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use leptos::prelude::*;
/// use pcc_consent::consent::Category;
/// use pcc_consent::{provide_consent, use_consent};
/// use pcc_consent::config::{Config, PageFacts};
///
/// #[component]
/// fn App() -> impl IntoView {
///     provide_consent(Config::defaults(&PageFacts::default()));
///     let consent = use_consent();
///     view! {
///         <Show when=move || consent.allows(Category::Performance)>"Analytics on"</Show>
///         <button on:click=move |_| consent.reject_all()>"Reject"</button>
///         <p>{move || consent.granted.get().granted().len()} " categories granted"</p>
///     }
/// }
/// # }
/// ```
#[derive(Clone, Copy)]
pub struct ConsentState {
    /// Where the visitor stands: the stored choice as assessed against the site's
    /// revision and expiry.
    pub standing: ReadSignal<Standing>,
    /// The record in force (a valid choice), if any.
    pub record: Memo<Option<ConsentRecord>>,
    /// What the site may use now: the categories granted among those offered.
    pub granted: Memo<Choices>,
    /// [`Self::granted`] service by service: the services switched off inside the
    /// granted categories too (the gate, `accepted(category, service)`).
    pub grants: Memo<Grants>,
    /// Whether the visitor must be asked (the banner shows).
    pub must_ask: Memo<bool>,
    /// Whether the browser's privacy signal is what is in force (no choice of the
    /// visitor's own): the dialog and the cookies page say so.
    pub privacy_signal_applies: Memo<bool>,
    /// Where the preferences dialog and the settings form start: the last choice (even
    /// an expired or outdated one), or nothing granted.
    pub previous_choices: Memo<Choices>,
    /// [`Self::previous_choices`] service by service: where the dialog's and the
    /// settings form's service switches start.
    pub previous_grants: Memo<Grants>,
    /// Set when the last save wrote no copy; the UI shows the technical-problem message.
    pub save_failed: ReadSignal<bool>,
    set_standing: WriteSignal<Standing>,
    set_save_failed: WriteSignal<bool>,
    config: StoredValue<Arc<Config>>,
    /// What runs before any choice: the site's opt-out categories (statistics), unless
    /// the privacy signal has objected to them (see [`crate::consent::until_objection`]).
    until_objection: Choices,
}

impl ConsentState {
    /// Reads what is stored and assesses it against `config`. Starts nothing.
    pub fn load(config: impl Into<Arc<Config>>) -> ConsentState {
        let state = Self::read(config);
        state.keep_stored_fresh();
        state
    }

    /// Writes the valid record in force again, unchanged (same decision, same dates):
    /// Safari deletes script-written cookies and storage after 7 days without a write,
    /// so once per visit keeps an active visitor from being asked every week. Call it in
    /// the task that last read the storage ([`Self::load`], or after
    /// [`Self::reread_storage`]), so it never writes back a choice older than one
    /// stored since.
    pub(crate) fn keep_stored_fresh(&self) {
        if let Some(record) = self.record.get_untracked() {
            ConsentStore::new(&self.config()).refresh(&record);
        }
    }

    /// [`Self::load`] without the refresh: the embed's boot reads in one task and
    /// refreshes in a later one, after a re-read (see `embed.rs`).
    pub(crate) fn read(config: impl Into<Arc<Config>>) -> ConsentState {
        let config: Arc<Config> = config.into();
        let store = ConsentStore::new(&config);
        let standing = stored_standing(&config, &store);
        let privacy_signal = config.honour_gpc && global_privacy_control();
        let until_objection = crate::consent::until_objection(&config.opt_out, privacy_signal);
        let offered = Arc::new(config.categories.clone());
        let (standing, set_standing) = signal(standing);
        let (save_failed, set_save_failed) = signal(false);
        let offered_grants = offered.clone();
        // One computation of what is in force; `granted` is its categories.
        let grants =
            Memo::new(move |_| standing.with(|s| s.grants_with(&offered_grants, until_objection)));
        ConsentState {
            standing,
            record: Memo::new(move |_| standing.with(valid_record)),
            granted: Memo::new(move |_| grants.with(|g| g.choices)),
            grants,
            previous_grants: {
                let offered = offered.clone();
                Memo::new(move |_| {
                    standing.with(|s| s.previous_grants_with(&offered, until_objection))
                })
            },
            must_ask: Memo::new(move |_| standing.with(|s| s.asks(privacy_signal))),
            privacy_signal_applies: Memo::new(move |_| {
                standing.with(|s| s.signal_applies(privacy_signal))
            }),
            previous_choices: Memo::new(move |_| {
                standing.with(|s| s.previous_choices_with(&offered, until_objection))
            }),
            save_failed,
            set_standing,
            set_save_failed,
            config: StoredValue::new(config),
            until_objection,
        }
    }

    /// Whether `category` may be used now (reactive: reads [`Self::granted`]).
    pub fn allows(&self, category: Category) -> bool {
        self.granted.with(|g| g.allows(category))
    }

    /// Whether the service `id` governed by `category` may run now (reactive).
    pub fn allows_service(&self, category: Category, id: &str) -> bool {
        self.grants.with(|g| g.allows_service(category, id))
    }

    /// Starts the gate with what the stored choice grants: the Consent Mode defaults,
    /// then the services and site content already consented to. Once per page.
    pub fn start_gate(&self) {
        let decided = self.record.with_untracked(Option::is_some);
        gate::start(&self.config(), &self.grants.get_untracked(), decided);
    }

    /// What `standing` grants on this site, service by service: the one computation
    /// behind [`Self::grants`] for the commands that move to a new standing.
    fn grants_for(&self, standing: &Standing) -> Grants {
        standing.grants_with(&self.config().categories, self.until_objection)
    }

    /// Makes `after` the grants in force: the gate, every view, and one
    /// `pcc-consent:change` naming what changed.
    fn change_to(&self, standing: Standing, after: &Grants, record: Option<&ConsentRecord>) {
        let config = self.config();
        let before = self.grants.get_untracked();
        gate::apply(&config, &before, after);
        self.set_standing.set(standing);
        let changed = after.choices.changed_from(&before.choices);
        let services = changed_services(&config, &before, after);
        events::dispatch_change(record, &changed, &services, &config);
    }

    /// Starts following the site's other open pages (other tabs, the back/forward
    /// cache, sub-sites): a changed stored choice is applied here as
    /// [`Self::reread_storage`] does (in discreet mode, another tab's choice is first kept
    /// in this tab's storage). It stops with [`SyncListener::stop`].
    pub fn follow_other_pages(&self) -> SyncListener {
        let state = *self;
        sync::listen(&self.config(), move |heard| state.hear(heard))
    }

    /// A choice heard from elsewhere (see `sync`). In discreet mode, another tab's choice
    /// reaches this tab only as a message, so it is kept in this tab's storage first;
    /// then the stored choice is re-read.
    pub(crate) fn hear(&self, heard: Heard) {
        let config = self.config();
        if let Heard::Announced(record) = heard {
            if config.storage == StorageMode::Session
                && self.record.with_untracked(|now| *now != record)
            {
                let store = ConsentStore::new(&config);
                match &record {
                    Some(record) => {
                        let _ = store.save(record);
                    }
                    None => store.clear(),
                }
            }
        }
        self.reread_storage();
    }

    /// Re-reads the stored choice and, if it changed (another tab, a page restored from
    /// the back/forward cache, a sub-site writing the shared cookie), makes it the one in
    /// force here with everything a decision does: the gate, every view, and one
    /// `pcc-consent:change`. No new record is made: the choice was saved where it was
    /// made (reading may repair a lost copy). A choice this page could not save, or
    /// storage it cannot read at all, stays as it is: nothing read means nothing new.
    pub fn reread_storage(&self) {
        let config = self.config();
        let store = ConsentStore::new(&config);
        if self.save_failed.get_untracked() || !store.readable() {
            return;
        }
        let standing = stored_standing(&config, &store);
        if self.standing.with_untracked(|now| *now == standing) {
            return;
        }
        let after = self.grants_for(&standing);
        let record = valid_record(&standing);
        self.change_to(standing, &after, record.as_ref());
    }

    /// Records a decision: saves it, applies it, updates every view, fires
    /// `pcc-consent:change`, and returns the record now in force. A failed save still
    /// applies the choice for this page.
    pub fn decide(&self, decision: Decision) -> ConsentRecord {
        let config = self.config();
        let before = self.grants.get_untracked();
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
            .into_record(
                id,
                config.revision,
                config.expiry_days,
                now,
                &before.choices,
            )
            .with_offered(&config.categories)
            .with_opt_out(&config.opt_out);
        let saved = store.save(&record);
        self.set_save_failed.set(saved.is_err());
        if let Some(url) = &config.log_url {
            evidence_log::send(url, &record, &config);
        }
        let standing = Standing::Valid(record.clone());
        let after = self.grants_for(&standing);
        gate::apply(&config, &before, &after);
        self.set_standing.set(standing);
        sync::announce(&config, Some(&record));
        let services = changed_services(&config, &before, &after);
        events::dispatch_change(Some(&record), &record.changed, &services, &config);
        record
    }

    /// Grants exactly `categories` (others off), as a custom choice. A choice of
    /// categories says nothing about services: each one the visitor switched off stays
    /// off (on this page or another), as after a Save.
    pub fn accept(&self, categories: &[Category]) {
        let config = self.config();
        let choices = Choices::all_of(categories);
        let services = config.services();
        let services: Vec<(Category, &str)> = services
            .iter()
            .map(|s| (s.category, s.id.as_str()))
            .collect();
        let previous = self.grants.get_untracked();
        self.decide(
            Decision::custom(choices, &config.categories).keeping_services(&services, &previous),
        );
    }

    /// Grants every offered category.
    pub fn accept_all(&self) {
        self.decide(Decision::accept_all(&self.config().categories));
    }

    /// Grants nothing optional.
    pub fn reject_all(&self) {
        self.decide(Decision::reject_all());
    }

    /// Forgets the stored choice: everything optional is withdrawn and the banner asks
    /// again. For "forget me" links and for testing.
    pub fn reset(&self) {
        let config = self.config();
        ConsentStore::new(&config).clear();
        self.set_save_failed.set(false);
        let after = self.grants_for(&Standing::NoRecord);
        sync::announce(&config, None);
        self.change_to(Standing::NoRecord, &after, None);
    }

    /// The settings the commands act on (the views read them from their own context).
    fn config(&self) -> Arc<Config> {
        self.config.get_value()
    }
}

/// The services (ids) whose effective choice differs between `before` and `after`.
fn changed_services(config: &Config, before: &Grants, after: &Grants) -> Vec<String> {
    config
        .services()
        .into_iter()
        .filter(|s| {
            before.allows_service(s.category, &s.id) != after.allows_service(s.category, &s.id)
        })
        .map(|s| s.id)
        .collect()
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

/// Provides `config` (see [`provide_config`](crate::provide_config)), loads the consent
/// for it, starts the gate, follows the site's other pages until this part of the app
/// unmounts, and makes it the consent of this part of the app (what [`use_consent`]
/// returns). For Leptos apps; the embed does the same steps itself.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use leptos::prelude::*;
/// use pcc_consent::config::{Config, PageFacts};
/// use pcc_consent::ui::ConsentBanner;
///
/// leptos::mount::mount_to_body(|| {
///     let config = Config::defaults(&PageFacts::default());
///     pcc_consent::provide_consent(config);
///     view! { <ConsentBanner/> }
/// });
/// # }
/// ```
pub fn provide_consent(config: Config) -> ConsentState {
    let config = crate::provide_config(config);
    let state = ConsentState::load(config);
    state.start_gate();
    // Following other pages stops when this part of the app unmounts: nothing may call
    // into a disposed state.
    let sync = StoredValue::new_local(Some(state.follow_other_pages()));
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
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use leptos::prelude::*;
/// use pcc_consent::consent::Category;
///
/// #[component]
/// fn AnalyticsNote() -> impl IntoView {
///     let consent = pcc_consent::use_consent();
///     move || consent.allows(Category::Performance).then(|| "Analytics on")
/// }
/// # }
/// ```
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
