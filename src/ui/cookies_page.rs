//! The cookies page, in place (not a dialog), in the GOV.UK "cookies page" style:
//! [`CookieSettings`], a form with "Use … / Do not use …" radios per category, and
//! [`cookie_declaration`], a table per category of the cookies the site sets.
//! Saving records consent exactly as the banner does (same record, events and gate).

use super::dom::{el, Listeners};
use crate::consent::{Category, Choices, Decision};
use crate::consent_state::ConsentState;
use crate::declaration::declaration;
use crate::watchers::WatchId;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// The mounted settings form; dropping it removes it and its listeners.
pub struct CookieSettings {
    form: HtmlElement,
    state: ConsentState,
    watching: WatchId,
    _listeners: Listeners,
}

/// The "Use" and "Do not use" radios of one category.
struct Radios {
    category: Category,
    on: HtmlInputElement,
    off: HtmlInputElement,
}

impl CookieSettings {
    pub fn mount(root: &Element, state: &ConsentState) -> CookieSettings {
        let texts = state.texts();
        let mut listeners = Listeners::default();
        let draft = Rc::new(Cell::new(state.previous_choices()));
        let radios: Rc<RefCell<Vec<Radios>>> = Rc::default();
        let form = el("form")
            .class("pcc-consent-settings")
            .attr("novalidate", "")
            .get();
        for &category in state.offered() {
            let (title, description) = texts.category(category);
            let fieldset = el("fieldset")
                .class("pcc-consent-fieldset")
                .attr("data-category", category.id())
                .child(el("legend").class("pcc-consent-legend").text(title))
                .child(el("p").class("pcc-consent-text").text(description));
            let fieldset = if category == Category::Necessary {
                fieldset
            } else {
                // The browser's lower-casing: Rust's would add its Unicode tables to the bundle.
                let lower = String::from(js_sys::JsString::from(title).to_lower_case());
                let name = format!("pcc-consent-settings-{}", category.id());
                let radio = |value: &str, label: &str| {
                    let input: HtmlInputElement = el("input")
                        .attr("type", "radio")
                        .attr("name", &name)
                        .attr("value", value)
                        .cast();
                    let label = el("label")
                        .class("pcc-consent-radio")
                        .child(&input)
                        .child(crate::browser::text_node(label));
                    (input, label)
                };
                let (on, on_label) = radio("on", &texts.settings_use.replace("{category}", &lower));
                let (off, off_label) = radio(
                    "off",
                    &texts.settings_do_not_use.replace("{category}", &lower),
                );
                for (input, granted) in [(&on, true), (&off, false)] {
                    let draft = draft.clone();
                    listeners.on(input, "change", move |_| {
                        draft.set(draft.get().with(category, granted));
                    });
                }
                radios.borrow_mut().push(Radios { category, on, off });
                fieldset.child(
                    el("div")
                        .class("pcc-consent-radios")
                        .child(on_label)
                        .child(off_label),
                )
            };
            let _ = form.append_child(fieldset.as_ref());
        }
        let save = el("button")
            .attr("type", "submit")
            .class("pcc-consent-button")
            .text(&texts.settings_save)
            .get();
        let _ = form.append_child(&save);
        show(&radios.borrow(), draft.get());

        let (saving, saved_draft, shown) = (state.clone(), draft.clone(), form.clone());
        listeners.on(&form, "submit", move |ev| {
            ev.prevent_default();
            let offered = saving.offered().to_vec();
            saving.decide(Decision::custom(saved_draft.get(), &offered));
            let texts = saving.texts();
            let text = if saving.save_failed() {
                &texts.technical_problem
            } else {
                &texts.settings_saved
            };
            // A new alert each time, so a second save is announced too.
            if let Ok(Some(old)) = shown.query_selector(".pcc-consent-notice") {
                old.remove();
            }
            let notice = el("div")
                .class("pcc-consent-notice")
                .attr("role", "alert")
                .attr("tabindex", "-1")
                .child(el("p").class("pcc-consent-text").text(text))
                .get();
            let _ = shown.prepend_with_node_1(&notice);
            let _ = notice.focus();
        });
        // Follow choices made elsewhere (the banner, the API) while the page is open.
        let (watched, follow) = (state.clone(), radios.clone());
        let watching = state.watch(move || {
            draft.set(watched.previous_choices());
            show(&follow.borrow(), draft.get());
        });
        let _ = root.append_child(&form);
        CookieSettings {
            form,
            state: state.clone(),
            watching,
            _listeners: listeners,
        }
    }
}

impl Drop for CookieSettings {
    fn drop(&mut self) {
        self.state.unwatch(self.watching);
        self.form.remove();
    }
}

fn show(radios: &[Radios], draft: Choices) {
    for r in radios {
        let on = draft.allows(r.category);
        r.on.set_checked(on);
        r.off.set_checked(!on);
    }
}

/// Appends the declaration (a section per offered category) to `root`; it is static.
pub fn cookie_declaration(root: &Element, state: &ConsentState) {
    let texts = state.texts();
    for (category, rows) in declaration(state.config()) {
        let title = texts.category(category).0;
        let body = if rows.is_empty() {
            el("p").class("pcc-consent-text").text(&texts.table_none)
        } else {
            let head = el("tr").children(
                [
                    &texts.table_name,
                    &texts.table_set_by,
                    &texts.table_purpose,
                    &texts.table_expires,
                ]
                .map(|t| el("th").attr("scope", "col").text(t).get()),
            );
            let body = el("tbody").children(rows.into_iter().map(|r| {
                el("tr")
                    .child(el("th").attr("scope", "row").text(&r.name))
                    .child(el("td").text(&r.set_by))
                    .child(el("td").text(&r.purpose))
                    .child(el("td").text(&r.expires))
                    .get()
            }));
            el("table")
                .class("pcc-consent-table")
                .child(el("caption").class("pcc-consent-caption").text(title))
                .child(el("thead").child(head))
                .child(body)
        };
        let section = el("section")
            .class("pcc-consent-declaration")
            .attr("data-category", category.id())
            .child(el("h3").class("pcc-consent-heading").text(title))
            .child(body)
            .get();
        let _ = root.append_child(&section);
    }
}
