//! The texts a site may change, English and Welsh side by side: one row per key of the
//! config block's `"texts"`, the built-in text as each input's placeholder, and the
//! parser's message under a refused one. Only reads and writes the form state.

use super::app::use_form;
use leptos::prelude::*;
use pcc_consent::i18n::{Lang, Texts, TEXT_KEYS};

const LANGS: [(Lang, &str); 2] = [(Lang::En, "English"), (Lang::Cy, "Welsh")];

#[component]
pub fn TextsTable() -> impl IntoView {
    let form = use_form();
    let defaults = LANGS.map(|(lang, _)| Texts::for_lang(lang));
    let rows = TEXT_KEYS
        .iter()
        .map(|&key| {
            let cells = LANGS
                .iter()
                .zip(&defaults)
                .map(|(&(lang, name), default)| {
                    let setting = format!("texts.{}.{key}", lang.id());
                    let (read, write, check) = (setting.clone(), setting.clone(), setting);
                    let errors = Signal::derive(move || form.errors(&check));
                    view! {
                        <td>
                            <input type="text" aria-label=format!("{name}: {key}")
                                placeholder=default.get(key).unwrap_or("").to_owned()
                                lang=lang.id() class:cfg-invalid=move || !errors.get().is_empty()
                                prop:value=move || form.value(&read)
                                on:input=move |ev| form.set(&write, &event_target_value(&ev))/>
                            {move || errors.get().into_iter().map(|m| view! { <p class="cfg-error">{m}</p> }).collect_view()}
                        </td>
                    }
                })
                .collect_view();
            view! { <tr><th scope="row"><code>{key}</code></th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <details class="cfg-section cfg-texts">
            <summary>"Texts, in English and Welsh"</summary>
            <p class="cfg-hint">
                "Leave a text empty to keep the built-in one (shown greyed). "
                "Visitors see the texts of the page's language. "
                <code>"{site}"</code>" in "<code>"banner_title"</code>" is the site name."
            </p>
            <table>
                <thead><tr><th scope="col">"Text"</th><th scope="col">"English"</th><th scope="col">"Welsh"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}
