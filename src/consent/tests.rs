//! The consent rules, checked natively with an injected clock.

use super::*;

const NOW: u64 = 1_750_000_000_000;
const OFFERED: [Category; 4] = Category::ALL;

fn id() -> ConsentId {
    ConsentId::from_bytes([7; 16])
}

fn record(revision: u32, given_at: u64, decision: Decision) -> ConsentRecord {
    decision.into_record(id(), revision, 365, given_at, &Choices::none())
}

#[test]
fn first_visit_asks_and_grants_nothing_optional() {
    let s = Standing::assess(None, 1, 365, NOW);
    assert!(s.must_ask());
    assert_eq!(s.effective(&OFFERED), Choices::none());
}

#[test]
fn accept_all_grants_every_offered_category_and_stands() {
    let r = record(1, NOW, Decision::accept_all(&OFFERED));
    assert_eq!(r.method, Method::AcceptAll);
    assert_eq!(r.changed, Category::OPTIONAL.to_vec());
    let s = Standing::assess(Some(r), 1, 365, NOW + DAY_MS);
    assert!(!s.must_ask());
    assert_eq!(s.effective(&OFFERED), Choices::all_of(&OFFERED));
}

#[test]
fn accept_all_on_a_site_without_targeting_does_not_grant_targeting() {
    let offered = [Category::Necessary, Category::Performance];
    let r = record(1, NOW, Decision::accept_all(&offered));
    assert!(!r.choices.allows(Category::Targeting));
    assert!(r.choices.allows(Category::Performance));
}

#[test]
fn reject_all_stands_and_grants_nothing() {
    let r = record(1, NOW, Decision::reject_all());
    assert!(r.changed.is_empty());
    let s = Standing::assess(Some(r), 1, 365, NOW);
    assert!(!s.must_ask());
    assert_eq!(s.effective(&OFFERED), Choices::none());
}

#[test]
fn custom_choice_is_recorded_as_custom_with_what_changed() {
    let before = Choices::none().with(Category::Performance, true);
    let wanted = Choices::none().with(Category::Functionality, true);
    let r = Decision::custom(wanted, &OFFERED).into_record(id(), 1, 365, NOW, &before);
    assert_eq!(r.method, Method::Custom);
    assert_eq!(
        r.changed,
        vec![Category::Performance, Category::Functionality]
    );
}

#[test]
fn raising_the_revision_asks_again_from_the_previous_choice() {
    let wanted = Choices::none().with(Category::Targeting, true);
    let r = record(1, NOW, Decision::custom(wanted, &OFFERED));
    let s = Standing::assess(Some(r), 2, 365, NOW);
    assert!(matches!(s, Standing::OutdatedRevision(_)));
    assert!(s.must_ask());
    assert_eq!(s.effective(&OFFERED), Choices::none());
    assert_eq!(s.previous_choices(&OFFERED), wanted);
}

#[test]
fn a_record_from_a_newer_revision_still_stands() {
    // Sub-sites sharing one cookie may lag a revision behind; do not ping-pong.
    let r = record(3, NOW, Decision::reject_all());
    assert!(!Standing::assess(Some(r), 2, 365, NOW).must_ask());
}

#[test]
fn an_expired_record_asks_again() {
    let r = record(1, NOW, Decision::accept_all(&OFFERED));
    let at_expiry = r.expires_at_ms;
    assert!(!Standing::assess(Some(r.clone()), 1, 365, at_expiry - 1).must_ask());
    let s = Standing::assess(Some(r), 1, 365, at_expiry);
    assert!(matches!(s, Standing::Expired(_)));
    assert_eq!(s.effective(&OFFERED), Choices::none());
}

#[test]
fn shortening_the_expiry_applies_to_records_already_given() {
    let r = record(1, NOW, Decision::accept_all(&OFFERED));
    assert!(Standing::assess(Some(r), 1, 30, NOW + 31 * DAY_MS).must_ask());
}

#[test]
fn a_record_dated_in_the_future_is_not_trusted() {
    let r = record(1, NOW + 10 * DAY_MS, Decision::accept_all(&OFFERED));
    assert!(Standing::assess(Some(r), 1, 365, NOW).must_ask());
}

#[test]
fn expiry_is_clamped_to_the_legal_range() {
    let r = Decision::reject_all().into_record(id(), 1, 10_000, NOW, &Choices::none());
    assert_eq!(r.expires_at_ms - r.given_at_ms, 395 * DAY_MS);
    let r = Decision::reject_all().into_record(id(), 1, 0, NOW, &Choices::none());
    assert_eq!(r.expires_at_ms - r.given_at_ms, DAY_MS);
}

#[test]
fn a_stored_grant_for_a_category_the_site_dropped_is_not_used() {
    let r = record(1, NOW, Decision::accept_all(&OFFERED));
    let offered = [Category::Necessary, Category::Performance];
    let s = Standing::assess(Some(r), 1, 365, NOW);
    assert!(!s.effective(&offered).allows(Category::Targeting));
}

/// Each malformed stored value must be refused (never panic, never grant anything).
#[test]
fn malformed_stored_values_are_refused() {
    let good = record(1, NOW, Decision::accept_all(&OFFERED)).to_stored();
    let exp = NOW + 365 * DAY_MS;
    let hex = "07".repeat(16);
    let with = |field: &str| {
        format!(r#"{{"v":1,"id":"{hex}","rev":1,"at":{NOW},"exp":{exp},"how":"custom",{field}}}"#)
    };
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("not json", "accepted".into()),
        ("truncated", good[..good.len() / 2].to_owned()),
        ("json null", "null".into()),
        ("json array", "[1,2]".into()),
        (
            "over-long",
            format!("{}{}", good, " ".repeat(MAX_STORED_LEN)),
        ),
        ("future schema", good.replace(r#""v":1"#, r#""v":2"#)),
        ("schema as text", good.replace(r#""v":1"#, r#""v":"1""#)),
        ("missing field", good.replace(r#","how":"accept_all""#, "")),
        (
            "unknown field",
            good.replace(r#""v":1"#, r#""v":1,"admin":true"#),
        ),
        ("bad id", good.replace(&hex, "not-an-id")),
        (
            "upper-case id",
            good.replace(&hex, &hex.to_uppercase().replace('7', "A")),
        ),
        ("unknown method", good.replace("accept_all", "scrolled")),
        (
            "unknown category",
            with(r#""grant":["marketing"],"chg":[]"#),
        ),
        (
            "necessary as a choice",
            with(r#""grant":["necessary"],"chg":[]"#),
        ),
        (
            "repeated category",
            with(r#""grant":["targeting","targeting"],"chg":[]"#),
        ),
        ("wrong-typed grant", with(r#""grant":"all","chg":[]"#)),
        ("boolean grant", with(r#""grant":[true],"chg":[]"#)),
        (
            "unknown changed category",
            with(r#""grant":[],"chg":["ads"]"#),
        ),
        (
            "negative revision",
            good.replace(r#""rev":1"#, r#""rev":-1"#),
        ),
        (
            "expiry before given",
            good.replace(&exp.to_string(), &(NOW - 1).to_string()),
        ),
        (
            "expiry beyond 395 days",
            good.replace(&exp.to_string(), &(NOW + 400 * DAY_MS).to_string()),
        ),
        (
            "reject_all that grants",
            good.replace("accept_all", "reject_all"),
        ),
    ];
    assert!(cases.len() >= 15);
    for (name, raw) in cases {
        match ConsentRecord::from_stored(&raw) {
            Ok(r) => panic!("{name}: accepted {raw:?} as {r:?}"),
            // The reason is what the console warning shows: it must say something.
            Err(e) => assert!(!e.to_string().is_empty(), "{name}: empty reason"),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn category_id() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("performance".to_owned()),
            Just("functionality".to_owned()),
            Just("targeting".to_owned()),
            Just("necessary".to_owned()),
            "[a-z]{0,12}",
        ]
    }

    proptest! {
        /// No input panics the parser.
        #[test]
        fn parser_never_panics(raw in "\\PC{0,300}") {
            let _ = ConsentRecord::from_stored(&raw);
        }

        /// Near-miss records (valid shape, arbitrary fields) either parse to exactly what
        /// they say or are refused: a category is granted only if it was listed.
        #[test]
        fn parser_grants_only_what_a_record_lists(
            v in 0u32..3,
            rev in any::<u32>(),
            at in any::<u64>(),
            exp in any::<u64>(),
            how in prop_oneof![Just("accept_all"), Just("reject_all"), Just("custom"), Just("x")],
            grant in proptest::collection::vec(category_id(), 0..5),
            chg in proptest::collection::vec(category_id(), 0..5),
        ) {
            let raw = serde_json::json!({
                "v": v, "id": "0123456789abcdef0123456789abcdef", "rev": rev,
                "at": at, "exp": exp, "how": how, "grant": grant, "chg": chg,
            })
            .to_string();
            if let Ok(r) = ConsentRecord::from_stored(&raw) {
                for c in Category::OPTIONAL {
                    prop_assert_eq!(r.choices.allows(c), grant.iter().any(|g| g == c.id()));
                }
                prop_assert_eq!(ConsentRecord::from_stored(&r.to_stored()), Ok(r));
            }
        }
    }
}

#[test]
fn the_privacy_signal_stops_the_question_but_grants_nothing_and_a_choice_stands_over_it() {
    let offered = Category::ALL;
    let none = Standing::assess(None, 1, 365, 0);
    assert!(none.asks(false));
    assert!(!none.asks(true), "GPC: not asked");
    assert!(none.signal_applies(true));
    assert_eq!(
        none.effective(&offered),
        Choices::none(),
        "and nothing granted"
    );
    let record = Decision::accept_all(&offered).into_record(
        ConsentId::from_bytes([7; 16]),
        1,
        365,
        1_000,
        &Choices::none(),
    );
    let chosen = Standing::assess(Some(record), 1, 365, 2_000);
    assert!(!chosen.signal_applies(true), "their own choice stands");
    assert!(chosen.effective(&offered).allows(Category::Performance));
}
