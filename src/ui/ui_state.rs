//! What the pieces of UI share, as signals: whether the preferences dialog is open (and
//! was ever opened: it is built on first open), how many times it has opened (its form
//! starts again from the choice in force each time), who opened it (focus returns
//! there), and which choice the "preferences saved" message confirms. The components
//! derive what they show from it and from the consent; user events (buttons, the JS API,
//! `data-pcc-consent-open` links) change it. It never changes consent itself.

use crate::consent::{ConsentId, ConsentRecord};
use crate::consent_state::ConsentState;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The UI state of one banner: a `Copy` handle, in context (see [`use_ui`]). The
/// script-tag bundle makes one per page; `<ConsentBanner/>` makes its own when none is
/// provided.
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use leptos::prelude::*;
/// use pcc_consent::ui::{use_ui, ConsentBanner};
///
/// #[component]
/// fn Footer() -> impl IntoView {
///     let ui = use_ui();
///     view! { <button on:click=move |_| ui.open_preferences(None)>"Cookie settings"</button> }
/// }
///
/// #[component]
/// fn App() -> impl IntoView {
///     let config = pcc_consent::config::Config::defaults(&Default::default());
///     view! { <ConsentBanner config/> <Footer/> }
/// }
/// # }
/// ```
#[derive(Clone, Copy)]
pub struct UiState {
    pub(crate) prefs_open: RwSignal<bool>,
    /// True from the first opening on: the dialog is built then, not before.
    pub(crate) prefs_built: RwSignal<bool>,
    /// Counts openings of the dialog: edits made in one opening are gone in the next.
    pub(crate) prefs_opened: RwSignal<u32>,
    /// The consent id of the choice made in the banner or its dialog, until its saved
    /// message is hidden. A reset or an expiry starts a new id, so once the banner is
    /// back the message is over: a later choice through the JS API does not bring it back.
    saved_for: RwSignal<Option<ConsentId>>,
    opener: StoredValue<Option<HtmlElement>, LocalStorage>,
}

impl Default for UiState {
    fn default() -> Self {
        UiState::new()
    }
}

impl UiState {
    /// A closed dialog and no saved message.
    pub fn new() -> UiState {
        UiState {
            prefs_open: RwSignal::new(false),
            prefs_built: RwSignal::new(false),
            prefs_opened: RwSignal::new(0),
            saved_for: RwSignal::new(None),
            opener: StoredValue::new_local(None),
        }
    }

    /// Opens the preferences dialog; focus returns to `opener` (or to whatever had focus)
    /// when it closes.
    pub fn open_preferences(&self, opener: Option<HtmlElement>) {
        self.opener.set_value(opener.or_else(focused_element));
        self.prefs_built.set(true);
        if !self.prefs_open.get_untracked() {
            self.prefs_opened.update(|n| *n += 1);
        }
        self.prefs_open.set(true);
    }

    /// Closes the preferences dialog.
    pub fn close_preferences(&self) {
        self.prefs_open.set(false);
    }

    /// `record` was chosen in the banner or its dialog: the saved message replaces the
    /// banner (and takes focus as it appears).
    pub(crate) fn saved(&self, record: &ConsentRecord) {
        self.saved_for.set(record.id.clone());
    }

    /// The visitor hid the saved message.
    pub(crate) fn hide_saved_notice(&self) {
        self.saved_for.set(None);
    }

    /// Whether the saved message shows (reactive): never with the banner, and only for
    /// the choice it confirms, or a later one under the same consent id.
    pub(crate) fn shows_saved_notice(&self, consent: &ConsentState) -> bool {
        !consent.must_ask.get()
            && self.saved_for.with(|saved| {
                saved.is_some()
                    && consent
                        .record
                        .with(|r| r.as_ref().and_then(|r| r.id.as_ref()) == saved.as_ref())
            })
    }

    /// Who opened the dialog, once (focus returns there on close).
    pub(crate) fn take_opener(&self) -> Option<HtmlElement> {
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
