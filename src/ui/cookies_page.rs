//! The cookies page, in place (not a dialog), in the GOV.UK "cookies page" style:
//! [`CookieSettings`], a form with "Use … / Do not use …" radios per category, and
//! [`CookieDeclaration`], a table per category of the cookies the site sets.
//! Saving records consent exactly as the banner does (same record, events and gate).

use crate::consent::{Category, Decision};
use crate::consent_state::use_consent;
use crate::declaration::declaration;
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn CookieSettings() -> impl IntoView {
    let state = use_consent();
    let config = state.config();
    let texts = state.texts();
    let offered = config.categories.clone();
    let draft = RwSignal::new(untrack(|| state.previous_choices()));
    // Follow choices made elsewhere (the banner, the API) while the page is open.
    Effect::new(move |_| {
        state.record();
        draft.set(untrack(|| state.previous_choices()));
    });
    let saved = RwSignal::new(false);
    let notice = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = notice.get() {
            let _ = el.focus();
        }
    });

    let sections = offered
        .iter()
        .copied()
        .map(|category| {
            let (title, description) = texts.category(category);
            let lower = title.to_lowercase();
            let choice = (category != Category::Necessary).then(|| {
                let name = format!("pcc-consent-settings-{}", category.id());
                let use_label = texts.settings_use.replace("{category}", &lower);
                let not_label = texts.settings_do_not_use.replace("{category}", &lower);
                let on = move || draft.with(|d| d.allows(category));
                view! {
                    <div class="pcc-consent-radios">
                        <label class="pcc-consent-radio">
                            <input type="radio" name=name.clone() value="on" prop:checked=on
                                on:change=move |_| draft.update(|d| *d = d.with(category, true))/>
                            {use_label}
                        </label>
                        <label class="pcc-consent-radio">
                            <input type="radio" name=name value="off" prop:checked=move || !on()
                                on:change=move |_| draft.update(|d| *d = d.with(category, false))/>
                            {not_label}
                        </label>
                    </div>
                }
            });
            view! {
                <fieldset class="pcc-consent-fieldset" data-category=category.id()>
                    <legend class="pcc-consent-legend">{title.to_owned()}</legend>
                    <p class="pcc-consent-text">{description.to_owned()}</p>
                    {choice}
                </fieldset>
            }
        })
        .collect_view();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.decide(Decision::custom(draft.get_untracked(), &offered));
        saved.set(false);
        saved.set(true);
    };

    view! {
        <form class="pcc-consent-settings" on:submit=save novalidate="">
            <Show when=move || saved.get()>
                <div class="pcc-consent-notice" role="alert" tabindex="-1" node_ref=notice>
                    <p class="pcc-consent-text">
                        {move || if state.save_failed() { &texts.technical_problem[..] } else { &texts.settings_saved[..] }}
                    </p>
                </div>
            </Show>
            {sections}
            <button type="submit" class="pcc-consent-button">{&texts.settings_save[..]}</button>
        </form>
    }
}

#[component]
pub fn CookieDeclaration() -> impl IntoView {
    let state = use_consent();
    let config = state.config();
    let texts = state.texts();
    declaration(&config)
        .into_iter()
        .map(|(category, rows)| {
            let title = texts.category(category).0.to_owned();
            let body = if rows.is_empty() {
                view! { <p class="pcc-consent-text">{&texts.table_none[..]}</p> }.into_any()
            } else {
                let rows = rows
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr>
                                <th scope="row">{r.name}</th>
                                <td>{r.set_by}</td>
                                <td>{r.purpose}</td>
                                <td>{r.expires}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="pcc-consent-table">
                        <caption class="pcc-consent-caption">{title.clone()}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{&texts.table_name[..]}</th>
                                <th scope="col">{&texts.table_set_by[..]}</th>
                                <th scope="col">{&texts.table_purpose[..]}</th>
                                <th scope="col">{&texts.table_expires[..]}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                .into_any()
            };
            view! {
                <section class="pcc-consent-declaration" data-category=category.id()>
                    <h3 class="pcc-consent-heading">{title}</h3>
                    {body}
                </section>
            }
        })
        .collect_view()
}
