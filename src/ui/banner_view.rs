//! The banner's markup (the question), from plain values: the one source of its HTML.
//! Two renderers use this file: [`Banner`](super::Banner) mounts it in the WebAssembly,
//! and tools/first-view includes this same file natively and renders it to HTML at build
//! time for the loader's first view (src/js/first_view.js), which the WebAssembly then
//! takes over. It must never read context, signals or the browser (no web-sys): what
//! it shows comes only from its props, so both renderers give the same markup.

use leptos::prelude::*;

/// A button's click handler (the native renderer passes ones that never run).
pub type Handler = Box<dyn FnMut(leptos::ev::MouseEvent)>;

/// What the banner says, already in the page's language.
pub struct BannerTexts {
    /// The heading, also the region's label ("Cookies on {site}").
    pub title: String,
    pub essential: String,
    pub additional: String,
    /// What already runs without consent, one line each.
    pub opt_out: Vec<String>,
    /// The cookie policy link: its href and its text.
    pub policy: Option<(String, String)>,
    pub accept: String,
    pub reject: String,
    pub customise: String,
    /// The texts' `lang` and `dir`.
    pub lang: &'static str,
    pub dir: &'static str,
}

/// The banner's region, heading, texts and its three buttons, in that order; Accept
/// and Reject look alike (rejecting is as easy as accepting).
#[component]
pub fn BannerView(
    texts: BannerTexts,
    /// The region, for what measures it (the focus clearance).
    region: NodeRef<leptos::html::Div>,
    on_accept: Handler,
    on_reject: Handler,
    on_customise: Handler,
) -> impl IntoView {
    let BannerTexts {
        title,
        essential,
        additional,
        opt_out,
        policy,
        accept,
        reject,
        customise,
        lang,
        dir,
    } = texts;
    let label = title.clone();
    let opt_out = opt_out
        .into_iter()
        .map(|line| view! { <p class="pcc-consent-text pcc-consent-opt-out">{line}</p> })
        .collect_view();
    let policy = policy.map(|(href, text)| {
        view! {
            <p class="pcc-consent-policy">
                <a class="pcc-consent-link" href=href>{text}</a>
            </p>
        }
    });
    view! {
        <div class="pcc-consent-banner" role="region" aria-label=label data-nosnippet="" node_ref=region
            lang=lang dir=dir>
            <div class="pcc-consent-inner">
                <h2 class="pcc-consent-heading">{title}</h2>
                <p class="pcc-consent-text">{essential}</p>
                <p class="pcc-consent-text">{additional}</p>
                {opt_out}
                {policy}
                <div class="pcc-consent-actions">
                    <button type="button" class="pcc-consent-button" on:click=on_accept>{accept}</button>
                    <button type="button" class="pcc-consent-button" on:click=on_reject>{reject}</button>
                    <button type="button" class="pcc-consent-button pcc-consent-secondary" on:click=on_customise>
                        {customise}
                    </button>
                </div>
            </div>
        </div>
    }
}
