//! What the pieces of UI share, as signals: whether the preferences dialog is open (and
//! was ever opened: it is built on first open), who opened it (focus returns there),
//! and whether the "preferences saved" message shows. The components follow it; the JS
//! API and `data-pcc-consent-open` links change it. A `Copy` handle, in context.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

#[derive(Clone, Copy)]
pub struct UiState {
    pub(crate) prefs_open: RwSignal<bool>,
    /// True from the first opening on: the dialog is built then, not before.
    pub(crate) prefs_built: RwSignal<bool>,
    pub(crate) saved_notice: RwSignal<bool>,
    /// Set when a choice is made in the banner or its dialog: the saved message then
    /// takes focus (a choice through the JS API shows nothing).
    pub(crate) focus_notice: StoredValue<bool>,
    opener: StoredValue<Option<HtmlElement>, LocalStorage>,
}

impl Default for UiState {
    fn default() -> Self {
        UiState::new()
    }
}

impl UiState {
    pub fn new() -> UiState {
        UiState {
            prefs_open: RwSignal::new(false),
            prefs_built: RwSignal::new(false),
            saved_notice: RwSignal::new(false),
            focus_notice: StoredValue::new(false),
            opener: StoredValue::new_local(None),
        }
    }

    pub fn prefs_open(&self) -> bool {
        self.prefs_open.get()
    }

    pub fn saved_notice(&self) -> bool {
        self.saved_notice.get()
    }

    /// Opens the preferences dialog; focus returns to `opener` (or to whatever had focus)
    /// when it closes.
    pub fn open_preferences(&self, opener: Option<HtmlElement>) {
        self.opener.set_value(opener.or_else(focused_element));
        self.prefs_built.set(true);
        self.prefs_open.set(true);
    }

    pub fn close_preferences(&self) {
        self.prefs_open.set(false);
    }

    /// A choice made in the banner or its dialog: the saved message replaces the banner
    /// and takes focus.
    pub fn show_saved_notice(&self) {
        self.focus_notice.set_value(true);
        self.saved_notice.set(true);
    }

    /// The banner is back (a reset): the saved message goes, and a later choice through
    /// the JS API does not bring it back.
    pub fn forget_saved_notice(&self) {
        self.focus_notice.set_value(false);
        self.saved_notice.set(false);
    }

    pub fn hide_saved_notice(&self) {
        self.saved_notice.set(false);
    }

    pub fn take_opener(&self) -> Option<HtmlElement> {
        self.opener.try_update_value(Option::take).flatten()
    }
}

/// The UI state provided above, or a new one provided here.
pub fn use_ui() -> UiState {
    use_context::<UiState>().unwrap_or_else(|| {
        let ui = UiState::new();
        provide_context(ui);
        ui
    })
}

/// The element with keyboard focus, looking through shadow roots.
fn focused_element() -> Option<HtmlElement> {
    let mut active = crate::browser::document()?.active_element()?;
    while let Some(inner) = active.shadow_root().and_then(|s| s.active_element()) {
        active = inner;
    }
    active.dyn_into().ok()
}
