//! The cookies page views (the settings form and the declaration tables) in real
//! headless Chromium, on the same consent state as the banner.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use pcc_consent::consent::Category;
use pcc_consent::ui::{CookieDeclaration, CookieSettings};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

mod common;
use common::{clear_storage, config, find_button, mount};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_settings_form_saves_like_the_banner_and_the_declaration_follows_the_config() {
    clear_storage();
    let m = mount(
        config(&[
            ("data-ga-id", "G-LEPTOS1"),
            ("data-cookie-name", "site_choice"),
        ]),
        || view! { <CookieSettings/> <CookieDeclaration/> },
    );
    tick().await;
    let (container, state) = (&m.container, m.state);
    let radio = |id: &str, value: &str| -> HtmlInputElement {
        container
            .query_selector(&format!(
                "input[name=pcc-consent-settings-{id}][value={value}]"
            ))
            .unwrap()
            .expect("radio")
            .unchecked_into()
    };
    assert!(
        radio("performance", "off").checked(),
        "do not use, until the visitor opts in"
    );
    radio("performance", "on").click();
    tick().await;
    find_button(container, "Save cookie settings")
        .unwrap()
        .click();
    tick().await;
    assert!(state.granted.get_untracked().allows(Category::Performance));
    assert!(!state.granted.get_untracked().allows(Category::Targeting));
    let notice = container
        .query_selector("[role=alert]")
        .unwrap()
        .expect("notice");
    assert_eq!(
        notice.text_content().unwrap(),
        "You’ve set your cookie preferences."
    );
    let names = |selector: &str| -> Vec<String> {
        let cells = container.query_selector_all(selector).unwrap();
        (0..cells.length())
            .filter_map(|i| cells.item(i)?.text_content())
            .collect()
    };
    // The cookies, and (in their own rows) the services each category governs.
    assert_eq!(
        names("tbody tr:not([data-service]) th"),
        ["site_choice", "_ga", "_ga_LEPTOS1"]
    );
    assert_eq!(names("tbody tr[data-service] th"), ["Google Analytics 4"]);
}

#[wasm_bindgen_test]
async fn the_form_follows_a_choice_made_elsewhere_and_announces_each_save() {
    clear_storage();
    let m = mount(config(&[]), || view! { <CookieSettings/> });
    tick().await;
    let (container, state) = (&m.container, m.state);
    let on = |id: &str| -> bool {
        container
            .query_selector(&format!("input[name=pcc-consent-settings-{id}][value=on]"))
            .unwrap()
            .unwrap()
            .unchecked_into::<HtmlInputElement>()
            .checked()
    };
    assert!(!on("targeting"));
    // The banner (or the JS API) accepts everything while the cookies page is open.
    state.accept_all();
    tick().await;
    assert!(on("targeting"), "the form shows the new choice");
    let save = find_button(container, "Save cookie settings").unwrap();
    save.click();
    tick().await;
    let first = container.query_selector("[role=alert]").unwrap().unwrap();
    save.click();
    tick().await;
    let alerts = container.query_selector_all("[role=alert]").unwrap();
    assert_eq!(alerts.length(), 1, "one notice at a time");
    assert!(
        !alerts.item(0).unwrap().is_same_node(Some(&first)),
        "a new alert, so screen readers announce the second save too"
    );
}
