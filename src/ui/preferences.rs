//! The preferences dialog: one on/off switch per offered category, Save / Accept all /
//! Reject all, a visible Close button, and the consent id once there is a record.
//!
//! A native modal `<dialog>` (top layer, page behind it inert, announced with its
//! title). Focus moves in on open, Tab wraps inside it, and focus returns to the opener
//! on close. Every switch starts at the visitor's previous choice, or off.
//!
//! Quick exit: since the page behind is inert, `src/js/quick_exit.js` puts its own
//! "Leave this site" button (`[data-pcc-consent-exit]`) first inside the dialog while it
//! is open. It is first in the Tab loop, as on the page, but never takes focus on open.

use super::dom::{button, el, Listeners};
use super::ui_state::UiState;
use crate::consent::{Category, Choices, Decision};
use crate::consent_state::ConsentState;
use crate::events;
use crate::i18n::Texts;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, HtmlElement, HtmlInputElement, KeyboardEvent};

pub struct PreferencesDialog {
    pub dialog: HtmlDialogElement,
    state: ConsentState,
    ui: UiState,
    draft: Rc<Cell<Choices>>,
    switches: Rc<Vec<Switch>>,
    evidence: HtmlElement,
    _listeners: Listeners,
}

/// One category's switch and its visible On/Off label.
#[derive(Clone)]
struct Switch {
    category: Category,
    input: HtmlInputElement,
    label: HtmlElement,
}

impl PreferencesDialog {
    pub fn build(state: &ConsentState, ui: &UiState) -> PreferencesDialog {
        let texts = state.texts();
        let mut listeners = Listeners::default();
        let draft = Rc::new(Cell::new(Choices::none()));

        let rows: Vec<(HtmlElement, Switch)> = state
            .offered()
            .iter()
            .map(|&category| category_row(state, category))
            .collect();
        let switches: Rc<Vec<Switch>> = Rc::new(rows.iter().map(|(_, s)| s.clone()).collect());
        for switch in switches.iter() {
            let (draft, all, state) = (draft.clone(), switches.clone(), state.clone());
            let (category, input) = (switch.category, switch.input.clone());
            listeners.on(&switch.input, "change", move |_| {
                draft.set(draft.get().with(category, input.checked()));
                show_draft(&all, draft.get(), state.texts());
            });
        }
        let close = button(&texts.close, false);
        close.set_class_name("pcc-consent-close");
        let save = button(&texts.save_preferences, false);
        let accept = button(&texts.accept_all, false);
        let reject = button(&texts.reject_all, false);
        let evidence = el("p")
            .class("pcc-consent-evidence")
            .attr("hidden", "")
            .get();
        let dialog: HtmlDialogElement = el("dialog")
            .class("pcc-consent-dialog")
            .attr("aria-labelledby", "pcc-consent-prefs-title")
            .attr("aria-modal", "true")
            .child(
                el("div")
                    .class("pcc-consent-dialog-head")
                    .child(
                        el("h2")
                            .class("pcc-consent-heading")
                            .attr("id", "pcc-consent-prefs-title")
                            .text(&texts.prefs_title),
                    )
                    .child(&close),
            )
            .child(el("p").class("pcc-consent-text").text(&texts.prefs_intro))
            .child(
                el("ul")
                    .class("pcc-consent-categories")
                    .children(rows.into_iter().map(|(row, _)| row)),
            )
            .child(
                el("div")
                    .class("pcc-consent-actions")
                    .child(&save)
                    .child(&accept)
                    .child(&reject),
            )
            .child(&evidence)
            .cast();

        let finish = {
            let (state, ui) = (state.clone(), ui.clone());
            move |decision: Decision| {
                if state.must_ask() {
                    // The banner is replaced by the saved message, which takes focus (not
                    // the banner button that opened the dialog: it is gone).
                    ui.will_show_saved_notice();
                    let _ = ui.take_opener();
                }
                // Reopened later (footer link, floating button): focus returns there.
                ui.will_close_preferences();
                state.decide(decision);
            }
        };
        let on_ui = |f: fn(&UiState)| {
            let ui = ui.clone();
            move |_| f(&ui)
        };
        listeners.on(&close, "click", on_ui(UiState::close_preferences));
        let (finish_save, offered, saved_draft) =
            (finish.clone(), state.offered().to_vec(), draft.clone());
        listeners.on(&save, "click", move |_| {
            finish_save(Decision::custom(saved_draft.get(), &offered))
        });
        let (finish_accept, offered) = (finish.clone(), state.offered().to_vec());
        listeners.on(&accept, "click", move |_| {
            finish_accept(Decision::accept_all(&offered))
        });
        listeners.on(&reject, "click", move |_| finish(Decision::reject_all()));
        let ui_cancel = ui.clone();
        listeners.on(&dialog, "cancel", move |ev| {
            // Escape: close through the UI state so focus returns to the opener.
            ev.prevent_default();
            ui_cancel.close_preferences();
        });
        let wrapped = dialog.clone();
        listeners.on(&dialog, "keydown", move |ev| {
            if let Some(ev) = ev.dyn_ref::<KeyboardEvent>() {
                wrap_tab(&wrapped, ev);
            }
        });

        PreferencesDialog {
            dialog,
            state: state.clone(),
            ui: ui.clone(),
            draft,
            switches,
            evidence,
            _listeners: listeners,
        }
    }

    /// Brings the dialog in line with the UI state and the record (the evidence line).
    pub fn update(&self) {
        let open = self.ui.prefs_open();
        if open && !self.dialog.open() {
            self.draft.set(self.state.previous_choices());
            show_draft(&self.switches, self.draft.get(), self.state.texts());
            if self.dialog.show_modal().is_err() {
                self.dialog.set_open(true);
            }
            focus_first(&self.dialog);
        } else if !open && self.dialog.open() {
            self.dialog.close();
            if let Some(opener) = self.ui.take_opener() {
                let _ = opener.focus();
            }
        }
        match self.state.record() {
            Some(record) => {
                let given = events::iso_time(record.given_at_ms);
                let line = self.state.texts().evidence_for(record.id.as_str(), &given);
                self.evidence.set_text_content(Some(&line));
                let _ = self.evidence.remove_attribute("hidden");
            }
            None => {
                self.evidence.set_text_content(None);
                let _ = self.evidence.set_attribute("hidden", "");
            }
        }
    }
}

/// Sets every switch and its visible On/Off label to `draft`.
fn show_draft(switches: &[Switch], draft: Choices, texts: &Texts) {
    for switch in switches {
        if switch.category != Category::Necessary {
            let on = draft.allows(switch.category);
            switch.input.set_checked(on);
            switch
                .label
                .set_text_content(Some(if on { &texts.on } else { &texts.off }));
        }
    }
}

/// One category: title, description, and a switch with a visible On/Off label.
fn category_row(state: &ConsentState, category: Category) -> (HtmlElement, Switch) {
    let texts = state.texts();
    let (title, description) = texts.category(category);
    let id = format!("pcc-consent-switch-{}", category.id());
    let described_by = format!("{id}-desc");
    let locked = category == Category::Necessary;
    let input: HtmlInputElement = el("input")
        .attr("type", "checkbox")
        .attr("role", "switch")
        .class("pcc-consent-switch")
        .attr("id", &id)
        .attr("aria-describedby", &described_by)
        .cast();
    input.set_checked(locked);
    input.set_disabled(locked);
    let label = el("span")
        .class("pcc-consent-state")
        .attr("aria-hidden", "true")
        .text(if locked { &texts.always_on } else { &texts.off })
        .get();
    let row = el("li")
        .class("pcc-consent-category")
        .attr("data-category", category.id())
        .child(
            el("div")
                .class("pcc-consent-switch-row")
                .child(&input)
                .child(
                    el("label")
                        .class("pcc-consent-label")
                        .attr("for", &id)
                        .text(title),
                )
                .child(&label),
        )
        .child(
            el("p")
                .class("pcc-consent-text")
                .attr("id", &described_by)
                .text(description),
        )
        .get();
    (
        row,
        Switch {
            category,
            input,
            label,
        },
    )
}

/// The quick exit (`src/js/quick_exit.js`) puts its own "Leave this site" button first
/// in any open modal dialog (the rest of the page is inert then), as an element with
/// this attribute whose shadow root delegates focus to the button.
const QUICK_EXIT: &str = "data-pcc-consent-exit";

/// The Tab loop: the quick exit first, as on the page, then the dialog's own controls.
const FOCUSABLE: &str =
    "[data-pcc-consent-exit], button:not([disabled]), input:not([disabled]), a[href]";

fn focusables(dialog: &HtmlDialogElement) -> Vec<HtmlElement> {
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Focus on opening: the first control of the dialog's own, never the quick exit (an
/// Enter or Space meant for the dialog must not leave the site).
fn focus_first(dialog: &HtmlDialogElement) {
    let own = focusables(dialog)
        .into_iter()
        .find(|el| !el.has_attribute(QUICK_EXIT));
    if let Some(first) = own {
        let _ = first.focus();
    }
}

/// Keeps Tab and Shift+Tab inside the dialog.
fn wrap_tab(dialog: &HtmlDialogElement, ev: &KeyboardEvent) {
    if ev.key() != "Tab" {
        return;
    }
    let items = focusables(dialog);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = dialog
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .and_then(|root| root.active_element())
        .or_else(|| crate::browser::document()?.active_element());
    let active = active.as_ref().map(|a| a.unchecked_ref::<web_sys::Node>());
    let target = if ev.shift_key() && active == Some(first.unchecked_ref()) {
        last
    } else if !ev.shift_key() && active == Some(last.unchecked_ref()) {
        first
    } else {
        return;
    };
    ev.prevent_default();
    let _ = target.focus();
}
