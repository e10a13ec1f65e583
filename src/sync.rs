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
//! Each path ends in the callback given to [`listen`], with what was heard ([`Heard`]);
//! the consent state (`ConsentState::hear`) re-reads the stored choice and applies a
//! changed one once, with everything a decision does. It never decides a choice, never
//! reads or writes storage, and knows nothing of the consent state. Its listeners and
//! channel belong to whoever called [`listen`], and go with [`SyncListener::stop`].

use crate::config::Config;
use crate::consent::ConsentRecord;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

/// An open channel and the handler it calls.
type Channel = (BroadcastChannel, Closure<dyn Fn(MessageEvent)>);

/// What was heard from elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Heard {
    /// The stored choice may have changed (a `storage` event, a page shown again or
    /// restored from the back/forward cache, a message that is not a record): re-read it.
    Reread,
    /// Another page of the site announced its choice (`None`: a reset). In discreet
    /// mode this message is the only way the choice reaches this tab.
    Announced(Option<ConsentRecord>),
}

/// The callback [`listen`] hands what it hears to.
type OnHeard = Rc<dyn Fn(Heard)>;

/// Following the site's other open pages, as
/// [`ConsentState::follow_other_pages`](crate::ConsentState::follow_other_pages) started
/// it; [`SyncListener::stop`] ends it (a Leptos app unmounting the consent does). The
/// embed keeps it for the page's lifetime.
pub struct SyncListener {
    listeners: Vec<WindowListenerHandle>,
    channel: Rc<RefCell<Option<Channel>>>,
}

impl SyncListener {
    /// Removes the listeners and closes the channel.
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

/// Starts listening for choices made elsewhere for the site `config` describes; each
/// one is handed to `on_heard`.
pub fn listen(config: &Config, on_heard: impl Fn(Heard) + 'static) -> SyncListener {
    let on_heard: OnHeard = Rc::new(on_heard);
    let channel = Rc::new(RefCell::new(None));
    let name = channel_name(config);
    open(&channel, &name, &on_heard);
    let cookie_name = config.cookie_name.clone();
    let heard = on_heard.clone();
    let storage = window_event_listener(leptos::ev::storage, move |ev| {
        // `key` is null when another page cleared all of localStorage.
        if ev.key().is_none_or(|key| key == cookie_name) {
            heard(Heard::Reread);
        }
    });
    let (reopen, heard) = (channel.clone(), on_heard.clone());
    let page_show = window_event_listener(leptos::ev::pageshow, move |ev| {
        if ev.persisted() {
            open(&reopen, &name, &heard);
            heard(Heard::Reread);
        }
    });
    // Closed on every pagehide, so an open channel never keeps the page out of the
    // back/forward cache; a restored page opens it again.
    let hidden = channel.clone();
    let page_hide = window_event_listener(leptos::ev::pagehide, move |_| close(&hidden));
    let visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
        let shown = crate::browser::document().is_some_and(|d| !d.hidden());
        if shown {
            on_heard(Heard::Reread);
        }
    });
    SyncListener {
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

fn open(slot: &Rc<RefCell<Option<Channel>>>, name: &str, on_heard: &OnHeard) {
    close(slot);
    let Ok(channel) = BroadcastChannel::new(name) else {
        return;
    };
    let on_heard = on_heard.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        let message = ev.data().as_string().unwrap_or_default();
        on_heard(match ConsentRecord::from_stored(&message) {
            Ok(record) => Heard::Announced(Some(record)),
            Err(_) if message.is_empty() => Heard::Announced(None),
            // Not a record: nothing to keep, but look at what is stored.
            Err(_) => Heard::Reread,
        });
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
