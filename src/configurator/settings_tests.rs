//! Native tests of the configurator's settings: the parser's own messages, the
//! snippet appearing only when nothing is refused, and the config block only when needed.

use super::*;

const SRI: &str = "sha384-test";

fn with(pairs: &[(&str, &str)]) -> Settings {
    let mut s = Settings::default();
    for (k, v) in pairs {
        s.set(k, v);
    }
    s
}

#[test]
fn an_invalid_ga_id_shows_the_parsers_message_and_no_snippet() {
    let report = with(&[("data-ga-id", "UA-12345")]).report(SRI);
    assert_eq!(
        report.errors["data-ga-id"],
        ["ignoring data-ga-id=\"UA-12345\": expected a GA4 measurement id such as G-XXXXXXXXXX; using the default"]
    );
    assert_eq!(report.snippet, None);
}

#[test]
fn valid_settings_give_a_tag_with_exactly_the_attributes_set() {
    let report = with(&[
        ("data-site-name", "Example PCC"),
        ("data-ga-id", "G-ABC123"),
        ("data-quick-exit", "escape"),
        ("data-settings-button", "on"),
    ])
    .report(SRI);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let snippet = report.snippet.expect("a snippet");
    assert!(snippet.starts_with("<script src=\"/assets/pcc-consent/pcc-consent.js\" defer"));
    assert!(snippet.contains("integrity=\"sha384-test\" crossorigin=\"anonymous\""));
    assert!(snippet.contains("data-ga-id=\"G-ABC123\""));
    assert!(snippet.contains("data-quick-exit=\"escape\""));
    assert!(
        snippet.contains("\n        data-settings-button\n"),
        "{snippet}"
    );
    assert!(
        !snippet.contains("pcc-consent-config"),
        "no block without texts or theme"
    );
}

#[test]
fn the_snippet_always_says_which_categories_are_offered() {
    let only_analytics = with(&[
        ("data-ga-id", "G-ABC123"),
        ("data-clarity-id", "abcdefghij"),
    ])
    .report(SRI)
    .snippet
    .expect("a snippet");
    assert!(
        only_analytics.contains("data-categories=\"performance\""),
        "{only_analytics}"
    );
    let gtm = with(&[
        ("data-gtm-id", "GTM-ABC1234"),
        ("data-gtm-category", "targeting"),
    ])
    .report(SRI)
    .snippet
    .expect("a snippet");
    assert!(gtm.contains("data-categories=\"targeting\""), "{gtm}");
    let nothing = with(&[]).report(SRI).snippet.expect("a snippet");
    assert!(
        nothing.contains("data-categories=\"performance,functionality,targeting\""),
        "{nothing}"
    );
    let chosen = with(&[
        ("data-categories", "functionality"),
        ("data-ga-id", "G-ABC123"),
    ])
    .attributes();
    assert_eq!(
        chosen
            .iter()
            .filter(|(k, _)| k == "data-categories")
            .collect::<Vec<_>>(),
        [&("data-categories".to_owned(), "functionality".to_owned())]
    );
}

#[test]
fn welsh_texts_and_a_theme_go_in_the_config_block() {
    let s = with(&[
        ("texts.cy.accept_additional", "Iawn, derbyn"),
        ("theme.button-bg", "#005ea5"),
    ]);
    let block: serde_json::Value = serde_json::from_str(&s.json_block().unwrap()).unwrap();
    assert_eq!(block["texts"]["cy"]["accept_additional"], "Iawn, derbyn");
    assert_eq!(block["theme"]["button-bg"], "#005ea5");
    assert!(block["texts"].get("en").is_none());
    let (config, errors) = s.parse(Lang::Cy);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(config.texts.accept_additional, "Iawn, derbyn");
}

#[test]
fn a_bad_text_key_or_theme_value_is_refused_with_the_parsers_message() {
    let report = with(&[
        ("texts.cy.accept_additional", "   "),
        ("theme.bg", "red; background: url(x)"),
    ])
    .report(SRI);
    assert_eq!(
        report.errors["texts.cy.accept_additional"],
        ["ignoring #pcc-consent-config texts.cy.accept_additional=\"   \": expected a non-empty text; using the default"]
    );
    assert!(
        report.errors["theme.bg"][0].contains("expected a colour"),
        "{:?}",
        report.errors["theme.bg"]
    );
    assert_eq!(report.snippet, None);
}

#[test]
fn the_script_in_a_text_cannot_close_the_config_block() {
    let s = with(&[("texts.en.customise", "</script><script>alert(1)</script>")]);
    let block = s.json_block().unwrap();
    assert!(!block.contains("</script"), "{block}");
    let parsed: serde_json::Value = serde_json::from_str(&block).unwrap();
    assert_eq!(
        parsed["texts"]["en"]["customise"],
        "</script><script>alert(1)</script>"
    );
}

#[test]
fn a_relative_exit_url_is_refused_as_the_quick_exit_script_would() {
    let report = with(&[("data-exit-url", "/elsewhere")]).report(SRI);
    assert!(report.errors["data-exit-url"][0].contains("expected an absolute http or https URL"));
    assert!(with(&[("data-exit-url", "https://www.google.com/")])
        .report(SRI)
        .errors
        .is_empty());
}

#[test]
fn the_preview_never_uses_the_sites_storage_or_analytics() {
    let s = with(&[
        ("data-ga-id", "G-ABC123"),
        ("data-log-url", "/log"),
        ("data-cookie-name", "site_consent"),
    ]);
    let config = s.preview_config(Lang::Cy);
    assert_eq!(config.cookie_name, PREVIEW_COOKIE);
    assert_eq!(config.storage, pcc_consent::config::StorageMode::Session);
    assert_eq!((config.ga, config.log_url), (None, None));
    assert_eq!(config.lang, Lang::Cy);
    // ...while the snippet keeps the site's own settings.
    let snippet = s.report(SRI).snippet.unwrap();
    assert!(snippet.contains("data-cookie-name=\"site_consent\""));
    assert!(!snippet.contains(PREVIEW_COOKIE) && !snippet.contains("data-storage"));
}

#[test]
fn a_service_whose_category_is_not_offered_is_warned_about_but_still_gets_a_snippet() {
    let report = with(&[
        ("data-ga-id", "G-ABC123"),
        ("data-categories", "functionality"),
    ])
    .report(SRI);
    assert_eq!(
        report.warnings["data-ga-id"],
        [
            "data-ga-id is set but its category \"performance\" is not in data-categories, \
          so Google Analytics 4 will never load"
        ]
    );
    assert!(report.snippet.is_some());
}

#[test]
fn ga4_under_statistics_is_refused_beside_its_field_with_the_reason() {
    let report = with(&[
        ("data-ga-id", "G-ABC123"),
        ("data-categories", "performance statistics"),
        ("data-ga-category", "statistics"),
    ])
    .report(SRI);
    let message = &report.errors["data-ga-category"][0];
    assert!(message.contains("Google acts as a controller"), "{message}");
    assert!(
        report.snippet.is_none(),
        "no snippet while a setting is refused"
    );
    let fine = with(&[("data-categories", "performance statistics")]).report(SRI);
    assert!(fine.errors.is_empty(), "{:?}", fine.errors);
    assert!(fine
        .snippet
        .unwrap()
        .contains("data-categories=\"performance statistics\""));
}
