//! The cookie banner itself (the question), fixed to the bottom of the viewport: the
//! settings and the consent in, [`BannerView`]'s markup out (the loader paints the same
//! markup before the WebAssembly, rendered from that file at build time).

use super::banner_view::{BannerTexts, BannerView};
use super::focus_clearance::use_focus_clearance;
use super::ui_state::use_ui;
use crate::config_context::use_config;
use crate::consent::Decision;
use crate::consent_state::use_consent;
use leptos::prelude::*;

/// The cookie banner: a labelled region fixed to the bottom of the viewport, shown
/// while there is no valid consent. Accept and Reject are the same size and style:
/// rejecting is as easy as accepting. A choice made here shows the saved message,
/// which takes focus (GOV.UK's pattern). It never stores or applies anything itself:
/// it calls [`ConsentState::decide`](crate::ConsentState::decide).
/// [`ConsentBanner`](super::ConsentBanner) shows it only while the visitor must be asked.
///
/// # Example
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use leptos::prelude::*;
/// use pcc_consent::ui::Banner;
///
/// leptos::mount::mount_to_body(|| {
///     // Below a provided consent and settings (`ConsentBanner` shows it only while the visitor must be asked).
///     pcc_consent::provide_consent(pcc_consent::config::Config::defaults(&Default::default()));
///     view! { <Banner/> }
/// });
/// # }
/// ```
#[component]
pub fn Banner() -> impl IntoView {
    let (consent, ui, config) = (use_consent(), use_ui(), use_config());
    let texts = &config.texts;
    let title = texts.banner_title_for(&config.site_name);
    let region = NodeRef::new();
    use_focus_clearance(region);
    let offered = StoredValue::new(config.categories.clone());
    let choose = move |accepting: bool| {
        let decision = if accepting {
            offered.with_value(|offered| Decision::accept_all(offered))
        } else {
            Decision::reject_all()
        };
        ui.saved(&consent.decide(decision));
    };
    // What already runs without consent, and the one click that objects to it.
    let opt_out = config
        .opt_out
        .iter()
        .filter_map(|c| texts.banner_opt_out(*c))
        .collect();
    let policy = config
        .policy_url
        .clone()
        .map(|href| (href, texts.policy_link.to_string()));
    let texts = BannerTexts {
        title,
        essential: texts.banner_essential.to_string(),
        additional: texts.banner_additional.to_string(),
        opt_out,
        policy,
        accept: texts.accept_additional.to_string(),
        reject: texts.reject_additional.to_string(),
        customise: texts.customise.to_string(),
        lang: config.lang.id(),
        dir: config.lang.dir(),
    };
    view! {
        <BannerView texts region
            on_accept=super::on_click(move |_| choose(true))
            on_reject=super::on_click(move |_| choose(false))
            on_customise=super::on_click(move |ev| ui.open_preferences(super::event_element(&ev)))/>
    }
}
