//! The configurator's root component and the form state its parts share. Owns the one
//! signal holding what was typed and the report derived from it (a `Memo`: the parser
//! runs once per change, whatever reads it). It never touches storage or the network.

use super::fields::SECTIONS;
use super::preview::Preview;
use super::setting_field::SettingField;
use super::settings::{Report, Settings};
use super::snippet_box::SnippetBox;
use super::texts_table::TextsTable;
use super::theme_fields::ThemeFields;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Mounts the configurator into `<div id="configurator">` (or the body).
pub fn start() {
    let target = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("configurator"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match target {
        Some(target) => {
            // Its no-script note goes.
            target.set_inner_html("");
            leptos::mount::mount_to(target, ConfiguratorApp).forget()
        }
        None => leptos::mount::mount_to_body(ConfiguratorApp),
    }
}

/// The form's state, in context for every part of the page.
#[derive(Clone, Copy)]
pub(super) struct Form {
    pub settings: RwSignal<Settings>,
    pub report: Memo<Report>,
}

impl Form {
    pub fn value(&self, key: &str) -> String {
        self.settings.with(|s| s.get(key).to_owned())
    }

    pub fn set(&self, key: &str, value: &str) {
        self.settings.update(|s| s.set(key, value));
    }

    /// The parser's messages for one setting.
    pub fn errors(&self, key: &str) -> Vec<String> {
        self.report
            .with(|r| r.errors.get(key).cloned().unwrap_or_default())
    }

    /// What the bundle would warn about for one setting.
    pub fn warnings(&self, key: &str) -> Vec<String> {
        self.report
            .with(|r| r.warnings.get(key).cloned().unwrap_or_default())
    }
}

pub(super) fn use_form() -> Form {
    expect_context::<Form>()
}

#[component]
fn ConfiguratorApp() -> impl IntoView {
    let settings = RwSignal::new(Settings::default());
    let report = Memo::new(move |_| settings.with(|s| s.report(super::RELEASE_SRI)));
    provide_context(Form { settings, report });
    let sections = SECTIONS
        .iter()
        .map(|section| {
            let fields = section
                .fields
                .iter()
                .map(|field| view! { <SettingField field=*field/> })
                .collect_view();
            view! {
                <fieldset class="cfg-section">
                    <legend>{section.title}</legend>
                    {fields}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <div class="cfg-layout">
            <form class="cfg-form" aria-label="Banner settings" on:submit=|ev| ev.prevent_default()>
                {sections}
                <ThemeFields/>
                <TextsTable/>
            </form>
            <div class="cfg-output">
                <Preview/>
                <SnippetBox/>
            </div>
        </div>
    }
}
