//! The demo site (index.html, built by Trunk): the banner used as a Leptos component,
//! the way a Leptos app would use it.

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    use pcc_consent::config::{Config, PageFacts};
    use pcc_consent::ui::{isolated_root, ConsentBanner};

    let page = PageFacts {
        host: "demo".into(),
        html_lang: None,
    };
    let (config, _) = Config::from_attributes(
        [
            ("data-site-name", "Example Police and Crime Commissioner"),
            ("data-policy-url", "demo/cookies.html"),
        ],
        &page,
    );
    match isolated_root(&[]) {
        Ok(root) => {
            leptos::mount::mount_to(root, move || view! { <ConsentBanner config/> }).forget()
        }
        Err(why) => web_sys::console::error_1(&why.into()),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("pcc-consent-demo runs in the browser: `bash scripts/demo.sh`");
}
