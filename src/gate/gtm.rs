//! Google Tag Manager (`data-gtm-id`): `gtm.js` is requested only once its category is
//! granted (loading it contacts Google and lets the container run its tags, so it counts
//! as the tags' own access), once per page. On every decision the container hears a
//! `pcc_consent_update` event after the Consent Mode update, so its triggers react
//! without a reload. A withdrawal does for the GA4 tags it ran what it does for
//! `data-ga-id`: Consent Mode denied (sent by the gate), `ga-disable-<id>` for each GA4
//! id the container loaded, and GA's cookies deleted on the host and every parent domain.

use super::{stubs, third_party_cookies};
use crate::config::Service;
use crate::consent::vendor_signals::Vendor;
use crate::consent::{Category, Choices};

const DEFAULT_SRC: &str = "https://www.googletagmanager.com/gtm.js";
/// The `dataLayer` event pushed on every decision (a public name: containers trigger on it).
pub const EVENT: &str = "pcc_consent_update";

/// Pushes `{event: "pcc_consent_update", pcc_consent: {necessary: true, …}}` with every
/// offered category.
pub fn announce(offered: &[Category], choices: Choices) {
    let states = js_sys::Object::new();
    for category in offered {
        crate::browser::set_property(&states, category.id(), &choices.allows(*category).into());
    }
    stubs::data_layer_event(EVENT, &states.into());
}

/// Returns whether the container's category was withdrawn.
/// `(was, now)`: whether the container ran before and runs after this change.
pub fn apply(gtm: &Service, nonce: Option<&str>, (was, now): (bool, bool)) -> bool {
    if was != now {
        stubs::set_container_ga_disabled(!now);
    }
    if now && !was {
        stubs::insert_container(&script_src(gtm), nonce.unwrap_or(""));
    }
    let withdrawn = was && !now;
    if withdrawn {
        third_party_cookies::delete(Vendor::GoogleAnalytics);
    }
    withdrawn
}

/// The standard URL, or the site's own (`data-gtm-src`) with `id=` added if missing.
fn script_src(gtm: &Service) -> String {
    super::google::with_id(gtm.src.as_deref().unwrap_or(DEFAULT_SRC), &gtm.id)
}
