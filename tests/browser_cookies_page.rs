//! The cookies page as Leptos components (`<CookieSettings/>`, `<CookieDeclaration/>`)
//! in real headless Chromium, below the same consent context as the banner.
#![cfg(target_arch = "wasm32")]

use leptos::{prelude::*, task::tick};
use pcc_consent::consent::Category;
use pcc_consent::ui::{CookieDeclaration, CookieSettings};
use pcc_consent::ConsentState;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

mod common;
use common::{clear_storage, config, document, find_button};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_settings_form_saves_like_the_banner_and_the_declaration_follows_the_config() {
    clear_storage();
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let state = ConsentState::load(config(&[
        ("data-ga-id", "G-LEPTOS1"),
        ("data-cookie-name", "site_choice"),
    ]));
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        provide_context(state);
        view! { <CookieSettings/> <CookieDeclaration/> }
    });
    tick().await;
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
    find_button(&container, "Save cookie settings")
        .unwrap()
        .click();
    tick().await;
    assert!(state.allows(Category::Performance));
    assert!(!state.allows(Category::Targeting));
    let notice = container
        .query_selector("[role=alert]")
        .unwrap()
        .expect("notice");
    assert_eq!(
        notice.text_content().unwrap(),
        "You’ve set your cookie preferences."
    );
    let names: Vec<String> = {
        let cells = container.query_selector_all("tbody th").unwrap();
        (0..cells.length())
            .filter_map(|i| cells.item(i)?.text_content())
            .collect()
    };
    assert_eq!(names, ["site_choice", "_ga", "_ga_LEPTOS1"]);
}
