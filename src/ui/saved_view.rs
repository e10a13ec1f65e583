//! The saved message's markup (after a choice made in the banner), from plain values:
//! the one source of its HTML. Two renderers use this file: [`SavedMessage`](super::SavedMessage)
//! mounts it in the WebAssembly, and tools/first-view includes this same file natively
//! and renders it to HTML at build time for the loader (src/js/first_view.js shows it
//! where a choice on the painted banner is recorded without the WebAssembly). It must
//! never read context or the browser (no web-sys): what it shows comes only from its
//! props, so both renderers give the same markup.

use leptos::prelude::*;

/// A button's click handler (the native renderer passes ones that never run).
pub type Handler = Box<dyn FnMut(leptos::ev::MouseEvent)>;

/// What the saved message says, already in the page's language.
pub struct SavedTexts {
    /// The region's label ("Cookies on {site}"), as the banner's.
    pub title: String,
    /// The "Hide this message" button.
    pub hide: String,
    /// The texts' `lang` and `dir`.
    pub lang: &'static str,
    pub dir: &'static str,
}

/// The saved message's region: the message (`role="alert"`, focusable, so it takes
/// focus as it appears) and its "Hide this message" button. `message` is what it says
/// (saved, or the technical problem where the save failed).
#[component]
pub fn SavedView(
    texts: SavedTexts,
    message: impl IntoView + 'static,
    /// The region, for what measures it (the focus clearance).
    region: NodeRef<leptos::html::Div>,
    /// The message, which takes focus.
    alert: NodeRef<leptos::html::Div>,
    on_hide: Handler,
) -> impl IntoView {
    let SavedTexts {
        title,
        hide,
        lang,
        dir,
    } = texts;
    view! {
        <div class="pcc-consent-banner pcc-consent-saved" role="region" aria-label=title data-nosnippet="" node_ref=region
            lang=lang dir=dir>
            <div class="pcc-consent-inner">
                <div role="alert" tabindex="-1" class="pcc-consent-message" node_ref=alert>
                    <p class="pcc-consent-text">{message}</p>
                </div>
                <div class="pcc-consent-actions">
                    <button type="button" class="pcc-consent-button" on:click=on_hide>{hide}</button>
                </div>
            </div>
        </div>
    }
}
