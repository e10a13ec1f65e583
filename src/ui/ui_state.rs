//! What the pieces of UI share: whether the preferences dialog is open, who opened it
//! (focus returns there), and whether the "preferences saved" message shows. Views
//! watch it and redraw; the JS API and `data-pcc-consent-open` links change it.

use crate::watchers::{WatchId, Watchers};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::HtmlElement;

#[derive(Clone, Default)]
pub struct UiState(Rc<Inner>);

#[derive(Default)]
struct Inner {
    prefs_open: Cell<bool>,
    saved_notice: Cell<bool>,
    /// Set when a choice is made while the banner shows: the saved message then takes focus.
    focus_notice: Cell<bool>,
    opener: RefCell<Option<HtmlElement>>,
    watchers: Watchers,
}

impl UiState {
    pub fn new() -> UiState {
        UiState::default()
    }

    pub fn prefs_open(&self) -> bool {
        self.0.prefs_open.get()
    }

    pub fn saved_notice(&self) -> bool {
        self.0.saved_notice.get()
    }

    /// Whether the saved message should take focus when it appears.
    pub fn focus_notice(&self) -> bool {
        self.0.focus_notice.get()
    }

    /// Opens the preferences dialog; focus returns to `opener` (or to whatever had focus)
    /// when it closes.
    pub fn open_preferences(&self, opener: Option<HtmlElement>) {
        *self.0.opener.borrow_mut() = opener.or_else(focused_element);
        self.0.prefs_open.set(true);
        self.0.watchers.notify();
    }

    pub fn close_preferences(&self) {
        self.0.prefs_open.set(false);
        self.0.watchers.notify();
    }

    /// A choice made in the banner or its dialog: the saved message replaces the banner
    /// and takes focus. Nothing is redrawn until the decision itself notifies, so the
    /// page never shows a state in between.
    pub fn will_show_saved_notice(&self) {
        self.0.saved_notice.set(true);
        self.0.focus_notice.set(true);
    }

    /// Closes the dialog with the decision that follows, in the same redraw.
    pub fn will_close_preferences(&self) {
        self.0.prefs_open.set(false);
    }

    /// The banner is back (a reset): the saved message goes with no redraw of its own,
    /// and a later choice through the JS API does not bring it back.
    pub fn forget_saved_notice(&self) {
        self.0.saved_notice.set(false);
        self.0.focus_notice.set(false);
    }

    pub fn hide_saved_notice(&self) {
        self.0.saved_notice.set(false);
        self.0.watchers.notify();
    }

    pub fn take_opener(&self) -> Option<HtmlElement> {
        self.0.opener.borrow_mut().take()
    }

    pub fn watch(&self, callback: impl Fn() + 'static) -> WatchId {
        self.0.watchers.add(callback)
    }

    pub fn unwatch(&self, id: WatchId) {
        self.0.watchers.remove(id);
    }
}

/// The element with keyboard focus, looking through shadow roots.
fn focused_element() -> Option<HtmlElement> {
    use wasm_bindgen::JsCast;
    let mut active = web_sys::window()?.document()?.active_element()?;
    while let Some(inner) = active.shadow_root().and_then(|s| s.active_element()) {
        active = inner;
    }
    active.dyn_into().ok()
}
