//! WCAG 2.2 contrast for the theme's colours: relative luminance, contrast ratio, and
//! which of the banner's text/background pairs a theme puts under AA (4.5:1 for text,
//! 1.4.3). Pure functions; owns the list of pairs the banner's stylesheet draws (with
//! its default colours) and nothing else. It never refuses a colour: a flagged pair is
//! a warning in the form.

/// WCAG AA for normal-size text.
pub const AA_TEXT: f64 = 4.5;

/// A colour as sRGB channels.
pub type Rgb = [u8; 3];

/// A pair under [`AA_TEXT`]: the theme keys involved (`None` for a colour the
/// stylesheet fixes), what it is, and the ratio.
#[derive(Clone, Debug, PartialEq)]
pub struct ContrastProblem {
    pub keys: Vec<&'static str>,
    pub message: String,
    pub ratio: f64,
}

/// (foreground, background, what is drawn): a theme key, or `#rrggbb` for a colour the
/// stylesheet fixes. Defaults are the stylesheet's (`style/pcc-consent.css`).
const PAIRS: &[(&str, &str, &str)] = &[
    ("text", "bg", "the banner's text on its background"),
    ("link", "bg", "the policy link on the banner's background"),
    (
        "button-text",
        "button-bg",
        "button text on the button colour",
    ),
    (
        "text",
        "secondary-bg",
        "secondary button text on its background",
    ),
    (
        "text",
        "#ffffff",
        "the preferences dialog's text on its white background",
    ),
    (
        "#ffffff",
        "exit-bg",
        "“Leave this site” (white) on its button colour",
    ),
];

const DEFAULTS: &[(&str, &str)] = &[
    ("text", "#0b0c0c"),
    ("bg", "#f3f2f1"),
    ("link", "#1d70b8"),
    ("button-text", "#ffffff"),
    ("button-bg", "#00703c"),
    ("secondary-bg", "#ffffff"),
    ("exit-bg", "#d4351c"),
];

/// `#rgb`, `#rrggbb` or `rgb(r, g, b)`; `None` for anything else (named colours,
/// `var(…)`, transparency), which is then not checked.
pub fn parse_colour(value: &str) -> Option<Rgb> {
    let v = value.trim().to_ascii_lowercase();
    if let Some(hex) = v.strip_prefix('#') {
        let digits: Vec<u8> = hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<_>>()?;
        return match digits.as_slice() {
            [r, g, b] => Some([r * 17, g * 17, b * 17]),
            [r1, r2, g1, g2, b1, b2] => Some([r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2]),
            _ => None,
        };
    }
    let inner = v.strip_prefix("rgb(")?.strip_suffix(')')?;
    let channels: Vec<u8> = inner
        .split(',')
        .map(|c| c.trim().parse().ok())
        .collect::<Option<_>>()?;
    <[u8; 3]>::try_from(channels).ok()
}

/// WCAG relative luminance, 0 (black) to 1 (white).
pub fn relative_luminance([r, g, b]: Rgb) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG contrast ratio, 1 to 21, whichever colour is lighter.
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The pairs the `theme` (key, value) puts under AA. Only pairs with at least one colour
/// the site set are judged; a value that is not a plain colour is not judged.
pub fn problems(theme: &[(&str, &str)]) -> Vec<ContrastProblem> {
    let set = |key: &str| theme.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let colour = |key: &str| -> Option<Rgb> {
        if key.starts_with('#') {
            return parse_colour(key);
        }
        let default = DEFAULTS.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        parse_colour(set(key).or(default)?)
    };
    PAIRS
        .iter()
        .filter(|(fg, bg, _)| set(fg).is_some() || set(bg).is_some())
        .filter_map(|&(fg, bg, what)| {
            let ratio = contrast_ratio(colour(fg)?, colour(bg)?);
            (ratio < AA_TEXT).then(|| ContrastProblem {
                keys: [fg, bg]
                    .into_iter()
                    .filter(|k| !k.starts_with('#'))
                    .collect(),
                message: format!(
                    "Contrast {:.2}:1 for {what}: WCAG AA needs at least 4.5:1 for text",
                    (ratio * 100.0).floor() / 100.0
                ),
                ratio,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn black_on_white_is_21_to_1_and_white_on_white_is_1() {
        assert!((contrast_ratio([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio([255, 255, 255], [255, 255, 255]) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn known_pairs_match_published_ratios() {
        // The banner's default text on its grey, 17.5:1; #767676 on white is the
        // lightest grey that passes AA, 4.54:1; #777777 just fails, 4.48:1.
        let ratio =
            |a: &str, b: &str| contrast_ratio(parse_colour(a).unwrap(), parse_colour(b).unwrap());
        assert!(
            (ratio("#0b0c0c", "#f3f2f1") - 17.49).abs() < 0.05,
            "{}",
            ratio("#0b0c0c", "#f3f2f1")
        );
        assert!((ratio("#767676", "#fff") - 4.54).abs() < 0.01);
        assert!((ratio("#777777", "#ffffff") - 4.48).abs() < 0.01);
    }

    #[test]
    fn colours_parse_in_hex_and_rgb_and_nothing_else() {
        assert_eq!(parse_colour("#FFF"), Some([255, 255, 255]));
        assert_eq!(parse_colour(" #005ea5 "), Some([0, 94, 165]));
        assert_eq!(parse_colour("rgb(0, 94, 165)"), Some([0, 94, 165]));
        for bad in [
            "red",
            "#12345",
            "#gggggg",
            "rgb(0,0)",
            "rgb(300,0,0)",
            "var(--x)",
            "",
        ] {
            assert_eq!(parse_colour(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_default_theme_passes_and_so_does_a_dark_button() {
        assert!(problems(&[]).is_empty());
        assert!(problems(&[("button-bg", "#005ea5")]).is_empty());
    }

    #[test]
    fn a_light_button_under_white_text_is_flagged_with_both_keys() {
        let found = problems(&[("button-bg", "#ffdd00")]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].keys, ["button-text", "button-bg"]);
        assert!(
            found[0].message.contains("button text"),
            "{}",
            found[0].message
        );
        assert!(found[0].ratio < AA_TEXT);
    }

    #[test]
    fn grey_text_fails_on_the_banner_and_in_the_dialog() {
        let found = problems(&[("text", "#999999")]);
        let whats: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(found.len(), 3, "{whats:?}");
        assert!(found.iter().all(|p| p.keys.contains(&"text")));
    }

    #[test]
    fn a_value_that_is_not_a_plain_colour_is_not_judged() {
        assert!(problems(&[("button-bg", "var(--brand)")]).is_empty());
    }
}
