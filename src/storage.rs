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

use crate::browser::{document_cookie, now_ms, set_document_cookie, warn};
use crate::config::{Config, StorageMode};
use crate::consent::ConsentRecord;
use gloo_storage::{LocalStorage, SessionStorage, Storage};

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
            Place::Local => read_web_storage::<LocalStorage>(local_storage_usable(), &self.name),
            Place::Session => {
                read_web_storage::<SessionStorage>(session_storage_usable(), &self.name)
            }
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
            Place::Local => {
                write_web_storage::<LocalStorage>(local_storage_usable(), &self.name, &stored)
            }
            Place::Session => {
                write_web_storage::<SessionStorage>(session_storage_usable(), &self.name, &stored)
            }
        }
    }

    fn remove(&self, place: Place) {
        match place {
            Place::Cookie => {
                let _ = self.set_cookie("", 0);
            }
            Place::Local if local_storage_usable() => LocalStorage::delete(&self.name),
            Place::Session if session_storage_usable() => SessionStorage::delete(&self.name),
            _ => {}
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

/// gloo-storage panics when the storage object itself is unreachable (sandboxed
/// frames, blocked site data), so probe it first.
fn local_storage_usable() -> bool {
    web_sys::window().is_some_and(|w| matches!(w.local_storage(), Ok(Some(_))))
}

fn session_storage_usable() -> bool {
    web_sys::window().is_some_and(|w| matches!(w.session_storage(), Ok(Some(_))))
}

fn read_web_storage<S: Storage>(usable: bool, key: &str) -> Result<Option<String>, String> {
    if !usable {
        return Err("storage is not available".into());
    }
    match S::get::<serde_json::Value>(key) {
        Ok(value) => Ok(Some(value.to_string())),
        Err(gloo_storage::errors::StorageError::KeyNotFound(_)) => Ok(None),
        // Not JSON at all: hand the parser something it will refuse with a reason.
        Err(gloo_storage::errors::StorageError::SerdeError(e)) => Ok(Some(format!("<{e}>"))),
        Err(e) => Err(e.to_string()),
    }
}

fn write_web_storage<S: Storage>(usable: bool, key: &str, stored: &str) -> Result<(), String> {
    if !usable {
        return Err("storage is not available".into());
    }
    let value: serde_json::Value = serde_json::from_str(stored).map_err(|e| e.to_string())?;
    S::set(key, value).map_err(|e| e.to_string())
}

fn is_https() -> bool {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "https:")
}
