//! The ready-to-paste snippet: the script tag (with `integrity` and
//! `crossorigin="anonymous"`, so the browser refuses any other file) and, only when
//! texts or a theme are set, the JSON config block. Pure text building; owns the
//! escaping of attribute values. It never judges a value: they arrive validated by the
//! config parser (see `settings`).

/// The snippet for a script at `src` with integrity value `sri`, the `data-*`
/// attributes `attrs` (an empty value is written as a bare boolean attribute) and an
/// optional config block.
pub fn snippet(src: &str, sri: &str, attrs: &[(String, String)], block: Option<&str>) -> String {
    let mut tag = format!(
        "<script src=\"{}\" defer\n        integrity=\"{}\" crossorigin=\"anonymous\"",
        escape(src),
        escape(sri.trim())
    );
    for (name, value) in attrs {
        tag.push_str("\n        ");
        tag.push_str(name);
        if !value.is_empty() {
            tag.push_str(&format!("=\"{}\"", escape(value)));
        }
    }
    tag.push_str("></script>\n");
    if let Some(block) = block {
        tag.push_str("<script type=\"application/json\" id=\"pcc-consent-config\">\n");
        tag.push_str(block);
        tag.push_str("\n</script>\n");
    }
    tag
}

/// An attribute value in double quotes: `&`, `"`, `<` and `>` as character references.
fn escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_tag_has_integrity_crossorigin_and_no_config_block() {
        let attrs = [("data-site-name".to_owned(), "Example PCC".to_owned())];
        let s = snippet("/a/pcc-consent.js", "sha384-abc\n", &attrs, None);
        assert_eq!(
            s,
            "<script src=\"/a/pcc-consent.js\" defer\n        integrity=\"sha384-abc\" \
             crossorigin=\"anonymous\"\n        data-site-name=\"Example PCC\"></script>\n"
        );
    }

    #[test]
    fn quotes_and_ampersands_in_values_cannot_break_the_tag() {
        let attrs = [(
            "data-site-name".to_owned(),
            "Tom & \"Jerry\" <b>".to_owned(),
        )];
        let s = snippet("/x.js", "sha384-a", &attrs, None);
        assert!(
            s.contains("data-site-name=\"Tom &amp; &quot;Jerry&quot; &lt;b&gt;\""),
            "{s}"
        );
    }

    #[test]
    fn flags_are_bare_attributes_and_the_block_follows_the_tag() {
        let attrs = [("data-settings-button".to_owned(), String::new())];
        let s = snippet("/x.js", "sha384-a", &attrs, Some("{\"theme\": {}}"));
        assert!(
            s.contains("\n        data-settings-button></script>\n"),
            "{s}"
        );
        assert!(s.ends_with(
            "<script type=\"application/json\" id=\"pcc-consent-config\">\n{\"theme\": {}}\n</script>\n"
        ));
    }
}
