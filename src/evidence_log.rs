//! Sends each new consent record to the site's `data-log-url`, so the site can keep
//! proof of consent: the record with its decision number (`record.seq`) and the hash of
//! the notice the visitor was shown (`record.noticeHash`).
//!
//! The notice ([`crate::notice`]) is posted once per page, to the log server's
//! `/notice` beside `data-log-url`'s `/consent`, before the first record; the server
//! answers its SHA-256 and later records of the page reuse it. A record never waits on
//! a notice that fails: without an answer (an error, a refusal, a URL not ending in
//! `/consent`) it is posted without `noticeHash`, and records still waiting when the
//! page is hidden are posted at once without it. Never lose a record.
//!
//! `fetch` with `keepalive` (it survives the page closing, like `sendBeacon`) and
//! `credentials: "omit"`: unlike `sendBeacon`, which always sends the site's cookies,
//! this sends nothing but the record and the page's origin and path (no query or
//! fragment). The result is ignored: a failing log endpoint never blocks or undoes the
//! visitor's choice.

use crate::browser::{describe, set_property, warn};
use crate::config::Config;
use crate::consent::ConsentRecord;
use crate::events::record_js;
use crate::notice::{notice_json, notice_url};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, Response};

/// The page's notice, as far as the log server has answered.
enum Notice {
    /// Not posted yet.
    NotPosted,
    /// Posted, no answer yet: these (log URL, body) wait for its hash.
    Waiting(Vec<(String, js_sys::Object)>),
    /// Answered: its hash, or `None` when it could not be stored.
    Known(Option<String>),
}

thread_local! {
    static NOTICE: RefCell<Notice> = const { RefCell::new(Notice::NotPosted) };
}

/// Logs `record`, made under `config`, to `url` (`data-log-url`).
pub fn send(url: &str, record: &ConsentRecord, config: &Config) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let js_record = record_js(record, config);
    set_property(&js_record, "seq", &record.seq.into());
    let body = js_sys::Object::new();
    set_property(&body, "record", &js_record);
    // Origin and path only: a query or fragment can carry what a visitor searched for,
    // a postcode or a case reference.
    let location = window.location();
    let page = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    set_property(&body, "page", &page.into());
    let Some(notice_at) = notice_url(url) else {
        post_record(url, &body, None);
        return;
    };
    let pending = (url.to_owned(), body);
    let first = NOTICE.with_borrow_mut(|notice| match notice {
        Notice::Known(hash) => {
            post_record(&pending.0, &pending.1, hash.as_deref());
            false
        }
        Notice::Waiting(queue) => {
            queue.push(pending);
            false
        }
        Notice::NotPosted => {
            *notice = Notice::Waiting(vec![pending]);
            true
        }
    });
    if first {
        flush_when_hidden(&window);
        let json = notice_json(config);
        wasm_bindgen_futures::spawn_local(async move {
            let hash = post_notice(&notice_at, &json).await.unwrap_or_else(|why| {
                warn(&format!(
                    "could not store the notice at {notice_at}: {why}; \
                     the consent record is logged without noticeHash"
                ));
                None
            });
            let queue = NOTICE.with_borrow_mut(|notice| {
                match std::mem::replace(notice, Notice::Known(hash.clone())) {
                    Notice::Waiting(queue) => queue,
                    _ => Vec::new(),
                }
            });
            for (url, body) in queue {
                post_record(&url, &body, hash.as_deref());
            }
        });
    }
}

/// Posts the notice; `Ok(Some(hash))` from the server's `{"hash": …}`.
async fn post_notice(url: &str, json: &str) -> Result<Option<String>, String> {
    let response = JsFuture::from(fetch(url, json).ok_or("no window")?)
        .await
        .map_err(|e| describe(&e))?;
    let response: Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let answer = JsFuture::from(response.json().map_err(|e| describe(&e))?)
        .await
        .map_err(|e| describe(&e))?;
    let hash = js_sys::Reflect::get(&answer, &"hash".into())
        .ok()
        .and_then(|h| h.as_string())
        .filter(|h| h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .ok_or("the answer has no SHA-256 \"hash\"")?;
    Ok(Some(hash))
}

/// On `pagehide`, records still waiting for the notice's hash are posted without it
/// (the answer could arrive after the page is gone). Registered once per page.
fn flush_when_hidden(window: &web_sys::Window) {
    let flush = Closure::<dyn FnMut()>::new(|| {
        let queue = NOTICE.with_borrow_mut(|notice| match notice {
            Notice::Waiting(queue) => std::mem::take(queue),
            _ => Vec::new(),
        });
        for (url, body) in queue {
            post_record(&url, &body, None);
        }
    });
    let _ = window.add_event_listener_with_callback("pagehide", flush.as_ref().unchecked_ref());
    flush.forget();
}

fn post_record(url: &str, body: &js_sys::Object, notice_hash: Option<&str>) {
    if let Some(hash) = notice_hash {
        if let Ok(record) = js_sys::Reflect::get(body, &"record".into()) {
            set_property(&record, "noticeHash", &hash.into());
        }
    }
    let Ok(json) = js_sys::JSON::stringify(body) else {
        return;
    };
    let Some(json) = json.as_string() else {
        return;
    };
    let Some(promise) = fetch(url, &json) else {
        return;
    };
    // Swallow the rejection so it is not reported as an unhandled error on the page.
    let ignore = Closure::<dyn FnMut(JsValue)>::new(|e: JsValue| {
        warn(&format!(
            "could not send the consent record to data-log-url: {}",
            describe(&e)
        ));
    });
    let _ = promise.catch(&ignore);
    ignore.forget();
}

/// A `keepalive`, cookie-less JSON `POST`.
fn fetch(url: &str, json: &str) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let init = RequestInit::new();
    init.set_method("POST");
    // `keepalive` is behind web-sys' unstable APIs; set it as a plain property.
    set_property(&init, "keepalive", &JsValue::TRUE);
    init.set_credentials(RequestCredentials::Omit);
    init.set_body(&json.into());
    let headers = js_sys::Object::new();
    set_property(&headers, "content-type", &"application/json".into());
    init.set_headers(&headers);
    Some(window.fetch_with_str_and_init(url, &init))
}
