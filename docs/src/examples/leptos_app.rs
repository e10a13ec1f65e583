//! The book's Leptos app example ("Using the components in a Leptos app" includes it by
//! anchor). A Cargo example target (`book_leptos_app`): `cargo clippy --all-targets
//! --target wasm32-unknown-unknown` in scripts/test.sh compiles it, so the book's code
//! cannot drift from the crate's API. On the host it is an empty program (the
//! components exist only on wasm32).

#[cfg(target_arch = "wasm32")]
mod app {
    // ANCHOR: imports
    use leptos::prelude::*;
    use pcc_consent::config::{Config, PageFacts};
    use pcc_consent::consent::Category;
    use pcc_consent::ui::{
        listen_for_open_triggers, use_ui, ConsentBanner, CookieDeclaration, CookieSettings,
    };
    use pcc_consent::{provide_consent, use_config, use_consent};
    // ANCHOR_END: imports

    // ANCHOR: config
    /// The site's settings, from the same attribute names as the script tag.
    fn site_config() -> Config {
        let page = PageFacts {
            host: "www.example-pcc.police.uk".into(),
            html_lang: Some("en".into()),
            // The categories of gated content in your pages (none here; with
            // data-categories set they are not needed).
            ..Default::default()
        };
        let (config, errors) = Config::from_attributes(
            [
                ("data-site-name", "Example PCC"),
                ("data-policy-url", "/cookies"),
                ("data-ga-id", "G-XXXXXXXXXX"),
                ("data-categories", "performance,functionality"),
            ],
            &page,
        );
        for error in errors {
            leptos::logging::error!("pcc-consent: {error}");
        }
        config
    }
    // ANCHOR_END: config

    // ANCHOR: app
    /// One consent for the whole app: the banner, the cookies page and your own
    /// components all read and change the same state.
    #[component]
    pub fn App() -> impl IntoView {
        provide_consent(site_config());
        // The dialog's state, shared by the banner and your own "Cookie settings" buttons.
        let ui = use_ui();
        // `data-pcc-consent-open` links (the footer's below) open the dialog only while
        // something listens: `<ConsentBanner/>` without `config` leaves that to the app.
        let open_triggers = listen_for_open_triggers(ui);
        on_cleanup(move || open_triggers.remove());
        let on_cookies_page = window()
            .location()
            .pathname()
            .is_ok_and(|p| p == "/cookies");
        view! {
            <ConsentBanner/>
            <main>
                {if on_cookies_page { view! { <CookiesPage/> }.into_any() } else { view! { <Home/> }.into_any() }}
            </main>
            <footer>
                <a href="/cookies" data-pcc-consent-open="">"Cookie settings"</a>
            </footer>
        }
    }
    // ANCHOR_END: app

    // ANCHOR: recipes
    #[component]
    fn Home() -> impl IntoView {
        let consent = use_consent();
        let ui = use_ui();
        // The site's settings (texts, theme, categories offered), provided with the state.
        let config = use_config();
        view! {
            <h1>{config.site_name.clone()}</h1>
            // Render something only while a category is granted (reactive: it appears
            // and disappears as the visitor decides, in this tab or another).
            <Show
                when=move || consent.allows(Category::Functionality)
                fallback=move || view! {
                    <p>"The text-size control needs functionality cookies."</p>
                    <button on:click=move |_| consent.accept(&[Category::Functionality])>
                        "Allow functionality cookies"
                    </button>
                }
            >
                <p>"Text size: " <button>"A+"</button></p>
            </Show>
            // Open the preferences dialog from your own button.
            <button on:click=move |_| ui.open_preferences(None)>"Change cookie settings"</button>
            // The record in force, e.g. for a "your choice" line.
            <p>{move || match consent.record.get() {
                Some(record) => format!("You chose on revision {} of our cookie notice.", record.revision),
                None => "You have not chosen yet.".to_string(),
            }}</p>
        }
    }
    // ANCHOR_END: recipes

    // ANCHOR: cookies-page
    #[component]
    fn CookiesPage() -> impl IntoView {
        view! {
            <h1>"Cookies"</h1>
            <h2>"Change your cookie settings"</h2>
            <CookieSettings/>
            <h2>"Cookies we use"</h2>
            <CookieDeclaration/>
        }
    }
    // ANCHOR_END: cookies-page
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    leptos::mount::mount_to_body(app::App);
}
