//! The components as a Leptos app uses them, in real headless Chromium: `use_consent`
//! is reactive, a stand-alone `<ConsentBanner config/>` wires `data-pcc-consent-open`
//! links until it unmounts, and unmounting removes what the components added.
#![cfg(target_arch = "wasm32")]

use leptos::{prelude::*, task::tick};
use pcc_consent::consent::Category;
use pcc_consent::ui::{ConsentBanner, CookieDeclaration, CookieSettings};
use pcc_consent::{provide_consent, use_consent};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{clear_storage, config, container, dialog, document, find_button};

/// `<ConsentBanner config/>` run stand-alone, as an app without its own provider does;
/// dropping the handle unmounts it.
async fn stand_alone_banner() -> (HtmlElement, impl Drop) {
    let container = container();
    let cfg = config(&[]);
    let handle = leptos::mount::mount_to(
        container.clone(),
        move || view! { <ConsentBanner config=cfg/> },
    );
    tick().await;
    (container, handle)
}

#[wasm_bindgen_test]
async fn use_consent_gives_leptos_apps_a_reactive_view() {
    clear_storage();
    let container = container();
    let cfg = config(&[]);
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        provide_consent(cfg);
        // What an app would write below the provider.
        let consent = use_consent();
        view! {
            <ConsentBanner/>
            {move || consent.allows(Category::Performance).then(|| view! { <p id="analytics-note">"Analytics on"</p> })}
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
    let (container, handle) = stand_alone_banner().await;
    link.click();
    tick().await;
    assert!(dialog(&container).open(), "the link opened the dialog");
    find_button(&container, "Close").unwrap().click();
    tick().await;
    assert!(!dialog(&container).open(), "closed");
    drop(handle);
    tick().await;
    // Unmounted: the link is an ordinary link again (and nothing throws).
    link.click();
    tick().await;
    assert!(container.query_selector("dialog").unwrap().is_none());
    link.remove();
}

#[wasm_bindgen_test]
async fn the_cookies_page_components_save_and_unmount_cleanly() {
    clear_storage();
    let container = container();
    let cfg = config(&[("data-ga-id", "G-LEPTOS1")]);
    let (set_consent, consent) = std::sync::mpsc::channel();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        set_consent.send(provide_consent(cfg)).unwrap();
        view! { <CookieSettings/> <CookieDeclaration/> }
    });
    let consent = consent.recv().unwrap();
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
    tick().await;
    assert!(consent
        .granted
        .get_untracked()
        .allows(Category::Performance));
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

#[wasm_bindgen_test]
async fn after_unmounting_the_app_no_longer_follows_other_tabs_and_nothing_breaks() {
    clear_storage();
    let (_container, handle) = stand_alone_banner().await;
    js_sys::eval(
        r#"window.__changes = 0; window.__errors = [];
           document.addEventListener("pcc-consent:change", () => window.__changes++);
           window.addEventListener("error", (e) => window.__errors.push(String(e.message)));"#,
    )
    .unwrap();
    // What another tab's choice looks like here: its record in localStorage, then the event.
    let other_tab = || {
        js_sys::eval(
            r#"const at = Date.now();
               localStorage.setItem("pcc_consent", JSON.stringify({ v: 1, id: "c".repeat(32), rev: 1, at, exp: at + 864e5, how: "reject_all", grant: [], chg: [] }));
               window.dispatchEvent(new StorageEvent("storage", { key: "pcc_consent" }));"#,
        )
        .unwrap();
    };
    other_tab();
    tick().await;
    let counted = |name: &str| js_sys::eval(&format!("window.{name}")).unwrap();
    assert_eq!(
        counted("__changes").as_f64(),
        Some(1.0),
        "mounted: it follows the other tab"
    );
    drop(handle);
    tick().await;
    clear_storage();
    other_tab();
    tick().await;
    assert_eq!(
        counted("__changes").as_f64(),
        Some(1.0),
        "unmounted: it no longer listens"
    );
    assert_eq!(
        js_sys::eval("window.__errors.length").unwrap().as_f64(),
        Some(0.0),
        "and nothing throws"
    );
    clear_storage();
}
