//! The script-tag entry point. `pcc-consent.js` (src/js/loader.js) loads the WebAssembly
//! and calls [`boot`] with its own `<script>` element; everything a site configures is
//! read from that tag's `data-*` attributes here, once.

use crate::api;
use crate::config::{Config, PageFacts};
use crate::consent_state::ConsentState;
use crate::events;
use crate::ui::{
    cookie_declaration, isolated_root, isolated_root_in, listen_for_open_triggers, ConsentBanner,
    CookieSettings, UiState,
};
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// Starts the banner for the page that loaded `script`. Never throws: problems are
/// logged and the page carries on.
#[wasm_bindgen]
pub fn boot(script: Option<Element>) {
    let (mut config, mut errors) = read_config(script.as_ref());
    if let Some(block) = crate::browser::document()
        .and_then(|d| d.get_element_by_id("pcc-consent-config"))
        .and_then(|el| el.text_content())
    {
        errors.extend(config.apply_json_block(&block));
    }
    for e in &errors {
        web_sys::console::error_1(&e.to_string().into());
    }
    for warning in config.warnings() {
        web_sys::console::warn_1(&warning.into());
    }
    // The nonce attribute reads back empty once parsed; the property keeps it.
    config.script_nonce = script
        .as_ref()
        .and_then(|s| js_sys::Reflect::get(s, &"nonce".into()).ok())
        .and_then(|n| n.as_string())
        .filter(|n| !n.is_empty());
    let theme = config.theme.clone();
    let state = ConsentState::load(config);
    let ui = UiState::new();
    api::install(&state, &ui);
    // The page keeps these for its lifetime.
    std::mem::forget(listen_for_open_triggers(&ui));
    match isolated_root(&theme) {
        Ok(root) => std::mem::forget(ConsentBanner::mount(&root, &state, &ui)),
        Err(why) => {
            let why = format!("pcc-consent: not showing the banner: {why}");
            web_sys::console::error_1(&why.into());
            return;
        }
    }
    mount_cookies_page(&state, &theme);
    events::dispatch_ready(state.record().as_ref());
}

/// Renders the cookies page's settings form and declaration table into the elements
/// the page marked with `data-pcc-consent-settings` / `data-pcc-consent-declaration`.
fn mount_cookies_page(state: &ConsentState, theme: &[(String, String)]) {
    let Some(document) = crate::browser::document() else {
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
            let Ok(host) = host.dyn_into::<web_sys::HtmlElement>() else {
                continue;
            };
            match isolated_root_in(&host, theme) {
                Ok(root) if settings => std::mem::forget(CookieSettings::mount(&root, state)),
                Ok(root) => {
                    cookie_declaration(&root, state);
                }
                Err(why) => {
                    web_sys::console::error_1(&format!("pcc-consent: {selector}: {why}").into());
                }
            }
        }
    }
}

fn read_config(script: Option<&Element>) -> (Config, Vec<crate::config::ConfigError>) {
    let window = web_sys::window();
    let document = window.as_ref().and_then(|w| w.document());
    let page = PageFacts {
        host: window
            .as_ref()
            .and_then(|w| w.location().hostname().ok())
            .unwrap_or_default(),
        html_lang: document
            .and_then(|d| d.document_element())
            .and_then(|html| html.get_attribute("lang")),
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
