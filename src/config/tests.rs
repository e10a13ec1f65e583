use super::*;

fn page() -> PageFacts {
    PageFacts {
        host: "www.example.police.uk".into(),
        ..PageFacts::default()
    }
}

fn parse(attrs: &[(&str, &str)]) -> (Config, Vec<ConfigError>) {
    Config::from_attributes(attrs.iter().copied(), &page())
}

#[test]
fn defaults_follow_the_embed_contract() {
    let (c, errors) = parse(&[]);
    assert!(errors.is_empty());
    assert_eq!(c.site_name, "www.example.police.uk");
    assert_eq!(c.categories, Category::DEFAULT_OFFERED.to_vec());
    assert!(
        c.opt_out.is_empty(),
        "nothing runs before a choice unless the site says so"
    );
    assert_eq!(c.revision, 1);
    assert_eq!(c.expiry_days, 365);
    assert_eq!(c.storage, StorageMode::Persistent);
    assert_eq!(c.cookie_name, "pcc_consent");
    assert_eq!(c.lang, Lang::En);
    assert!(c.ga.is_none() && c.clarity.is_none() && c.policy_url.is_none());
}

#[test]
fn every_contract_attribute_is_read() {
    let (c, errors) = parse(&[
        ("data-site-name", "Example PCC"),
        ("data-policy-url", "/cookies"),
        ("data-ga-id", "G-ABC123"),
        ("data-ga-category", "targeting"),
        ("data-ga-src", "http://127.0.0.1:9/gtag.js"),
        ("data-clarity-id", "abcdefghij"),
        ("data-categories", "targeting, performance"),
        ("data-revision", "4"),
        ("data-expiry-days", "180"),
        ("data-storage", "session"),
        ("data-cookie-name", "opcc_consent"),
        ("data-cookie-domain", ".Example.police.uk"),
        ("data-lang", "cy"),
        ("data-log-url", "https://log.example.police.uk/consent"),
        ("data-reload-on-withdraw", ""),
        ("data-settings-button", "true"),
    ]);
    assert_eq!(errors, vec![]);
    assert_eq!(c.site_name, "Example PCC");
    assert_eq!(c.policy_url.as_deref(), Some("/cookies"));
    let ga = c.ga.unwrap();
    assert_eq!(
        (ga.id.as_str(), ga.category),
        ("G-ABC123", Category::Targeting)
    );
    assert_eq!(ga.src.as_deref(), Some("http://127.0.0.1:9/gtag.js"));
    let clarity = c.clarity.unwrap();
    assert_eq!(clarity.category, Category::Performance);
    assert_eq!(
        c.categories,
        vec![
            Category::Necessary,
            Category::Performance,
            Category::Targeting
        ]
    );
    assert_eq!((c.revision, c.expiry_days), (4, 180));
    assert_eq!(c.storage, StorageMode::Session);
    assert_eq!(c.cookie_name, "opcc_consent");
    assert_eq!(c.cookie_domain.as_deref(), Some("example.police.uk"));
    assert_eq!(c.lang, Lang::Cy);
    assert!(c.log_url.is_some());
    assert!(c.reload_on_withdraw);
    assert!(c.settings_button);
}

#[test]
fn bad_values_are_reported_by_attribute_and_fall_back_to_defaults() {
    let bad = [
        ("data-policy-url", "javascript:alert(1)"),
        ("data-categories", "performance,marketing"),
        ("data-revision", "0"),
        ("data-revision", "two"),
        ("data-expiry-days", "396"),
        ("data-storage", "forever"),
        ("data-cookie-name", "a;b"),
        ("data-cookie-domain", "bad domain"),
        ("data-lang", "fr"),
        ("data-ga-id", "UA-12345-1"),
        ("data-clarity-id", "<script>"),
        ("data-ga-category", "necessary"),
        ("data-clarity-src", "data:text/javascript,alert(1)"),
        ("data-reload-on-withdraw", "yes"),
        ("data-settings-button", "sometimes"),
    ];
    let (c, errors) = parse(&bad);
    assert_eq!(c, Config::defaults(&page()));
    assert_eq!(errors.len(), bad.len());
    for (&(attr, value), e) in bad.iter().zip(&errors) {
        assert_eq!(e.origin, Origin::Attribute(attr));
        assert_eq!(e.value, value);
        let msg = e.to_string();
        assert!(msg.contains(attr) && msg.contains("default"), "{msg}");
    }
}

#[test]
fn language_comes_from_the_attribute_then_the_page_then_english() {
    let welsh_page = PageFacts {
        html_lang: Some("cy-GB".into()),
        ..page()
    };
    assert_eq!(Config::from_attributes([], &welsh_page).0.lang, Lang::Cy);
    assert_eq!(
        Config::from_attributes([("data-lang", "en")], &welsh_page)
            .0
            .lang,
        Lang::En
    );
    let other = PageFacts {
        html_lang: Some("fr".into()),
        ..page()
    };
    assert_eq!(Config::from_attributes([], &other).0.lang, Lang::En);
}

#[test]
fn language_tags_are_read_by_their_primary_subtag_in_any_case() {
    let lang = |attr: Option<&str>, html: Option<&str>| {
        let page = PageFacts {
            html_lang: html.map(str::to_owned),
            ..page()
        };
        let attrs: Vec<(&str, &str)> = attr.map(|v| ("data-lang", v)).into_iter().collect();
        Config::from_attributes(attrs, &page).0.lang
    };
    for tag in ["en", "EN", "en-GB", "En-gb", " en "] {
        assert_eq!(lang(Some(tag), Some("cy")), Lang::En, "data-lang={tag:?}");
        assert_eq!(lang(None, Some(tag)), Lang::En, "<html lang={tag:?}>");
    }
    for tag in ["cy", "CY", "cy-GB", "Cy-gb", " cy "] {
        assert_eq!(lang(Some(tag), Some("en")), Lang::Cy, "data-lang={tag:?}");
        assert_eq!(lang(None, Some(tag)), Lang::Cy, "<html lang={tag:?}>");
    }
    // Not a tag for en or cy: reported, then the page's language decides, then English.
    for tag in ["fr", "cym", "cy_GB", "", "english"] {
        assert_eq!(
            lang(Some(tag), Some("cy-GB")),
            Lang::Cy,
            "data-lang={tag:?}"
        );
        assert_eq!(lang(None, Some(tag)), Lang::En, "<html lang={tag:?}>");
    }
    assert_eq!(lang(None, None), Lang::En);
}

#[test]
fn necessary_is_always_offered() {
    let (c, _) = parse(&[("data-categories", "")]);
    assert_eq!(c.categories, vec![Category::Necessary]);
    assert!(c.offers(Category::Necessary));
}

#[test]
fn unrelated_attributes_are_ignored() {
    // data-quick-exit/data-exit-url belong to the JS quick exit, which reports its own errors.
    let (c, errors) = parse(&[
        ("src", "x.js"),
        ("defer", ""),
        ("data-turbo", "false"),
        ("data-quick-exit", "panic"),
    ]);
    assert!(errors.is_empty());
    assert_eq!(c, Config::defaults(&page()));
}

#[test]
fn the_json_block_overrides_texts_for_the_page_language_and_sets_the_theme() {
    let (mut c, _) = parse(&[("data-lang", "cy")]);
    let errors = c.apply_json_block(
        r##"{"texts": {"en": {"accept_additional": "Yes"}, "cy": {"accept_additional": "Iawn", "performance_title": "Cwcis dadansoddi"}},
            "theme": {"button-bg": "#005ea5", "font": "Georgia, serif"}}"##,
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(c.texts.accept_additional, "Iawn");
    assert_eq!(
        c.texts.category(Category::Performance).0,
        "Cwcis dadansoddi"
    );
    assert_eq!(
        c.theme,
        vec![
            ("--pcc-consent-button-bg".to_owned(), "#005ea5".to_owned()),
            ("--pcc-consent-font".to_owned(), "Georgia, serif".to_owned()),
        ]
    );
}

#[test]
fn a_bad_json_block_is_reported_and_changes_nothing_it_should_not() {
    let (mut c, _) = parse(&[]);
    let defaults = c.clone();
    assert_eq!(c.apply_json_block("{not json").len(), 1);
    assert_eq!(c.apply_json_block("[1]").len(), 1);
    let errors = c.apply_json_block(
        r#"{"texts": {"en": {"made_up": "x", "saved": 7}}, "theme": {"bg": "red; } body { display:none", "colour": "red"}, "extra": 1}"#,
    );
    assert_eq!(errors.len(), 5, "{errors:?}");
    assert!(errors
        .iter()
        .all(|e| e.to_string().contains("#pcc-consent-config")));
    assert_eq!(c, defaults);
    // Each refusal names the book page that lists what is accepted (the README does not).
    let mut all = c.apply_json_block("{not json");
    all.extend(errors);
    for (fragment, page) in [
        ("{not json", "see the book's Texts, Welsh and theme page"),
        ("texts.en.made_up", "see the book's Texts reference"),
        ("theme.colour", "see the book's Theme reference"),
    ] {
        let message = all
            .iter()
            .map(ToString::to_string)
            .find(|m| m.contains(fragment))
            .unwrap_or_default();
        assert!(message.contains(page), "{fragment}: {message}");
    }
    assert!(all.iter().all(|e| !e.to_string().contains("README")));
}

#[test]
fn the_json_block_declares_the_sites_own_cookies() {
    let (mut c, _) = parse(&[]);
    let errors = c.apply_json_block(
        r#"{"cookies": [
            {"name": "chat_open", "category": "functionality", "purpose": "Remembers the chat window", "expires": "1 day"},
            {"name": "bad name;", "category": "functionality", "purpose": "x", "expires": "y"},
            {"name": "ads", "category": "marketing", "purpose": "x", "expires": "y"}
        ]}"#,
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(c.site_cookies.len(), 1);
    assert_eq!(c.site_cookies[0].category, Category::Functionality);
    assert_eq!(c.site_cookies[0].set_by, None);
}

#[test]
fn a_service_governed_by_a_category_the_site_does_not_offer_is_warned_about() {
    let (c, _) = parse(&[
        ("data-ga-id", "G-ABC123"),
        ("data-clarity-id", "abc"),
        ("data-clarity-category", "functionality"),
        ("data-categories", "functionality"),
    ]);
    let warnings = c.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].origin, Origin::Attribute("data-ga-id"));
    let message = warnings[0].to_string();
    assert!(message.contains("data-ga-id") && message.contains("performance"));
    assert!(parse(&[("data-ga-id", "G-ABC123")]).0.warnings().is_empty());
}

#[test]
fn data_lang_is_read_like_html_lang_by_its_primary_subtag_in_any_case() {
    for (tag, lang) in [
        ("en", Lang::En),
        ("en-GB", Lang::En),
        ("cy", Lang::Cy),
        ("CY", Lang::Cy),
        ("cy-GB", Lang::Cy),
    ] {
        let (c, errors) = parse(&[("data-lang", tag)]);
        assert!(errors.is_empty(), "{tag}: {errors:?}");
        assert_eq!(c.lang, lang, "data-lang={tag}");
        let page = PageFacts {
            html_lang: Some(tag.into()),
            ..page()
        };
        assert_eq!(
            Config::from_attributes([], &page).0.lang,
            lang,
            "<html lang={tag}>"
        );
    }
    let (c, errors) = parse(&[("data-lang", "fr")]);
    assert_eq!((c.lang, errors.len()), (Lang::En, 1));
}

#[test]
fn the_privacy_signal_is_honoured_unless_the_site_says_ignore() {
    assert!(parse(&[]).0.honour_gpc);
    assert!(!parse(&[("data-gpc", "ignore")]).0.honour_gpc);
    let (c, errors) = parse(&[("data-gpc", "sometimes")]);
    assert!(
        c.honour_gpc && errors.len() == 1,
        "bad value: default kept, reported"
    );
}

#[test]
fn one_wrong_value_in_the_json_block_is_reported_alone_and_the_rest_applies() {
    let (mut c, _) = parse(&[("data-lang", "cy")]);
    let errors = c.apply_json_block(
        r##"{"texts": {"cy": {"accept_additional": "Iawn"}, "en": null},
            "theme": {"bg": "#fff"},
            "cookies": [
              {"name": "a", "category": "functionality", "purpose": "p", "expires": 30},
              {"name": "b", "category": "functionality", "purpose": "p", "expires": "1 day", "setby": "typo"},
              "not an object",
              {"name": "c", "category": "functionality", "purpose": "p", "expires": "1 day", "setBy": false},
              {"name": "d", "category": "functionality", "purpose": "p", "expires": "1 day"}
            ]}"##,
    );
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert_eq!(c.texts.accept_additional, "Iawn", "texts still apply");
    assert_eq!(c.theme.len(), 1, "the theme still applies");
    let names: Vec<&str> = c.site_cookies.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["d"], "only the well-formed entry is declared");
    let (mut c, _) = parse(&[]);
    assert_eq!(
        c.apply_json_block(r#"{"texts": [], "theme": "red", "cookies": {}}"#)
            .len(),
        3
    );
}

#[test]
fn a_block_over_the_cap_is_refused_whole_with_one_error_and_texts_are_capped() {
    let (mut c, _) = parse(&[]);
    let defaults = c.clone();
    let unknown: Vec<String> = (0..30_000).map(|i| format!("\"k{i}\":1")).collect();
    let huge = format!("{{{},\"theme\":{{\"bg\":\"red\"}}}}", unknown.join(","));
    assert!(huge.len() > MAX_BLOCK_BYTES);
    let errors = c.apply_json_block(&huge);
    assert_eq!(errors.len(), 1, "one error, not one per key");
    assert!(errors[0].to_string().contains("65,536"), "{}", errors[0]);
    assert!(
        errors[0].to_string().len() < 300,
        "the message quotes the value in part"
    );
    assert_eq!(c, defaults, "nothing from it applies");
    let long = format!(
        r#"{{"texts": {{"en": {{"banner_essential": "{}"}}}}}}"#,
        "x".repeat(5000)
    );
    let errors = c.apply_json_block(&long);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].to_string().contains("texts.en.banner_essential"));
    assert!(errors[0].to_string().len() < 300, "{}", errors[0]);
    assert_eq!(c, defaults);
}

#[test]
fn deceiving_labels_and_fetching_theme_values_are_refused_by_key() {
    let (mut c, _) = parse(&[]);
    let defaults = c.clone();
    let errors = c.apply_json_block(
        r#"{"texts": {"en": {"accept_additional": "Reject additional cookies", "reject_all": "\u202Ella tpeccA"}},
            "theme": {"bg": "url(https://tracker.example/p.png)", "button-bg": "image-set(url(x.png) 1x)", "radius": "url(x)", "font": "local(Arial)"}}"#,
    );
    let keys: Vec<String> = errors.iter().map(|e| e.origin.to_string()).collect();
    assert_eq!(
        keys,
        [
            "#pcc-consent-config texts.en.reject_all",
            "#pcc-consent-config texts.en.accept_additional",
            "#pcc-consent-config theme.bg",
            "#pcc-consent-config theme.button-bg",
            "#pcc-consent-config theme.radius",
            "#pcc-consent-config theme.font",
        ]
    );
    assert_eq!(c, defaults, "defaults kept");
}

#[test]
fn urls_that_only_look_relative_are_read_as_browsers_read_them() {
    use super::validate::page_url;
    // Another host in disguise: refused, in every attribute that takes a URL.
    for disguised in [
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "\\/evil.example/x.js",
    ] {
        assert_eq!(page_url(disguised), None, "{disguised}");
        for attribute in [
            "data-policy-url",
            "data-ga-src",
            "data-clarity-src",
            "data-log-url",
        ] {
            let (_, errors) = parse(&[(attribute, disguised)]);
            assert_eq!(errors.len(), 1, "{attribute}={disguised}");
        }
    }
    for refused in [
        "javascript:alert(1)",
        "data:text/html,x",
        " java\tscript:x",
        "vbscript:x",
    ] {
        assert_eq!(page_url(refused), None, "{refused}");
    }
    // What a site means: kept as written.
    for kept in [
        "/cookies",
        "cookies.html",
        "?q=1",
        "#top",
        "/a\\b",
        "https://www.example.police.uk/cookies",
        "http://127.0.0.1:9/gtag.js",
    ] {
        assert_eq!(page_url(kept).as_deref(), Some(kept), "{kept}");
    }
}

#[test]
fn a_tag_manager_container_is_read_and_checked_like_ga() {
    let (c, errors) = parse(&[
        ("data-gtm-id", "GTM-ABC1234"),
        ("data-gtm-category", "functionality"),
        ("data-gtm-src", "/proxy/gtm.js"),
    ]);
    assert_eq!(errors, vec![]);
    let gtm = c.gtm.expect("a container");
    assert_eq!(
        (gtm.id.as_str(), gtm.category, gtm.src.as_deref()),
        (
            "GTM-ABC1234",
            Category::Functionality,
            Some("/proxy/gtm.js")
        )
    );
    assert_eq!(
        parse(&[("data-gtm-id", "GTM-ABC1234")])
            .0
            .gtm
            .unwrap()
            .category,
        Category::Performance
    );
    let (c, errors) = parse(&[
        ("data-gtm-id", "GTM-abc"),
        ("data-gtm-category", "necessary"),
        ("data-gtm-src", "javascript:alert(1)"),
    ]);
    assert!(c.gtm.is_none(), "a bad id loads no container");
    let attributes: Vec<&str> = errors.iter().map(|e| e.origin.key()).collect();
    assert_eq!(
        attributes,
        ["data-gtm-id", "data-gtm-category", "data-gtm-src"]
    );
    assert_eq!(
        errors[0].to_string(),
        "ignoring data-gtm-id=\"GTM-abc\": expected a Google Tag Manager container id such as GTM-XXXXXXX; using the default"
    );
}

#[test]
fn ga_both_direct_and_through_tag_manager_is_one_double_counting_warning() {
    let both = parse(&[("data-ga-id", "G-ABC123"), ("data-gtm-id", "GTM-ABC1234")]).0;
    let warnings = both.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0]
            .message
            .starts_with("data-ga-id (G-ABC123) and data-gtm-id (GTM-ABC1234) are both set"),
        "{}",
        warnings[0]
    );
    assert!(parse(&[("data-gtm-id", "GTM-ABC1234")])
        .0
        .warnings()
        .is_empty());
    // A container governed by a category the site does not offer could never load.
    let unreachable = parse(&[
        ("data-gtm-id", "GTM-ABC1234"),
        ("data-categories", "functionality"),
    ])
    .0;
    assert_eq!(
        unreachable
            .warnings()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["data-gtm-id is set but its category \"performance\" is not in data-categories, so Google Tag Manager will never load"]
    );
}

#[test]
fn statistics_are_offered_only_when_listed_and_always_run_until_objection() {
    let (c, errors) = parse(&[("data-categories", "performance statistics")]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        c.categories,
        vec![
            Category::Necessary,
            Category::Performance,
            Category::Statistics
        ]
    );
    assert_eq!(c.opt_out, vec![Category::Statistics]);
    assert_eq!(c.basis(Category::Statistics), Basis::Statistics);
    assert_eq!(c.basis(Category::Performance), Basis::Consent);
    assert_eq!(c.basis(Category::Necessary), Basis::StrictlyNecessary);
    let (c, _) = parse(&[("data-categories", "performance,  statistics ,targeting")]);
    assert_eq!(c.categories.len(), 4);
}

#[test]
fn functionality_runs_until_objection_only_when_the_site_says_para_6() {
    let (c, errors) = parse(&[
        ("data-categories", "functionality statistics"),
        ("data-opt-out", "functionality"),
    ]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        c.opt_out,
        vec![Category::Functionality, Category::Statistics]
    );
    assert_eq!(c.basis(Category::Functionality), Basis::Appearance);
    // Performance or targeting can never run without consent.
    let (c, errors) = parse(&[("data-opt-out", "performance")]);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].origin, Origin::Attribute("data-opt-out"));
    assert!(c.opt_out.is_empty());
    // Functionality not offered: nothing runs.
    let (c, _) = parse(&[
        ("data-categories", "performance"),
        ("data-opt-out", "functionality"),
    ]);
    assert!(c.opt_out.is_empty());
}

#[test]
fn ga4_and_clarity_are_refused_the_exceptions_and_stay_opt_in() {
    let (c, errors) = parse(&[
        ("data-categories", "performance statistics"),
        ("data-ga-id", "G-ABC123"),
        ("data-ga-category", "statistics"),
    ]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let message = errors[0].to_string();
    assert!(
        message.contains("data-ga-category=\"statistics\""),
        "{message}"
    );
    assert!(message.contains("Google acts as a controller"), "{message}");
    assert_eq!(
        c.ga.as_ref().map(|g| g.category),
        Some(Category::Performance)
    );
    let (c, errors) = parse(&[
        ("data-categories", "functionality"),
        ("data-opt-out", "functionality"),
        ("data-clarity-id", "abcdefghij"),
        ("data-clarity-category", "functionality"),
    ]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]
        .to_string()
        .contains("records individual sessions"));
    assert_eq!(
        c.clarity.as_ref().map(|s| s.category),
        Some(Category::Performance)
    );
    // Functionality that needs consent may still govern Clarity.
    let (c, errors) = parse(&[
        ("data-clarity-id", "abcdefghij"),
        ("data-clarity-category", "functionality"),
    ]);
    assert!(errors.is_empty());
    assert_eq!(c.clarity.map(|s| s.category), Some(Category::Functionality));
}

mod services {
    use super::*;

    const VIDEO: &str = r#"{"id": "video", "category": "targeting", "name": {"en": "Video", "cy": "Fideo"}, "purpose": "Plays videos", "cookies": ["YSC"]}"#;

    #[test]
    fn one_list_holds_the_built_in_and_the_declared_services_in_offered_categories() {
        let (mut c, _) = parse(&[
            ("data-ga-id", "G-ABC123"),
            ("data-clarity-id", "abcdefghij"),
        ]);
        let errors = c.apply_json_block(&format!(r#"{{"services": [{VIDEO}]}}"#));
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<(String, Category)> = c
            .services()
            .into_iter()
            .map(|s| (s.id, s.category))
            .collect();
        assert_eq!(
            ids,
            [
                ("ga4".to_owned(), Category::Performance),
                ("clarity".to_owned(), Category::Performance),
                ("video".to_owned(), Category::Targeting)
            ]
        );
        assert_eq!(
            c.categories,
            [
                Category::Necessary,
                Category::Performance,
                Category::Targeting
            ],
            "a declared service is in use"
        );
        assert_eq!(c.services_in(Category::Targeting)[0].cookies, ["YSC"]);
    }

    #[test]
    fn a_bad_declared_service_is_refused_and_never_listed() {
        let bad = [
            r#"{"id": "ga4", "category": "targeting", "name": "x", "purpose": "y"}"#,
            r#"{"id": "Video", "category": "targeting", "name": "x", "purpose": "y"}"#,
            r#"{"id": "video", "category": "marketing", "name": "x", "purpose": "y"}"#,
            r#"{"id": "video", "category": "necessary", "name": "x", "purpose": "y"}"#,
            r#"{"id": "video", "category": "targeting", "purpose": "y"}"#,
            r#"{"id": "video", "category": "targeting", "name": "x", "purpose": "y", "extra": "z"}"#,
            r#"{"id": "video", "category": "targeting", "name": {"fr": "x"}, "purpose": "y"}"#,
            r#"{"id": "video", "category": "targeting", "name": "x", "purpose": "y", "cookies": ["a b"]}"#,
            r#""video""#,
        ];
        for entry in bad {
            let (mut c, _) = parse(&[]);
            let errors = c.apply_json_block(&format!(r#"{{"services": [{entry}]}}"#));
            assert_eq!(errors.len(), 1, "{entry}: {errors:?}");
            assert!(c.services().is_empty(), "{entry}");
        }
        // Declared twice: the second is refused.
        let (mut c, _) = parse(&[]);
        let errors = c.apply_json_block(&format!(r#"{{"services": [{VIDEO}, {VIDEO}]}}"#));
        assert_eq!(errors.len(), 1);
        assert_eq!(c.services().len(), 1);
        println!("bad service entries refused: {}", bad.len() + 1);
    }

    #[test]
    fn a_service_in_a_category_not_offered_is_refused() {
        let (mut c, _) = parse(&[("data-categories", "performance")]);
        let errors = c.apply_json_block(&format!(r#"{{"services": [{VIDEO}]}}"#));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].to_string().contains("offered"), "{}", errors[0]);
        assert!(c.services().is_empty());
    }

    #[test]
    fn welsh_pages_read_the_welsh_name_and_the_built_in_purposes() {
        let page = PageFacts {
            html_lang: Some("cy".into()),
            ..PageFacts::default()
        };
        let (mut c, _) = Config::from_attributes([("data-clarity-id", "abcdefghij")], &page);
        c.apply_json_block(&format!(r#"{{"services": [{VIDEO}]}}"#));
        let services = c.services();
        assert_eq!(services[1].name, "Fideo");
        assert!(
            services[0].purpose.starts_with("Recordio"),
            "{}",
            services[0].purpose
        );
    }
}
