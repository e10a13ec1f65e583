//! Keeps the choice in force the same on every open page of the site: the one module
//! that listens for choices made elsewhere and tells other pages of choices made here.
//!
//! - Other tabs, persistent mode: the `storage` event (localStorage changed elsewhere).
//! - Other tabs, any mode: a `BroadcastChannel` named after the consent cookie, which
//!   also carries discreet mode's choices (sessionStorage is per tab, so there is no
//!   storage event to hear). The receiving tab keeps the choice in its own storage.
//! - The back/forward cache: `pageshow` with `persisted` re-reads the stored choice
//!   before the restored page's scripts carry on. The channel is closed on `pagehide`
//!   and opened again on `pageshow`, so it never keeps a page out of the cache; there is
//!   no `unload` handler.
//! - Sub-sites writing the shared cookie (no event reaches us): the stored choice is
//!   re-read when the page becomes visible again.
//!
//! Each path ends in [`ConsentState::sync_from_storage`], which applies a changed choice
//! once, with everything a decision does. It never decides or saves a choice itself
//! (but a discreet-mode choice heard from another tab is kept in this tab's storage).

use crate::config::{Config, StorageMode};
use crate::consent::ConsentRecord;
use crate::consent_state::ConsentState;
use crate::storage::ConsentStore;
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

/// An open channel and the handler it calls.
type Channel = (BroadcastChannel, Closure<dyn Fn(MessageEvent)>);

thread_local! {
    /// This page's channel while it is open (not while the page sits in the bfcache).
    static CHANNEL: RefCell<Option<Channel>> = const { RefCell::new(None) };
}

/// The channel's name: one per consent cookie, so two banners on one site with
/// different cookie names do not hear each other.
fn channel_name(config: &Config) -> String {
    format!("pcc-consent:{}", config.cookie_name)
}

/// Starts listening for choices made elsewhere, for the page's lifetime.
pub fn listen(state: ConsentState) {
    open_channel(state);
    let name = state.config().cookie_name.clone();
    let storage = window_event_listener(leptos::ev::storage, move |ev| {
        // `key` is null when another page cleared all of localStorage.
        if ev.key().is_none_or(|key| key == name) {
            state.sync_from_storage();
        }
    });
    let page_show = window_event_listener(leptos::ev::pageshow, move |ev| {
        if ev.persisted() {
            open_channel(state);
            state.sync_from_storage();
        }
    });
    let page_hide = window_event_listener(leptos::ev::pagehide, move |ev| {
        if ev.persisted() {
            close_channel();
        }
    });
    let visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
        let shown = crate::browser::document().is_some_and(|d| !d.hidden());
        if shown {
            state.sync_from_storage();
        }
    });
    // The page keeps these for its lifetime.
    for handle in [storage, page_show, page_hide, visible] {
        std::mem::forget(handle);
    }
}

/// Tells the site's other open pages of a new choice (`None`: a reset). Their own
/// `storage` event covers persistent mode too; the message is what discreet mode has.
pub fn announce(record: Option<&ConsentRecord>) {
    let message = record.map(ConsentRecord::to_stored).unwrap_or_default();
    CHANNEL.with_borrow(|channel| {
        if let Some((channel, _)) = channel {
            let _ = channel.post_message(&message.into());
        }
    });
}

fn open_channel(state: ConsentState) {
    close_channel();
    let config = state.config();
    let Ok(channel) = BroadcastChannel::new(&channel_name(&config)) else {
        return;
    };
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        let config = state.config();
        if config.storage == StorageMode::Session {
            // Discreet mode: this tab's sessionStorage only hears of it here.
            let store = ConsentStore::new(&config);
            match ev
                .data()
                .as_string()
                .filter(|s| !s.is_empty())
                .map(|s| ConsentRecord::from_stored(&s))
            {
                Some(Ok(record)) => {
                    let _ = store.save(&record);
                }
                Some(Err(_)) => return,
                None => store.clear(),
            }
        }
        state.sync_from_storage();
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    CHANNEL.with_borrow_mut(|slot| *slot = Some((channel, on_message)));
}

fn close_channel() {
    if let Some((channel, _)) = CHANNEL.with_borrow_mut(Option::take) {
        channel.set_onmessage(None);
        channel.close();
    }
}
