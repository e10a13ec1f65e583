//! The working copy of the choices in a form (the preferences dialog, the cookies
//! page's settings form): the visitor's edits over the choice in force. Derived, never
//! kept in step: edits count only while the choice they were made over is still the
//! one in force and the form is in the same opening, so a choice made elsewhere (another
//! tab, the banner, the JS API) shows at once, and a reopened dialog starts afresh. It
//! never records anything: the form's Save does.

use crate::consent::{Category, Choices, Standing};
use crate::consent_state::ConsentState;
use leptos::prelude::*;

/// A form's choices; `Copy`.
#[derive(Clone, Copy)]
pub(crate) struct Draft {
    consent: ConsentState,
    /// Which opening of the form this is (the dialog counts its openings; `None`: the
    /// settings form, which has one).
    opening: Option<RwSignal<u32>>,
    /// The visitor's edits, with the opening and the standing they were made in.
    edits: RwSignal<Option<(u32, Standing, Choices)>>,
}

impl Draft {
    pub(crate) fn new(consent: ConsentState, opening: Option<RwSignal<u32>>) -> Draft {
        Draft {
            consent,
            opening,
            edits: RwSignal::new(None),
        }
    }

    /// What the form shows (reactive): the edits while they still apply, otherwise the
    /// visitor's previous choice.
    pub(crate) fn get(&self) -> Choices {
        let opening = self.opening.map_or(0, |o| o.get());
        let edited = self.edits.with(|edits| match edits {
            Some((made_in, standing, choices)) if *made_in == opening => self
                .consent
                .standing
                .with(|now| now == standing)
                .then_some(*choices),
            _ => None,
        });
        edited.unwrap_or_else(|| self.consent.previous_choices.get())
    }

    /// The visitor turned `category` on or off (an input's event handler).
    pub(crate) fn set(&self, category: Category, on: bool) {
        let choices = untrack(|| self.get()).with(category, on);
        let opening = self.opening.map_or(0, |o| o.get_untracked());
        let standing = self.consent.standing.get_untracked();
        self.edits.set(Some((opening, standing, choices)));
    }
}
