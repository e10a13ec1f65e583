//! The book's stand-alone banner example: `<ConsentBanner config/>` in its own shadow
//! root, isolated from the app's CSS, with nothing else of the app involved. A Cargo
//! example target (`book_leptos_isolated`), compiled for wasm32 by scripts/test.sh's
//! clippy step; on the host it is an empty program.

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        // ANCHOR: isolated
        use leptos::prelude::*;
        use pcc_consent::config::{Config, PageFacts};
        use pcc_consent::ui::{isolated_root, ConsentBanner};

        let page = PageFacts {
            host: "www.example-pcc.police.uk".into(),
            html_lang: None,
            ..Default::default()
        };
        let (config, _errors) = Config::from_attributes([("data-site-name", "Example PCC")], &page);
        // Inside its own shadow root, with the stylesheet built in:
        if let Ok(root) = isolated_root(&[]) {
            leptos::mount::mount_to(root, move || view! { <ConsentBanner config/> }).forget();
        }
        // ANCHOR_END: isolated
    }
}
