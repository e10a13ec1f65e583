//! The banner in real headless Chromium (wasm-bindgen-test): it mounts, each button
//! records the choice, and a stored choice keeps it hidden.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::GetUntracked;
use leptos::task::tick;
use pcc_consent::config::Config;
use pcc_consent::consent::{Category, Method};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn config() -> Config {
    common::config(&[
        ("data-site-name", "Test PCC"),
        ("data-policy-url", "/cookies"),
    ])
}

mod common;
use common::{
    clear_storage, document, find_button as button, local, mount_banner, stored_local as stored,
};

#[wasm_bindgen_test]
async fn first_visit_shows_the_banner_with_both_choices_and_the_policy_link() {
    clear_storage();
    let m = mount_banner(config());
    tick().await;
    let container = &m.container;
    let region = container
        .query_selector("[role=region]")
        .unwrap()
        .expect("banner");
    assert_eq!(
        region.get_attribute("aria-label").as_deref(),
        Some("Cookies on Test PCC")
    );
    assert!(button(container, "Accept additional cookies").is_some());
    assert!(button(container, "Reject additional cookies").is_some());
    let link = container.query_selector("a").unwrap().expect("policy link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/cookies"));
    assert!(stored().is_none(), "nothing is stored before a choice");
}

#[wasm_bindgen_test]
async fn accept_stores_every_category_and_hides_the_banner() {
    clear_storage();
    let m = mount_banner(config());
    tick().await;
    let container = &m.container;
    button(container, "Accept additional cookies")
        .unwrap()
        .click();
    tick().await;
    let record = stored().expect("the choice is stored");
    assert_eq!(record.method, Method::AcceptAll);
    for c in Category::DEFAULT_OFFERED {
        assert!(record.choices.allows(c), "{c} granted");
    }
    assert!(
        button(container, "Accept additional cookies").is_none(),
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
        let m = mount_banner(config());
        tick().await;
        let container = &m.container;
        button(container, "Reject additional cookies")
            .unwrap()
            .click();
        tick().await;
        let record = stored().expect("the choice is stored");
        assert_eq!(record.method, Method::RejectAll);
        assert!(record.choices.granted().is_empty());
        button(container, "Hide this message")
            .expect("hide button")
            .click();
        tick().await;
        assert!(container.query_selector("[role=region]").unwrap().is_none());
    }
    // A new page load: the stored choice keeps the banner away.
    let m = mount_banner(config());
    tick().await;
    let container = &m.container;
    assert!(container.query_selector("[role=region]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_corrupt_stored_value_shows_the_banner_and_grants_nothing() {
    clear_storage();
    local()
        .set_item(common::KEY, r#"{"v":1,"grant":["performance"]}"#)
        .unwrap();
    let m = mount_banner(config());
    tick().await;
    let container = &m.container;
    assert!(button(container, "Accept additional cookies").is_some());
    assert!(!m
        .state
        .granted
        .get_untracked()
        .allows(Category::Performance));
}

#[wasm_bindgen_test]
async fn after_a_reset_the_banner_returns_alone_and_an_api_choice_shows_no_message() {
    clear_storage();
    let m = mount_banner(config());
    tick().await;
    let (container, state) = (&m.container, m.state);
    button(container, "Accept additional cookies")
        .unwrap()
        .click();
    tick().await;
    assert!(container.query_selector("[role=alert]").unwrap().is_some());
    state.reset();
    tick().await;
    tick().await;
    assert!(
        button(container, "Accept additional cookies").is_some(),
        "asked again"
    );
    assert!(
        container.query_selector("[role=alert]").unwrap().is_none(),
        "no saved message beside the banner"
    );
    // pccConsent.acceptAll() from the page: the banner goes, no message appears.
    state.accept_all();
    tick().await;
    tick().await;
    assert!(container.query_selector("[role=region]").unwrap().is_none());
}
