//! The demo site's page, `index.html` (built by Trunk for `scripts/demo.sh`, or by
//! `scripts/configurator.sh` for the tests): the configurator, a Leptos app that uses
//! the banner's components the way any Leptos app would. See [`configurator`].

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod configurator;

#[cfg(target_arch = "wasm32")]
fn main() {
    configurator::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("pcc-consent-demo runs in the browser: `bash scripts/demo.sh`");
}
