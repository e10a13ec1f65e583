//! The preferences dialog in real headless Chromium: opening, focus, switches, the
//! three outcomes, and the evidence line.
#![cfg(target_arch = "wasm32")]

use leptos::task::tick;
use pcc_consent::consent::{Category, ConsentRecord, Method};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{clear_storage, config, dialog, document, find_button, mount_banner, stored_local};

fn button(container: &HtmlElement, label: &str) -> HtmlElement {
    find_button(container, label).unwrap_or_else(|| panic!("no button {label:?}"))
}

fn stored() -> ConsentRecord {
    stored_local().expect("stored")
}

fn switch(container: &HtmlElement, category: &str) -> HtmlInputElement {
    container
        .query_selector(&format!("#pcc-consent-switch-{category}"))
        .unwrap()
        .unwrap_or_else(|| panic!("no switch for {category}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn customise_opens_a_labelled_modal_dialog_with_every_switch_off() {
    clear_storage();
    let m = mount_banner(config(&[]));
    tick().await;
    let opener = button(&m.container, "Customise cookies");
    opener.focus().unwrap();
    opener.click();
    tick().await;
    let d = dialog(&m.container);
    assert!(d.open(), "dialog open");
    assert!(d.matches(":modal").unwrap(), "opened as a modal");
    let title_id = d.get_attribute("aria-labelledby").unwrap();
    let title = m
        .container
        .query_selector(&format!("#{title_id}"))
        .unwrap()
        .unwrap();
    assert_eq!(title.text_content().unwrap(), "Cookie preferences");
    let necessary = switch(&m.container, "necessary");
    assert!(
        necessary.checked() && necessary.disabled(),
        "necessary is on and locked"
    );
    for c in ["performance", "functionality", "targeting"] {
        assert!(!switch(&m.container, c).checked(), "{c} starts off");
    }
    let focused = document().active_element().unwrap();
    assert!(d.contains(Some(&focused)), "focus moved into the dialog");

    button(&m.container, "Close").click();
    tick().await;
    assert!(!d.open());
    assert_eq!(
        document().active_element().unwrap(),
        opener.unchecked_into::<web_sys::Element>(),
        "focus returned"
    );
}

#[wasm_bindgen_test]
async fn save_preferences_records_exactly_the_switched_on_categories() {
    clear_storage();
    let m = mount_banner(config(&[]));
    tick().await;
    m.ui.open_preferences(None);
    tick().await;
    switch(&m.container, "functionality").click();
    tick().await;
    let state = m
        .container
        .query_selector("[data-category=functionality] .pcc-consent-state")
        .unwrap()
        .unwrap();
    assert_eq!(state.text_content().unwrap(), "On", "visible state label");
    button(&m.container, "Save preferences").click();
    tick().await;
    let record = stored();
    assert_eq!(record.method, Method::Custom);
    assert_eq!(record.choices.granted(), vec![Category::Functionality]);
    assert!(!dialog(&m.container).open());
    let alert = m
        .container
        .query_selector("[role=alert]")
        .unwrap()
        .expect("saved message");
    assert_eq!(
        document().active_element().unwrap(),
        alert,
        "focus on the saved message"
    );
}

#[wasm_bindgen_test]
async fn necessary_cannot_be_switched_off() {
    clear_storage();
    let m = mount_banner(config(&[]));
    tick().await;
    m.ui.open_preferences(None);
    tick().await;
    switch(&m.container, "necessary").click();
    tick().await;
    assert!(switch(&m.container, "necessary").checked());
    button(&m.container, "Reject all").click();
    tick().await;
    assert_eq!(stored().method, Method::RejectAll);
    assert!(stored().choices.allows(Category::Necessary));
}

#[wasm_bindgen_test]
async fn reopening_starts_from_the_previous_choice_and_shows_the_consent_id() {
    clear_storage();
    let m = mount_banner(config(&[]));
    tick().await;
    m.ui.open_preferences(None);
    tick().await;
    button(&m.container, "Accept all").click();
    tick().await;
    m.ui.open_preferences(None);
    tick().await;
    for c in ["performance", "functionality", "targeting"] {
        assert!(switch(&m.container, c).checked(), "{c} pre-filled");
    }
    let evidence = m
        .container
        .query_selector(".pcc-consent-evidence")
        .unwrap()
        .expect("evidence");
    let text = evidence.text_content().unwrap();
    assert!(text.contains(stored().id.unwrap().as_str()), "{text}");
    assert!(text.contains("UTC"), "{text}");
}

#[wasm_bindgen_test]
async fn an_older_revision_reasks_but_prefills_the_previous_choice() {
    clear_storage();
    {
        let m = mount_banner(config(&[("data-revision", "1")]));
        tick().await;
        m.ui.open_preferences(None);
        tick().await;
        switch(&m.container, "targeting").click();
        tick().await;
        button(&m.container, "Save preferences").click();
        tick().await;
    }
    let m = mount_banner(config(&[("data-revision", "2")]));
    tick().await;
    assert!(
        m.container
            .query_selector("[role=region]")
            .unwrap()
            .is_some(),
        "banner again"
    );
    m.ui.open_preferences(None);
    tick().await;
    assert!(
        switch(&m.container, "targeting").checked(),
        "previous choice kept"
    );
    assert!(!switch(&m.container, "performance").checked());
}

#[wasm_bindgen_test]
async fn a_site_without_targeting_shows_no_targeting_switch() {
    clear_storage();
    let m = mount_banner(config(&[("data-categories", "performance,functionality")]));
    tick().await;
    m.ui.open_preferences(None);
    tick().await;
    assert!(m
        .container
        .query_selector("#pcc-consent-switch-targeting")
        .unwrap()
        .is_none());
    button(&m.container, "Accept all").click();
    tick().await;
    assert!(!stored().choices.allows(Category::Targeting));
}
