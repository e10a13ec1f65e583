//! The configurator's form, as data: every `data-*` attribute of the embed contract
//! (`../shared/docs/embed-contract.md`) with its label, hint and kind of input, in the
//! order the form shows them. Owns the wording of the form; it never validates (the
//! config parser does, in [`super::settings`]).

/// How a setting is entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Free text; `placeholder` shows the default.
    Text { placeholder: &'static str },
    /// One of fixed values; the first is the default, written as no attribute.
    Select(&'static [(&'static str, &'static str)]),
    /// A boolean attribute, written without a value when on.
    Flag,
}

/// One setting of the form: a `data-*` attribute, or `src` (where the file will live).
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The attribute name (`data-ga-id`), also the setting's key in [`super::settings::Settings`].
    pub id: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub kind: Kind,
}

/// A group of settings under one heading.
pub struct Section {
    pub title: &'static str,
    pub fields: &'static [Field],
}

/// Where the site will serve the file: the script tag's `src`.
pub const SRC: &str = "src";
pub const DEFAULT_SRC: &str = "/assets/pcc-consent/pcc-consent.js";

const CATEGORIES: &[(&str, &str)] = &[
    ("", "Performance (default)"),
    ("functionality", "Functionality"),
    ("targeting", "Targeting"),
    (
        "statistics",
        "Statistics (refused: GA4 and Clarity need consent)",
    ),
];

const fn text(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    placeholder: &'static str,
) -> Field {
    Field {
        id,
        label,
        hint,
        kind: Kind::Text { placeholder },
    }
}

pub const SECTIONS: &[Section] = &[
    Section {
        title: "Your site",
        fields: &[
            text(SRC, "Address of pcc-consent.js on your site", "Copy release/pcc-consent.js and release/pcc-consent.wasm there, into one folder; any path or host.", DEFAULT_SRC),
            text("data-site-name", "Site name", "Shown in the banner heading: “Cookies on …”. Default: the page's host name.", "Example Police and Crime Commissioner"),
            text("data-policy-url", "Cookie policy page", "An http(s) or relative URL, e.g. /cookies. Default: no link.", "/cookies"),
            text("data-categories", "Cookie categories the site uses", "Commas or spaces: performance, functionality, targeting, statistics. Left empty, the snippet lists those your analytics use (all three if none): add any your gated content uses. Statistics (PECR Schedule A1 para 5) runs until the visitor objects: only for your own or a processor's aggregate counts, never GA4 or Clarity; it is offered only when listed.", "performance,functionality,targeting"),
            Field { id: "data-opt-out", label: "Functionality runs until the visitor objects", hint: "Only if your functionality cookies just adapt appearance and preferences (PECR Schedule A1 para 6). Google Analytics and Clarity can never be governed by it.", kind: Kind::Select(&[("", "No: functionality needs consent (default)"), ("functionality", "Yes: appearance and preferences only (para 6)")]) },
            Field { id: "data-settings-button", label: "Show a floating “Cookie settings” button after a choice", hint: "For sites with no “Cookie settings” link in the footer.", kind: Kind::Flag },
        ],
    },
    Section {
        title: "Analytics",
        fields: &[
            text("data-ga-id", "Google Analytics 4 measurement id", "Such as G-XXXXXXXXXX. Leave empty for no Google Analytics.", "G-XXXXXXXXXX"),
            Field { id: "data-ga-category", label: "Category that allows Google Analytics", hint: "Never statistics or opt-out functionality: Google acts as a controller for some GA4 data, so GA4 needs consent.", kind: Kind::Select(CATEGORIES) },
            text("data-ga-src", "Self-hosted gtag.js address (optional)", "Default: Google's own address.", ""),
            text("data-clarity-id", "Microsoft Clarity project id", "Letters and digits. Leave empty for no Clarity.", "abcdefghij"),
            Field { id: "data-clarity-category", label: "Category that allows Clarity", hint: "Never statistics or opt-out functionality: Clarity records individual sessions, so it needs consent.", kind: Kind::Select(CATEGORIES) },
            text("data-clarity-src", "Self-hosted Clarity address (optional)", "{id} is replaced by the project id. Default: Microsoft's own address.", ""),
            text("data-gtm-id", "Google Tag Manager container id", "Such as GTM-XXXXXXX. Leave empty for no Tag Manager.", "GTM-XXXXXXX"),
            Field { id: "data-gtm-category", label: "Category that allows Tag Manager", hint: "", kind: Kind::Select(CATEGORIES) },
            text("data-gtm-src", "Self-hosted gtm.js address (optional)", "Default: Google's own address.", ""),
            Field { id: "data-gpc", label: "Global Privacy Control", hint: "Whether a browser's GPC signal refuses every optional category.", kind: Kind::Select(&[("", "Honour it (default)"), ("ignore", "Ignore it")]) },
        ],
    },
    Section {
        title: "Quick exit (“Leave this site”)",
        fields: &[
            Field { id: "data-quick-exit", label: "Quick exit", hint: "For abuse-support sites: a “Leave this site” button and a key that leaves at once.", kind: Kind::Select(&[("", "Off (default)"), ("escape", "Escape key"), ("shift-3", "Shift pressed 3 times"), ("escape shift-3", "Either")]) },
            text("data-exit-url", "Where quick exit goes", "An absolute http or https URL.", "https://www.bbc.co.uk/weather"),
            Field { id: "data-quick-exit-history", label: "Back history while quick exit is on", hint: "“One entry” makes a whole visit one entry in Back history.", kind: Kind::Select(&[("", "Default"), ("single", "One entry for the whole visit")]) },
        ],
    },
    Section {
        title: "Where the choice is kept",
        fields: &[
            Field { id: "data-storage", label: "Storage", hint: "Discreet mode leaves no lasting trace of the visit; the banner asks again in every new browser session.", kind: Kind::Select(&[("", "Cookie and localStorage (default)"), ("session", "Discreet: this browser session only")]) },
            text("data-cookie-name", "Consent cookie name", "Letters, digits, _ or -.", "pcc_consent"),
            text("data-cookie-domain", "Cookie domain (optional)", "So one choice covers www. and sub-sites, e.g. example.police.uk.", ""),
            text("data-expiry-days", "Days a choice lasts", "1 to 395.", "365"),
            text("data-revision", "Consent revision", "Raise it to ask everyone again.", "1"),
            text("data-log-url", "Consent log address (optional)", "Each new consent record is sent there as proof.", ""),
            Field { id: "data-reload-on-withdraw", label: "Reload the page after a withdrawal", hint: "So no analytics code keeps running.", kind: Kind::Flag },
        ],
    },
    Section {
        title: "Language",
        fields: &[
            Field { id: "data-lang", label: "Language", hint: "Default: the page's own <html lang> (English unless it is Welsh).", kind: Kind::Select(&[("", "The page's language (default)"), ("en", "English"), ("cy", "Cymraeg (Welsh)")]) },
        ],
    },
];

/// Every field of every section.
pub fn all_fields() -> impl Iterator<Item = &'static Field> {
    SECTIONS.iter().flat_map(|s| s.fields.iter())
}
