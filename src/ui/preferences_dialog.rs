//! The preferences dialog: one switch per offered category (and, under a category with
//! more than one service, one per service), in a native modal `<dialog>`.

use super::draft::Draft;
use super::privacy_signal_notice::PrivacySignalNotice;
use super::ui_state::use_ui;
use crate::config_context::use_config;
use crate::consent::{Category, Decision};
use crate::consent_state::use_consent;
use crate::events::iso_time;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, HtmlElement, KeyboardEvent};

/// The preferences dialog: one on/off switch per offered category, Save / Accept all /
/// Reject all, a visible Close button, and the consent id once there is a record.
///
/// A native modal `<dialog>` (top layer, page behind it inert, announced with its
/// title). Focus moves in on open, Tab wraps inside it, Escape closes it, and focus
/// returns to the opener on close. While it is open, the quick exit puts its own "Leave
/// this site" button first inside it (`src/js/quick_exit/modals.js`): the Tab loop
/// counts it, the first focus skips it, and the dialog never removes it. Every switch
/// starts at the visitor's previous choice, or off, and follows a choice made elsewhere
/// while it is open. It records choices only through
/// [`ConsentState::decide`](crate::ConsentState::decide). It opens when
/// [`UiState::open_preferences`](super::UiState::open_preferences) is called (a button,
/// a `data-pcc-consent-open` link, `pccConsent.showPreferences()`).
///
/// # Example
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use leptos::prelude::*;
/// use pcc_consent::ui::PreferencesDialog;
///
/// leptos::mount::mount_to_body(|| {
///     // Below a provided consent and settings; it opens with `UiState::open_preferences`.
///     pcc_consent::provide_consent(pcc_consent::config::Config::defaults(&Default::default()));
///     view! { <PreferencesDialog/> }
/// });
/// # }
/// ```
#[component]
pub fn PreferencesDialog() -> impl IntoView {
    let (consent, ui, config) = (use_consent(), use_ui(), use_config());
    let texts = &config.texts;
    let draft = Draft::new(consent, Some(ui.prefs_opened));
    let dialog = NodeRef::<leptos::html::Dialog>::new();

    // Opens and closes the native dialog with the UI state (DOM only: the switches
    // derive their state from the draft).
    Effect::new(move |_| {
        let open = ui.prefs_open.get();
        let Some(dialog) = dialog.get() else {
            return;
        };
        if open && !dialog.open() {
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

    let finish = move |decision: Decision| {
        let from_banner = consent.must_ask.get_untracked();
        if from_banner {
            // The banner is replaced by the saved message, which takes focus (not the
            // banner button that opened the dialog: it is gone).
            let _ = ui.take_opener();
        }
        // Reopened later (footer link, floating button): focus returns there.
        ui.close_preferences();
        let record = consent.decide(decision);
        if from_banner {
            ui.saved(&record);
        }
    };
    let offered = config.categories.clone();
    let rows = offered
        .iter()
        .map(|&category| category_row(category, draft))
        .collect_view();
    let evidence_texts = config.clone();
    let evidence = move || {
        // A record read from the shared cookie alone has no id to quote.
        consent.record.get().and_then(|record| {
            let id = record.id?;
            Some(
                evidence_texts
                    .texts
                    .evidence_for(id.as_str(), &iso_time(record.given_at_ms)),
            )
        })
    };
    let no_record = move || consent.record.with(Option::is_none);
    let on_keydown = move |ev: KeyboardEvent| {
        let Some(dialog) = dialog.get_untracked() else {
            return;
        };
        if ev.key() == "Escape" {
            // Close through the UI state, so focus returns to the opener.
            ev.prevent_default();
            ui.close_preferences();
        } else {
            wrap_tab(&dialog, &ev);
        }
    };
    // Closed by the browser itself (a close request such as Android's Back): follow it.
    let on_close = move |_| {
        if ui.prefs_open.get_untracked() {
            ui.close_preferences();
            if let Some(opener) = ui.take_opener() {
                let _ = opener.focus();
            }
        }
    };
    let (save_offered, accept_offered) = (offered.clone(), offered);
    view! {
        <dialog class="pcc-consent-dialog" aria-labelledby="pcc-consent-prefs-title" aria-modal="true"
            lang=config.lang.id() dir=config.lang.dir()
            node_ref=dialog on:keydown=on_keydown on:close=on_close>
            <div class="pcc-consent-dialog-head">
                <h2 class="pcc-consent-heading" id="pcc-consent-prefs-title">{texts.prefs_title.to_string()}</h2>
                <button type="button" class="pcc-consent-close" on:click=super::on_click(move |_| ui.close_preferences())>
                    {texts.close.to_string()}
                </button>
            </div>
            <p class="pcc-consent-text">{texts.prefs_intro.to_string()}</p>
            <PrivacySignalNotice/>
            <ul class="pcc-consent-categories">{rows}</ul>
            <div class="pcc-consent-actions">
                <button type="button" class="pcc-consent-button"
                    on:click=super::on_click(move |_| finish(draft.decision(&save_offered)))>
                    {texts.save_preferences.to_string()}
                </button>
                <button type="button" class="pcc-consent-button"
                    on:click=super::on_click(move |_| finish(Decision::accept_all(&accept_offered)))>
                    {texts.accept_all.to_string()}
                </button>
                <button type="button" class="pcc-consent-button"
                    on:click=super::on_click(move |_| finish(Decision::reject_all()))>
                    {texts.reject_all.to_string()}
                </button>
            </div>
            <p class="pcc-consent-evidence" hidden=no_record>{evidence}</p>
        </dialog>
    }
}

/// One category: title, description, and a switch with a visible On/Off label.
fn category_row(category: Category, draft: Draft) -> impl IntoView {
    let config = use_config();
    let texts = &config.texts;
    let (title, description) = texts.category(category);
    let id = format!("pcc-consent-switch-{}", category.id());
    let described_by = format!("{id}-desc");
    let locked = category == Category::Necessary;
    // A category that runs until objection says so, next to its switch.
    let note = config.opt_out.contains(&category).then(|| {
        view! { <p class="pcc-consent-text pcc-consent-opt-out">{texts.opt_out_note.to_string()}</p> }
    });
    let (on, off, always) = (
        texts.on.to_string(),
        texts.off.to_string(),
        texts.always_on.to_string(),
    );
    let state_label = move || {
        if locked {
            always.clone()
        } else if draft.get().allows(category) {
            on.clone()
        } else {
            off.clone()
        }
    };
    view! {
        <li class="pcc-consent-category" data-category=category.id()>
            <div class="pcc-consent-switch-row">
                <input type="checkbox" role="switch" class="pcc-consent-switch" id=id.clone()
                    aria-describedby=described_by.clone() disabled=locked
                    prop:checked=move || locked || draft.get().allows(category)
                    on:change=move |ev| draft.set(category, event_target_checked(&ev))/>
                <label class="pcc-consent-label" for=id>{title.to_owned()}</label>
                <span class="pcc-consent-state" aria-hidden="true">{state_label}</span>
            </div>
            <p class="pcc-consent-text" id=described_by>{description.to_owned()}</p>
            {note}
            {service_switches(category, draft)}
        </li>
    }
}

/// Under a category with more than one service, a switch per service, grouped under
/// a legend naming the category (a category with one service has none: its own switch
/// says it all). Each starts as the visitor left it, or off.
fn service_switches(category: Category, draft: Draft) -> Option<impl IntoView> {
    let config = use_config();
    let services = config.services_in(category);
    if category == Category::Necessary || services.len() < 2 {
        return None;
    }
    let texts = &config.texts;
    let legend = texts
        .services_group
        .replace("{category}", texts.category(category).0);
    let rows = services
        .into_iter()
        .map(|service| {
            let id = format!("pcc-consent-service-{}", service.id);
            let described_by = format!("{id}-desc");
            let (on, off) = (texts.on.to_string(), texts.off.to_string());
            let (sid, sid2, sid3) = (service.id.clone(), service.id.clone(), service.id.clone());
            let state_label = move || {
                if draft.service_on(category, &sid) {
                    on.clone()
                } else {
                    off.clone()
                }
            };
            view! {
                <li class="pcc-consent-service" data-service=sid3>
                    <div class="pcc-consent-switch-row">
                        <input type="checkbox" role="switch" class="pcc-consent-switch" id=id.clone()
                            aria-describedby=described_by.clone()
                            prop:checked=move || draft.service_on(category, &sid2)
                            on:change=move |ev| draft.set_service(category, &service.id, event_target_checked(&ev))/>
                        <label class="pcc-consent-label" for=id>{service.name}</label>
                        <span class="pcc-consent-state" aria-hidden="true">{state_label}</span>
                    </div>
                    <p class="pcc-consent-text" id=described_by>{service.purpose}</p>
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <fieldset class="pcc-consent-services">
            <legend class="pcc-consent-services-legend">{legend}</legend>
            <ul class="pcc-consent-service-list">{rows}</ul>
        </fieldset>
    })
}

/// The quick exit's copy of "Leave this site", which `src/js/quick_exit/modals.js` puts first
/// in any open modal dialog (a modal makes the rest of the page inert): first in the
/// Tab loop, but not where focus lands on opening.
const QUICK_EXIT: &str = "data-pcc-consent-exit";
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

/// Focuses the dialog's first control of its own (Close), not the quick exit's copy.
fn focus_first(dialog: &HtmlDialogElement) {
    let first = focusables(dialog)
        .into_iter()
        .find(|el| !el.has_attribute(QUICK_EXIT));
    if let Some(first) = first {
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
