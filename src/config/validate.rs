//! The value checks of the config, shared by the attributes and the JSON block: URLs
//! a link may point to, cookie names and domains, GA ids, CSS values. Pure functions
//! over strings; they decide, they never report (the callers name the setting).

use crate::consent::Category;

/// `necessary` first, then the listed optional categories in canonical order.
pub fn parse_categories(value: &str) -> Option<Vec<Category>> {
    let mut wanted = Vec::new();
    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        wanted.push(Category::from_id(part)?);
    }
    Some(
        Category::ALL
            .into_iter()
            .filter(|c| *c == Category::Necessary || wanted.contains(c))
            .collect(),
    )
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
    if !has_scheme || absolute_http_url(value).is_some() {
        Some(value.to_owned())
    } else {
        None
    }
}

fn absolute_http_url(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let ok = !host.is_empty() && !value.chars().any(|c| c.is_control() || c == ' ');
    ok.then(|| value.to_owned())
}

/// A plain CSS value: no way to close the declaration or smuggle in markup.
pub fn is_css_value(value: &str) -> bool {
    !value.trim().is_empty()
        && value.len() <= 200
        && !value.contains([';', '{', '}', '<', '>', '\\'])
        && !value.chars().any(char::is_control)
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
