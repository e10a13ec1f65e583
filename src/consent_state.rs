//! The live consent state of one page, shared by the UI, the JS API and the embed.
//!
//! It is the one place a decision becomes effective: `decide` builds the record (core),
//! saves it (storage), applies it (gate), tells whatever watches (the UI) and tells the
//! page (`events`). It is a cheap handle (`Clone` shares it). Leptos apps get a reactive
//! view of it from `pcc_consent::leptos_app::use_consent` (feature `leptos`).

use crate::browser;
use crate::config::Config;
use crate::consent::{Category, Choices, ConsentId, ConsentRecord, Decision, Standing};
use crate::events;
use crate::evidence_log;
use crate::gate;
use crate::i18n::Texts;
use crate::storage::ConsentStore;
use crate::watchers::{WatchId, Watchers};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

#[derive(Clone)]
pub struct ConsentState(Rc<Inner>);

struct Inner {
    config: Config,
    standing: RefCell<Standing>,
    /// Set when the last save wrote no copy; the UI shows the technical-problem message.
    save_failed: Cell<bool>,
    watchers: Watchers,
}

impl ConsentState {
    /// Reads what is stored, assesses it against the config and starts the gate with
    /// what it grants.
    pub fn load(config: Config) -> ConsentState {
        let stored = ConsentStore::new(&config).load();
        let standing = Standing::assess(
            stored,
            config.revision,
            config.expiry_days,
            browser::now_ms(),
        );
        gate::start(&config, standing.effective(&config.categories));
        ConsentState(Rc::new(Inner {
            config,
            standing: RefCell::new(standing),
            save_failed: Cell::new(false),
            watchers: Watchers::default(),
        }))
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    pub fn texts(&self) -> &Texts {
        &self.0.config.texts
    }

    /// The categories the site offers.
    pub fn offered(&self) -> &[Category] {
        &self.0.config.categories
    }

    /// Whether `category` may be used now.
    pub fn allows(&self, category: Category) -> bool {
        self.effective().allows(category)
    }

    /// Whether the visitor must be asked.
    pub fn must_ask(&self) -> bool {
        self.0.standing.borrow().must_ask()
    }

    /// The record in force, if any.
    pub fn record(&self) -> Option<ConsentRecord> {
        match &*self.0.standing.borrow() {
            Standing::Valid(r) => Some(r.clone()),
            _ => None,
        }
    }

    /// Where the preferences dialog starts: the last choice (even an expired or
    /// outdated one), or nothing granted.
    pub fn previous_choices(&self) -> Choices {
        self.0.standing.borrow().previous_choices(self.offered())
    }

    pub fn save_failed(&self) -> bool {
        self.0.save_failed.get()
    }

    /// Runs `callback` after every decision or reset, until [`Self::unwatch`].
    pub fn watch(&self, callback: impl Fn() + 'static) -> WatchId {
        self.0.watchers.add(callback)
    }

    pub fn unwatch(&self, id: WatchId) {
        self.0.watchers.remove(id);
    }

    fn effective(&self) -> Choices {
        self.0.standing.borrow().effective(self.offered())
    }

    /// Records a decision: saves it, applies it, updates everything that watches, fires
    /// `pcc-consent:change`. A failed save still applies the choice for this page.
    pub fn decide(&self, decision: Decision) {
        let config = self.config();
        let before = self.effective();
        let record = decision.into_record(
            new_consent_id(),
            config.revision,
            config.expiry_days,
            browser::now_ms(),
            &before,
        );
        let saved = ConsentStore::new(config).save(&record);
        self.0.save_failed.set(saved.is_err());
        if let Some(url) = &config.log_url {
            evidence_log::send(url, &record);
        }
        gate::apply(
            config,
            before,
            record.choices.restricted_to(&config.categories),
        );
        *self.0.standing.borrow_mut() = Standing::Valid(record.clone());
        self.0.watchers.notify();
        events::dispatch_change(Some(&record), &record.changed);
    }

    /// Grants exactly `categories` (others off), as a custom choice.
    pub fn accept(&self, categories: &[Category]) {
        let choices = Choices::all_of(categories);
        self.decide(Decision::custom(choices, self.offered()));
    }

    /// Forgets the stored choice: everything optional is withdrawn and the banner asks
    /// again. For "forget me" links and for testing.
    pub fn reset(&self) {
        let config = self.config();
        let before = self.effective();
        ConsentStore::new(config).clear();
        self.0.save_failed.set(false);
        gate::apply(config, before, Choices::none());
        *self.0.standing.borrow_mut() = Standing::NoRecord;
        self.0.watchers.notify();
        events::dispatch_change(None, &Choices::none().changed_from(&before));
    }

    pub fn accept_all(&self) {
        self.decide(Decision::accept_all(self.offered()));
    }

    pub fn reject_all(&self) {
        self.decide(Decision::reject_all());
    }
}

/// 128 random bits from `crypto.getRandomValues`. Without a crypto object (never in a
/// supported browser) the id is all zeros rather than predictable-looking randomness.
fn new_consent_id() -> ConsentId {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok());
    if filled.is_none() {
        browser::warn("pcc-consent: crypto.getRandomValues is unavailable; consent id is blank");
    }
    ConsentId::from_bytes(bytes)
}
