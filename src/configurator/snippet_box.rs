//! The snippet to paste, with a Copy button: `navigator.clipboard.writeText`, or, where
//! that is refused, the text selected for the visitor to copy. While the parser refuses
//! any setting there is no snippet, only a note pointing at the form. It only shows the
//! report's snippet: it never builds or changes one.

use super::app::use_form;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

#[component]
pub fn SnippetBox() -> impl IntoView {
    let form = use_form();
    let snippet = move || form.report.with(|r| r.snippet.clone());
    let status = RwSignal::new(String::new());
    let code = NodeRef::<leptos::html::Textarea>::new();
    let copy = move |_| {
        let Some(text) = snippet() else {
            return;
        };
        match write_clipboard(&text) {
            Some(promise) => {
                let done = Closure::once(move |_: JsValue| {
                    status.set("Copied. Paste it into every page, before </body>.".into())
                });
                let failed = Closure::once(move |_: JsValue| {
                    select(code);
                    status.set("Selected: press Ctrl+C (or ⌘C) to copy.".into())
                });
                let _ = promise.then2(&done, &failed);
                // One of them runs, once; both live until then (a few bytes per click).
                done.forget();
                failed.forget();
            }
            None => {
                select(code);
                status.set("Selected: press Ctrl+C (or ⌘C) to copy.".into());
            }
        }
    };
    view! {
        <section class="cfg-snippet" aria-labelledby="cfg-snippet-title">
            <h2 id="cfg-snippet-title">"Your snippet"</h2>
            {move || match snippet() {
                Some(text) => {
                    let rows = text.lines().count().max(3);
                    view! {
                        <p class="cfg-hint">"Paste this into every page, just before </body>. Serve release/pcc-consent.js and release/pcc-consent.wasm, in one folder, at the address in src."</p>
                        <textarea id="cfg-snippet-code" aria-label="Snippet" readonly rows=rows spellcheck="false" node_ref=code prop:value=text></textarea>
                        <button type="button" class="cfg-copy" on:click=copy>"Copy"</button>
                    }
                    .into_any()
                }
                None => view! {
                    <p class="cfg-no-snippet" role="status">"Fix the settings marked in the form to get your snippet."</p>
                }
                .into_any(),
            }}
            <p class="cfg-status" role="status" aria-live="polite">{move || status.get()}</p>
        </section>
    }
}

/// `navigator.clipboard.writeText(text)`, if the browser offers it.
fn write_clipboard(text: &str) -> Option<js_sys::Promise> {
    let navigator = web_sys::window()?.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into()).ok()?;
    let write: js_sys::Function = write.dyn_into().ok()?;
    write.call1(&clipboard, &text.into()).ok()?.dyn_into().ok()
}

/// Selects the snippet's text, for copying by hand.
fn select(code: NodeRef<leptos::html::Textarea>) {
    if let Some(area) = code.get_untracked() {
        let area: &JsValue = area.as_ref();
        if let Ok(select) = js_sys::Reflect::get(area, &"select".into()) {
            if let Ok(select) = select.dyn_into::<js_sys::Function>() {
                let _ = select.call0(area);
            }
        }
        let _ = js_sys::Reflect::get(area, &"focus".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .map(|f| f.call0(area));
    }
}
