//! The live consent state of one page, shared by the UI, the JS API and the embed.
//!
//! It is the one place a decision becomes effective: `decide` builds the record (core),
//! saves it (storage), updates the reactive view and tells the page (`events`). Leptos
//! apps read it with [`use_consent`]:
//!
//! ```ignore
//! let consent = pcc_consent::use_consent();
//! view! { <Show when=move || consent.allows(Category::Performance)>"…"</Show> }
//! ```

use crate::browser;
use crate::config::Config;
use crate::consent::{Category, Choices, ConsentId, ConsentRecord, Decision, Standing};
use crate::events;
use crate::evidence_log;
use crate::gate;
use crate::i18n::Texts;
use crate::storage::ConsentStore;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct ConsentState {
    config: StoredValue<Config>,
    standing: RwSignal<Standing>,
    /// Set when the last save wrote no copy; the UI shows the technical-problem message.
    save_failed: RwSignal<bool>,
    /// The config's texts, fixed for the page's lifetime (so views can borrow them).
    texts: &'static Texts,
}

impl ConsentState {
    /// Reads what is stored and assesses it against the config.
    pub fn load(config: Config) -> ConsentState {
        let stored = ConsentStore::new(&config).load();
        let standing = Standing::assess(
            stored,
            config.revision,
            config.expiry_days,
            browser::now_ms(),
        );
        gate::start(&config, standing.effective(&config.categories));
        // One small allocation per page, kept for the page's lifetime.
        let texts: &'static Texts = Box::leak(Box::new(config.texts.clone()));
        ConsentState {
            texts,
            config: StoredValue::new(config),
            standing: RwSignal::new(standing),
            save_failed: RwSignal::new(false),
        }
    }

    pub fn config(&self) -> Config {
        self.config.get_value()
    }

    pub fn texts(&self) -> &'static Texts {
        self.texts
    }

    /// The categories the site offers.
    fn offered(&self) -> Vec<Category> {
        self.config.with_value(|c| c.categories.clone())
    }

    /// Whether `category` may be used now (reactive).
    pub fn allows(&self, category: Category) -> bool {
        let offered = self.offered();
        self.standing
            .with(|s| s.effective(&offered).allows(category))
    }

    /// Whether the visitor must be asked (reactive).
    pub fn must_ask(&self) -> bool {
        self.standing.with(Standing::must_ask)
    }

    /// The record in force, if any (reactive).
    pub fn record(&self) -> Option<ConsentRecord> {
        self.standing.with(|s| match s {
            Standing::Valid(r) => Some(r.clone()),
            _ => None,
        })
    }

    /// [`Self::allows`] without subscribing (for the JS API).
    pub fn allows_untracked(&self, category: Category) -> bool {
        untrack(|| self.allows(category))
    }

    /// [`Self::record`] without subscribing (for the JS API).
    pub fn record_untracked(&self) -> Option<ConsentRecord> {
        untrack(|| self.record())
    }

    /// Where the preferences dialog starts: the last choice (even an expired or
    /// outdated one), or nothing granted.
    pub fn previous_choices(&self) -> Choices {
        let offered = self.offered();
        self.standing.with(|s| s.previous_choices(&offered))
    }

    pub fn save_failed(&self) -> bool {
        self.save_failed.get()
    }

    /// Records a decision: saves it, updates everything that watches, fires
    /// `pcc-consent:change`. A failed save still applies the choice for this page.
    pub fn decide(&self, decision: Decision) {
        let config = self.config();
        let before = self
            .standing
            .with_untracked(|s| s.effective(&config.categories));
        let record = decision.into_record(
            new_consent_id(),
            config.revision,
            config.expiry_days,
            browser::now_ms(),
            &before,
        );
        let saved = ConsentStore::new(&config).save(&record);
        self.save_failed.set(saved.is_err());
        if let Some(url) = &config.log_url {
            evidence_log::send(url, &record);
        }
        gate::apply(
            &config,
            before,
            record.choices.restricted_to(&config.categories),
        );
        self.standing.set(Standing::Valid(record.clone()));
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
        let before = self
            .standing
            .with_untracked(|s| s.effective(&config.categories));
        ConsentStore::new(&config).clear();
        self.save_failed.set(false);
        gate::apply(&config, before, Choices::none());
        self.standing.set(Standing::NoRecord);
        events::dispatch_change(None, &Choices::none().changed_from(&before));
    }

    pub fn accept_all(&self) {
        self.decide(Decision::accept_all(&self.offered()));
    }

    pub fn reject_all(&self) {
        self.decide(Decision::reject_all());
    }
}

/// The consent state provided by `<ConsentBanner/>` or the embed.
pub fn use_consent() -> ConsentState {
    expect_context::<ConsentState>()
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
