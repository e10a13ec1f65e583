//! The Leptos components (feature `leptos`) in real headless Chromium: they mount the
//! same views as the script tag, `use_consent` is reactive, and unmounting removes
//! what they added.
#![cfg(all(target_arch = "wasm32", feature = "leptos"))]

use leptos::{prelude::*, task::tick};
use pcc_consent::consent::Category;
use pcc_consent::leptos_app::{
    provide_consent, use_consent, ConsentBanner, CookieDeclaration, CookieSettings,
};
use pcc_consent::ConsentState;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{clear_storage, config, dialog, document, find_button};

#[wasm_bindgen_test]
async fn use_consent_gives_leptos_apps_a_reactive_view() {
    clear_storage();
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let cfg = config(&[]);
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        provide_consent(ConsentState::load(cfg));
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
    find_button(&container, "Accept additional cookies")
        .unwrap()
        .click();
    tick().await;
    assert!(container
        .query_selector("#analytics-note")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn in_a_leptos_app_data_pcc_consent_open_links_work_until_the_banner_unmounts() {
    clear_storage();
    let link: HtmlElement = document().create_element("a").unwrap().unchecked_into();
    link.set_attribute("href", "#settings").unwrap();
    link.set_attribute("data-pcc-consent-open", "").unwrap();
    document().body().unwrap().append_child(&link).unwrap();
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let cfg = config(&[]);
    let handle = leptos::mount::mount_to(
        container.clone(),
        move || view! { <ConsentBanner config=cfg/> },
    );
    tick().await;
    link.click();
    tick().await;
    assert!(dialog(&container).open(), "the link opened the dialog");
    find_button(&container, "Close").unwrap().click();
    tick().await;
    drop(handle);
    // Unmounted: the link is an ordinary link again (and nothing throws).
    link.click();
    tick().await;
    link.remove();
}

#[wasm_bindgen_test]
async fn the_cookies_page_components_save_and_unmount_cleanly() {
    clear_storage();
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let state = ConsentState::load(config(&[("data-ga-id", "G-LEPTOS1")]));
    let saved = state.clone();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        provide_consent(state);
        view! { <CookieSettings/> <CookieDeclaration/> }
    });
    tick().await;
    container
        .query_selector("input[name=pcc-consent-settings-performance][value=on]")
        .unwrap()
        .expect("the form is mounted")
        .unchecked_into::<HtmlElement>()
        .click();
    find_button(&container, "Save cookie settings")
        .unwrap()
        .click();
    assert!(saved.allows(Category::Performance));
    assert!(
        container.query_selector("tbody th").unwrap().is_some(),
        "tables"
    );
    drop(handle);
    tick().await;
    assert!(
        container.query_selector("form").unwrap().is_none(),
        "unmounted"
    );
}
