//! The gate: the only code that inserts third-party scripts, tells vendors the consent
//! state, runs the site's consent-gated content, and deletes third-party cookies.
//!
//! Nothing reaches Google's or Microsoft's hosts before the governing category is
//! granted ("basic" consent mode): until then only the Consent Mode default is queued
//! in `window.dataLayer`. [`start`] runs once at page load with what the stored record
//! grants; [`apply`] runs on every decision after that. With a Tag Manager container,
//! every decision (and the stored one at load) is a Consent Mode update then a
//! `pcc_consent_update` event, in that order, before `gtm.js` is requested.
//!
//! Each service runs only while its category is granted and the visitor has not
//! switched it off ([`Grants::allows_service`]): a refused service's script is never
//! requested, and switching one off stops it as withdrawing its category does.

mod blocked_content;
mod clarity;
mod google;
mod gtm;
mod third_party_cookies;

use crate::config::{Config, StorageMode};
use crate::consent::vendor_signals::Vendor;
use crate::consent::{Category, Choices, Grants};
use wasm_bindgen::JsCast;

/// At page load: Consent Mode defaults first, then whatever the stored choice grants.
/// `decided`: the visitor has a choice in force (a Tag Manager container hears it).
pub fn start(config: &Config, grants: &Grants, decided: bool) {
    if let Some(applied) = applied_by_loader() {
        // The loader's fast path (src/js/returning/) already did this start for a stored
        // choice: the defaults, the vendor scripts. It applies only whole categories (a
        // record with services switched off goes this full path), so only what differs
        // since is applied here (another tab may have decided meanwhile), and nothing
        // goes in twice.
        blocked_content::start(config);
        let applied = Grants::categories(applied);
        if applied == *grants {
            set_granted(config, grants);
        } else {
            apply_changes(config, &applied, grants, true);
        }
        return;
    }
    // Before anything of ours is inserted: what is there now was put there by others.
    ungated::watch_ungated_vendors();
    if config.ga.is_some() || config.gtm.is_some() {
        google::set_defaults();
    }
    blocked_content::start(config);
    if config.storage == StorageMode::Session {
        // Discreet mode: analytics cookies an earlier visit left must not stay on the
        // device while nothing grants them.
        for (id, service) in config.built_ins() {
            if !grants.allows_service(service.category, id) {
                third_party_cookies::delete(vendor_of(id));
            }
        }
    }
    // At load with nothing granted, the default already says it all, unless a container
    // is to hear the stored choice.
    let tell_google = grants.choices != Choices::none() || (decided && config.gtm.is_some());
    apply_changes(config, &Grants::default(), grants, tell_google);
}

fn vendor_of(id: &str) -> Vendor {
    if id == "clarity" {
        Vendor::Clarity
    } else {
        Vendor::GoogleAnalytics
    }
}

/// After a decision, a change made elsewhere, or a reset: tell the vendors, load or stop
/// services, clean up. A decision that changes nothing is still told to a Tag Manager
/// container (a first "Reject" is a decision its triggers may wait for).
pub fn apply(config: &Config, before: &Grants, after: &Grants) {
    if before != after {
        apply_changes(config, before, after, true);
    } else if config.gtm.is_some() {
        google::update(after, config.ga.as_ref().map(|ga| ga.category));
        gtm::announce(&config.categories, after.choices);
    }
}

fn apply_changes(config: &Config, before: &Grants, after: &Grants, tell_google: bool) {
    let mut withdrawn = false;
    let discreet = config.storage == StorageMode::Session;
    let nonce = config.script_nonce.as_deref();
    if tell_google && (config.ga.is_some() || config.gtm.is_some()) {
        google::update(after, config.ga.as_ref().map(|ga| ga.category));
        if config.gtm.is_some() {
            gtm::announce(&config.categories, after.choices);
        }
    }
    // (was allowed, is allowed) for a built-in service.
    let runs = |id: &str, service: &crate::config::Service| {
        (
            before.allows_service(service.category, id),
            after.allows_service(service.category, id),
        )
    };
    if let Some(ga) = &config.ga {
        withdrawn |= google::apply(ga, nonce, runs("ga4", ga), discreet);
    }
    if let Some(gtm) = &config.gtm {
        withdrawn |= gtm::apply(gtm, nonce, runs("gtm", gtm));
    }
    if let Some(clarity) = &config.clarity {
        withdrawn |= clarity::apply(
            clarity,
            nonce,
            runs("clarity", clarity),
            &after.choices,
            discreet,
        );
    }
    set_granted(config, after);
    // A withdrawal or an objection removes what the site declared for that category,
    // and a declared service switched off loses its cookies.
    let services = config.declared_services.iter();
    let declared: Vec<&str> = config
        .site_cookies
        .iter()
        .filter(|c| before.allows(c.category) && !after.allows(c.category))
        .map(|c| c.name.as_str())
        .chain(
            services
                .filter(|s| {
                    before.allows_service(s.category, &s.id)
                        && !after.allows_service(s.category, &s.id)
                })
                .flat_map(|s| s.cookies.iter().map(String::as_str)),
        )
        .collect();
    if !declared.is_empty() {
        third_party_cookies::delete_declared(&declared);
    }
    if withdrawn && config.reload_on_withdraw {
        // A running vendor script may rewrite its cookies; a reload starts clean.
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    }
}

/// Tells the site's gated content what runs: the granted categories, and the services
/// switched off inside them.
fn set_granted(config: &Config, after: &Grants) {
    let granted: Vec<&str> = Category::OPTIONAL
        .iter()
        .filter(|c| after.allows(**c))
        .map(|c| c.id())
        .collect();
    let refused: Vec<String> = config
        .services()
        .into_iter()
        .filter(|s| !after.allows_service(s.category, &s.id))
        .map(|s| s.id)
        .collect();
    blocked_content::set_granted(&granted, &refused);
}

/// What the loader's fast path applied (`window[Symbol.for("pcc-consent.applied")]`, an
/// array of category ids), if it ran. An id it cannot read grants nothing here.
fn applied_by_loader() -> Option<Choices> {
    let window = web_sys::window()?;
    let key = js_sys::Symbol::for_("pcc-consent.applied");
    let applied = js_sys::Reflect::get(&window, &key).ok()?;
    let ids = applied.dyn_into::<js_sys::Array>().ok()?;
    let granted: Vec<Category> = ids
        .iter()
        .filter_map(|id| id.as_string())
        .filter_map(|id| Category::from_id(&id))
        .collect();
    Some(Choices::all_of(&granted))
}

/// Imports of `vendor_stubs.js`: the vendors' queue stubs and script insertion.
mod stubs {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/gate/vendor_stubs.js")]
    extern "C" {
        #[wasm_bindgen(js_name = gtagCommand)]
        pub fn gtag(command: &str, target: &JsValue, params: &JsValue);
        #[wasm_bindgen(js_name = clarityCommand)]
        pub fn clarity(command: &str, value: &JsValue);
        #[wasm_bindgen(js_name = insertServiceScript)]
        pub fn insert_service_script(service: &str, src: &str, nonce: &str) -> bool;
        #[wasm_bindgen(js_name = newDate)]
        pub fn new_date() -> JsValue;
        #[wasm_bindgen(js_name = dataLayerEvent)]
        pub fn data_layer_event(event: &str, states: &JsValue);
        #[wasm_bindgen(js_name = insertContainer)]
        pub fn insert_container(src: &str, nonce: &str) -> bool;
        #[wasm_bindgen(js_name = setContainerGaDisabled)]
        pub fn set_container_ga_disabled(disabled: bool);
    }
}

/// `ungated_vendors.js`: GA, GTM and Clarity loaded outside the gate are reported.
mod ungated {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/gate/ungated_vendors.js")]
    extern "C" {
        #[wasm_bindgen(js_name = watchUngatedVendors)]
        pub fn watch_ungated_vendors();
    }
}

/// `script_sinks.js`, which the two modules above import (wasm-bindgen copies a JS file
/// into the bundle only when Rust names it). Rust itself never calls it.
mod sinks {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/gate/script_sinks.js")]
    extern "C" {
        #[allow(dead_code)]
        #[wasm_bindgen(js_name = neutralise)]
        pub fn neutralise(script: &JsValue);
    }
}

/// `{"name": "granted" | "denied", …}` for a vendor's consent call.
fn signals_object(signals: &[(&str, bool)]) -> wasm_bindgen::JsValue {
    let object = js_sys::Object::new();
    for (name, granted) in signals {
        let value = if *granted { "granted" } else { "denied" };
        let _ = js_sys::Reflect::set(&object, &(*name).into(), &value.into());
    }
    object.into()
}
