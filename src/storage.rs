//! The only module that reads or writes the visitor's stored choice.
//!
//! Persistent mode keeps two copies, a first-party cookie (`Path=/`, `SameSite=Lax`,
//! `Secure` on https, `Max-Age` = the record's lifetime, optional `Domain`) and a
//! localStorage entry of the same name (through gloo-storage); on load the newest
//! readable copy wins, wherever it is, and the others are repaired. There can be two
//! cookies of the same name (a host-only one and one shared with `Domain=`): both are
//! read, and saving with a cookie domain removes the host-only one. Session mode
//! ("discreet mode") keeps one sessionStorage entry and removes any persistent copy, so
//! the visit leaves no lasting trace.
//!
//! Every browser call here can fail (cookies blocked, storage disabled, sandboxed
//! frames, quota): each failure is reported with `console.warn` and treated as "no
//! copy", never unwrapped. It never decides what a record grants: the core does.

use crate::browser::{describe, now_ms, warn};
use crate::config::{Config, StorageMode};
use crate::consent::ConsentRecord;
use crate::cookie::{self, CookieOptions};
use gloo_storage::errors::StorageError;
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

    /// The stored record, if a readable one exists: the newest of every copy.
    /// Unreadable copies are reported with `console.warn` and treated as absent; a
    /// missing or older copy is repaired.
    pub fn load(&self) -> Option<ConsentRecord> {
        if self.mode == StorageMode::Session {
            // Discreet mode: a persistent copy from before must not linger.
            self.remove(Place::Cookie);
            self.remove(Place::Local);
        }
        let copies: Vec<(Place, Vec<ConsentRecord>)> = self
            .places()
            .iter()
            .map(|&place| (place, self.read(place)))
            .collect();
        let newest = copies
            .iter()
            .flat_map(|(_, records)| records)
            .max_by_key(|r| r.given_at_ms)
            .cloned()?;
        for (place, records) in &copies {
            if records.as_slice() != std::slice::from_ref(&newest) {
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
                    "could not save the consent choice to {}: {why}",
                    place.label()
                )),
            }
        }
        any.then_some(()).ok_or(SaveFailed)
    }

    /// Whether any place of this mode can be read at all (storage blocked everywhere
    /// means "unknown", not "nothing stored").
    pub fn readable(&self) -> bool {
        self.places().iter().any(|&place| match place {
            Place::Cookie => cookie::read_all().is_ok(),
            _ => available(place).is_ok(),
        })
    }

    /// Writes `record` again, unchanged, to every persistent copy (see Safari's 7-day cap
    /// on script-written storage in the README). Failures are ignored: the copies stand.
    pub fn refresh(&self, record: &ConsentRecord) {
        if self.mode == StorageMode::Persistent {
            for &place in self.places() {
                let _ = self.write(place, record);
            }
        }
    }

    /// Removes every copy (the JS API's `reset()`).
    pub fn clear(&self) {
        for place in [Place::Cookie, Place::Local, Place::Session] {
            self.remove(place);
        }
    }

    /// The valid records in `place` (a cookie name can hold two).
    fn read(&self, place: Place) -> Vec<ConsentRecord> {
        let parsed: Result<Vec<_>, String> = match place {
            Place::Cookie => cookie::read_all().map(|all| {
                cookie::values(&all, &self.name)
                    .map(|raw| ConsentRecord::from_stored(&decode(raw)).map_err(|e| e.to_string()))
                    .collect()
            }),
            Place::Local | Place::Session => {
                web_storage_get(place, &self.name).map(|found| found.into_iter().collect())
            }
        };
        let parsed = parsed.unwrap_or_else(|why| {
            warn(&format!(
                "cannot read {}: {why}; no consent is assumed",
                place.label()
            ));
            Vec::new()
        });
        parsed
            .into_iter()
            .filter_map(|copy| {
                copy.map_err(|why| {
                    warn(&format!(
                        "ignoring the stored consent in {} \"{}\": {why}; \
                         the banner is shown and nothing is granted",
                        place.label(),
                        self.name
                    ))
                })
                .ok()
            })
            .collect()
    }

    fn write(&self, place: Place, record: &ConsentRecord) -> Result<(), String> {
        match place {
            Place::Cookie => {
                let stored = record.to_stored();
                let value = String::from(js_sys::encode_uri_component(&stored));
                let max_age_s = record.expires_at_ms.saturating_sub(now_ms()) / 1000;
                let write = |domain: Option<&str>| -> Result<bool, String> {
                    let options = CookieOptions {
                        max_age_s,
                        domain,
                        secure: is_https(),
                    };
                    cookie::write(&cookie::set_string(&self.name, &value, &options))?;
                    // Blocked cookies are dropped silently: check that it stuck.
                    let all = cookie::read_all()?;
                    let kept = cookie::values(&all, &self.name).any(|v| decode(v) == stored);
                    Ok(kept)
                };
                if let Some(domain) = self.domain.as_deref() {
                    // One shared copy: a host-only cookie of the same name would shadow
                    // it on this host (and would make the check below pass wrongly).
                    cookie::write(&cookie::delete_string(&self.name, None))?;
                    if write(Some(domain))? {
                        return Ok(());
                    }
                    warn(&format!(
                        "the browser refused the consent cookie for Domain={domain} \
                         (check data-cookie-domain against this host); keeping it for \
                         this host only"
                    ));
                }
                write(None)?
                    .then_some(())
                    .ok_or_else(|| "the browser did not keep the cookie".into())
            }
            Place::Local | Place::Session => {
                available(place)?;
                let stored = record.stored();
                let result = match place {
                    Place::Local => LocalStorage::set(&self.name, stored),
                    _ => SessionStorage::set(&self.name, stored),
                };
                result.map_err(|e| storage_error(&e))
            }
        }
    }

    fn remove(&self, place: Place) {
        match place {
            Place::Cookie => {
                let _ = cookie::write(&cookie::delete_string(&self.name, None));
                if let Some(domain) = &self.domain {
                    let _ = cookie::write(&cookie::delete_string(&self.name, Some(domain)));
                }
            }
            Place::Local if available(place).is_ok() => LocalStorage::delete(&self.name),
            Place::Session if available(place).is_ok() => SessionStorage::delete(&self.name),
            _ => {}
        }
    }
}

/// One stored copy: the record, or why it is not one this version wrote.
type Copy = Result<ConsentRecord, String>;

/// The entry `name` of localStorage or sessionStorage, read as text and parsed as
/// strictly as the cookie (length, shape, fields): `Ok(None)` when there is none.
fn web_storage_get(place: Place, name: &str) -> Result<Option<Copy>, String> {
    available(place)?;
    let storage = match place {
        Place::Local => LocalStorage::raw(),
        _ => SessionStorage::raw(),
    };
    let raw = storage.get_item(name).map_err(|e| describe(&e))?;
    Ok(raw.map(|raw| ConsentRecord::from_stored(&raw).map_err(|e| e.to_string())))
}

/// Whether the page may reach localStorage / sessionStorage. gloo-storage assumes it
/// can (reaching a blocked one throws out of it), so every gloo call is guarded by this:
/// the getter throws in sandboxed frames and where the visitor blocks site data.
fn available(place: Place) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let storage = match place {
        Place::Session => window.session_storage(),
        _ => window.local_storage(),
    };
    match storage {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err("storage is not available".into()),
        Err(e) => Err(describe(&e)),
    }
}

fn storage_error(e: &StorageError) -> String {
    match e {
        StorageError::SerdeError(e) => e.to_string(),
        StorageError::KeyNotFound(key) => format!("no entry \"{key}\""),
        StorageError::JsError(e) => e.message.clone(),
    }
}

/// A cookie value, percent-decoded (as written); an undecodable one is read as is.
fn decode(raw: &str) -> String {
    js_sys::decode_uri_component(raw)
        .map(String::from)
        .unwrap_or_else(|_| raw.to_owned())
}

fn is_https() -> bool {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "https:")
}
