//! Helpers shared by the browser tests (wasm-bindgen-test in headless Chromium).
#![allow(dead_code)] // each test file uses its own subset

use pcc_consent::config::{Config, PageFacts};
use pcc_consent::consent::ConsentRecord;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The default consent cookie and storage key.
pub const KEY: &str = "pcc_consent";

/// A config as the embed would build it from these `data-*` attributes.
pub fn config(attrs: &[(&str, &str)]) -> Config {
    let page = PageFacts {
        host: "test.local".into(),
        html_lang: None,
        ..PageFacts::default()
    };
    Config::from_attributes(attrs.iter().copied(), &page).0
}

pub fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

pub fn document() -> web_sys::Document {
    window().document().unwrap()
}

pub fn local() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

pub fn session() -> web_sys::Storage {
    window().session_storage().unwrap().unwrap()
}

pub fn set_cookie(raw: &str) {
    let doc: web_sys::HtmlDocument = document().unchecked_into();
    doc.set_cookie(raw).unwrap();
}

/// Forgets every stored choice: localStorage, sessionStorage and the cookie.
pub fn clear_storage() {
    local().clear().unwrap();
    session().clear().unwrap();
    set_cookie(&format!("{KEY}=; Path=/; Max-Age=0"));
}

/// The record in localStorage, if any (it must parse).
pub fn stored_local() -> Option<ConsentRecord> {
    let raw = local().get_item(KEY).unwrap()?;
    Some(ConsentRecord::from_stored(&raw).expect("a valid stored record"))
}

/// The button inside `container` whose text is `label`.
pub fn find_button(container: &HtmlElement, label: &str) -> Option<HtmlElement> {
    let buttons = container.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().as_deref() == Some(label))
}

/// The preferences dialog inside `container`.
pub fn dialog(container: &HtmlElement) -> web_sys::HtmlDialogElement {
    container
        .query_selector("dialog")
        .unwrap()
        .unwrap()
        .unchecked_into()
}

/// A fresh, empty element at the end of the body, to mount a view on.
pub fn container() -> HtmlElement {
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    container
}

/// A view mounted the way the embed mounts it: on a fresh element, with the settings,
/// the consent and the UI state in context. Dropping it unmounts the view and disposes its state.
pub struct Mounted {
    pub container: HtmlElement,
    pub state: pcc_consent::ConsentState,
    pub ui: pcc_consent::ui::UiState,
    _handle: Box<dyn std::any::Any>,
    _owner: leptos::prelude::Owner,
}

/// Loads the consent for `config` and mounts `view` below it on a fresh element.
pub fn mount<V: leptos::prelude::IntoView + 'static>(
    config: Config,
    view: impl FnOnce() -> V + 'static,
) -> Mounted {
    use leptos::prelude::*;
    let container = container();
    let owner = Owner::new();
    let config = std::sync::Arc::new(config);
    let (state, ui) = owner.with(|| {
        (
            pcc_consent::ConsentState::load(config.clone()),
            pcc_consent::ui::UiState::new(),
        )
    });
    let handle = owner.with(|| {
        leptos::mount::mount_to(container.clone(), move || {
            pcc_consent::provide_config(config);
            provide_context(state);
            provide_context(ui);
            view()
        })
    });
    Mounted {
        container,
        state,
        ui,
        _handle: Box::new(handle),
        _owner: owner,
    }
}

/// Mounts `<ConsentBanner/>` for `config`.
pub fn mount_banner(config: Config) -> Mounted {
    use leptos::prelude::*;
    use pcc_consent::ui::ConsentBanner;
    mount(config, || view! { <ConsentBanner/> })
}
