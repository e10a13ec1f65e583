//! The working copy of the choices in a form (the preferences dialog, the cookies
//! page's settings form): the visitor's edits over the choice in force, category by
//! category and service by service. Derived, never kept in step: edits count only
//! while the choice they were made over is still the one in force and the form is in
//! the same opening, so a choice made elsewhere (another tab, the banner, the JS API)
//! shows at once, and a reopened dialog starts afresh. It never records anything: the
//! form's Save does, through [`Draft::decision`].

use crate::consent::{Category, Choices, Decision, Standing};
use crate::consent_state::ConsentState;
use leptos::prelude::*;
use std::sync::Arc;

/// The visitor's edits: categories, and the services switched off inside them.
type Edits = (Choices, Vec<String>);

/// A form's choices; `Copy`.
#[derive(Clone, Copy)]
pub(crate) struct Draft {
    consent: ConsentState,
    /// Which opening of the form this is (the dialog counts its openings; `None`: the
    /// settings form, which has one).
    opening: Option<RwSignal<u32>>,
    /// The visitor's edits, with the opening and the standing they were made in.
    edits: RwSignal<Option<(u32, Standing, Edits)>>,
    /// The page's services: (category, id).
    services: StoredValue<Arc<Vec<(Category, String)>>>,
}

impl Draft {
    pub(crate) fn new(consent: ConsentState, opening: Option<RwSignal<u32>>) -> Draft {
        let config = crate::use_config();
        let services = config
            .services()
            .into_iter()
            .map(|s| (s.category, s.id))
            .collect();
        Draft {
            consent,
            opening,
            edits: RwSignal::new(None),
            services: StoredValue::new(Arc::new(services)),
        }
    }

    /// What the form shows (reactive): the edits while they still apply, otherwise the
    /// visitor's previous choice.
    fn edits(&self) -> Edits {
        let opening = self.opening.map_or(0, |o| o.get());
        let edited = self.edits.with(|edits| match edits {
            Some((made_in, standing, edits)) if *made_in == opening => self
                .consent
                .standing
                .with(|now| now == standing)
                .then(|| edits.clone()),
            _ => None,
        });
        edited.unwrap_or_else(|| {
            let previous = self.consent.previous_grants.get();
            let off = self
                .services
                .get_value()
                .iter()
                .filter(|(c, id)| previous.allows(*c) && !previous.allows_service(*c, id))
                .map(|(_, id)| id.clone())
                .collect();
            (previous.choices, off)
        })
    }

    /// The categories the form shows on (reactive).
    pub(crate) fn get(&self) -> Choices {
        self.edits().0
    }

    /// Whether the form shows the service `id` on (reactive).
    pub(crate) fn service_on(&self, category: Category, id: &str) -> bool {
        let (choices, off) = self.edits();
        choices.allows(category) && !off.iter().any(|s| s == id)
    }

    /// The visitor turned `category` on or off: all of its services with it.
    pub(crate) fn set(&self, category: Category, on: bool) {
        let (choices, mut off) = untrack(|| self.edits());
        let services = self.services.get_value();
        off.retain(|id| !services.iter().any(|(c, s)| *c == category && s == id));
        self.store((choices.with(category, on), off));
    }

    /// The visitor turned one service on or off. Its category is on while any of its
    /// services is: turning one on turns the category on (its other services stay as
    /// shown), turning the last one off turns the category off.
    pub(crate) fn set_service(&self, category: Category, id: &str, on: bool) {
        let (mut choices, mut off) = untrack(|| self.edits());
        let services = self.services.get_value();
        let siblings = services.iter().filter(|(c, _)| *c == category);
        if on {
            if !choices.allows(category) {
                // From off: only this one comes on.
                off.extend(siblings.map(|(_, s)| s.clone()));
                choices = choices.with(category, true);
            }
            off.retain(|s| s != id);
        } else {
            if !off.iter().any(|s| s == id) {
                off.push(id.to_owned());
            }
            let mut siblings = services.iter().filter(|(c, _)| *c == category);
            if siblings.all(|(_, s)| off.contains(s)) {
                choices = choices.with(category, false);
                off.retain(|s| !services.iter().any(|(c, x)| *c == category && x == s));
            }
        }
        self.store((choices, off));
    }

    fn store(&self, edits: Edits) {
        let opening = self.opening.map_or(0, |o| o.get_untracked());
        let standing = self.consent.standing.get_untracked();
        self.edits.set(Some((opening, standing, edits)));
    }

    /// The decision "Save" records: the categories shown on, with each service's switch
    /// (and the previous switch of each service this page does not run).
    pub(crate) fn decision(&self, offered: &[Category]) -> Decision {
        let (choices, off) = untrack(|| self.edits());
        let services = self.services.get_value();
        let switches: Vec<(Category, &str, bool)> = services
            .iter()
            .map(|(c, id)| (*c, id.as_str(), !off.contains(id)))
            .collect();
        // Over the choice in force where this form was opened: a service this page does
        // not run keeps its switch.
        let previous = self.consent.previous_grants.get_untracked();
        Decision::custom(choices, offered).with_services(&switches, &previous)
    }
}
