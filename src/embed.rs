//! The script-tag entry point. `pcc-consent.js` (src/js/loader.js, src/js/module.js)
//! fetches `pcc-consent.wasm` and calls [`boot`] with the `<script>` element that
//! carries the site's settings (its `findTag()`: found however the tag is written,
//! module or classic, and the copy with settings where the page has two); everything a
//! site configures is read from that tag's `data-*` attributes here, once.

use crate::api;
use crate::browser;
use crate::config::{Config, PageFacts, MAX_BLOCK_BYTES, MAX_ERRORS_REPORTED};
use crate::consent_state::ConsentState;
use crate::events;
use crate::ui::{
    drop_first_view, isolated_root_in, keep_on_swapped_pages, listen_for_open_triggers, place_root,
    unplaced_root, ConsentBanner, CookieDeclaration, CookieSettings, UiState, HOST_ID,
};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

/// Starts the banner for the page that loaded `script`; the promise resolves once it is
/// mounted and `pcc-consent:ready` has fired. Never rejects: problems are logged and the
/// page carries on. The steps, in order: read the config; read the stored choice;
/// start the gate; follow choices made elsewhere (and read the stored choice again,
/// then write it back fresh); install the JS API; listen for "Cookie settings" links;
/// build the banner off the page, then show it; mount the cookies page; watch for
/// swapped bodies and announce. Each runs in its own
/// task, and the first waits for one too (instantiating the module is a task of its
/// own): V8 compiles each WebAssembly function on the main thread when it first runs,
/// so a task that first runs a lot of code is long, and Lighthouse's mobile preset
/// counts every task at 4x; short tasks also let a visitor's input through between them.
#[wasm_bindgen]
pub async fn boot(script: Option<Element>) {
    // Everything reactive lives for the page's lifetime, under this owner; it is set
    // again after each task boundary (a page's handlers may have run in between).
    let owner = Owner::new();
    owner.set();
    std::mem::forget(owner.clone());
    next_task(&owner).await;

    let config = Arc::new(read_config(script.as_ref()));
    // Before the gate draws any iframe placeholder.
    crate::ui::add_print_rules();
    next_task(&owner).await;
    let state = ConsentState::read(config.clone());
    next_task(&owner).await;
    state.start_gate();
    next_task(&owner).await;
    // The page keeps following other pages for its lifetime. A choice made elsewhere
    // since the read above is not missed: the stored choice is read again once this
    // listens, and a change is applied as one heard later would be.
    std::mem::forget(state.follow_other_pages());
    state.reread_storage();
    state.keep_stored_fresh();
    next_task(&owner).await;
    let ui = UiState::new();
    // Runs the stub's queued calls, in order, against the gate just started.
    api::install(state, ui, config.clone());
    next_task(&owner).await;
    // The page keeps it for its lifetime.
    std::mem::forget(listen_for_open_triggers(ui));
    let page = Page { config, state, ui };
    next_task(&owner).await;
    // Built in one task, off the page (no style or layout yet), shown in the next: the
    // banner's code runs for the first time here, so this is the longest step.
    let host = match unplaced_root(&page.config.theme) {
        Ok((host, root)) => {
            page.mount(root, || view! { <ConsentBanner/> });
            host
        }
        Err(why) => {
            browser::error(&format!("not showing the banner: {why}"));
            return;
        }
    };
    next_task(&owner).await;
    if let Err(why) = place_root(&host) {
        browser::error(&format!("not showing the banner: {why}"));
        return;
    }
    // In the same task as placing it: the page never paints without a banner.
    drop_first_view();
    next_task(&owner).await;
    mount_cookies_page(&page, false);
    next_task(&owner).await;
    // Sites whose links swap the body (Turbo, htmx, PJAX): the same banner stays, and a
    // cookies page swapped in gets its form.
    if let Some(host) = browser::document()
        .and_then(|d| d.get_element_by_id(HOST_ID))
        .and_then(|h| h.dyn_into::<HtmlElement>().ok())
    {
        let again = page.clone();
        keep_on_swapped_pages(host, move || mount_cookies_page(&again, true));
    }
    events::dispatch_ready(state.record.get_untracked().as_ref(), &page.config);
}

/// Lets the browser run its next task (input, rendering, the page's own scripts) before
/// going on, then makes `owner` current again. A MessageChannel message, not a 0 ms
/// timeout: timers are clamped to 4 ms once nested and throttled to one a second in a
/// hidden page (a change made in another tab boots the module there at once). Resolved
/// at once where there is no channel to post to.
async fn next_task(owner: &Owner) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let posted = web_sys::MessageChannel::new().is_ok_and(|channel| {
            let port = channel.port1();
            port.set_onmessage(Some(&resolve));
            let posted = channel.port2().post_message(&JsValue::NULL).is_ok();
            // The port's handler keeps it (and the resolve function) until it has run.
            std::mem::forget(channel);
            posted
        });
        if !posted {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    owner.set();
}

/// What every view of the page finds in context: the site's settings, the consent and
/// the UI state.
#[derive(Clone)]
struct Page {
    config: Arc<Config>,
    state: ConsentState,
    ui: UiState,
}

impl Page {
    /// Mounts `view` into `root` with the page's settings, consent and UI state in
    /// context, as a Leptos app would; it stays for the page's lifetime.
    fn mount<V: IntoView + 'static>(&self, root: HtmlElement, view: impl FnOnce() -> V + 'static) {
        let Page { config, state, ui } = self.clone();
        leptos::mount::mount_to(root, move || {
            crate::provide_config(config);
            provide_context(state);
            provide_context(ui);
            view()
        })
        .forget();
    }
}

/// Renders the cookies page's settings form and declaration table into the elements
/// the page marked with `data-pcc-consent-settings` / `data-pcc-consent-declaration`;
/// with `only_new`, quietly skips those already mounted (after a body swap).
fn mount_cookies_page(page: &Page, only_new: bool) {
    let Some(document) = browser::document() else {
        return;
    };
    for (selector, settings) in [
        ("[data-pcc-consent-settings]", true),
        ("[data-pcc-consent-declaration]", false),
    ] {
        let Ok(found) = document.query_selector_all(selector) else {
            continue;
        };
        for host in (0..found.length()).filter_map(|i| found.item(i)) {
            let Ok(host) = host.dyn_into::<HtmlElement>() else {
                continue;
            };
            if only_new && host.shadow_root().is_some() {
                continue;
            }
            match isolated_root_in(&host, &page.config.theme) {
                Ok(root) if settings => page.mount(root, || view! { <CookieSettings/> }),
                Ok(root) => page.mount(root, || view! { <CookieDeclaration/> }),
                Err(why) => browser::error(&format!("{selector}: {why}")),
            }
        }
    }
}

/// The config from the script tag's attributes and the page's config block, with
/// every refused setting reported.
fn read_config(script: Option<&Element>) -> Config {
    let (mut config, mut errors) = read_attributes(script);
    if let Some(block) = browser::document()
        .and_then(|d| d.get_element_by_id("pcc-consent-config"))
        .and_then(|el| js_sys::Reflect::get(&el, &"textContent".into()).ok())
        .and_then(|text| text.dyn_into::<js_sys::JsString>().ok())
    {
        // Measured in JS first: a huge block is refused without copying it in.
        let length = block.length() as usize;
        if length > MAX_BLOCK_BYTES {
            errors.push(crate::config::ConfigError {
                origin: crate::config::Origin::Block(String::new()),
                value: format!("{length} characters"),
                expected: "a block of at most 65,536 bytes; the whole block is ignored",
            });
        } else {
            errors.extend(config.apply_json_block(&String::from(block)));
        }
    }
    for e in errors.iter().take(MAX_ERRORS_REPORTED) {
        browser::error(&e.to_string());
    }
    if errors.len() > MAX_ERRORS_REPORTED {
        browser::error(&format!(
            "{} more settings were ignored (only the first {MAX_ERRORS_REPORTED} are listed)",
            errors.len() - MAX_ERRORS_REPORTED
        ));
    }
    for warning in config.warnings() {
        browser::warn(&warning.to_string());
    }
    // The nonce attribute reads back empty once parsed; the property keeps it.
    config.script_nonce = script
        .and_then(|s| js_sys::Reflect::get(s, &"nonce".into()).ok())
        .and_then(|n| n.as_string())
        .filter(|n| !n.is_empty());
    config
}

/// The `data-pcc-consent` values of the gated scripts and iframes in the page now.
fn gated_categories(document: &web_sys::Document) -> Vec<String> {
    let Ok(found) = document.query_selector_all(GATED) else {
        return Vec::new();
    };
    // Used as a set: deduplicated as found rather than sorted, which would link the
    // standard library's stable sort into the bundle for this one call (-2.6 KB gzip).
    let mut values: Vec<String> = Vec::new();
    for value in (0..found.length())
        .filter_map(|i| found.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter_map(|el| el.get_attribute("data-pcc-consent"))
    {
        if !values.contains(&value) {
            values.push(value);
        }
    }
    values
}

/// Gated content, as `src/gate/blocked_content.js` finds it.
const GATED: &str = "script[data-pcc-consent], iframe[data-pcc-consent]";

fn read_attributes(script: Option<&Element>) -> (Config, Vec<crate::config::ConfigError>) {
    let window = web_sys::window();
    let document = window.as_ref().and_then(|w| w.document());
    let page = PageFacts {
        host: window
            .as_ref()
            .and_then(|w| w.location().hostname().ok())
            .unwrap_or_default(),
        html_lang: document
            .as_ref()
            .and_then(|d| d.document_element())
            .and_then(|html| html.get_attribute("lang")),
        gated_categories: document.as_ref().map(gated_categories).unwrap_or_default(),
    };
    let attrs: Vec<(String, String)> = script
        .map(|s| {
            s.get_attribute_names()
                .iter()
                .filter_map(|name| name.as_string())
                .filter(|name| name.starts_with("data-"))
                .filter_map(|name| s.get_attribute(&name).map(|v| (name, v)))
                .collect()
        })
        .unwrap_or_default();
    Config::from_attributes(attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())), &page)
}
