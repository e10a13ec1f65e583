//! The cookies page's settings form, in place, in the GOV.UK "cookies page" style.

use super::draft::Draft;
use super::privacy_signal_notice::PrivacySignalNotice;
use crate::config_context::use_config;
use crate::consent::Category;
use crate::consent_state::use_consent;
use leptos::either::Either;
use leptos::prelude::*;

/// The cookies page's settings form, in place (not a dialog), in the GOV.UK "cookies
/// page" style: "Use … / Do not use …" radios per optional category and a Save button.
/// Saving records consent exactly as the banner does (same record, events and gate);
/// each save is announced in a new alert. The form follows choices made elsewhere
/// (the banner, the JS API) while the page is open. The embed mounts it into
/// `<div data-pcc-consent-settings>`.
///
/// # Example
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use leptos::prelude::*;
/// use pcc_consent::ui::CookieSettings;
///
/// leptos::mount::mount_to_body(|| {
///     // Below a provided consent and settings.
///     pcc_consent::provide_consent(pcc_consent::config::Config::defaults(&Default::default()));
///     view! { <CookieSettings/> }
/// });
/// # }
/// ```
#[component]
pub fn CookieSettings() -> impl IntoView {
    let (consent, config) = (use_consent(), use_config());
    let texts = &config.texts;
    // Follows choices made elsewhere: derived from the choice in force.
    let draft = Draft::new(consent, None);
    // Counts saves: each one renders a new alert, so a second save is announced too.
    let saves = RwSignal::new(0u32);
    let offered = config.categories.clone();
    let fieldsets = offered
        .iter()
        .copied()
        .map(|category| fieldset(category, draft))
        .collect_view();
    let (saved_text, problem) = (
        texts.settings_saved.to_string(),
        texts.technical_problem.to_string(),
    );
    // Each save replaces the alert with a new element, which screen readers announce (an
    // updated one may not be): odd and even saves render different branches.
    let alert = move || {
        let text = if consent.save_failed.get_untracked() {
            problem.clone()
        } else {
            saved_text.clone()
        };
        let alert = NodeRef::<leptos::html::Div>::new();
        // DOM only: the new alert takes focus.
        Effect::new(move |_| {
            if let Some(alert) = alert.get() {
                let _ = alert.focus();
            }
        });
        view! {
            <div class="pcc-consent-notice" role="alert" tabindex="-1" node_ref=alert>
                <p class="pcc-consent-text">{text}</p>
            </div>
        }
    };
    let notice = move || match saves.get() {
        0 => None,
        n if n % 2 == 1 => Some(Either::Left(alert())),
        _ => Some(Either::Right(alert())),
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        consent.decide(draft.decision(&offered));
        saves.update(|n| *n += 1);
    };
    view! {
        <form class="pcc-consent-settings" novalidate="" on:submit=on_submit
            lang=config.lang.id() dir=config.lang.dir()>
            {notice}
            <PrivacySignalNotice/>
            {fieldsets}
            <button type="submit" class="pcc-consent-button">{texts.settings_save.to_string()}</button>
        </form>
    }
}

/// One category: legend, description and, for optional ones, the two radios.
fn fieldset(category: Category, draft: Draft) -> impl IntoView {
    let config = use_config();
    let texts = &config.texts;
    let (title, description) = texts.category(category);
    let note = config.opt_out.contains(&category).then(|| {
        view! { <p class="pcc-consent-text pcc-consent-opt-out">{texts.opt_out_note.to_string()}</p> }
    });
    let radios = (category != Category::Necessary).then(|| {
        // The browser's lower-casing: Rust's would add its Unicode tables to the bundle.
        let lower = String::from(js_sys::JsString::from(title).to_lower_case());
        let name = format!("pcc-consent-settings-{}", category.id());
        let radio = move |granted: bool, label: String| {
            view! {
                <label class="pcc-consent-radio">
                    <input type="radio" name=name.clone() value=if granted { "on" } else { "off" }
                        prop:checked=move || draft.get().allows(category) == granted
                        on:change=move |_| draft.set(category, granted)/>
                    {label}
                </label>
            }
        };
        view! {
            <div class="pcc-consent-radios">
                {radio(true, texts.settings_use.replace("{category}", &lower))}
                {radio(false, texts.settings_do_not_use.replace("{category}", &lower))}
            </div>
        }
    });
    view! {
        <fieldset class="pcc-consent-fieldset" data-category=category.id()>
            <legend class="pcc-consent-legend">{title.to_owned()}</legend>
            <p class="pcc-consent-text">{description.to_owned()}</p>
            {note}
            {radios}
            {service_radios(category, draft)}
        </fieldset>
    }
}

/// Under a category with more than one service, "Use … / Do not use …" radios per
/// service, each group in its own fieldset named by the service.
fn service_radios(category: Category, draft: Draft) -> Option<impl IntoView> {
    let config = use_config();
    let services = config.services_in(category);
    if category == Category::Necessary || services.len() < 2 {
        return None;
    }
    let texts = &config.texts;
    let groups = services
        .into_iter()
        .map(|service| {
            let name = format!("pcc-consent-settings-service-{}", service.id);
            let radio = |on: bool, label: String| {
                let (name, id, id2) = (name.clone(), service.id.clone(), service.id.clone());
                view! {
                    <label class="pcc-consent-radio">
                        <input type="radio" name=name value=if on { "on" } else { "off" }
                            prop:checked=move || draft.service_on(category, &id) == on
                            on:change=move |_| draft.set_service(category, &id2, on)/>
                        {label}
                    </label>
                }
            };
            view! {
                <fieldset class="pcc-consent-fieldset pcc-consent-service" data-service=service.id.clone()>
                    <legend class="pcc-consent-legend">{service.name.clone()}</legend>
                    <p class="pcc-consent-text">{service.purpose.clone()}</p>
                    <div class="pcc-consent-radios">
                        {radio(true, texts.settings_use.replace("{category}", &service.name))}
                        {radio(false, texts.settings_do_not_use.replace("{category}", &service.name))}
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    Some(groups)
}
