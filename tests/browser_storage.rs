//! Persistence in real headless Chromium: both copies written, a lost copy repaired,
//! the newer copy winning, discreet mode, storage that throws, and the change event.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::{Get, GetUntracked};
use pcc_consent::consent::{Category, Choices, ConsentId, ConsentRecord, Decision, DAY_MS};
use pcc_consent::ConsentState;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{clear_storage as clear_all, config, local, session, set_cookie, window, KEY};

fn cookies() -> String {
    let doc: web_sys::HtmlDocument = window().document().unwrap().unchecked_into();
    doc.cookie().unwrap()
}

fn cookie_value() -> Option<String> {
    cookies().split("; ").find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == KEY).then(|| String::from(js_sys::decode_uri_component(v).unwrap()))
    })
}

fn eval(js: &str) -> wasm_bindgen::JsValue {
    js_sys::eval(js).expect(js)
}

/// Makes localStorage and `document.cookie` throw, as where the visitor blocks site data.
fn block_storage() {
    eval(
        r#"window.__localStorage = Object.getOwnPropertyDescriptor(window, "localStorage");
           Object.defineProperty(window, "localStorage", { configurable: true, get() { throw new DOMException("blocked", "SecurityError"); } });
           Object.defineProperty(document, "cookie", { configurable: true, get() { throw new DOMException("blocked", "SecurityError"); }, set() { throw new DOMException("blocked", "SecurityError"); } });"#,
    );
}

/// Undoes [`block_storage`].
fn restore_storage() {
    eval(
        r#"Object.defineProperty(window, "localStorage", window.__localStorage);
           delete document.cookie;"#,
    );
}

fn record_given_at(ms: u64, decision: Decision) -> ConsentRecord {
    decision.into_record(
        (ConsentId::from_bytes([1; 16]), 1),
        1,
        365,
        ms,
        &Choices::none(),
    )
}

#[wasm_bindgen_test]
fn a_choice_is_written_to_the_cookie_and_to_local_storage() {
    clear_all();
    ConsentState::load(config(&[])).accept_all();
    let from_cookie = ConsentRecord::from_stored(&cookie_value().expect("cookie")).unwrap();
    let from_local =
        ConsentRecord::from_stored(&local().get_item(KEY).unwrap().expect("local")).unwrap();
    assert_eq!(
        from_cookie,
        from_local.cookie_form(),
        "the cookie keeps no id"
    );
    assert!(from_cookie.id.is_none() && from_local.id.is_some());
    assert!(from_cookie.choices.allows(Category::Targeting));
}

#[wasm_bindgen_test]
fn a_deleted_copy_is_repaired_from_the_other() {
    clear_all();
    ConsentState::load(config(&[])).reject_all();
    let original = local().get_item(KEY).unwrap().unwrap();

    local().remove_item(KEY).unwrap();
    assert!(
        !ConsentState::load(config(&[])).must_ask.get(),
        "the cookie copy is used"
    );
    let repaired =
        ConsentRecord::from_stored(&local().get_item(KEY).unwrap().expect("repaired")).unwrap();
    assert!(repaired.same_decision(&ConsentRecord::from_stored(&original).unwrap()));

    set_cookie(&format!("{KEY}=; Path=/; Max-Age=0"));
    assert!(
        !ConsentState::load(config(&[])).must_ask.get(),
        "the localStorage copy is used"
    );
    assert!(cookie_value().is_some(), "cookie repaired");
}

#[wasm_bindgen_test]
fn when_the_copies_disagree_the_newer_one_wins_and_replaces_the_other() {
    clear_all();
    let now = js_sys::Date::now() as u64;
    let older = record_given_at(now - 2 * DAY_MS, Decision::accept_all(&Category::ALL));
    let newer = record_given_at(now - DAY_MS, Decision::reject_all());
    local().set_item(KEY, &older.to_stored()).unwrap();
    set_cookie(&format!(
        "{KEY}={}; Path=/",
        String::from(js_sys::encode_uri_component(&newer.to_stored()))
    ));
    let state = ConsentState::load(config(&[]));
    assert!(
        !state.allows(Category::Performance),
        "the newer reject wins"
    );
    let repaired = ConsentRecord::from_stored(&local().get_item(KEY).unwrap().unwrap()).unwrap();
    assert_eq!(repaired, newer);
    let cookie = ConsentRecord::from_stored(&cookie_value().unwrap()).unwrap();
    assert_eq!(
        cookie,
        newer.cookie_form(),
        "the cookie rewritten in its reduced form"
    );
}

#[wasm_bindgen_test]
fn discreet_mode_keeps_the_choice_in_session_storage_only() {
    clear_all();
    // A persistent copy from before the site chose discreet mode must go too.
    ConsentState::load(config(&[])).accept_all();
    let state = ConsentState::load(config(&[("data-storage", "session")]));
    assert!(
        state.must_ask.get(),
        "persistent copies are not read in discreet mode"
    );
    state.reject_all();
    assert_eq!(cookie_value(), None, "no cookie");
    assert_eq!(
        local().get_item(KEY).unwrap(),
        None,
        "no localStorage entry"
    );
    assert!(
        session().get_item(KEY).unwrap().is_some(),
        "kept for this tab only"
    );
    assert!(!ConsentState::load(config(&[("data-storage", "session")]))
        .must_ask
        .get());
}

#[wasm_bindgen_test]
fn storage_that_throws_keeps_the_page_working_and_reports_the_failed_save() {
    clear_all();
    block_storage();
    let state = ConsentState::load(config(&[]));
    assert!(state.must_ask.get());
    state.accept_all();
    let failed = state.save_failed.get();
    let allowed = state.allows(Category::Performance);
    restore_storage();
    assert!(failed, "the visitor is told the save failed");
    assert!(allowed, "the choice still applies for this page");
    assert!(
        window().local_storage().unwrap().is_some(),
        "test restored storage"
    );
}

#[wasm_bindgen_test]
fn change_fires_once_per_decision_with_the_record_and_what_changed() {
    clear_all();
    eval(
        r#"window.__changes = [];
           document.addEventListener("pcc-consent:change", (e) => window.__changes.push(e.detail));"#,
    );
    let state = ConsentState::load(config(&[]));
    state.accept(&[Category::Functionality]);
    state.accept(&[Category::Functionality, Category::Performance]);
    state.reset();
    let summary = eval(
        r#"JSON.stringify(window.__changes.map((d) => [d.record && d.record.method, d.changed, d.record && d.record.categories.functionality]))"#,
    )
    .as_string()
    .unwrap();
    eval("window.__changes = []");
    assert_eq!(
        summary,
        r#"[["custom",["functionality"],true],["custom",["performance"],true],[null,["performance","functionality"],null]]"#
    );
}

#[wasm_bindgen_test]
fn values_written_by_0_3_0_are_read_from_the_cookie_and_local_storage_alike() {
    clear_all();
    // Written by pcc-consent 0.3.0, byte for byte (a custom choice: functionality only).
    let at = js_sys::Date::now() as u64 - DAY_MS;
    let old = format!(
        r#"{{"v":1,"id":"abababababababababababababababab","rev":1,"at":{at},"exp":{},"how":"custom","grant":["functionality"],"chg":["functionality"]}}"#,
        at + 365 * DAY_MS
    );
    local().set_item(KEY, &old).unwrap();
    let state = ConsentState::load(config(&[]));
    let record = state
        .record
        .get_untracked()
        .expect("the 0.3.0 choice is in force");
    assert_eq!(
        record.id.as_ref().map(|id| id.as_str()),
        Some("abababababababababababababababab")
    );
    assert!(state
        .granted
        .get_untracked()
        .allows(Category::Functionality));
    assert!(!state.granted.get_untracked().allows(Category::Performance));
    let cookie = ConsentRecord::from_stored(&cookie_value().unwrap()).unwrap();
    assert_eq!(
        cookie,
        record.cookie_form(),
        "repaired into the cookie: the same decision, no id, to the minute"
    );
    clear_all();
    set_cookie(&format!(
        "{KEY}={}; Path=/",
        String::from(js_sys::encode_uri_component(&old))
    ));
    let state = ConsentState::load(config(&[]));
    assert_eq!(state.record.get_untracked().map(|r| r.id), Some(record.id));
    assert_eq!(
        local().get_item(KEY).unwrap().as_deref(),
        Some(old.as_str())
    );
}

#[wasm_bindgen_test]
fn local_storage_is_read_as_strictly_as_the_cookie() {
    clear_all();
    // The same fields as an array, and an over-long value: neither is a record we wrote.
    let at = js_sys::Date::now() as u64;
    let array = format!(
        r#"[1,"abababababababababababababababab",1,{at},{},"accept_all",["performance"],[]]"#,
        at + DAY_MS
    );
    local().set_item(KEY, &array).unwrap();
    assert!(ConsentState::load(config(&[])).must_ask.get_untracked());
    local().set_item(KEY, &" ".repeat(5000)).unwrap();
    assert!(ConsentState::load(config(&[])).must_ask.get_untracked());
    clear_all();
}

#[wasm_bindgen_test]
fn a_choice_that_could_not_be_saved_is_not_undone_when_the_page_is_shown_again() {
    clear_all();
    block_storage();
    let state = ConsentState::load(config(&[]));
    let sync = state.follow_other_pages();
    state.accept_all();
    eval(r#"document.dispatchEvent(new Event("visibilitychange"));"#);
    let still = state.granted.get_untracked().allows(Category::Performance);
    sync.stop();
    restore_storage();
    assert!(still, "the visitor's unsaved choice stands for this page");
}
