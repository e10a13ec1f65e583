//! What the pieces of UI share: whether the preferences dialog is open, who opened it
//! (focus returns there), and whether the "preferences saved" message shows.

use leptos::prelude::*;
use web_sys::HtmlElement;

#[derive(Clone, Copy)]
pub struct UiState {
    pub prefs_open: RwSignal<bool>,
    pub saved_notice: RwSignal<bool>,
    /// Set when a choice is made while the banner shows: the saved message then takes focus.
    pub focus_notice: RwSignal<bool>,
    opener: StoredValue<Option<HtmlElement>, LocalStorage>,
}

impl UiState {
    pub fn new() -> UiState {
        UiState {
            prefs_open: RwSignal::new(false),
            saved_notice: RwSignal::new(false),
            focus_notice: RwSignal::new(false),
            opener: StoredValue::new_local(None),
        }
    }

    /// Opens the preferences dialog; focus returns to `opener` (or to whatever had focus)
    /// when it closes.
    pub fn open_preferences(&self, opener: Option<HtmlElement>) {
        let opener = opener.or_else(focused_element);
        self.opener.set_value(opener);
        self.prefs_open.set(true);
    }

    pub fn close_preferences(&self) {
        self.prefs_open.set(false);
    }

    pub fn take_opener(&self) -> Option<HtmlElement> {
        self.opener.try_update_value(Option::take).flatten()
    }
}

impl Default for UiState {
    fn default() -> Self {
        UiState::new()
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

/// The `UiState` provided by the banner or the embed.
pub fn use_ui() -> UiState {
    use_context::<UiState>().unwrap_or_else(|| {
        let ui = UiState::new();
        provide_context(ui);
        ui
    })
}
