//! The theme: one input per custom property (`--pcc-consent-<key>`), a swatch for
//! colours, the parser's message for a refused value and, next to both colours of a
//! pair, a flag when the pair fails WCAG AA contrast (computed in [`super::contrast`]).
//! Only reads and writes the form state.

use super::app::use_form;
use super::contrast::parse_colour;
use leptos::prelude::*;
use pcc_consent::config::THEME_KEYS;

fn label(key: &str) -> &'static str {
    match key {
        "bg" => "Banner background",
        "text" => "Text colour",
        "link" => "Link colour",
        "button-bg" => "Button colour",
        "button-text" => "Button text colour",
        "secondary-bg" => "Secondary button background",
        "focus" => "Focus ring colour",
        "font" => "Font family",
        "radius" => "Corner radius",
        "space" => "Spacing",
        "border" => "Border colour",
        "exit-bg" => "“Leave this site” button colour",
        _ => "",
    }
}

#[component]
pub fn ThemeFields() -> impl IntoView {
    let form = use_form();
    let fields = THEME_KEYS
        .iter()
        .map(|&key| {
            let setting = format!("theme.{key}");
            let input_id = format!("cfg-theme-{key}");
            let (read, write, check, swatch) = (setting.clone(), setting.clone(), setting.clone(), setting);
            let errors = Signal::derive(move || form.errors(&check));
            let contrast = move || {
                form.report.with(|r| {
                    r.contrast
                        .iter()
                        .filter(|p| p.keys.contains(&key))
                        .map(|p| p.message.clone())
                        .collect::<Vec<_>>()
                })
            };
            let colour = move || {
                form.settings
                    .with(|s| parse_colour(s.get(&swatch)).map(|[r, g, b]| format!("background: rgb({r}, {g}, {b})")))
            };
            view! {
                <div class="cfg-field" class:cfg-invalid=move || !errors.get().is_empty()
                    class:cfg-low-contrast=move || !contrast().is_empty()>
                    <label for=input_id.clone()>{label(key)}" "<code>{format!("--pcc-consent-{key}")}</code></label>
                    <div class="cfg-control">
                        <input type="text" id=input_id name=format!("theme-{key}") spellcheck="false" autocomplete="off"
                            prop:value=move || form.value(&read)
                            on:input=move |ev| form.set(&write, &event_target_value(&ev))/>
                        {move || colour().map(|style| view! { <span class="cfg-swatch" aria-hidden="true" style=style></span> })}
                    </div>
                    <div class="cfg-errors">
                        {move || errors.get().into_iter().map(|m| view! { <p class="cfg-error">{m}</p> }).collect_view()}
                        {move || contrast().into_iter().map(|m| view! { <p class="cfg-warning">"Low contrast: "{m}</p> }).collect_view()}
                    </div>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="cfg-section cfg-theme">
            <legend>"Theme"</legend>
            <p class="cfg-hint">"Colours as #rrggbb (checked against WCAG AA contrast), or any plain CSS value. Empty: the built-in GOV.UK-style look."</p>
            {fields}
        </fieldset>
    }
}
