//! The consent rules, checked natively with an injected clock.

use super::*;

const NOW: u64 = 1_750_000_000_000;
const OFFERED: [Category; 4] = Category::DEFAULT_OFFERED;

fn id() -> ConsentId {
    ConsentId::from_bytes([7; 16])
}

fn record(revision: u32, given_at: u64, decision: Decision) -> ConsentRecord {
    decision.into_record((id(), 1), revision, 365, given_at, &Choices::none())
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
    assert_eq!(r.changed, OFFERED[1..].to_vec());
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
    let r = Decision::custom(wanted, &OFFERED).into_record((id(), 1), 1, 365, NOW, &before);
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
    let r = Decision::reject_all().into_record((id(), 1), 1, 10_000, NOW, &Choices::none());
    assert_eq!(r.expires_at_ms - r.given_at_ms, 395 * DAY_MS);
    let r = Decision::reject_all().into_record((id(), 1), 1, 0, NOW, &Choices::none());
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
        (ConsentId::from_bytes([7; 16]), 1),
        1,
        365,
        1_000,
        &Choices::none(),
    );
    let chosen = Standing::assess(Some(record), 1, 365, 2_000);
    assert!(!chosen.signal_applies(true), "their own choice stands");
    assert!(chosen.effective(&offered).allows(Category::Performance));
}

/// Which copy is in force (`copies.rs`): the examples from issue 34, then the property.
mod which_copy_wins {
    use super::*;

    const MINUTE: u64 = 60_000;
    const HOUR: u64 = 60 * MINUTE;

    fn at(given: u64, decision: Decision) -> ConsentRecord {
        record(1, given, decision)
    }

    fn copy(source: Source, record: &ConsentRecord) -> StoredCopy {
        StoredCopy {
            source,
            record: Some(record.clone()),
        }
    }

    #[test]
    fn without_a_cookie_domain_a_siblings_cookie_never_decides() {
        let own_reject = at(NOW - DAY_MS, Decision::reject_all());
        let forged = at(NOW - MINUTE, Decision::accept_all(&OFFERED)).cookie_form();
        let copies = [
            copy(Source::Storage, &own_reject),
            copy(Source::OpenCookie, &forged),
        ];
        assert_eq!(in_force(&copies, false, NOW), Some(&own_reject));
        // A visitor who never chose: the forged grant is not taken.
        assert_eq!(in_force(&copies[1..], false, NOW), None);
        // This host's own copies (web storage, the __Host- cookie): the newer wins.
        let own_accept = at(NOW - HOUR, Decision::accept_all(&OFFERED));
        let both = [
            copy(Source::Storage, &own_reject),
            copy(Source::HostCookie, &own_accept.cookie_form()),
        ];
        assert_eq!(in_force(&both, false, NOW), Some(&own_accept.cookie_form()));
        assert_eq!(in_force(&both[..1], false, NOW), Some(&own_reject));
    }

    #[test]
    fn a_0_4_0_visitors_choice_is_carried_over() {
        // 0.4.0 wrote the same full record to localStorage and the plain-named cookie.
        let old = at(NOW - 30 * DAY_MS, Decision::accept_all(&OFFERED));
        let copies = [copy(Source::Storage, &old), copy(Source::OpenCookie, &old)];
        assert_eq!(in_force(&copies, false, NOW), Some(&old));
        // Web storage lost: a "no" is carried over from the cookie, a "yes" is not
        // (a sibling could have written it).
        let old_reject = at(NOW - 30 * DAY_MS, Decision::reject_all());
        assert_eq!(
            in_force(&[copy(Source::OpenCookie, &old_reject)], false, NOW),
            Some(&old_reject)
        );
        assert_eq!(in_force(&copies[1..], false, NOW), None);
    }

    #[test]
    fn a_copy_dated_in_the_future_never_counts() {
        let own = at(NOW - DAY_MS, Decision::reject_all());
        for ahead in [MINUTE, HOUR, 23 * HOUR, 3 * DAY_MS] {
            let forged = at(NOW + ahead, Decision::accept_all(&OFFERED)).cookie_form();
            for shared in [false, true] {
                let copies = [
                    copy(Source::Storage, &own),
                    copy(Source::OpenCookie, &forged),
                ];
                assert_eq!(
                    in_force(&copies, shared, NOW),
                    Some(&own),
                    "{ahead} ms ahead"
                );
                assert_eq!(
                    in_force(&copies[1..], shared, NOW),
                    None,
                    "{ahead} ms ahead"
                );
            }
        }
    }

    #[test]
    fn with_a_cookie_domain_only_the_last_listed_cookie_is_the_shared_one() {
        let own = at(NOW - HOUR, Decision::reject_all());
        let newer = at(NOW - MINUTE, Decision::accept_all(&OFFERED)).cookie_form();
        // A sub-site's later choice in the shared cookie (listed last: Path=/) stands.
        let copies = [
            copy(Source::Storage, &own),
            copy(Source::OpenCookie, &newer),
        ];
        assert_eq!(in_force(&copies, true, NOW), Some(&newer));
        // On a longer path (listed before ours), it never does.
        let copies = [
            copy(Source::Storage, &own),
            copy(Source::OpenCookie, &newer),
            copy(Source::OpenCookie, &own.cookie_form()),
        ];
        assert_eq!(in_force(&copies, true, NOW), Some(&own));
        // Nor behind an unreadable value at Path=/.
        let copies = [
            copy(Source::OpenCookie, &newer),
            StoredCopy {
                source: Source::OpenCookie,
                record: None,
            },
        ];
        assert_eq!(in_force(&copies, true, NOW), None);
    }

    #[test]
    fn at_an_equal_minute_the_copy_granting_less_wins() {
        let accept = at(NOW, Decision::accept_all(&OFFERED));
        let reject = at(NOW + 1_000, Decision::reject_all()).cookie_form();
        let copies = [
            copy(Source::Storage, &accept),
            copy(Source::OpenCookie, &reject),
        ];
        assert_eq!(in_force(&copies, true, NOW + 2_000), Some(&reject));
    }

    #[test]
    fn at_an_equal_minute_a_sub_sites_service_switched_off_wins() {
        // Accept all on a.example at 10:00:20; Clarity off on b.example at 10:00:40,
        // written to the shared cookie. Same minute, same categories.
        let ten = NOW - NOW % MINUTE + 10 * HOUR;
        let accept = at(ten + 20_000, Decision::accept_all(&OFFERED));
        let clarity_off = at(
            ten + 40_000,
            Decision::custom(Choices::all_of(&OFFERED), &OFFERED).with_services(
                &[
                    (Category::Performance, "clarity", false),
                    (Category::Performance, "ga4", true),
                    (Category::Performance, "gtm", true),
                ],
                &Grants::default(),
            ),
        )
        .cookie_form();
        assert_eq!(
            floor_minute(accept.given_at_ms),
            floor_minute(clarity_off.given_at_ms)
        );
        let later = ten + 50_000;
        // On a: its own storage copy (and, where written, its host cookie) against the
        // shared cookie b wrote, in every order a store can read them.
        for own in [Source::Storage, Source::HostCookie] {
            let copies = [copy(own, &accept), copy(Source::OpenCookie, &clarity_off)];
            let won = in_force(&copies, true, later).expect("a copy");
            assert_eq!(won, &clarity_off, "{own:?}");
            let grants = Standing::Valid(won.clone()).grants_with(&OFFERED, Choices::none());
            assert!(!grants.allows_service(Category::Performance, "clarity"));
            assert!(grants.allows_service(Category::Performance, "ga4"));
        }
        // On b (its own copies say the same): unchanged.
        let copies = [
            copy(Source::Storage, &clarity_off),
            copy(Source::OpenCookie, &clarity_off),
        ];
        assert_eq!(in_force(&copies, true, later), Some(&clarity_off));
        // Fewer categories still outranks services: a reject in the same minute wins
        // over a record that only switches a service off.
        let reject = at(ten + 45_000, Decision::reject_all()).cookie_form();
        let copies = [
            copy(Source::Storage, &clarity_off),
            copy(Source::OpenCookie, &reject),
        ];
        assert_eq!(in_force(&copies, true, later), Some(&reject));
        // A newer minute still wins whatever it grants.
        let next = at(ten + MINUTE + 5_000, Decision::accept_all(&OFFERED));
        let copies = [
            copy(Source::Storage, &next),
            copy(Source::OpenCookie, &clarity_off),
        ];
        assert_eq!(in_force(&copies, true, ten + 2 * MINUTE), Some(&next));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod property {
        use super::*;
        use crate::cookie::ConsentCookie;
        use proptest::prelude::*;
        use proptest::test_runner::{TestCaseError, TestRunner};
        use std::io::Write;
        use std::sync::atomic::{AtomicUsize, Ordering};

        const HOST: &str = "www.pcc.test";
        const PARENT: &str = "pcc.test";
        const PATHS: [&str; 6] = ["/", "/a", "/a/", "/a/p.html", "/b/", "/b/q.html"];

        /// One cookie in a model of the browser's jar (RFC 6265).
        #[derive(Clone, Debug)]
        struct Jarred {
            name: String,
            value: String,
            /// `None`: host-only on `HOST`.
            domain: Option<String>,
            path: String,
            created: usize,
        }

        #[derive(Default, Debug)]
        struct Jar {
            cookies: Vec<Jarred>,
            clock: usize,
        }

        fn path_matches(cookie_path: &str, path: &str) -> bool {
            path == cookie_path
                || (path.starts_with(cookie_path)
                    && (cookie_path.ends_with('/') || path[cookie_path.len()..].starts_with('/')))
        }

        impl Jar {
            /// A `document.cookie` assignment, as the browser applies it for a page on
            /// `host` (secure or not).
            fn assign(&mut self, host: &str, secure: bool, assignment: &str) {
                let mut parts = assignment.split("; ");
                let (name, value) = parts.next().unwrap().split_once('=').unwrap();
                let (mut path, mut domain, mut max_age, mut is_secure) = ("/", None, 1, false);
                for attr in parts {
                    let (key, val) = attr.split_once('=').unwrap_or((attr, ""));
                    match key {
                        "Path" => path = val,
                        "Domain" => domain = Some(val.to_owned()),
                        "Max-Age" => max_age = val.parse().unwrap(),
                        "Secure" => is_secure = true,
                        _ => {}
                    }
                }
                if let Some(d) = &domain {
                    if host != d && !host.ends_with(&format!(".{d}")) {
                        return; // not this host's to set
                    }
                }
                if name.starts_with("__Host-")
                    && (!secure || !is_secure || path != "/" || domain.is_some())
                {
                    return;
                }
                if is_secure && !secure {
                    return;
                }
                // A host-only cookie set by `host` is stored as host-only; a Domain one by its domain.
                let key_domain = domain.clone();
                let existing = self
                    .cookies
                    .iter()
                    .position(|c| c.name == name && c.domain == key_domain && c.path == path);
                let created = match existing {
                    Some(i) => self.cookies.remove(i).created,
                    None => {
                        self.clock += 1;
                        self.clock
                    }
                };
                if max_age > 0 {
                    self.cookies.push(Jarred {
                        name: name.into(),
                        value: value.into(),
                        domain: key_domain,
                        path: path.into(),
                        created,
                    });
                }
            }

            /// What `document.cookie` lists on `HOST` at `path`: longer paths first, then
            /// older first.
            fn visible(&self, path: &str) -> Vec<&Jarred> {
                let mut seen: Vec<&Jarred> = self
                    .cookies
                    .iter()
                    .filter(|c| path_matches(&c.path, path))
                    .filter(|c| {
                        c.domain
                            .as_deref()
                            .is_none_or(|d| HOST == d || HOST.ends_with(&format!(".{d}")))
                    })
                    .collect();
                seen.sort_by_key(|c| (std::cmp::Reverse(c.path.len()), c.created));
                seen
            }
        }

        fn page(shared: bool, secure: bool, path: &str) -> ConsentCookie {
            ConsentCookie {
                base: "pcc_consent".into(),
                domain: shared.then(|| PARENT.to_owned()),
                secure,
                host: HOST.into(),
                path: path.into(),
            }
        }

        /// The copies a page at `path` reads: web storage, then the cookies in order.
        fn copies(
            jar: &Jar,
            local: Option<&ConsentRecord>,
            cookie: &ConsentCookie,
        ) -> Vec<StoredCopy> {
            let mut out: Vec<StoredCopy> = local
                .map(|r| StoredCopy {
                    source: Source::Storage,
                    record: Some(r.clone()),
                })
                .into_iter()
                .collect();
            for c in jar.visible(&cookie.path) {
                if let Some(source) = cookie.source(&c.name) {
                    out.push(StoredCopy {
                        source,
                        record: ConsentRecord::from_stored(&c.value).ok(),
                    });
                }
            }
            out
        }

        fn decision() -> impl Strategy<Value = Decision> {
            prop_oneof![
                Just(Decision::reject_all()),
                Just(Decision::accept_all(&OFFERED)),
                (0u8..8).prop_map(|bits| {
                    let choices = Category::OPTIONAL
                        .iter()
                        .enumerate()
                        .fold(Choices::none(), |c, (i, cat)| {
                            c.with(*cat, bits & (1 << i) != 0)
                        });
                    Decision::custom(choices, &OFFERED)
                }),
            ]
        }

        /// A stored value someone left: a record (dated up to 3 days either side of the
        /// decision, any revision, with or without an id) or garbage.
        fn stored_value() -> impl Strategy<Value = String> {
            prop_oneof![
                4 => (-3 * 24i64..=3 * 24, 0u32..4, decision(), any::<bool>(), any::<u8>()).prop_map(
                    |(hours, rev, decision, with_id, id)| {
                        let given = (NOW as i64 + hours * HOUR as i64) as u64;
                        let r = decision.into_record((ConsentId::from_bytes([id; 16]), 1), rev, 365, given, &Choices::none());
                        if with_id { r.to_stored() } else { r.cookie_form().to_stored() }
                    }
                ),
                1 => Just("{not a record".to_owned()),
            ]
        }

        /// A cookie written before the decision: by this host (host-only or on a parent
        /// domain) or by a sibling (parent domain only), on any path.
        fn prior_cookie() -> impl Strategy<Value = (bool, bool, usize, String)> {
            (any::<bool>(), any::<bool>(), 0..PATHS.len(), stored_value())
        }

        /// Runs `check` on `cases` generated inputs and prints (past the test harness's
        /// capture) how many it tried.
        fn prove<S: Strategy>(
            what: &str,
            cases: u32,
            strategy: S,
            check: impl Fn(S::Value) -> Result<(), TestCaseError>,
        ) {
            let tried = AtomicUsize::new(0);
            let mut runner = TestRunner::new(ProptestConfig::with_cases(cases));
            let result = runner.run(&strategy, |value| {
                tried.fetch_add(1, Ordering::Relaxed);
                check(value)
            });
            let _ = writeln!(
                std::io::stderr(),
                "{what}: {} cookie sets tried",
                tried.load(Ordering::Relaxed)
            );
            if let Err(e) = result {
                panic!("{what}: {e}");
            }
        }

        /// After any decision, on every page of the host and at any later time (up to 4
        /// days on), the decision is the record in force: no copy left from before
        /// (forged or the visitor's own, any domain, path, date, revision, id) outranks it.
        #[test]
        fn after_any_decision_the_decision_is_in_force() {
            let inputs = (
                any::<bool>(),
                any::<bool>(),
                proptest::collection::vec(prior_cookie(), 0..8),
                0..PATHS.len(),
                decision(),
                proptest::collection::vec(0u64..4 * 24 * 60, 1..4),
            );
            prove(
                "after any decision the decision is in force",
                3000,
                inputs,
                |(shared, secure, prior, decide_at, decision, later)| {
                    let mut jar = Jar::default();
                    for (by_sibling, on_parent, path, value) in &prior {
                        let writer = if *by_sibling { "jobs.pcc.test" } else { HOST };
                        let domain = if *by_sibling || *on_parent {
                            format!("; Domain={PARENT}")
                        } else {
                            String::new()
                        };
                        let path = PATHS[*path];
                        jar.assign(
                            writer,
                            secure,
                            &format!("pcc_consent={value}; Path={path}{domain}"),
                        );
                        if !by_sibling && secure {
                            jar.assign(
                                HOST,
                                secure,
                                &format!("__Host-pcc_consent={value}; Path=/; Secure"),
                            );
                        }
                    }
                    let here = page(shared, secure, PATHS[decide_at]);
                    let made = decision.into_record(
                        (ConsentId::from_bytes([9; 16]), 1),
                        1,
                        365,
                        NOW,
                        &Choices::none(),
                    );
                    let value = made.cookie_form().to_stored();
                    for assignment in here.replace(Some((&value, 365 * 86_400))) {
                        jar.assign(HOST, secure, &assignment);
                    }
                    for path in PATHS {
                        for minutes in later.iter().copied().chain([0]) {
                            let now = NOW + minutes * MINUTE;
                            let cookie = page(shared, secure, path);
                            let read = copies(&jar, Some(&made), &cookie);
                            let found = in_force(&read, shared, now);
                            prop_assert!(
                                found.is_some_and(|r| r.same_decision(&made)),
                                "on {} {} min later: {:?} instead of {:?}\n{:?}",
                                path,
                                minutes,
                                found,
                                made,
                                jar
                            );
                            // A sub-site that only sees the cookie reads the same decision.
                            if shared {
                                let read = copies(&jar, None, &cookie);
                                let found = in_force(&read, shared, now);
                                prop_assert!(
                                    found.is_some_and(|r| r.same_decision(&made)),
                                    "cookie only, on {} {} min later: {:?}\n{:?}",
                                    path,
                                    minutes,
                                    found,
                                    jar
                                );
                            }
                        }
                    }
                    Ok(())
                },
            );
        }

        /// Without a cookie domain, nothing a sibling writes on the parent domain grants
        /// anything on www, whether or not the visitor chose.
        #[test]
        fn without_a_cookie_domain_a_sibling_grants_nothing() {
            let inputs = (
                any::<bool>(),
                proptest::collection::vec((0..PATHS.len(), stored_value()), 1..8),
                proptest::option::of(decision()),
            );
            prove(
                "without a cookie domain a sibling grants nothing",
                3000,
                inputs,
                |(secure, forged, own)| {
                    let mut jar = Jar::default();
                    for (path, value) in &forged {
                        let path = PATHS[*path];
                        jar.assign(
                            "jobs.pcc.test",
                            secure,
                            &format!("pcc_consent={value}; Path={path}; Domain={PARENT}"),
                        );
                    }
                    let own = own.map(|d| {
                        d.into_record(
                            (ConsentId::from_bytes([9; 16]), 1),
                            1,
                            365,
                            NOW - DAY_MS,
                            &Choices::none(),
                        )
                    });
                    for path in PATHS {
                        let read = copies(&jar, own.as_ref(), &page(false, secure, path));
                        let found = in_force(&read, false, NOW);
                        match &own {
                            Some(own) => prop_assert_eq!(found, Some(own)),
                            None => prop_assert!(
                                found.is_none_or(|r| r.choices.granted().is_empty()),
                                "{:?}",
                                found
                            ),
                        }
                    }
                    Ok(())
                },
            );
        }
    }
}

/// One consent id per visitor across decisions (issue 23): which standing continues the
/// id and which starts a new one, over every standing and record shape.
mod one_id_per_visitor {
    use super::*;

    fn with_seq(mut r: ConsentRecord, seq: u32) -> ConsentRecord {
        r.seq = seq;
        r
    }

    #[test]
    fn a_decision_continues_the_id_in_force_and_counts_on() {
        let first = record(1, NOW - DAY_MS, Decision::accept_all(&OFFERED));
        let s = Standing::assess(Some(first.clone()), 1, 365, NOW);
        assert_eq!(s.continued_id(365, NOW), Some((id(), 2)));
        let second = Decision::reject_all().into_record(
            s.continued_id(365, NOW).unwrap(),
            1,
            365,
            NOW,
            &first.choices,
        );
        assert_eq!((second.id.clone(), second.seq), (Some(id()), 2));
        // Stored and read back, the number carries on.
        let read = ConsentRecord::from_stored(&second.to_stored()).unwrap();
        let s = Standing::assess(Some(read), 1, 365, NOW + 1);
        assert_eq!(s.continued_id(365, NOW + 1), Some((id(), 3)));
    }

    #[test]
    fn the_matrix_of_standings_and_record_shapes() {
        let mut covered = 0;
        // (site revision, site expiry days, now) against records of every shape.
        for (rev, days, now, standing_kind) in [
            (1, 365, NOW, "valid"),
            (2, 365, NOW, "outdated revision"),
            (1, 365, NOW + 400 * DAY_MS, "expired"),
            (1, 10, NOW + 11 * DAY_MS, "expired by a shortened expiry"),
            (2, 365, NOW + 400 * DAY_MS, "outdated and expired"),
            (1, 365, NOW - 2 * DAY_MS, "given in the future"),
        ] {
            for seq in [1, 2, 41, u32::MAX] {
                for with_id in [true, false] {
                    let r = with_seq(record(1, NOW, Decision::accept_all(&OFFERED)), seq);
                    let r = if with_id { r } else { r.cookie_form() };
                    let s = Standing::assess(Some(r.clone()), rev, days, now);
                    let continues =
                        with_id && matches!(standing_kind, "valid" | "outdated revision");
                    let want = continues.then(|| (id(), r.seq.saturating_add(1)));
                    assert_eq!(
                        s.continued_id(days, now),
                        want,
                        "{standing_kind}, seq {seq}, id {with_id}"
                    );
                    covered += 1;
                }
            }
        }
        // Nothing stored: never chosen, or reset.
        assert_eq!(
            Standing::assess(None, 1, 365, NOW).continued_id(365, NOW),
            None
        );
        covered += 1;
        println!("continued_id: {covered} standings x record shapes covered");
        assert_eq!(covered, 6 * 4 * 2 + 1);
    }
}

#[test]
fn a_choice_made_where_a_category_was_not_offered_is_asked_again_where_it_is() {
    let analytics_only = [Category::Necessary, Category::Performance];
    let with_video = [
        Category::Necessary,
        Category::Performance,
        Category::Targeting,
    ];
    let r = record(1, NOW, Decision::accept_all(&analytics_only)).with_offered(&analytics_only);
    let stored = ConsentRecord::from_stored(&r.to_stored()).expect("reads back");
    let here = Standing::assess(Some(stored.clone()), 1, 365, NOW).offering(&analytics_only);
    assert!(!here.must_ask(), "a page offering no more keeps it");
    assert_eq!(
        here.effective(&analytics_only).granted(),
        [Category::Performance]
    );
    let there = Standing::assess(Some(stored), 1, 365, NOW).offering(&with_video);
    assert!(there.must_ask(), "targeting was never offered");
    assert_eq!(there.effective(&with_video), Choices::none());
    assert_eq!(
        there.previous_choices(&with_video).granted(),
        [Category::Performance],
        "the dialog starts from the last choice"
    );
    assert_eq!(
        there.continued_id(365, NOW),
        Some((id(), 2)),
        "the same visitor answers"
    );
}

/// A site with `statistics` (PECR Schedule A1 para 5): it runs until the visitor objects.
const WITH_STATISTICS: [Category; 3] = [
    Category::Necessary,
    Category::Performance,
    Category::Statistics,
];

fn statistics_only() -> Choices {
    until_objection(&[Category::Statistics], false)
}

#[test]
fn statistics_run_before_any_choice_but_nothing_that_needs_consent() {
    let s = Standing::assess(None, 1, 365, NOW);
    assert!(
        s.must_ask(),
        "the banner still shows, to say so and offer the objection"
    );
    let now = s.effective_with(&WITH_STATISTICS, statistics_only());
    assert!(now.allows(Category::Statistics));
    assert!(!now.allows(Category::Performance));
    assert_eq!(
        s.previous_choices_with(&WITH_STATISTICS, statistics_only()),
        now,
        "the dialog shows statistics on"
    );
    // A site that does not offer statistics never runs them.
    assert!(!s
        .effective_with(&OFFERED, statistics_only())
        .allows(Category::Statistics));
}

#[test]
fn the_privacy_signal_objects_to_statistics_too() {
    let s = Standing::assess(None, 1, 365, NOW);
    let gpc = until_objection(&[Category::Statistics], true);
    assert_eq!(s.effective_with(&WITH_STATISTICS, gpc), Choices::none());
}

#[test]
fn reject_all_objects_and_the_objection_outlasts_expiry_and_a_new_revision() {
    let before = statistics_only();
    let r = Decision::reject_all()
        .into_record((id(), 1), 1, 365, NOW, &before)
        .with_opt_out(&[Category::Statistics]);
    assert_eq!(
        r.changed,
        vec![Category::Statistics],
        "it was on, now it is off"
    );
    assert_eq!(r.stance(Category::Statistics), Stance::Objected);
    let valid = Standing::assess(Some(r.clone()), 1, 365, NOW);
    assert_eq!(
        valid.effective_with(&WITH_STATISTICS, statistics_only()),
        Choices::none()
    );
    let outdated = Standing::assess(Some(r.clone()), 2, 365, NOW);
    assert!(outdated.must_ask());
    assert_eq!(
        outdated.effective_with(&WITH_STATISTICS, statistics_only()),
        Choices::none()
    );
    let expired = Standing::assess(Some(r), 1, 365, NOW + 400 * DAY_MS);
    assert_eq!(
        expired.effective_with(&WITH_STATISTICS, statistics_only()),
        Choices::none()
    );
}

#[test]
fn a_record_that_does_not_say_what_it_offered_stands_as_before() {
    // Written by 0.4.0: no "off".
    let old = r#"{"v":1,"id":"07070707070707070707070707070707","rev":1,"at":1750000000000,"exp":1781536000000,"how":"accept_all","grant":["performance"],"chg":["performance"]}"#;
    let record = ConsentRecord::from_stored(old).expect("readable");
    assert_eq!(record.offered, None);
    let s = Standing::assess(Some(record.clone()), 1, 365, NOW).offering(&Category::ALL);
    assert_eq!(s, Standing::Valid(record.clone()));
    assert_eq!(record.to_stored(), old, "and written back the same");
    // A choice with every category offered is stored as before, too.
    let all = self::record(1, NOW, Decision::accept_all(&OFFERED)).with_offered(&OFFERED);
    assert!(!all.to_stored().contains("off"), "{}", all.to_stored());
}

#[test]
fn accepting_performance_leaves_statistics_not_objected_rather_than_consented() {
    let wanted = statistics_only().with(Category::Performance, true);
    let r = Decision::custom(wanted, &WITH_STATISTICS)
        .into_record((id(), 1), 1, 365, NOW, &statistics_only())
        .with_opt_out(&[Category::Statistics]);
    assert_eq!(r.stance(Category::Performance), Stance::Consented);
    assert_eq!(r.stance(Category::Statistics), Stance::NotObjected);
    assert_eq!(r.changed, vec![Category::Performance]);
}

#[test]
fn a_record_made_before_the_site_used_statistics_grants_exactly_what_it_said() {
    // 0.4.0 wrote this; the site has since switched statistics on without a new revision.
    let old = r#"{"v":1,"id":"abababababababababababababababab","rev":1,"at":1750000000000,"exp":1781536000000,"how":"custom","grant":["performance"],"chg":["performance"]}"#;
    let r = ConsentRecord::from_stored(old).expect("0.4.0 records stay readable");
    let s = Standing::assess(Some(r), 1, 365, NOW);
    assert!(!s.must_ask());
    let now = s.effective_with(&WITH_STATISTICS, statistics_only());
    assert_eq!(now.granted(), vec![Category::Performance]);
}

mod per_service {
    use crate::consent::vendor_signals::google_consent_for;
    use crate::consent::{Category, Choices, Decision, Grants, Method, Standing};

    const PERF: Category = Category::Performance;

    #[test]
    fn a_decision_lists_services_only_when_one_in_a_granted_category_is_off() {
        let choices = Choices::all_of(&[PERF]);
        let all_on = Decision::custom(choices, &Category::ALL).with_services(
            &[(PERF, "gtm", true), (Category::Targeting, "youtube", false)],
            &Grants::default(),
        );
        assert_eq!(
            all_on.services, None,
            "a refused category's services need no list"
        );
        let d = Decision::custom(choices, &Category::ALL).with_services(
            &[
                (PERF, "gtm", true),
                (PERF, "clarity", false),
                (PERF, "ga4", true),
                (Category::Targeting, "youtube", true),
            ],
            &Grants::default(),
        );
        assert_eq!(d.services, Some(vec!["ga4".to_owned(), "gtm".to_owned()]));
        assert_eq!(d.method, Method::Custom);
    }

    #[test]
    fn a_service_that_cannot_be_listed_is_off() {
        let choices = Choices::all_of(&[PERF]);
        let d = Decision::custom(choices, &Category::ALL).with_services(
            &[(PERF, "Bad Id", true), (PERF, "video", false)],
            &Grants::default(),
        );
        assert_eq!(d.services, Some(vec![]));
    }

    /// The built-in services' switches in performance, bit i of `mask` switching on
    /// `ga4`, `clarity`, `gtm` in that order.
    fn built_in_switches(mask: u8) -> Vec<(Category, &'static str, bool)> {
        ["ga4", "clarity", "gtm"]
            .iter()
            .enumerate()
            .map(|(i, id)| (PERF, *id, mask & (1 << i) != 0))
            .collect()
    }

    #[test]
    fn every_switch_combination_grants_exactly_the_services_left_on() {
        let mut cells = 0;
        for category_on in [false, true] {
            for mask in 0u8..8 {
                let switches = built_in_switches(mask);
                let choices = Choices::none().with(PERF, category_on);
                let record = Decision::custom(choices, &Category::ALL)
                    .with_services(&switches, &Grants::default())
                    .into_record(
                        (crate::consent::ConsentId::from_bytes([1; 16]), 1),
                        1,
                        365,
                        1_000,
                        &Choices::none(),
                    );
                let stored = crate::consent::ConsentRecord::from_stored(&record.to_stored())
                    .expect("reads back");
                let grants = Standing::Valid(stored).grants_with(&Category::ALL, Choices::none());
                for (_, id, on) in &switches {
                    assert_eq!(
                        grants.allows_service(PERF, id),
                        category_on && *on,
                        "{category_on} {mask} {id}"
                    );
                }
                cells += 1;
            }
        }
        println!("category x service switch cells: {cells}");
    }

    #[test]
    fn an_expired_choice_keeps_its_services_off_while_its_category_runs_until_objection() {
        let stats = Category::Statistics;
        let choices = Choices::all_of(&[stats]);
        let record = Decision::custom(choices, &Category::ALL)
            .with_services(
                &[(stats, "counter", false), (stats, "other", true)],
                &Grants::default(),
            )
            .into_record(
                (crate::consent::ConsentId::from_bytes([1; 16]), 1),
                1,
                1,
                0,
                &Choices::none(),
            )
            .with_opt_out(&[stats]);
        let expired = Standing::assess(Some(record), 1, 1, 10 * crate::consent::DAY_MS);
        assert!(matches!(expired, Standing::Expired(_)));
        let grants = expired.grants_with(&Category::ALL, Choices::all_of(&[stats]));
        assert!(
            grants.allows(stats),
            "statistics runs until objection again"
        );
        assert!(
            !grants.allows_service(stats, "counter"),
            "the service switched off stays off"
        );
        assert!(grants.allows_service(stats, "other"));
    }

    #[test]
    fn ga4_switched_off_keeps_analytics_storage_denied_whatever_else_is_on() {
        let mut cells = 0;
        for mask in 0u8..8 {
            let switches = built_in_switches(mask);
            let all = Choices::all_of(&Category::OPTIONAL);
            let d =
                Decision::custom(all, &Category::ALL).with_services(&switches, &Grants::default());
            let grants = Grants {
                choices: d.choices,
                services: d.services,
                listed: all,
            };
            for ga4 in [Some(PERF), None] {
                let signals = google_consent_for(&grants, ga4);
                let analytics = signals
                    .iter()
                    .find(|(n, _)| *n == "analytics_storage")
                    .map(|s| s.1);
                let ga4_on = mask & 1 != 0;
                assert_eq!(analytics, Some(ga4_on || ga4.is_none()), "{mask} {ga4:?}");
                assert!(
                    signals.iter().any(|(n, g)| *n == "ad_storage" && *g),
                    "targeting unaffected"
                );
                cells += 1;
            }
        }
        println!("Consent Mode cells (service switches x GA4 run or not): {cells}");
    }

    /// The services of the save matrix: two under performance, one under
    /// functionality, one under targeting.
    const FUNC: Category = Category::Functionality;
    const TARG: Category = Category::Targeting;
    const UNIVERSE: [(Category, &str); 4] = [
        (PERF, "clarity"),
        (PERF, "ga4"),
        (FUNC, "map"),
        (TARG, "youtube"),
    ];
    const THREE: [Category; 3] = [PERF, FUNC, TARG];

    fn subset<T: Copy>(all: &[T], mask: usize) -> Vec<T> {
        all.iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, x)| *x)
            .collect()
    }

    /// Every previous state a page can start from: no list, or any list of the
    /// universe's ids (a list carried over can name a service of a category it no
    /// longer lists) over any non-empty set of listed categories.
    fn previous_states() -> Vec<Grants> {
        let mut states = vec![Grants::default()];
        for listed_mask in 0..8 {
            let listed = Choices::all_of(&subset(&THREE, listed_mask));
            states.push(Grants::categories(listed));
            if listed_mask == 0 {
                continue;
            }
            for list_mask in 0..16 {
                let on = subset(&UNIVERSE, list_mask)
                    .into_iter()
                    .map(|(_, id)| id.to_owned())
                    .collect();
                states.push(Grants {
                    choices: listed,
                    services: Some(on),
                    listed,
                });
            }
        }
        states
    }

    /// What the record `decision` makes grants, read back from its stored form (so an
    /// inconsistent record would fail here).
    fn grants_of(decision: Decision) -> Grants {
        let record = decision.into_record(
            (crate::consent::ConsentId::from_bytes([1; 16]), 2),
            1,
            365,
            1_000,
            &Choices::none(),
        );
        let stored =
            crate::consent::ConsentRecord::from_stored(&record.to_stored()).expect("reads back");
        assert_eq!(stored, record);
        Standing::Valid(stored).grants_with(&Category::ALL, Choices::none())
    }

    /// Whether the previous list left `id` on (listed category, named in the list).
    fn listed_on(previous: &Grants, category: Category, id: &str) -> bool {
        previous.listed.allows(category)
            && previous
                .services
                .as_ref()
                .is_some_and(|on| on.iter().any(|s| s == id))
    }

    #[test]
    fn no_service_switched_off_comes_back_on_unless_the_visitor_switches_it_on() {
        let (mut saves, mut accepts, mut accept_alls, mut narrowed) = (0, 0, 0, 0);
        let mut carried_off = 0;
        for previous in previous_states() {
            // Accept all: the visitor accepts everything, every switch with it.
            let all = grants_of(Decision::accept_all(&Category::ALL));
            for (c, id) in UNIVERSE {
                assert!(all.allows_service(c, id), "accept all {previous:?} {id}");
            }
            accept_alls += 1;
            for page_mask in 0..16 {
                let page = subset(&UNIVERSE, page_mask);
                for choice_mask in 0..8 {
                    let choices = Choices::all_of(&subset(&THREE, choice_mask));
                    // Save: every combination of this page's switches.
                    for switch_mask in 0..(1 << page.len()) {
                        let switches: Vec<(Category, &str, bool)> = page
                            .iter()
                            .enumerate()
                            .map(|(i, (c, id))| (*c, *id, switch_mask & (1 << i) != 0))
                            .collect();
                        let decision = Decision::custom(choices, &Category::ALL)
                            .with_services(&switches, &previous);
                        let after = grants_of(decision);
                        let cell = format!(
                            "previous {previous:?}, page {page:?}, save {choices:?} {switches:?}"
                        );
                        for (c, id) in UNIVERSE {
                            let allowed = after.allows_service(c, id);
                            if !choices.allows(c) {
                                assert!(!allowed, "refused category: {id} in {cell}");
                            } else if let Some(s) = switches.iter().find(|s| s.1 == id) {
                                assert_eq!(allowed, s.2, "this page's switch: {id} in {cell}");
                            } else if previous.switched_off(c, id) {
                                assert!(!allowed, "came back on: {id} in {cell}");
                                carried_off += 1;
                            } else if listed_on(&previous, c, id) {
                                assert!(allowed, "carried on: {id} in {cell}");
                            } else if !allowed {
                                // Never seen in a listed category: off while a list is kept.
                                narrowed += 1;
                            }
                        }
                        saves += 1;
                    }
                    // pccConsent.accept(categories): every switch kept.
                    let decision = Decision::custom(choices, &Category::ALL)
                        .keeping_services(&page, &previous);
                    let after = grants_of(decision);
                    let cell = format!("previous {previous:?}, page {page:?}, accept {choices:?}");
                    for (c, id) in UNIVERSE {
                        let allowed = after.allows_service(c, id);
                        if !choices.allows(c) {
                            assert!(!allowed, "refused category: {id} in {cell}");
                        } else if previous.switched_off(c, id) {
                            assert!(!allowed, "accept turned it back on: {id} in {cell}");
                        } else if page.iter().any(|s| s.1 == id) || listed_on(&previous, c, id) {
                            assert!(allowed, "accept switched it off: {id} in {cell}");
                        }
                    }
                    accepts += 1;
                }
            }
        }
        println!(
            "service carry-over cells: {saves} saves (previous list x page's services x \
             categories x switches), {accepts} accept([...]) calls, {accept_alls} accept all; \
             {carried_off} service checks kept off for a page that does not run it; \
             {narrowed} never-listed services left off while a list is kept (narrower, \
             never wider)"
        );
        assert!(saves > 0 && carried_off > 0);
    }

    #[test]
    fn a_save_on_a_page_without_youtube_keeps_it_off() {
        // Page A runs youtube, GA4 and Clarity; the visitor switches youtube off.
        let a = [
            (PERF, "clarity", true),
            (PERF, "ga4", true),
            (TARG, "youtube", false),
        ];
        let both = Choices::all_of(&[PERF, TARG]);
        let first = Decision::custom(both, &Category::ALL).with_services(&a, &Grants::default());
        assert_eq!(first.services, Some(vec!["clarity".into(), "ga4".into()]));
        let on_a = grants_of(first);
        // Page B runs no youtube; the visitor opens the settings and saves, all on.
        let b = [(PERF, "clarity", true), (PERF, "ga4", true)];
        let second = Decision::custom(both, &Category::ALL).with_services(&b, &on_a);
        assert_eq!(second.services, Some(vec!["clarity".into(), "ga4".into()]));
        let after = grants_of(second);
        assert!(!after.allows_service(TARG, "youtube"), "youtube stays off");
        assert!(after.allows_service(PERF, "clarity") && after.allows_service(PERF, "ga4"));
        // Back on A, the visitor switches it on: on.
        let a_on = [
            (PERF, "clarity", true),
            (PERF, "ga4", true),
            (TARG, "youtube", true),
        ];
        let third = grants_of(Decision::custom(both, &Category::ALL).with_services(&a_on, &after));
        assert!(third.allows_service(TARG, "youtube"));
        // The JS API's accept of both categories keeps it off too.
        let accepted = grants_of(
            Decision::custom(both, &Category::ALL)
                .keeping_services(&[(PERF, "clarity"), (PERF, "ga4")], &after),
        );
        assert!(!accepted.allows_service(TARG, "youtube"));
        assert!(accepted.allows_service(PERF, "clarity"));
    }
}
