//! Binds `blocked_content.js`: the site's `data-pcc-consent` scripts and iframes.

use crate::config::Config;
use crate::consent::Category;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/gate/blocked_content.js")]
extern "C" {
    #[wasm_bindgen(js_name = startBlockedContent)]
    fn start_blocked_content(
        text_for: &js_sys::Function,
        button: &str,
        lang: &str,
        dir: &str,
        offered: js_sys::Array,
        services: &JsValue,
    );
    #[wasm_bindgen(js_name = setGrantedCategories)]
    fn set_granted_categories(categories: js_sys::Array, refused_services: js_sys::Array);
}

pub fn start(config: &Config) {
    let texts = config.texts.clone();
    let text_for = Closure::<dyn Fn(String) -> String>::new(move |id: String| {
        let title = Category::from_id(&id).map_or(id.clone(), |c| texts.category(c).0.to_owned());
        texts.blocked_content.replace("{category}", &title)
    });
    start_blocked_content(
        text_for.as_ref().unchecked_ref(),
        &config.texts.cookie_settings,
        config.lang.id(),
        config.lang.dir(),
        config
            .categories
            .iter()
            .map(|c| JsValue::from_str(c.id()))
            .collect(),
        &services_object(config),
    );
    // Lives as long as the page.
    text_for.forget();
}

/// `{"<service id>": "<category>", …}`: what `data-pcc-service` may name, and where.
fn services_object(config: &Config) -> JsValue {
    let object = js_sys::Object::new();
    for service in config.services() {
        crate::browser::set_property(&object, &service.id, &service.category.id().into());
    }
    object.into()
}

/// The granted categories, and the services switched off inside them.
pub fn set_granted(categories: &[&str], refused_services: &[String]) {
    set_granted_categories(
        categories.iter().map(|c| JsValue::from_str(c)).collect(),
        refused_services
            .iter()
            .map(|s| JsValue::from_str(s))
            .collect(),
    );
}
