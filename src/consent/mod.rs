//! The pure consent core: categories, the consent record, and the decisions made on it
//! ("must we ask again?", "what is granted now?"). No DOM, no web-sys, no clock: time
//! and randomness come in as arguments, so every rule is tested natively.

mod category;
mod copies;
mod record;
// Used by the gate (browser-only).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod vendor_signals;

pub use category::{Basis, Category, Choices};
pub use copies::{in_force, Source, StoredCopy};
pub use record::{
    floor_minute, is_service_id, ConsentId, ConsentRecord, Method, RecordError, Stance,
    StoredRecord, COOKIE_SCHEMA_VERSION, DAY_MS, MAX_EXPIRY_DAYS, MAX_SERVICES, MAX_SERVICE_ID_LEN,
    MAX_STORED_LEN, MINUTE_MS, SCHEMA_VERSION,
};

/// What the site may use now, service by service: the granted categories, less the
/// services the visitor switched off inside them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grants {
    pub choices: Choices,
    /// The last record's services left on ([`ConsentRecord::services`]), if it
    /// switched any off; it speaks for the categories that record granted (`listed`).
    pub services: Option<Vec<String>>,
    pub listed: Choices,
}

impl Grants {
    /// Whole categories, no service switched off.
    pub fn categories(choices: Choices) -> Grants {
        Grants {
            choices,
            ..Grants::default()
        }
    }

    pub fn allows(&self, category: Category) -> bool {
        self.choices.allows(category)
    }

    /// Whether the service `id`, governed by `category`, may run: its category is
    /// granted, and the last record did not switch it off.
    pub fn allows_service(&self, category: Category, id: &str) -> bool {
        self.choices.allows(category)
            && (!self.listed.allows(category)
                || self
                    .services
                    .as_ref()
                    .is_none_or(|on| on.iter().any(|s| s == id)))
    }

    /// Whether the last record switched the service `id` off: its category was listed
    /// and the id is not among the services left on. (Whether it may run also needs its
    /// category granted now: [`Self::allows_service`].)
    pub fn switched_off(&self, category: Category, id: &str) -> bool {
        self.listed.allows(category)
            && self
                .services
                .as_ref()
                .is_some_and(|on| !on.iter().any(|s| s == id))
    }
}

/// Where a visitor stands, given what was stored and the site's current settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Nothing usable was stored: ask.
    NoRecord,
    /// A current choice: do not ask; grant what it grants.
    Valid(ConsentRecord),
    /// The choice has run out: ask again, starting from it.
    Expired(ConsentRecord),
    /// The site raised its revision since: ask again, starting from it.
    OutdatedRevision(ConsentRecord),
    /// The site offers a category the visitor was not offered then: ask again,
    /// starting from it.
    NewCategory(ConsentRecord),
}

impl Standing {
    /// Decides whether `stored` still stands for a site at `revision` whose choices last
    /// `expiry_days`. A shortened expiry applies to records already given.
    pub fn assess(
        stored: Option<ConsentRecord>,
        revision: u32,
        expiry_days: u32,
        now_ms: u64,
    ) -> Standing {
        let Some(record) = stored else {
            return Standing::NoRecord;
        };
        if record.revision < revision {
            Standing::OutdatedRevision(record)
        } else if expired(&record, expiry_days, now_ms) {
            Standing::Expired(record)
        } else {
            Standing::Valid(record)
        }
    }

    /// The consent id and decision number the next decision continues under: the
    /// stored record's id and its number plus one, while that record has an id and has
    /// not expired (one made under an older revision still counts: the same visitor
    /// answers the new notice). `None` (a new id, decision 1) when nothing is stored
    /// (never chosen, or reset), the record expired, or it came from the shared cookie,
    /// which keeps no id.
    pub fn continued_id(&self, expiry_days: u32, now_ms: u64) -> Option<(ConsentId, u32)> {
        let record = match self {
            Standing::Valid(r) | Standing::OutdatedRevision(r) | Standing::NewCategory(r) => r,
            Standing::NoRecord | Standing::Expired(_) => return None,
        };
        if expired(record, expiry_days, now_ms) {
            return None;
        }
        let id = record.id.clone()?;
        Some((id, record.seq.saturating_add(1)))
    }

    /// A valid choice made when one of `offered` was not offered is asked again
    /// ([`Standing::NewCategory`]); a record that does not say what it offered (0.4.0
    /// and earlier, or every category offered) stands as before.
    #[must_use]
    pub fn offering(self, offered: &[Category]) -> Standing {
        match self {
            Standing::Valid(r) if !r.was_offered_all(offered) => Standing::NewCategory(r),
            other => other,
        }
    }

    pub fn must_ask(&self) -> bool {
        !matches!(self, Standing::Valid(_))
    }

    /// Whether the banner asks, given the browser's privacy signal (Global Privacy
    /// Control) as the site honours it: a visitor whose browser already said no is not
    /// asked (nothing optional is granted either way); a valid choice of their own stands
    /// over the signal.
    pub fn asks(&self, privacy_signal: bool) -> bool {
        self.must_ask() && !privacy_signal
    }

    /// Whether the privacy signal is what is in force: it is on and the visitor has no
    /// valid choice of their own. The dialog and the cookies page then say so.
    pub fn signal_applies(&self, privacy_signal: bool) -> bool {
        privacy_signal && self.must_ask()
    }

    /// What the site may use now: a valid record's choices among the offered categories,
    /// otherwise strictly necessary only.
    pub fn effective(&self, offered: &[Category]) -> Choices {
        self.effective_with(offered, Choices::none())
    }

    /// What the site may use now, where `until_objection` is what runs before any
    /// choice (the opt-out categories, see [`until_objection`]): a valid record's
    /// choices exactly as made (a record that never covered `statistics` grants none);
    /// otherwise `until_objection`, less anything the last record objected to.
    pub fn effective_with(&self, offered: &[Category], until_objection: Choices) -> Choices {
        match self {
            Standing::Valid(r) => r.choices.restricted_to(offered),
            _ => self.without_objections(until_objection.restricted_to(offered)),
        }
    }

    /// [`Self::effective_with`] service by service: the services the last record (valid
    /// or not) switched off stay off, so an expiry or a new revision never turns one
    /// back on before the visitor chooses again.
    pub fn grants_with(&self, offered: &[Category], until_objection: Choices) -> Grants {
        self.with_services(self.effective_with(offered, until_objection))
    }

    /// [`Self::previous_choices_with`] service by service: where the dialog's service
    /// switches start.
    pub fn previous_grants_with(&self, offered: &[Category], until_objection: Choices) -> Grants {
        self.with_services(self.previous_choices_with(offered, until_objection))
    }

    fn with_services(&self, choices: Choices) -> Grants {
        match self.record() {
            Some(r) if r.services.is_some() => Grants {
                choices,
                services: r.services.clone(),
                listed: r.choices,
            },
            _ => Grants::categories(choices),
        }
    }

    /// Where the preferences dialog starts: the visitor's last choice, even if it no
    /// longer stands (so a re-prompt does not make them start over).
    pub fn previous_choices(&self, offered: &[Category]) -> Choices {
        self.record()
            .map(|r| r.choices.restricted_to(offered))
            .unwrap_or_default()
    }

    /// As [`Self::previous_choices`], with what runs until objection on where it runs
    /// now (see [`Self::effective_with`]): the dialog shows what is in force.
    pub fn previous_choices_with(&self, offered: &[Category], until_objection: Choices) -> Choices {
        let running = self.effective_with(offered, until_objection);
        match self {
            Standing::Valid(_) => running,
            _ => Category::OPTIONAL
                .into_iter()
                .fold(self.previous_choices(offered), |acc, c| {
                    if running.allows(c) {
                        acc.with(c, true)
                    } else {
                        acc
                    }
                }),
        }
    }

    /// `choices` less the categories the last record (valid or not) objected to: an
    /// objection outlasts an expiry or a new revision until the visitor chooses again.
    fn without_objections(&self, choices: Choices) -> Choices {
        let Some(record) = self.record() else {
            return choices;
        };
        Category::OPTIONAL
            .into_iter()
            .filter(|c| record.objects_to(*c))
            .fold(choices, |acc, c| acc.with(c, false))
    }

    pub fn record(&self) -> Option<&ConsentRecord> {
        match self {
            Standing::NoRecord => None,
            Standing::Valid(r)
            | Standing::Expired(r)
            | Standing::OutdatedRevision(r)
            | Standing::NewCategory(r) => Some(r),
        }
    }
}

/// What runs before any choice on a site whose opt-out categories are `opt_out`: those
/// categories, unless the browser's privacy signal (where the site honours it) has
/// already objected to them.
pub fn until_objection(opt_out: &[Category], privacy_signal: bool) -> Choices {
    if privacy_signal {
        Choices::none()
    } else {
        Choices::all_of(opt_out)
    }
}

/// Whether `record` has run out (its own expiry, or the site's shorter one), or claims
/// to be given more than a day in the future, which is as suspect as an old record.
fn expired(record: &ConsentRecord, expiry_days: u32, now_ms: u64) -> bool {
    let expires = record
        .expires_at_ms
        .min(record.given_at_ms + u64::from(expiry_days) * DAY_MS);
    now_ms >= expires || now_ms < record.given_at_ms.saturating_sub(DAY_MS)
}

/// Everything needed to record a new decision.
#[derive(Clone, Debug)]
pub struct Decision {
    pub method: Method,
    pub choices: Choices,
    /// See [`ConsentRecord::services`].
    pub services: Option<Vec<String>>,
}

impl Decision {
    pub fn accept_all(offered: &[Category]) -> Decision {
        Decision {
            method: Method::AcceptAll,
            choices: Choices::all_of(offered),
            services: None,
        }
    }

    pub fn reject_all() -> Decision {
        Decision {
            method: Method::RejectAll,
            choices: Choices::none(),
            services: None,
        }
    }

    /// A category-by-category choice ("Save preferences"), limited to what is offered.
    pub fn custom(choices: Choices, offered: &[Category]) -> Decision {
        Decision {
            method: Method::Custom,
            choices: choices.restricted_to(offered),
            services: None,
        }
    }

    /// The same choice with each of the page's services switched as in `services`
    /// (its category, id, and whether it is on), over `previous` (the grants of the
    /// record this decision follows: its list and the categories it listed). Only the
    /// services in granted categories count. A service this page does not run keeps its
    /// previous switch: the visitor never saw it here, so a Save here must not turn it
    /// back on (the previous list's ids this page does not run are kept, and while a
    /// category the previous record listed is still granted, a service it left off may
    /// be one this page cannot name, so the list is kept). Otherwise, when none is off,
    /// the record lists none, as before. A service that cannot be listed (a malformed
    /// id, or past [`MAX_SERVICES`]) is off: the choice narrows, never widens.
    #[must_use]
    pub fn with_services(
        mut self,
        services: &[(Category, &str, bool)],
        previous: &Grants,
    ) -> Decision {
        let carried: Option<Vec<&String>> = previous
            .services
            .as_ref()
            .filter(|_| {
                Category::OPTIONAL
                    .into_iter()
                    .any(|c| previous.listed.allows(c) && self.choices.allows(c))
            })
            .map(|list| {
                list.iter()
                    .filter(|id| !services.iter().any(|(_, run, _)| run == id))
                    .collect()
            });
        let in_granted = || services.iter().filter(|(c, _, _)| self.choices.allows(*c));
        if carried.is_none() && in_granted().all(|(_, _, on)| *on) {
            self.services = None;
            return self;
        }
        let mut on: Vec<String> = in_granted()
            .filter(|(_, id, on)| *on && is_service_id(id))
            .map(|(_, id, _)| (*id).to_owned())
            .chain(carried.into_iter().flatten().cloned())
            .collect();
        on.sort();
        on.dedup();
        on.truncate(MAX_SERVICES);
        self.method = Method::Custom;
        self.services = Some(on);
        self
    }

    /// The same choice with every service switched as `previous` left it (a choice of
    /// categories only, such as `pccConsent.accept([...])`): the page's `services`
    /// (category, id) the last record switched off stay off, and so does any the page
    /// does not run (see [`Self::with_services`]); the page's services in a category the
    /// last record did not list come on with it.
    #[must_use]
    pub fn keeping_services(self, services: &[(Category, &str)], previous: &Grants) -> Decision {
        let switches: Vec<(Category, &str, bool)> = services
            .iter()
            .map(|(c, id)| (*c, *id, !previous.switched_off(*c, id)))
            .collect();
        self.with_services(&switches, previous)
    }

    /// The record for this decision, decision number `seq` under `id` (see
    /// [`Standing::continued_id`]). `previous` is what was in effect before it (for the
    /// list of changed categories).
    pub fn into_record(
        self,
        (id, seq): (ConsentId, u32),
        revision: u32,
        expiry_days: u32,
        now_ms: u64,
        previous: &Choices,
    ) -> ConsentRecord {
        let days = expiry_days.clamp(1, MAX_EXPIRY_DAYS);
        ConsentRecord {
            id: Some(id),
            revision,
            given_at_ms: now_ms,
            expires_at_ms: now_ms + u64::from(days) * DAY_MS,
            method: self.method,
            changed: self.choices.changed_from(previous),
            choices: self.choices,
            seq,
            offered: None,
            opt_out: Vec::new(),
            services: self.services,
        }
    }
}

#[cfg(test)]
mod tests;
