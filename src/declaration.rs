//! The cookie declaration: which cookies the site sets, per category, built from the
//! config so it cannot go stale — the consent cookie with its real name and lifetime,
//! GA's and Clarity's only when configured, and the site's own from the config block.
//! Pure; the UI renders it as tables.

use crate::config::{Config, StorageMode};
use crate::consent::Category;
use crate::cookie::ConsentCookie;

/// One row of the declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredCookie {
    pub name: String,
    pub set_by: String,
    pub purpose: String,
    pub expires: String,
}

/// Every offered category, in order, with the cookies set under it. `secure`: the page
/// is https (the consent cookie is then `__Host-` prefixed unless it has a domain).
pub fn declaration(config: &Config, secure: bool) -> Vec<(Category, Vec<DeclaredCookie>)> {
    let t = &config.texts;
    let row = |name: String, set_by: &str, purpose: &str, expires: String| DeclaredCookie {
        name,
        set_by: set_by.to_owned(),
        purpose: purpose.to_owned(),
        expires,
    };
    let mut out: Vec<(Category, Vec<DeclaredCookie>)> =
        config.categories.iter().map(|c| (*c, Vec::new())).collect();
    let mut add = |category: Category, cookie: DeclaredCookie| {
        if let Some((_, rows)) = out.iter_mut().find(|(c, _)| *c == category) {
            rows.push(cookie);
        }
    };
    // What is really stored: the cookie under the name the browser shows (see
    // `storage.rs`), or in discreet mode no cookie at all, only a sessionStorage entry.
    let (consent_name, consent_expires) = match config.storage {
        StorageMode::Persistent => (
            ConsentCookie {
                base: config.cookie_name.clone(),
                domain: config.cookie_domain.clone(),
                secure,
                host: String::new(),
                path: String::new(),
            }
            .name(),
            t.days.replace("{n}", &config.expiry_days.to_string()),
        ),
        StorageMode::Session => (
            format!("{} (sessionStorage)", config.cookie_name),
            t.browser_session.to_string(),
        ),
    };
    add(
        Category::Necessary,
        row(
            consent_name,
            &t.set_by_site,
            &t.purpose_consent,
            consent_expires,
        ),
    );
    if let Some(ga) = &config.ga {
        let container = ga.id.trim_start_matches("G-");
        add(
            ga.category,
            row(
                "_ga".into(),
                "Google Analytics",
                &t.purpose_ga,
                t.two_years.to_string(),
            ),
        );
        add(
            ga.category,
            row(
                format!("_ga_{container}"),
                "Google Analytics",
                &t.purpose_ga_session,
                t.two_years.to_string(),
            ),
        );
    }
    if let Some(clarity) = &config.clarity {
        add(
            clarity.category,
            row(
                "_clck".into(),
                "Microsoft Clarity",
                &t.purpose_clck,
                t.one_year.to_string(),
            ),
        );
        add(
            clarity.category,
            row(
                "_clsk".into(),
                "Microsoft Clarity",
                &t.purpose_clsk,
                t.one_day.to_string(),
            ),
        );
    }
    for site in &config.site_cookies {
        let set_by = site.set_by.as_deref().unwrap_or(&t.set_by_site);
        let cookie = row(
            site.name.clone(),
            set_by,
            &site.purpose,
            site.expires.clone(),
        );
        add(site.category, cookie);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PageFacts;

    fn config(attrs: &[(&str, &str)]) -> Config {
        let page = PageFacts {
            host: "example.police.uk".into(),
            html_lang: None,
            ..PageFacts::default()
        };
        Config::from_attributes(attrs.iter().copied(), &page).0
    }

    fn names(config: &Config) -> Vec<(Category, Vec<String>)> {
        declaration(config, false)
            .into_iter()
            .map(|(c, rows)| (c, rows.into_iter().map(|r| r.name).collect()))
            .collect()
    }

    #[test]
    fn without_services_only_the_consent_cookie_is_declared() {
        let c = config(&[]);
        assert_eq!(
            names(&c),
            vec![
                (Category::Necessary, vec!["pcc_consent".to_owned()]),
                (Category::Performance, vec![]),
                (Category::Functionality, vec![]),
                (Category::Targeting, vec![]),
            ]
        );
        assert_eq!(declaration(&c, false)[0].1[0].expires, "365 days");
    }

    #[test]
    fn configured_services_add_exactly_their_cookies_under_their_category() {
        let c = config(&[
            ("data-ga-id", "G-ABC123"),
            ("data-clarity-id", "xyz"),
            ("data-clarity-category", "functionality"),
            ("data-cookie-name", "opcc"),
            ("data-expiry-days", "90"),
            ("data-categories", "performance,functionality"),
        ]);
        assert_eq!(
            names(&c),
            vec![
                (Category::Necessary, vec!["opcc".to_owned()]),
                (
                    Category::Performance,
                    vec!["_ga".to_owned(), "_ga_ABC123".to_owned()]
                ),
                (
                    Category::Functionality,
                    vec!["_clck".to_owned(), "_clsk".to_owned()]
                ),
            ]
        );
        assert_eq!(declaration(&c, false)[0].1[0].expires, "90 days");
        assert_eq!(declaration(&c, false)[1].1[0].set_by, "Google Analytics");
    }

    #[test]
    fn the_sites_own_cookies_are_declared_as_set_by_the_site_unless_named() {
        let mut c = config(&[]);
        let errors = c.apply_json_block(
            r#"{"cookies": [{"name": "chat", "category": "functionality", "purpose": "Chat", "expires": "1 day"},
                            {"name": "vid", "category": "targeting", "purpose": "Video", "expires": "1 year", "setBy": "YouTube"}]}"#,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let d = declaration(&c, false);
        // Only the categories in use are offered, so declared (issue 31 item 4).
        let offered: Vec<Category> = d.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            offered,
            [
                Category::Necessary,
                Category::Functionality,
                Category::Targeting
            ]
        );
        assert_eq!(d[1].1[0].set_by, "This website");
        assert_eq!(d[2].1[0].set_by, "YouTube");
    }

    #[test]
    fn discreet_mode_declares_session_storage() {
        let c = config(&[("data-storage", "session")]);
        assert!(declaration(&c, false)[0].1[0].expires.contains("session"));
    }

    #[test]
    fn the_consent_row_names_what_is_really_stored() {
        let name = |attrs: &[(&str, &str)], secure: bool| {
            declaration(&config(attrs), secure)[0].1[0].name.clone()
        };
        let named = [("data-cookie-name", "opcc")];
        assert_eq!(name(&named, false), "opcc");
        assert_eq!(name(&named, true), "__Host-opcc", "https, no cookie domain");
        let shared = [
            ("data-cookie-name", "opcc"),
            ("data-cookie-domain", "example.police.uk"),
        ];
        assert_eq!(name(&shared, true), "opcc", "a shared cookie has no prefix");
        let discreet = [("data-cookie-name", "opcc"), ("data-storage", "session")];
        for secure in [false, true] {
            assert_eq!(
                name(&discreet, secure),
                "opcc (sessionStorage)",
                "no cookie at all"
            );
        }
    }
}
