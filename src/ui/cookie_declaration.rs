//! The cookies page's declaration: the cookies the site sets, per category.

use crate::config::Config;
use crate::config_context::use_config;
use crate::consent::Category;
use crate::declaration::declaration;
use leptos::either::Either;
use leptos::prelude::*;

/// The cookies page's declaration: a section per offered category with its legal
/// basis, a table of the services it governs (name, purpose, cookies) when it has any,
/// and a table of the cookies the site sets under it (built from the settings, so it
/// cannot go stale).
/// Static: it reads the settings ([`use_config`](crate::use_config)), never the consent,
/// and changes nothing. The embed mounts it into `<div data-pcc-consent-declaration>`.
///
/// # Example
///
/// ```no_run
/// # #[cfg(target_arch = "wasm32")] {
/// use leptos::prelude::*;
/// use pcc_consent::ui::CookieDeclaration;
///
/// leptos::mount::mount_to_body(|| {
///     // Below a provided consent and settings (it needs only the settings).
///     pcc_consent::provide_consent(pcc_consent::config::Config::defaults(&Default::default()));
///     view! { <CookieDeclaration/> }
/// });
/// # }
/// ```
#[component]
pub fn CookieDeclaration() -> impl IntoView {
    let config = use_config();
    let texts = &config.texts;
    declaration(&config, crate::storage::is_https())
        .into_iter()
        .map(|(category, rows)| {
            let title = texts.category(category).0.to_owned();
            let body = if rows.is_empty() {
                Either::Left(
                    view! { <p class="pcc-consent-text">{texts.table_none.to_string()}</p> },
                )
            } else {
                let rows = rows
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr>
                                <th scope="row">{r.name}</th>
                                <td>{r.set_by}</td>
                                <td>{r.purpose}</td>
                                <td>{r.expires}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                Either::Right(view! {
                    <table class="pcc-consent-table">
                        <caption class="pcc-consent-caption">{title.clone()}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{texts.table_name.to_string()}</th>
                                <th scope="col">{texts.table_set_by.to_string()}</th>
                                <th scope="col">{texts.table_purpose.to_string()}</th>
                                <th scope="col">{texts.table_expires.to_string()}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                })
            };
            view! {
                <section class="pcc-consent-declaration" data-category=category.id()
                    lang=config.lang.id() dir=config.lang.dir()>
                    <h3 class="pcc-consent-heading">{title}</h3>
                    <p class="pcc-consent-text pcc-consent-basis">{texts.basis(config.basis(category)).to_owned()}</p>
                    {services_table(&config, category)}
                    {body}
                </section>
            }
        })
        .collect_view()
}

/// The services `category` governs, each with its purpose and cookies (their legal
/// basis is the section's); nothing for a category without services.
fn services_table(config: &Config, category: Category) -> Option<impl IntoView> {
    let services = config.services_in(category);
    if services.is_empty() {
        return None;
    }
    let texts = &config.texts;
    let caption = texts
        .services_group
        .replace("{category}", texts.category(category).0);
    let rows = services
        .into_iter()
        .map(|s| {
            view! {
                <tr data-service=s.id>
                    <th scope="row">{s.name}</th>
                    <td>{s.purpose}</td>
                    <td>{s.cookies.join(", ")}</td>
                </tr>
            }
        })
        .collect_view();
    Some(view! {
        <table class="pcc-consent-table pcc-consent-services-table">
            <caption class="pcc-consent-caption">{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{texts.table_service.to_string()}</th>
                    <th scope="col">{texts.table_purpose.to_string()}</th>
                    <th scope="col">{texts.table_cookies.to_string()}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    })
}
