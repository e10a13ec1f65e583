//! The cookie banner: a labelled region fixed to the bottom of the viewport, shown
//! while there is no valid consent. Accept and Reject are the same size and style:
//! rejecting is as easy as accepting. A choice made here shows the saved message,
//! which takes focus (GOV.UK's pattern). It never stores or applies anything itself:
//! it calls [`ConsentState`](crate::consent_state::ConsentState).
//!
//! ```ignore
//! // Below a provided consent and UI state (see `ConsentBanner`, which shows it only
//! // while the visitor must be asked):
//! view! { <Banner/> }
//! ```

use super::focus_clearance::use_focus_clearance;
use super::ui_state::use_ui;
use crate::consent_state::use_consent;
use leptos::prelude::*;

#[component]
pub fn Banner() -> impl IntoView {
    let (consent, ui) = (use_consent(), use_ui());
    let config = consent.config();
    let texts = &config.texts;
    let title = texts.banner_title_for(&config.site_name);
    let label = title.clone();
    let region = NodeRef::new();
    use_focus_clearance(region);
    let choose = move |accepting: bool| {
        ui.show_saved_notice();
        if accepting {
            consent.accept_all();
        } else {
            consent.reject_all();
        }
    };
    // What already runs without consent, and the one click that objects to it.
    let opt_out = config
        .opt_out
        .iter()
        .filter_map(|c| texts.banner_opt_out(*c))
        .map(|line| view! { <p class="pcc-consent-text pcc-consent-opt-out">{line}</p> })
        .collect_view();
    let policy = config.policy_url.clone().map(|href| {
        view! {
            <p class="pcc-consent-policy">
                <a class="pcc-consent-link" href=href>{texts.policy_link.to_string()}</a>
            </p>
        }
    });
    view! {
        <div class="pcc-consent-banner" role="region" aria-label=label data-nosnippet="" node_ref=region
            lang=config.lang.id() dir=config.lang.dir()>
            <div class="pcc-consent-inner">
                <h2 class="pcc-consent-heading">{title}</h2>
                <p class="pcc-consent-text">{texts.banner_essential.to_string()}</p>
                <p class="pcc-consent-text">{texts.banner_additional.to_string()}</p>
                {opt_out}
                {policy}
                <div class="pcc-consent-actions">
                    <button type="button" class="pcc-consent-button" on:click=super::on_click(move |_| choose(true))>
                        {texts.accept_additional.to_string()}
                    </button>
                    <button type="button" class="pcc-consent-button" on:click=super::on_click(move |_| choose(false))>
                        {texts.reject_additional.to_string()}
                    </button>
                    <button type="button" class="pcc-consent-button pcc-consent-secondary"
                        on:click=super::on_click(move |ev| ui.open_preferences(super::event_element(&ev)))>
                        {texts.customise.to_string()}
                    </button>
                </div>
            </div>
        </div>
    }
}
