//! The value checks of the config, shared by the attributes and the JSON block: URLs
//! a link may point to, cookie names and domains, GA ids, theme values (colours,
//! lengths, font names). Pure functions
//! over strings; they decide, they never report (the callers name the setting).

use crate::consent::Category;

/// `necessary` first, then the listed optional categories in canonical order. Commas,
/// spaces or both separate them (`performance statistics`, `performance, statistics`).
pub fn parse_categories(value: &str) -> Option<Vec<Category>> {
    let mut wanted = Vec::new();
    for part in list_items(value) {
        wanted.push(Category::from_id(part)?);
    }
    Some(
        Category::ALL
            .into_iter()
            .filter(|c| *c == Category::Necessary || wanted.contains(c))
            .collect(),
    )
}

/// `data-opt-out`: the consent categories a site runs until objection instead
/// (PECR Schedule A1 para 6): `functionality`, or nothing. `statistics` is accepted and
/// changes nothing (it always runs so); `performance` and `targeting` never may.
pub fn parse_opt_out(value: &str) -> Option<Vec<Category>> {
    let mut out = Vec::new();
    for part in list_items(value) {
        match Category::from_id(part)? {
            c if c.may_be_opt_out() => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

fn list_items(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
}

/// http(s) or a relative URL; never `javascript:`, `data:` and the like. A value that
/// only looks relative is read as browsers read it: `//evil.example` and
/// `/\evil.example` (a backslash is a slash to them) are absolute URLs on another
/// host, and refused: a site that means another host writes `https://`.
pub fn page_url(value: &str) -> Option<String> {
    if value.is_empty() || value.chars().any(char::is_control) {
        return None;
    }
    let mut start = value.chars().map(|c| if c == '\\' { '/' } else { c });
    if start.next() == Some('/') && start.next() == Some('/') {
        return None;
    }
    let scheme_end = value.find(':');
    let path_start = value.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, path_start) {
        (Some(c), Some(p)) => c < p,
        (Some(_), None) => true,
        (None, _) => false,
    };
    if !has_scheme || is_absolute_http_url(value) {
        Some(value.to_owned())
    } else {
        None
    }
}

/// The one rule for an absolute URL: `http://` or `https://` (any case), a non-empty
/// host before the first `/`, `?` or `#`, and no space or control character. Links
/// ([`page_url`]) and the quick exit's `data-exit-url` (checked by the configurator
/// with this function; `isExitUrl` in `src/js/quick_exit/settings.js` follows the same
/// rule in JavaScript) both use it. Both are tested on the cases in
/// `tests/fixtures/absolute-urls.json`.
pub fn is_absolute_http_url(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty() && !value.chars().any(|c| c.is_control() || c == ' ')
}

/// What a theme key takes. Only colours, lengths and font names: nothing that makes
/// the browser fetch anything (`url()`, `image-set()`, `@import`) or runs a function
/// other than a colour's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeValue {
    Colour,
    Length,
    Font,
}

impl ThemeValue {
    /// The kind of value theme key `key` takes.
    pub fn for_key(key: &str) -> ThemeValue {
        match key {
            "font" => ThemeValue::Font,
            "radius" | "space" => ThemeValue::Length,
            _ => ThemeValue::Colour,
        }
    }

    pub fn expected(self) -> &'static str {
        match self {
            ThemeValue::Colour => "a colour: #hex, a colour name, or rgb()/hsl() with numbers",
            ThemeValue::Length => "a length such as 16px, 1.5rem or 0",
            ThemeValue::Font => "font names, comma-separated, such as Georgia, serif",
        }
    }

    pub fn accepts(self, value: &str) -> bool {
        let value = value.trim();
        value.len() <= 200
            && match self {
                ThemeValue::Colour => is_colour(value),
                ThemeValue::Length => is_length(value),
                ThemeValue::Font => is_font_list(value),
            }
    }
}

/// `#rgb[a]`, `#rrggbb[aa]`, a colour keyword, or a colour function whose arguments are
/// numbers, units, `none`, commas, spaces and `/` (no nested function, so no `url()`).
fn is_colour(value: &str) -> bool {
    if let Some(hex) = value.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if value.bytes().all(|b| b.is_ascii_alphabetic()) {
        return !value.is_empty() && value.len() <= 30;
    }
    let lower = value.to_ascii_lowercase();
    let Some((function, rest)) = lower.split_once('(') else {
        return false;
    };
    const FUNCTIONS: [&str; 9] = [
        "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch",
    ];
    let Some(args) = rest.strip_suffix(')') else {
        return false;
    };
    FUNCTIONS.contains(&function)
        && !args.trim().is_empty()
        && args.bytes().all(|b| {
            b.is_ascii_digit()
                || b.is_ascii_lowercase()
                || matches!(b, b'.' | b'%' | b',' | b' ' | b'/' | b'-' | b'+')
        })
}

/// `0`, or a number with a CSS length unit or `%`.
fn is_length(value: &str) -> bool {
    const UNITS: [&str; 10] = ["px", "rem", "em", "%", "vw", "vh", "pt", "ch", "ex", "vmin"];
    if value == "0" {
        return true;
    }
    UNITS.iter().any(|unit| {
        value.strip_suffix(unit).is_some_and(|number| {
            !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && number.bytes().filter(|b| *b == b'.').count() <= 1
                && number != "."
        })
    })
}

/// Family names, comma-separated: each quoted (`"Open Sans"`) or plain words of
/// letters, digits, `-` and `_` (`Georgia`, `sans-serif`).
fn is_font_list(value: &str) -> bool {
    !value.is_empty()
        && value.split(',').all(|family| {
            let family = family.trim();
            let inner = family
                .strip_prefix('"')
                .and_then(|f| f.strip_suffix('"'))
                .or_else(|| family.strip_prefix('\'').and_then(|f| f.strip_suffix('\'')))
                .unwrap_or(family);
            !inner.trim().is_empty()
                && inner
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        })
}

pub fn is_cookie_token(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

pub fn is_domain(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 253
        && value.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

pub fn is_ga_id(value: &str) -> bool {
    value.strip_prefix("G-").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    })
}

/// A Google Tag Manager container id: `GTM-` then 4 to 12 capital letters or digits
/// (Google's are 6 to 8 today, e.g. `GTM-ABC1234`).
pub fn is_gtm_id(value: &str) -> bool {
    value.strip_prefix("GTM-").is_some_and(|rest| {
        (4..=12).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One case of `tests/fixtures/absolute-urls.json`, shared with the quick exit's
    /// JavaScript check (tests/e2e/url-rule.test.mjs).
    #[derive(serde::Deserialize)]
    struct UrlCase {
        url: String,
        absolute: bool,
    }

    #[test]
    fn the_absolute_url_rule_decides_the_shared_cases() {
        let cases: Vec<UrlCase> =
            serde_json::from_str(include_str!("../../tests/fixtures/absolute-urls.json"))
                .expect("the shared cases are JSON");
        assert!(cases.len() >= 10);
        for case in cases {
            assert_eq!(
                is_absolute_http_url(&case.url),
                case.absolute,
                "{:?}",
                case.url
            );
        }
    }

    #[test]
    fn gtm_ids_are_gtm_dash_then_capitals_or_digits() {
        for ok in ["GTM-ABC1234", "GTM-5XQ9P2", "GTM-1234", "GTM-ABCDEFGHIJKL"] {
            assert!(is_gtm_id(ok), "{ok}");
        }
        for bad in [
            "",
            "GTM-",
            "GTM-abc1234",
            "gtm-ABC1234",
            "G-ABC1234",
            "GTM-ABC",
            "GTM-ABCDEFGHIJKLM",
            "GTM-ABC 123",
            "GTM-ABC1234\"",
            "ABC1234",
        ] {
            assert!(!is_gtm_id(bad), "{bad}");
        }
    }

    #[test]
    fn theme_values_are_colours_lengths_and_font_names_only() {
        let colour = ThemeValue::Colour;
        for ok in [
            "#005ea5",
            "#fff",
            "#ffffff80",
            "red",
            "transparent",
            "rgb(0, 94, 165)",
            "hsl(210 50% 40% / 0.5)",
            "oklch(0.5 0.1 200)",
        ] {
            assert!(colour.accepts(ok), "{ok}");
        }
        for bad in [
            "url(https://tracker.example/p.png)",
            "image-set(url(a.png) 1x)",
            "rgb(0 0 0) url(x)",
            "rgb(var(--x))",
            "red; } body { display:none",
            "#ggg",
            "",
            "expression(alert(1))",
            "linear-gradient(red, blue)",
            "rgb(0,0,0",
        ] {
            assert!(!colour.accepts(bad), "{bad}");
        }
        for ok in ["16px", "1.5rem", "0", "50%"] {
            assert!(ThemeValue::Length.accepts(ok), "{ok}");
        }
        for bad in [
            "16",
            "px",
            "1.2.3em",
            "calc(1px + url(x))",
            "url(x)",
            "-1px",
        ] {
            assert!(!ThemeValue::Length.accepts(bad), "{bad}");
        }
        for ok in [
            "Georgia, serif",
            "\"Open Sans\", Arial, sans-serif",
            "'GDS Transport'",
        ] {
            assert!(ThemeValue::Font.accepts(ok), "{ok}");
        }
        for bad in [
            "url(https://x/f.woff)",
            "Arial; x",
            "local(Arial)",
            "\"a\\\" b",
            ", serif",
            "image-set(x)",
        ] {
            assert!(!ThemeValue::Font.accepts(bad), "{bad}");
        }
        assert_eq!(ThemeValue::for_key("font"), ThemeValue::Font);
        assert_eq!(ThemeValue::for_key("radius"), ThemeValue::Length);
        assert_eq!(ThemeValue::for_key("exit-bg"), ThemeValue::Colour);
    }
}
