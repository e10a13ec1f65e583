//! Minifies the banner's stylesheet into OUT_DIR for `include_str!` (src/ui/mod.rs): the
//! bundle carries it on every page, and its comments and indentation are a third of it.
//! Safe on this stylesheet: it has no strings, and only whitespace next to `{ } ; , >`
//! is dropped (never next to `:`, where a space can be a descendant combinator).

use std::{env, fs, path::Path};

fn main() {
    let source = "style/pcc-consent.css";
    println!("cargo::rerun-if-changed={source}");
    let css = fs::read_to_string(source).expect("style/pcc-consent.css");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("pcc-consent.min.css");
    fs::write(out, minify(&css)).expect("write the minified stylesheet");
}

pub fn minify(css: &str) -> String {
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    without_comments.push_str(rest);
    let collapsed = without_comments
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let chars: Vec<char> = collapsed.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let tight = |c: Option<&char>| matches!(c, Some('{' | '}' | ';' | ',' | '>'));
        if c == ' ' && (tight(chars.get(i + 1)) || tight(out.chars().last().as_ref())) {
            continue;
        }
        out.push(c);
    }
    out
}
