//! One setting of the form (a `data-*` attribute or the script's `src`): its label,
//! hint, input and, next to it, the config parser's message when the value is refused
//! (and the bundle's warning when settings contradict each other).
//! It only reads and writes the form state; it never judges a value itself.

use super::app::use_form;
use super::fields::{Field, Kind};
use leptos::prelude::*;

#[component]
pub fn SettingField(field: Field) -> impl IntoView {
    let form = use_form();
    let key = field.id;
    let input_id = format!("cfg-{key}");
    let hint_id = format!("{input_id}-hint");
    let error_id = format!("{input_id}-error");
    let described_by = format!("{hint_id} {error_id}");
    let errors = move || form.errors(key);
    let invalid = move || !errors().is_empty();
    let control = match field.kind {
        Kind::Text { placeholder } => view! {
            <input type="text" id=input_id.clone() name=key placeholder=placeholder
                spellcheck="false" autocomplete="off"
                aria-describedby=described_by aria-invalid=move || invalid().then_some("true")
                prop:value=move || form.value(key)
                on:input=move |ev| form.set(key, &event_target_value(&ev))/>
        }
        .into_any(),
        Kind::Select(options) => {
            let options = options
                .iter()
                .map(|&(value, label)| {
                    view! { <option value=value prop:selected=move || form.value(key) == value>{label}</option> }
                })
                .collect_view();
            view! {
                <select id=input_id.clone() name=key aria-describedby=described_by
                    on:change=move |ev| form.set(key, &event_target_value(&ev))>
                    {options}
                </select>
            }
            .into_any()
        }
        Kind::Flag => view! {
            <input type="checkbox" id=input_id.clone() name=key aria-describedby=described_by
                prop:checked=move || !form.value(key).is_empty()
                on:change=move |ev| form.set(key, if event_target_checked(&ev) { "on" } else { "" })/>
        }
        .into_any(),
    };
    let flag = field.kind == Kind::Flag;
    let label = view! { <label for=input_id>{field.label}</label> };
    view! {
        <div class="cfg-field" class:cfg-flag=flag class:cfg-invalid=invalid>
            {(!flag).then(|| label.clone())}
            <p class="cfg-hint" id=hint_id>{field.hint}</p>
            <div class="cfg-control">{control} {flag.then_some(label)}</div>
            <div class="cfg-errors" id=error_id>
                {move || errors().into_iter().map(|m| view! { <p class="cfg-error">{m}</p> }).collect_view()}
                {move || form.warnings(key).into_iter().map(|m| view! { <p class="cfg-warning">"Warning: "{m}</p> }).collect_view()}
            </div>
        </div>
    }
}
