//! The preferences dialog: one on/off switch per offered category, Save / Accept all /
//! Reject all, a visible Close button, and the consent id once there is a record.
//!
//! A native modal `<dialog>` (top layer, page behind it inert, announced with its
//! title). Focus moves in on open, Tab wraps inside it, and focus returns to the opener
//! on close. Every switch starts at the visitor's previous choice, or off.

use super::ui_state::use_ui;
use crate::consent::{Category, Choices, Decision};
use crate::consent_state::use_consent;
use crate::events;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

#[component]
pub fn PreferencesDialog() -> impl IntoView {
    let state = use_consent();
    let ui = use_ui();
    let config = state.config();
    let texts = state.texts();
    let offered = config.categories.clone();
    let draft = RwSignal::new(Choices::none());
    let dialog_ref = NodeRef::<html::Dialog>::new();

    // Open and close the native dialog with the signal.
    Effect::new(move |_| {
        let open = ui.prefs_open.get();
        let Some(dialog) = dialog_ref.get() else {
            return;
        };
        if open && !dialog.open() {
            draft.set(untrack(|| state.previous_choices()));
            if dialog.show_modal().is_err() {
                dialog.set_open(true);
            }
            focus_first(&dialog);
        } else if !open && dialog.open() {
            dialog.close();
            if let Some(opener) = ui.take_opener() {
                let _ = opener.focus();
            }
        }
    });

    let was_asking = move || untrack(|| state.must_ask());
    let finish = move |decision: Decision| {
        let asking = was_asking();
        state.decide(decision);
        if asking {
            // The banner is replaced by the saved message, which takes focus (not the
            // banner button that opened the dialog: it is gone).
            ui.saved_notice.set(true);
            ui.focus_notice.set(true);
            let _ = ui.take_opener();
        }
        // Reopened later (footer link, floating button): focus simply returns there.
        ui.close_preferences();
    };
    let offered_for_save = offered.clone();
    let offered_for_accept = offered.clone();

    let rows = offered
        .iter()
        .copied()
        .map(|category| category_row(category, texts, draft))
        .collect_view();

    let evidence = move || {
        state.record().map(|r| {
            let json = events::record_json(&r);
            let given = json["givenAt"].as_str().unwrap_or_default().to_owned();
            view! { <p class="pcc-consent-evidence">{texts.evidence_for(r.id.as_str(), &given)}</p> }
        })
    };

    view! {
        <dialog
            class="pcc-consent-dialog"
            aria-labelledby="pcc-consent-prefs-title"
            aria-modal="true"
            node_ref=dialog_ref
            on:cancel=move |ev: web_sys::Event| {
                // Escape: close through the signal so focus returns to the opener.
                ev.prevent_default();
                ui.close_preferences();
            }
            on:keydown=move |ev: KeyboardEvent| {
                if let Some(dialog) = dialog_ref.get_untracked() {
                    wrap_tab(&dialog, &ev);
                }
            }
        >
            <div class="pcc-consent-dialog-head">
                <h2 class="pcc-consent-heading" id="pcc-consent-prefs-title">{&texts.prefs_title[..]}</h2>
                <button type="button" class="pcc-consent-close" on:click=move |_| ui.close_preferences()>
                    {&texts.close[..]}
                </button>
            </div>
            <p class="pcc-consent-text">{&texts.prefs_intro[..]}</p>
            <ul class="pcc-consent-categories">{rows}</ul>
            <div class="pcc-consent-actions">
                <button type="button" class="pcc-consent-button"
                    on:click=move |_| finish(Decision::custom(draft.get_untracked(), &offered_for_save))>
                    {&texts.save_preferences[..]}
                </button>
                <button type="button" class="pcc-consent-button"
                    on:click=move |_| finish(Decision::accept_all(&offered_for_accept))>
                    {&texts.accept_all[..]}
                </button>
                <button type="button" class="pcc-consent-button"
                    on:click=move |_| finish(Decision::reject_all())>
                    {&texts.reject_all[..]}
                </button>
            </div>
            {evidence}
        </dialog>
    }
}

/// One category: title, description, and a switch with a visible On/Off label.
fn category_row(
    category: Category,
    texts: &'static crate::i18n::Texts,
    draft: RwSignal<Choices>,
) -> impl IntoView {
    let (title, description) = texts.category(category);
    let id = format!("pcc-consent-switch-{}", category.id());
    let described_by = format!("{id}-desc");
    let locked = category == Category::Necessary;
    let on = move || draft.with(|d| d.allows(category));
    let state_label = move || {
        if locked {
            &texts.always_on[..]
        } else if on() {
            &texts.on[..]
        } else {
            &texts.off[..]
        }
    };
    view! {
        <li class="pcc-consent-category" data-category=category.id()>
            <div class="pcc-consent-switch-row">
                <input
                    type="checkbox"
                    role="switch"
                    class="pcc-consent-switch"
                    id=id.clone()
                    aria-describedby=described_by.clone()
                    prop:checked=on
                    disabled=locked
                    on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        draft.update(|d| *d = d.with(category, checked));
                    }
                />
                <label class="pcc-consent-label" for=id>{title}</label>
                <span class="pcc-consent-state" aria-hidden="true">{state_label}</span>
            </div>
            <p class="pcc-consent-text" id=described_by>{description}</p>
        </li>
    }
}

const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), a[href]";

fn focusables(dialog: &web_sys::HtmlDialogElement) -> Vec<HtmlElement> {
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

fn focus_first(dialog: &web_sys::HtmlDialogElement) {
    if let Some(first) = focusables(dialog).first() {
        let _ = first.focus();
    }
}

/// Keeps Tab and Shift+Tab inside the dialog.
fn wrap_tab(dialog: &web_sys::HtmlDialogElement, ev: &KeyboardEvent) {
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
        .or_else(|| web_sys::window()?.document()?.active_element());
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
