//! Prints the banner's first view as JSON on stdout: the banner's HTML rendered by Leptos
//! from the very component the WebAssembly mounts (src/ui/banner_view.rs, included here
//! by path), in English and Welsh, with and without the policy link, the saved message's
//! (src/ui/saved_view.rs, its message a `{message}` slot, with its two texts), plus the
//! minified stylesheet. scripts/first-view.mjs turns it into the loader's templates. What the
//! site's tag decides is left as slots: `{site}` (heading and label) and `{policy}` (the
//! link's href). It must never hand-write markup: every tag and attribute comes from the
//! component.

#[allow(dead_code, unused_imports)]
#[path = "../../../src/ui/banner_view.rs"]
mod banner_view;

#[allow(dead_code, unused_imports)]
#[path = "../../../src/ui/saved_view.rs"]
mod saved_view;

// build.rs's minifier, so the loader's copy of the stylesheet is the one the .wasm carries.
#[allow(dead_code)]
#[path = "../../../build.rs"]
mod css;

use banner_view::{BannerTexts, BannerView, Handler};
use leptos::prelude::*;
use pcc_consent::i18n::{Lang, Texts};
use saved_view::{SavedTexts, SavedView};
use serde::Serialize;
use std::process::ExitCode;

#[derive(Serialize)]
struct Output {
    css: String,
    en: Variants,
    cy: Variants,
}

/// The banner with the policy link (`{policy}` as its href) and without one; the saved
/// message with its two texts (saved, or the save failed).
#[derive(Serialize)]
struct Variants {
    policy: String,
    plain: String,
    saved: String,
    saved_text: String,
    problem_text: String,
}

fn render(lang: Lang, policy: bool) -> String {
    let t = Texts::for_lang(lang);
    let texts = BannerTexts {
        title: t.banner_title.to_string(),
        essential: t.banner_essential.to_string(),
        additional: t.banner_additional.to_string(),
        // The loader paints only where nothing runs until objection (no opt-out line).
        opt_out: Vec::new(),
        policy: policy.then(|| ("{policy}".to_owned(), t.policy_link.to_string())),
        accept: t.accept_additional.to_string(),
        reject: t.reject_additional.to_string(),
        customise: t.customise.to_string(),
        lang: lang.id(),
        dir: lang.dir(),
    };
    let none = || -> Handler { Box::new(|_| {}) };
    let owner = Owner::new();
    owner.with(|| {
        view! {
            <BannerView texts region=NodeRef::new() on_accept=none() on_reject=none() on_customise=none()/>
        }
        .to_html()
    })
}

fn render_saved(lang: Lang) -> String {
    let t = Texts::for_lang(lang);
    let texts = SavedTexts {
        title: t.banner_title.to_string(),
        hide: t.hide_message.to_string(),
        lang: lang.id(),
        dir: lang.dir(),
    };
    let owner = Owner::new();
    owner.with(|| {
        let message = "{message}";
        view! {
            <SavedView texts message region=NodeRef::new() alert=NodeRef::new() on_hide=Box::new(|_| {})/>
        }
        .to_html()
    })
}

fn main() -> ExitCode {
    let css = match std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../style/pcc-consent.css"
    )) {
        Ok(css) => css::minify(&css),
        Err(e) => {
            eprintln!("first-view: cannot read style/pcc-consent.css: {e}");
            return ExitCode::FAILURE;
        }
    };
    let variants = |lang| {
        let t = Texts::for_lang(lang);
        Variants {
            policy: render(lang, true),
            plain: render(lang, false),
            saved: render_saved(lang),
            saved_text: t.saved.to_string(),
            problem_text: t.technical_problem.to_string(),
        }
    };
    let out = Output {
        css,
        en: variants(Lang::En),
        cy: variants(Lang::Cy),
    };
    match serde_json::to_string(&out) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("first-view: {e}");
            ExitCode::FAILURE
        }
    }
}
