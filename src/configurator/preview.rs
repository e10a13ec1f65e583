//! The live preview: the real `<ConsentBanner>` (and its preferences dialog) with the
//! settings as the parser reads them, in its own shadow root inside a frame on this
//! page, mounted again after every change. It must never record the visitor's real
//! consent or contact anyone: the preview config (see `Settings::preview_config`) keeps
//! the choice in sessionStorage under its own name and drops analytics and the log.

use super::app::use_form;
use super::settings::PREVIEW_COOKIE;
use leptos::prelude::*;
use pcc_consent::config::Lang;
use pcc_consent::ui::{isolated_root_in, ConsentBanner, UiState};
use std::any::Any;

/// What is mounted now: dropping it unmounts the banner.
struct Mounted {
    _handle: Box<dyn Any>,
    ui: UiState,
}

#[component]
pub fn Preview() -> impl IntoView {
    let form = use_form();
    let lang = RwSignal::new(Lang::En);
    // Follows the site's data-lang when set; otherwise the preview's own choice.
    let shown_lang = Memo::new(move |_| {
        form.settings
            .with(|s| Lang::from_tag(s.get("data-lang")))
            .unwrap_or_else(|| lang.get())
    });
    let config = Memo::new(move |_| form.settings.with(|s| s.preview_config(shown_lang.get())));
    let again = RwSignal::new(0u32);
    let frame = NodeRef::<leptos::html::Div>::new();
    let mounted = StoredValue::new_local(None::<Mounted>);

    Effect::new(move |_| {
        let config = config.get();
        again.track();
        let Some(frame) = frame.get() else {
            return;
        };
        mounted.set_value(None);
        forget_preview_choice();
        frame.set_inner_html("");
        let Ok(host) = pcc_consent::ui::leptos_div() else {
            return;
        };
        host.set_id("cfg-preview-banner");
        if frame.append_child(&host).is_err() {
            return;
        }
        let theme = config.theme.clone();
        match isolated_root_in(&host, &theme) {
            Ok(root) => {
                let ui = UiState::new();
                let handle = leptos::mount::mount_to(root, move || {
                    provide_context(ui);
                    view! { <ConsentBanner config/> }
                });
                mounted.set_value(Some(Mounted {
                    _handle: Box::new(handle),
                    ui,
                }));
            }
            Err(why) => web_sys::console::error_1(&format!("preview: {why}").into()),
        }
    });
    on_cleanup(move || mounted.set_value(None));

    let open_dialog = move |_| {
        if let Some(ui) = mounted.with_value(|m| m.as_ref().map(|m| m.ui)) {
            ui.open_preferences(None);
        }
    };
    let lang_follows_site = move || !form.value("data-lang").is_empty();
    view! {
        <section class="cfg-preview" aria-labelledby="cfg-preview-title">
            <h2 id="cfg-preview-title">"Preview"</h2>
            <p class="cfg-hint">
                "The real banner with your settings. Trying it here records nothing for this site: "
                "the preview keeps its choice apart, for this browser tab only."
            </p>
            <div class="cfg-preview-controls">
                <label for="cfg-preview-lang">"Preview language"</label>
                <select id="cfg-preview-lang" prop:disabled=lang_follows_site
                    on:change=move |ev| lang.set(if event_target_value(&ev) == "cy" { Lang::Cy } else { Lang::En })>
                    <option value="en" prop:selected=move || shown_lang.get() == Lang::En>"English"</option>
                    <option value="cy" prop:selected=move || shown_lang.get() == Lang::Cy>"Welsh"</option>
                </select>
                <button type="button" on:click=move |_| again.update(|n| *n += 1)>"Show the banner again"</button>
                <button type="button" on:click=open_dialog>"Open the preferences dialog"</button>
            </div>
            <div class="cfg-preview-frame" node_ref=frame></div>
        </section>
    }
}

/// Removes the preview's own stored choice, so the banner shows again.
fn forget_preview_choice() {
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.remove_item(PREVIEW_COOKIE);
    }
}
