//! The only module that reads or writes the visitor's stored choice.
//!
//! Persistent mode keeps two copies, a first-party cookie (`Path=/`, `SameSite=Lax`,
//! `Secure` on https, `Max-Age` = the record's lifetime, optional `Domain`) and a
//! localStorage entry of the same name; on load the newer readable copy wins and the
//! other is repaired. Session mode ("discreet mode") keeps one sessionStorage entry and
//! removes any persistent copy, so the visit leaves no lasting trace.
//!
//! Every browser call here can throw (cookies blocked, storage disabled, sandboxed
//! frames, quota): each is caught and reported, never unwrapped, so a hostile page
//! cannot take the banner or the quick exit down.

use crate::browser::describe;
use crate::browser::{document_cookie, now_ms, set_document_cookie, warn};
use crate::config::{Config, StorageMode};
use crate::consent::ConsentRecord;

/// Where one copy lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Cookie,
    Local,
    Session,
}

impl Place {
    fn label(self) -> &'static str {
        match self {
            Place::Cookie => "cookie",
            Place::Local => "localStorage",
            Place::Session => "sessionStorage",
        }
    }
}

/// Reads and writes the consent record as the config says.
#[derive(Clone, Debug)]
pub struct ConsentStore {
    mode: StorageMode,
    name: String,
    domain: Option<String>,
}

/// A save that wrote no copy at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveFailed;

impl ConsentStore {
    pub fn new(config: &Config) -> ConsentStore {
        ConsentStore {
            mode: config.storage,
            name: config.cookie_name.clone(),
            domain: config.cookie_domain.clone(),
        }
    }

    fn places(&self) -> &'static [Place] {
        match self.mode {
            StorageMode::Persistent => &[Place::Cookie, Place::Local],
            StorageMode::Session => &[Place::Session],
        }
    }

    /// The stored record, if a readable one exists. Unreadable copies are reported with
    /// `console.warn` and treated as absent; a missing or stale copy is repaired.
    pub fn load(&self) -> Option<ConsentRecord> {
        if self.mode == StorageMode::Session {
            // Discreet mode: a persistent copy from before must not linger.
            for place in [Place::Cookie, Place::Local] {
                if matches!(self.read(place), Ok(Some(_))) {
                    self.remove(place);
                }
            }
        }
        let copies: Vec<(Place, Option<ConsentRecord>)> = self
            .places()
            .iter()
            .map(|&place| (place, self.read_record(place)))
            .collect();
        let newest = copies
            .iter()
            .filter_map(|(_, r)| r.as_ref())
            .max_by_key(|r| r.given_at_ms)
            .cloned()?;
        for (place, copy) in &copies {
            if copy.as_ref() != Some(&newest) {
                let _ = self.write(*place, &newest);
            }
        }
        Some(newest)
    }

    /// Writes every copy. Fails only when no copy could be written.
    pub fn save(&self, record: &ConsentRecord) -> Result<(), SaveFailed> {
        let mut any = false;
        for &place in self.places() {
            match self.write(place, record) {
                Ok(()) => any = true,
                Err(why) => warn(&format!(
                    "pcc-consent: could not save the consent choice to {}: {why}",
                    place.label()
                )),
            }
        }
        any.then_some(()).ok_or(SaveFailed)
    }

    /// Removes every copy (the JS API's `reset()`).
    pub fn clear(&self) {
        for place in [Place::Cookie, Place::Local, Place::Session] {
            self.remove(place);
        }
    }

    fn read_record(&self, place: Place) -> Option<ConsentRecord> {
        let raw = match self.read(place) {
            Ok(raw) => raw?,
            Err(why) => {
                warn(&format!(
                    "pcc-consent: cannot read {}: {why}; no consent is assumed",
                    place.label()
                ));
                return None;
            }
        };
        match ConsentRecord::from_stored(&raw) {
            Ok(r) => Some(r),
            Err(why) => {
                warn(&format!(
                    "pcc-consent: ignoring the stored consent in {} {:?}: {why}; \
                     the banner is shown and nothing is granted",
                    place.label(),
                    self.name
                ));
                None
            }
        }
    }

    fn read(&self, place: Place) -> Result<Option<String>, String> {
        match place {
            Place::Cookie => Ok(read_cookie(&document_cookie()?, &self.name)),
            Place::Local | Place::Session => web_storage(place)?
                .get_item(&self.name)
                .map_err(|e| describe(&e)),
        }
    }

    fn write(&self, place: Place, record: &ConsentRecord) -> Result<(), String> {
        let stored = record.to_stored();
        match place {
            Place::Cookie => {
                let max_age = record.expires_at_ms.saturating_sub(now_ms()) / 1000;
                let value = String::from(js_sys::encode_uri_component(&stored));
                self.set_cookie(&value, max_age)?;
                // Blocked cookies are dropped silently: check that it stuck.
                match read_cookie(&document_cookie()?, &self.name) {
                    Some(v) if v == stored => Ok(()),
                    _ => Err("the browser did not keep the cookie".into()),
                }
            }
            Place::Local | Place::Session => web_storage(place)?
                .set_item(&self.name, &stored)
                .map_err(|e| describe(&e)),
        }
    }

    fn remove(&self, place: Place) {
        match place {
            Place::Cookie => {
                let _ = self.set_cookie("", 0);
            }
            Place::Local | Place::Session => {
                if let Ok(storage) = web_storage(place) {
                    let _ = storage.remove_item(&self.name);
                }
            }
        }
    }

    fn set_cookie(&self, value: &str, max_age_s: u64) -> Result<(), String> {
        let mut cookie = format!(
            "{}={value}; Path=/; SameSite=Lax; Max-Age={max_age_s}",
            self.name
        );
        if let Some(domain) = &self.domain {
            cookie.push_str("; Domain=");
            cookie.push_str(domain);
        }
        if is_https() {
            cookie.push_str("; Secure");
        }
        set_document_cookie(&cookie)
    }
}

/// The value of cookie `name` in a `document.cookie` string, percent-decoded.
fn read_cookie(all: &str, name: &str) -> Option<String> {
    all.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then(|| {
            js_sys::decode_uri_component(v)
                .map(String::from)
                .unwrap_or_else(|_| v.to_owned())
        })
    })
}

/// localStorage or sessionStorage. Reaching the object throws in sandboxed frames and
/// where the visitor blocks site data; each call on it can throw too (quota, privacy
/// modes), so every caller maps the error.
fn web_storage(place: Place) -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("no window")?;
    let storage = if place == Place::Session {
        window.session_storage()
    } else {
        window.local_storage()
    };
    storage
        .map_err(|e| describe(&e))?
        .ok_or_else(|| "storage is not available".to_owned())
}

fn is_https() -> bool {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "https:")
}
