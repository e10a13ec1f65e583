//! One fixed region in an open shadow root, the shape pcc-consent's banner has.

use wasm_bindgen::prelude::*;
use web_sys::{ShadowRootInit, ShadowRootMode};

#[wasm_bindgen]
pub fn boot() -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let host = document.create_element("div")?;
    host.set_id("pcc-consent");
    document.body().ok_or("no body")?.append_child(&host)?;
    let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
    let region = document.create_element("div")?;
    region.set_attribute("role", "region")?;
    region.set_attribute(
        "style",
        "position:fixed;left:0;right:0;bottom:0;padding:16px;background:#f3f2f1",
    )?;
    region.set_text_content(Some("Cookies on Example PCC"));
    shadow.append_child(&region)?;
    Ok(())
}
