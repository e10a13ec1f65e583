//! Keeps the choice in force the same on every open page of the site: the one module
//! that listens for choices made elsewhere and tells other pages of choices made here.
//!
//! - Other tabs, persistent mode: the `storage` event (localStorage changed elsewhere).
//! - Other tabs, any mode: a `BroadcastChannel` named after the consent cookie, which
//!   also carries discreet mode's choices (sessionStorage is per tab, so there is no
//!   storage event to hear). The receiving tab keeps the choice in its own storage.
//! - The back/forward cache: `pageshow` with `persisted` re-reads the stored choice
//!   before the restored page's scripts carry on. The channel is closed on every
//!   `pagehide` and opened again on a restoring `pageshow`, so it never keeps a page out
//!   of the cache; there is no `unload` handler.
//! - Sub-sites writing the shared cookie (no event reaches us): the stored choice is
//!   re-read when the page becomes visible again.
//!
//! Each path ends in [`ConsentState::sync_from_storage`], which applies a changed choice
//! once, with everything a decision does. It never decides a choice itself (but a
//! discreet-mode choice heard from another tab is kept in this tab's storage). Its
//! listeners and channel belong to whoever called [`listen`], and go with [`Sync::stop`].

use crate::config::{Config, StorageMode};
use crate::consent::ConsentRecord;
use crate::consent_state::ConsentState;
use crate::storage::ConsentStore;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

/// An open channel and the handler it calls.
type Channel = (BroadcastChannel, Closure<dyn Fn(MessageEvent)>);

/// What [`listen`] started; [`Sync::stop`] ends it (a Leptos app unmounting the
/// consent). The embed keeps it for the page's lifetime.
pub struct Sync {
    listeners: Vec<WindowListenerHandle>,
    channel: Rc<RefCell<Option<Channel>>>,
}

impl Sync {
    pub fn stop(self) {
        for listener in self.listeners {
            listener.remove();
        }
        close(&self.channel);
    }
}

/// The channel's name: one per consent cookie, so two banners on one site with
/// different cookie names do not hear each other.
fn channel_name(config: &Config) -> String {
    format!("pcc-consent:{}", config.cookie_name)
}

/// Starts listening for choices made elsewhere.
pub fn listen(state: ConsentState) -> Sync {
    let channel = Rc::new(RefCell::new(None));
    open(&channel, state);
    let name = state.config().cookie_name.clone();
    let storage = window_event_listener(leptos::ev::storage, move |ev| {
        // `key` is null when another page cleared all of localStorage.
        if ev.key().is_none_or(|key| key == name) {
            state.sync_from_storage();
        }
    });
    let reopen = channel.clone();
    let page_show = window_event_listener(leptos::ev::pageshow, move |ev| {
        if ev.persisted() {
            open(&reopen, state);
            state.sync_from_storage();
        }
    });
    // Closed on every pagehide, so an open channel never keeps the page out of the
    // back/forward cache; a restored page opens it again.
    let hidden = channel.clone();
    let page_hide = window_event_listener(leptos::ev::pagehide, move |_| close(&hidden));
    let visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
        let shown = crate::browser::document().is_some_and(|d| !d.hidden());
        if shown {
            state.sync_from_storage();
        }
    });
    Sync {
        listeners: vec![storage, page_show, page_hide, visible],
        channel,
    }
}

/// Tells the site's other open pages of a new choice (`None`: a reset). Their own
/// `storage` event covers persistent mode too; the message is what discreet mode has.
/// (This page hears it too, and finds nothing changed.)
pub fn announce(config: &Config, record: Option<&ConsentRecord>) {
    let message = record.map(ConsentRecord::to_stored).unwrap_or_default();
    if let Ok(channel) = BroadcastChannel::new(&channel_name(config)) {
        let _ = channel.post_message(&message.into());
        channel.close();
    }
}

fn open(slot: &Rc<RefCell<Option<Channel>>>, state: ConsentState) {
    close(slot);
    let config = state.config();
    let Ok(channel) = BroadcastChannel::new(&channel_name(&config)) else {
        return;
    };
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        let config = state.config();
        if config.storage == StorageMode::Session {
            // Discreet mode: this tab's sessionStorage only hears of it here.
            let message = ev.data().as_string().unwrap_or_default();
            let record = match ConsentRecord::from_stored(&message) {
                Ok(record) => Some(record),
                Err(_) if message.is_empty() => None,
                Err(_) => return,
            };
            if record == state.record_untracked() {
                return;
            }
            let store = ConsentStore::new(&config);
            match &record {
                Some(record) => {
                    let _ = store.save(record);
                }
                None => store.clear(),
            }
        }
        state.sync_from_storage();
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    *slot.borrow_mut() = Some((channel, on_message));
}

fn close(slot: &Rc<RefCell<Option<Channel>>>) {
    if let Some((channel, _)) = slot.borrow_mut().take() {
        channel.set_onmessage(None);
        channel.close();
    }
}
