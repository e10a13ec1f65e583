//! The only module that reads or writes the visitor's stored choice.
//!
//! Persistent mode keeps two copies: a localStorage entry (through gloo-storage; the
//! full record) and a first-party cookie (`Path=/`, `SameSite=Lax`, `Secure` on https,
//! `Max-Age` = the record's lifetime; the record's reduced form: no consent id, times to
//! the minute). Without `data-cookie-domain` the cookie is `__Host-<name>` on https, so
//! no other host can write it; with one, it is `<name>` on that domain. Which copy is
//! in force is the core's rule ([`crate::consent::in_force`]); this module reads every
//! copy it can see (in `document.cookie` order), repairs the others from the one in
//! force, and on every save replaces every copy it can reach (each path and domain
//! variant, see [`crate::cookie::ConsentCookie::replace`]). Session mode ("discreet
//! mode") keeps one sessionStorage entry and removes any persistent copy, so the visit
//! leaves no lasting trace.
//!
//! Every browser call here can fail (cookies blocked, storage disabled, sandboxed
//! frames, quota): each failure is reported with `console.warn` and treated as "no
//! copy", never unwrapped. It never decides what a record grants: the core does.

use crate::browser::{describe, hostname, now_ms, warn};
use crate::config::{Config, StorageMode};
use crate::consent::{in_force, ConsentRecord, Source, StoredCopy};
use crate::cookie::{self, ConsentCookie, CookieOptions};
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

    /// The consent cookie as this page sees it.
    fn cookie(&self) -> ConsentCookie {
        ConsentCookie {
            base: self.name.clone(),
            domain: self.domain.clone(),
            secure: is_https(),
            host: hostname(),
            path: web_sys::window()
                .and_then(|w| w.location().pathname().ok())
                .unwrap_or_default(),
        }
    }

    /// The record in force, if a readable one exists (the core decides which copy).
    /// Unreadable copies are reported with `console.warn` and count as absent; the
    /// others are repaired from the one in force.
    pub fn load(&self) -> Option<ConsentRecord> {
        if self.mode == StorageMode::Session {
            // Discreet mode: a persistent copy from before must not linger.
            self.remove(Place::Cookie);
            self.remove(Place::Local);
            let copies = self.read(Place::Session);
            return in_force(&copies, false, now_ms()).cloned();
        }
        let cookie = self.cookie();
        let local = self.read(Place::Local);
        let cookies = self.read_cookies(&cookie);
        let copies: Vec<StoredCopy> = local.iter().chain(&cookies).cloned().collect();
        let chosen = in_force(&copies, self.domain.is_some(), now_ms()).cloned()?;
        let ignored = cookies
            .iter()
            .filter_map(|c| c.record.as_ref())
            .any(|r| !r.same_decision(&chosen) && r.given_at_ms > chosen.given_at_ms);
        if ignored {
            warn(&format!(
                "ignoring a newer \"{}\" cookie that another host, another path or a \
                 future date could have made (only this host's own copies count{})",
                self.name,
                if self.domain.is_some() {
                    ", with the shared one at Path=/"
                } else {
                    "; see data-cookie-domain"
                }
            ));
        }
        if local.iter().map(|c| c.record.as_ref()).ne([Some(&chosen)]) {
            let _ = self.write(Place::Local, &chosen);
        }
        let name = cookie.name();
        let tidy = cookies.len() == 1
            && cookie::values(&cookie::read_all().unwrap_or_default(), &name).count() == 1
            && cookies[0].record.as_ref() == Some(&chosen.cookie_form());
        if !tidy {
            let _ = self.write(Place::Cookie, &chosen);
        }
        Some(chosen)
    }

    /// Writes every copy, replacing every copy this page can reach. Fails only when no
    /// copy could be written.
    pub fn save(&self, record: &ConsentRecord) -> Result<(), SaveFailed> {
        let mut any = false;
        for &place in self.places() {
            match self.write(place, record) {
                Ok(()) => any = true,
                Err(why) => {
                    warn(&format!(
                        "could not save the consent choice to {}: {why}",
                        place.label()
                    ));
                    // An older copy left there must not outrank the new choice.
                    self.remove(place);
                }
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

    /// The copies in web storage `place` (at most one), a bad one as `record: None`.
    fn read(&self, place: Place) -> Vec<StoredCopy> {
        let found = web_storage_get(place, &self.name).unwrap_or_else(|why| {
            warn(&format!(
                "cannot read {}: {why}; no consent is assumed",
                place.label()
            ));
            None
        });
        found
            .map(|copy| StoredCopy {
                source: Source::Storage,
                record: self.valid(place, copy),
            })
            .into_iter()
            .collect()
    }

    /// Every consent cookie, in `document.cookie` order, with who could have written it.
    fn read_cookies(&self, cookie: &ConsentCookie) -> Vec<StoredCopy> {
        let all = cookie::read_all().unwrap_or_else(|why| {
            warn(&format!("cannot read cookie: {why}; no consent is assumed"));
            String::new()
        });
        cookie::pairs(&all)
            .filter_map(|(name, raw)| {
                let source = cookie.source(name)?;
                let parsed = ConsentRecord::from_stored(&decode(raw)).map_err(|e| e.to_string());
                Some(StoredCopy {
                    source,
                    record: self.valid(Place::Cookie, parsed),
                })
            })
            .collect()
    }

    /// The record, or `None` with a warning saying why it is not one.
    fn valid(&self, place: Place, copy: RawCopy) -> Option<ConsentRecord> {
        copy.map_err(|why| {
            warn(&format!(
                "ignoring the stored consent in {} \"{}\": {why}; \
                 the banner is shown and nothing is granted",
                place.label(),
                self.name
            ))
        })
        .ok()
    }

    fn write(&self, place: Place, record: &ConsentRecord) -> Result<(), String> {
        match place {
            Place::Cookie => {
                let cookie = self.cookie();
                let stored = record.cookie_form().to_stored();
                let value = String::from(js_sys::encode_uri_component(&stored));
                let max_age_s = record.expires_at_ms.saturating_sub(now_ms()) / 1000;
                for assignment in cookie.replace(Some((&value, max_age_s))) {
                    cookie::write(&assignment)?;
                }
                // Blocked cookies are dropped silently: check that it stuck.
                let kept = |name: &str| -> Result<bool, String> {
                    let all = cookie::read_all()?;
                    let found = cookie::values(&all, name).any(|v| decode(v) == stored);
                    Ok(found)
                };
                if kept(&cookie.name())? {
                    return Ok(());
                }
                let Some(domain) = self.domain.as_deref() else {
                    return Err("the browser did not keep the cookie".into());
                };
                warn(&format!(
                    "the browser refused the consent cookie for Domain={domain} \
                     (check data-cookie-domain against this host); keeping it for \
                     this host only"
                ));
                let options = CookieOptions {
                    max_age_s,
                    domain: None,
                    secure: cookie.secure,
                };
                cookie::write(&cookie::set_string(&self.name, &value, &options))?;
                kept(&self.name)?
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
                for assignment in self.cookie().replace(None) {
                    let _ = cookie::write(&assignment);
                }
            }
            Place::Local if available(place).is_ok() => LocalStorage::delete(&self.name),
            Place::Session if available(place).is_ok() => SessionStorage::delete(&self.name),
            _ => {}
        }
    }
}

/// One stored copy: the record, or why it is not one this version wrote.
type RawCopy = Result<ConsentRecord, String>;

/// The entry `name` of localStorage or sessionStorage, read as text and parsed as
/// strictly as the cookie (length, shape, fields): `Ok(None)` when there is none.
fn web_storage_get(place: Place, name: &str) -> Result<Option<RawCopy>, String> {
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

/// Whether this page is https (the consent cookie is then `Secure`, `__Host-` without a domain).
pub fn is_https() -> bool {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "https:")
}
