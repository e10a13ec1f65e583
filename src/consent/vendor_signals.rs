//! What the gate tells Google and Microsoft, and which of their cookies it removes:
//! pure mappings from a visitor's choices, tested natively.

use super::category::{Category, Choices};
use super::Grants;

/// Google Consent Mode v2 signals for `choices`, in the order gtag documents them.
/// `security_storage` is always granted (it is strictly necessary).
pub fn google_consent(choices: &Choices) -> [(&'static str, bool); 7] {
    let performance = choices.allows(Category::Performance);
    let functionality = choices.allows(Category::Functionality);
    let targeting = choices.allows(Category::Targeting);
    [
        ("ad_storage", targeting),
        ("ad_user_data", targeting),
        ("ad_personalization", targeting),
        ("analytics_storage", performance),
        ("functionality_storage", functionality),
        ("personalization_storage", functionality),
        ("security_storage", true),
    ]
}

/// [`google_consent`] for `grants`, where `ga4` is GA4's category when the page runs
/// it: with GA4 switched off, `analytics_storage` stays denied (a Tag Manager
/// container's GA4 tags honour it too).
pub fn google_consent_for(grants: &Grants, ga4: Option<Category>) -> [(&'static str, bool); 7] {
    let ga4_refused = ga4.is_some_and(|c| grants.allows(c) && !grants.allows_service(c, "ga4"));
    google_consent(&grants.choices).map(|(name, granted)| {
        (
            name,
            granted && !(ga4_refused && name == "analytics_storage"),
        )
    })
}

/// Microsoft Clarity `consentv2` signals for `choices`. In discreet mode storage is
/// always denied: Clarity then runs in its cookie-less mode (an id per page view, no
/// `_clck`/`_clsk`), so the visit leaves nothing on the device.
pub fn clarity_consent(choices: &Choices, discreet: bool) -> [(&'static str, bool); 2] {
    [
        (
            "ad_Storage",
            !discreet && choices.allows(Category::Targeting),
        ),
        (
            "analytics_Storage",
            !discreet && choices.allows(Category::Performance),
        ),
    ]
}

/// The services whose first-party cookies the gate deletes on withdrawal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vendor {
    GoogleAnalytics,
    Clarity,
}

/// Which service set a first-party cookie named `name`, if it is one we clean up:
/// GA's `_ga`, `_ga_<container>`, `_gid`, `_gat*`, `_gcl_*`; Clarity's `_clck`, `_clsk`.
pub fn cookie_vendor(name: &str) -> Option<Vendor> {
    let google = name == "_ga"
        || name.starts_with("_ga_")
        || name == "_gid"
        || name.starts_with("_gat")
        || name.starts_with("_gcl_");
    if google {
        Some(Vendor::GoogleAnalytics)
    } else if name == "_clck" || name == "_clsk" {
        Some(Vendor::Clarity)
    } else {
        None
    }
}

/// Every domain a script on `host` could have set a cookie on: the host itself and each
/// parent with at least two labels (`www.example.police.uk` -> itself,
/// `example.police.uk`, `police.uk`). gtag's `cookie_domain: auto` picks the highest
/// one the browser accepts, so deleting on the host alone misses it. A public suffix in
/// the list is harmless: the browser ignores a cookie write for it.
pub fn cookie_domains(host: &str) -> Vec<String> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() || is_ip_address(&host) || !host.contains('.') {
        return vec![host];
    }
    // The host from the start and after each dot, the last label alone (the top-level
    // domain) left out: slices of the host, not labels joined again, which would link
    // a split-and-join into the bundle for this one list.
    let starts = std::iter::once(0).chain(host.match_indices('.').map(|(i, _)| i + 1));
    let mut domains: Vec<String> = starts.map(|start| host[start..].to_string()).collect();
    domains.pop();
    domains
}

/// An IP address as `location.hostname` gives it: IPv6 in brackets (a colon is never
/// in a domain name), IPv4 ending in a numeric label (a top-level domain never is).
/// Cheaper in the bundle than `IpAddr`'s parser, and enough to tell the two apart.
fn is_ip_address(host: &str) -> bool {
    let last = host.rsplit_once('.').map_or(host, |(_, last)| last);
    host.contains(':') || (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_granted_denies_every_google_signal_but_security() {
        let signals = google_consent(&Choices::none());
        for (name, granted) in signals {
            assert_eq!(granted, name == "security_storage", "{name}");
        }
    }

    #[test]
    fn each_category_maps_to_its_own_google_signals() {
        let only = |c| google_consent(&Choices::none().with(c, true));
        let granted = |signals: [(&'static str, bool); 7]| {
            signals
                .iter()
                .filter(|(n, g)| *g && *n != "security_storage")
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
        };
        assert_eq!(granted(only(Category::Performance)), ["analytics_storage"]);
        assert_eq!(
            granted(only(Category::Functionality)),
            ["functionality_storage", "personalization_storage"]
        );
        assert_eq!(
            granted(only(Category::Targeting)),
            ["ad_storage", "ad_user_data", "ad_personalization"]
        );
    }

    #[test]
    fn clarity_follows_performance_and_targeting() {
        let c = Choices::none().with(Category::Performance, true);
        assert_eq!(
            clarity_consent(&c, false),
            [("ad_Storage", false), ("analytics_Storage", true)]
        );
    }

    #[test]
    fn in_discreet_mode_clarity_never_gets_storage() {
        let all = Choices::all_of(&Category::ALL);
        assert_eq!(
            clarity_consent(&all, true),
            [("ad_Storage", false), ("analytics_Storage", false)]
        );
    }

    #[test]
    fn tracking_cookies_are_recognised_and_others_left_alone() {
        for name in ["_ga", "_ga_ABC123", "_gid", "_gat", "_gat_UA-1", "_gcl_au"] {
            assert_eq!(cookie_vendor(name), Some(Vendor::GoogleAnalytics), "{name}");
        }
        for name in ["_clck", "_clsk"] {
            assert_eq!(cookie_vendor(name), Some(Vendor::Clarity), "{name}");
        }
        for name in ["pcc_consent", "_gallery", "ga", "session", "_clckx"] {
            assert_eq!(cookie_vendor(name), None, "{name}");
        }
    }

    #[test]
    fn cookie_domains_cover_the_host_and_its_parents() {
        assert_eq!(
            cookie_domains("www.example.police.uk"),
            ["www.example.police.uk", "example.police.uk", "police.uk"]
        );
        assert_eq!(cookie_domains("www.pcc.test"), ["www.pcc.test", "pcc.test"]);
        assert_eq!(cookie_domains("127.0.0.1"), ["127.0.0.1"]);
        assert_eq!(cookie_domains("[::1]"), ["[::1]"]);
        assert_eq!(cookie_domains("[2001:db8::1]"), ["[2001:db8::1]"]);
        assert_eq!(cookie_domains("localhost"), ["localhost"]);
    }

    /// The slicing form gives what splitting into labels and joining them again gave,
    /// on every host of up to four labels drawn from empty, numeric, IPv6-like and name
    /// labels, with and without a trailing dot, in any case.
    #[test]
    fn cookie_domains_equal_the_labels_joined_again() {
        fn joined(host: &str) -> Vec<String> {
            let host = host.trim_end_matches('.').to_ascii_lowercase();
            let last = host.split('.').next_back().unwrap_or_default();
            let ip = host.contains(':')
                || (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()));
            if host.is_empty() || ip || !host.contains('.') {
                return vec![host];
            }
            let labels: Vec<&str> = host.split('.').collect();
            (0..labels.len() - 1)
                .map(|i| labels[i..].join("."))
                .collect()
        }
        let labels = ["", "www", "Police", "uk", "1", "255", "[::1]", "a1"];
        let mut hosts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = hosts
                .iter()
                .flat_map(|h| {
                    labels.iter().map(move |l| {
                        if h.is_empty() {
                            l.to_string()
                        } else {
                            format!("{h}.{l}")
                        }
                    })
                })
                .collect();
            hosts.extend(longer);
        }
        hosts.sort();
        hosts.dedup();
        let mut checked = 0;
        for host in &hosts {
            for host in [host.clone(), format!("{host}.")] {
                assert_eq!(cookie_domains(&host), joined(&host), "{host:?}");
                checked += 1;
            }
        }
        println!("cookie_domains: {checked} hosts checked against the labels joined again");
    }
}
