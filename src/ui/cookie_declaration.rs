//! The cookies page's declaration: a section per offered category with a table of the
//! cookies the site sets under it (built from the config by
//! [`crate::declaration`], so it cannot go stale). Static: it reads, never changes.
//!
//! ```ignore
//! // Below a provided consent (the embed mounts it into `<div data-pcc-consent-declaration>`):
//! view! { <CookieDeclaration/> }
//! ```

use crate::consent_state::use_consent;
use crate::declaration::declaration;
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn CookieDeclaration() -> impl IntoView {
    let config = use_consent().config();
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
                    {body}
                </section>
            }
        })
        .collect_view()
}
