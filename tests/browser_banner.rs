//! The banner in real headless Chromium (wasm-bindgen-test): it mounts, each button
//! records the choice, and a stored choice keeps it hidden.
#![cfg(target_arch = "wasm32")]

use leptos::{prelude::*, task::tick};
use pcc_consent::config::Config;
use pcc_consent::consent::{Category, Method};
use pcc_consent::ui::ConsentBanner;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn config() -> Config {
    common::config(&[
        ("data-site-name", "Test PCC"),
        ("data-policy-url", "/cookies"),
    ])
}

mod common;
use common::{clear_storage, document, find_button as button, local, stored_local as stored};

/// Mounts the banner in a fresh container; dropping the handle unmounts it.
fn mount(config: Config) -> (HtmlElement, impl Drop) {
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let handle =
        leptos::mount::mount_to(container.clone(), move || view! { <ConsentBanner config/> });
    (container, handle)
}

#[wasm_bindgen_test]
async fn first_visit_shows_the_banner_with_both_choices_and_the_policy_link() {
    clear_storage();
    let (container, _handle) = mount(config());
    tick().await;
    let region = container
        .query_selector("[role=region]")
        .unwrap()
        .expect("banner");
    assert_eq!(
        region.get_attribute("aria-label").as_deref(),
        Some("Cookies on Test PCC")
    );
    assert!(button(&container, "Accept additional cookies").is_some());
    assert!(button(&container, "Reject additional cookies").is_some());
    let link = container.query_selector("a").unwrap().expect("policy link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/cookies"));
    assert!(stored().is_none(), "nothing is stored before a choice");
}

#[wasm_bindgen_test]
async fn accept_stores_every_category_and_hides_the_banner() {
    clear_storage();
    let (container, _handle) = mount(config());
    tick().await;
    button(&container, "Accept additional cookies")
        .unwrap()
        .click();
    tick().await;
    let record = stored().expect("the choice is stored");
    assert_eq!(record.method, Method::AcceptAll);
    for c in Category::ALL {
        assert!(record.choices.allows(c), "{c} granted");
    }
    assert!(
        button(&container, "Accept additional cookies").is_none(),
        "banner hidden"
    );
    let alert = container
        .query_selector("[role=alert]")
        .unwrap()
        .expect("saved message");
    assert!(alert
        .text_content()
        .unwrap()
        .starts_with("Your cookie preferences have been saved."));
    let active = document().active_element().expect("focus moved");
    assert_eq!(&active, &alert, "focus is on the saved message");
}

#[wasm_bindgen_test]
async fn reject_stores_nothing_optional_and_stays_hidden_on_the_next_visit() {
    clear_storage();
    {
        let (container, _handle) = mount(config());
        tick().await;
        button(&container, "Reject additional cookies")
            .unwrap()
            .click();
        tick().await;
        let record = stored().expect("the choice is stored");
        assert_eq!(record.method, Method::RejectAll);
        assert!(record.choices.granted().is_empty());
        button(&container, "Hide this message")
            .expect("hide button")
            .click();
        tick().await;
        assert!(container.query_selector("[role=region]").unwrap().is_none());
    }
    // A new page load: the stored choice keeps the banner away.
    let (container, _handle) = mount(config());
    tick().await;
    assert!(container.query_selector("[role=region]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_corrupt_stored_value_shows_the_banner_and_grants_nothing() {
    clear_storage();
    local()
        .set_item(common::KEY, r#"{"v":1,"grant":["performance"]}"#)
        .unwrap();
    let (container, _handle) = mount(config());
    tick().await;
    assert!(button(&container, "Accept additional cookies").is_some());
    let consent = pcc_consent::ConsentState::load(config());
    assert!(!consent.allows(Category::Performance));
}

#[wasm_bindgen_test]
async fn use_consent_gives_leptos_apps_a_reactive_view() {
    use pcc_consent::use_consent;
    clear_storage();
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let cfg = config();
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        let state = pcc_consent::ConsentState::load(cfg);
        provide_context(state);
        // What an app would write below the provider.
        let consent = use_consent();
        view! {
            <ConsentBanner/>
            <Show when=move || consent.allows(Category::Performance)>
                <p id="analytics-note">"Analytics on"</p>
            </Show>
        }
    });
    tick().await;
    assert!(container
        .query_selector("#analytics-note")
        .unwrap()
        .is_none());
    button(&container, "Accept additional cookies")
        .unwrap()
        .click();
    tick().await;
    assert!(container
        .query_selector("#analytics-note")
        .unwrap()
        .is_some());
}
