//! Every visible string, in English and Welsh, defined once: the `texts!` table below
//! gives each text's key (also its name in the config block's `"texts"`), its English
//! and its Welsh side by side. The UI reads text only from here. Wording follows the
//! reference banner in `../shared/docs/reference-texts.md` and the accessible names
//! fixed in the embed contract. Pure: no DOM.

use crate::consent::{Basis, Category};
use std::borrow::Cow;

/// A string from the built-in table, or one a site supplied in its config.
pub type Text = Cow<'static, str>;

/// The page's language: English or Welsh.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Cy,
}

impl Lang {
    /// A BCP 47 language tag (`cy`, `CY`, `cy-GB`, `en-gb`) by its primary subtag,
    /// case-insensitively; `None` for any other language. The quick-exit script
    /// (`src/js/quick_exit/settings.js`) decides the same way, so both always agree.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split('-').next().unwrap_or("");
        if primary.eq_ignore_ascii_case("cy") {
            Some(Lang::Cy)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The config block's key for this language's texts.
    pub fn id(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cy => "cy",
        }
    }

    /// The writing direction of this language's texts: both are left to right. Every
    /// piece of UI declares it with its `lang`, so a right-to-left page (`<html
    /// dir="rtl">`) never lays our sentences out backwards (WCAG 1.3.2, 3.1.2).
    pub fn dir(self) -> &'static str {
        "ltr"
    }
}

/// Defines [`Texts`] (one field per key), its English and Welsh tables and the
/// key lookup used by site overrides, from one list of `key: "English", "Welsh";`.
macro_rules! texts {
    ($($(#[$doc:meta])* $key:ident: $en:literal, $cy:literal;)*) => {
        /// Every visible string in one language, with the site's overrides applied.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Texts {
            $($(#[$doc])* pub $key: Text,)*
        }

        impl Texts {
            /// The built-in texts of `lang`.
            pub fn for_lang(lang: Lang) -> Texts {
                match lang {
                    Lang::En => Texts { $($key: Cow::Borrowed($en),)* },
                    Lang::Cy => Texts { $($key: Cow::Borrowed($cy),)* },
                }
            }

            /// The text a config-block key names, as shown (the configurator's defaults).
            pub fn get(&self, key: &str) -> Option<&str> {
                match key {
                    $(stringify!($key) => Some(&self.$key),)*
                    _ => None,
                }
            }

            /// The text a config-block key names.
            fn slot(&mut self, key: &str) -> Option<&mut Text> {
                match key {
                    $(stringify!($key) => Some(&mut self.$key),)*
                    _ => None,
                }
            }
        }

        /// Every key a site may override, in table order.
        pub const TEXT_KEYS: &[&str] = &[$(stringify!($key)),*];
    };
}

texts! {
    /// Region label and heading; `{site}` is replaced by the site name.
    banner_title:
        "Cookies on {site}",
        "Cwcis ar {site}";
    banner_essential:
        "We use some essential cookies to make our website work.",
        "Rydym yn defnyddio rhai cwcis hanfodol i wneud i’n gwefan weithio.";
    banner_additional:
        "We’d like to set additional cookies so we can remember your \
        preferences and understand how you use our site.",
        "Hoffem osod cwcis ychwanegol er mwyn i ni allu cofio eich dewisiadau \
        a deall sut rydych yn defnyddio ein gwefan.";
    accept_additional:
        "Accept additional cookies",
        "Derbyn cwcis ychwanegol";
    reject_additional:
        "Reject additional cookies",
        "Gwrthod cwcis ychwanegol";
    customise:
        "Customise cookies",
        "Addasu cwcis";
    policy_link:
        "Read our cookie policy",
        "Darllen ein polisi cwcis";
    saved:
        "Your cookie preferences have been saved. You can update your cookie settings \
        at any time on the cookies page.",
        "Mae eich dewisiadau cwcis wedi cael eu cadw. Gallwch ddiweddaru eich gosodiadau \
        cwcis ar unrhyw adeg ar y dudalen cwcis.";
    hide_message:
        "Hide this message",
        "Cuddio’r neges hon";
    technical_problem:
        "Sorry, there was a technical problem. Please try again.",
        "Mae’n ddrwg gennym, roedd problem dechnegol. Rhowch gynnig arall arni.";
    prefs_title:
        "Cookie preferences",
        "Dewisiadau cwcis";
    prefs_intro:
        "Choose which cookies we may use. You can change your choice at any time.",
        "Dewiswch pa gwcis y cawn eu defnyddio. Gallwch newid eich dewis ar unrhyw adeg.";
    save_preferences:
        "Save preferences",
        "Cadw dewisiadau";
    accept_all:
        "Accept all",
        "Derbyn y cyfan";
    reject_all:
        "Reject all",
        "Gwrthod y cyfan";
    close:
        "Close",
        "Cau";
    on:
        "On",
        "Ymlaen";
    off:
        "Off",
        "I ffwrdd";
    always_on:
        "Always on",
        "Bob amser ymlaen";
    /// `{id}` and `{date}` are replaced.
    evidence:
        "Consent ID {id}, given on {date}",
        "ID caniatâd {id}, a roddwyd ar {date}";
    /// Placeholder for blocked embeds; `{category}` is replaced by its title.
    blocked_content:
        "This content is hidden until you accept cookies of this kind: {category}.",
        "Mae’r cynnwys hwn wedi’i guddio nes i chi dderbyn cwcis o’r math hwn: {category}.";
    /// Shown in the dialog and the cookies page while the browser's privacy signal
    /// (Global Privacy Control) is what is in force.
    gpc_applied:
        "Your browser sent a Global Privacy Control signal, so we have not set any \
        additional cookies. You can still choose to allow them here.",
        "Anfonodd eich porwr signal Rheoli Preifatrwydd Byd-eang, felly nid ydym wedi \
        gosod unrhyw gwcis ychwanegol. Gallwch ddewis eu caniatáu yma o hyd.";
    cookie_settings:
        "Cookie settings",
        "Gosodiadau cwcis";
    /// The cookies page: `{category}` is replaced by the category title in lower case.
    settings_use:
        "Use {category}",
        "Defnyddio {category}";
    settings_do_not_use:
        "Do not use {category}",
        "Peidio â defnyddio {category}";
    settings_save:
        "Save cookie settings",
        "Cadw gosodiadau cwcis";
    settings_saved:
        "You’ve set your cookie preferences.",
        "Rydych wedi gosod eich dewisiadau cwcis.";
    table_name:
        "Name",
        "Enw";
    table_set_by:
        "Set by",
        "Wedi’i osod gan";
    table_purpose:
        "Purpose",
        "Diben";
    table_expires:
        "Expires",
        "Yn dod i ben";
    table_none:
        "We do not set any cookies of this kind.",
        "Nid ydym yn gosod unrhyw gwcis o’r math hwn.";
    set_by_site:
        "This website",
        "Y wefan hon";
    purpose_consent:
        "Remembers your cookie choices",
        "Cofio eich dewisiadau cwcis";
    purpose_ga:
        "Tells visitors apart, so we can count visits",
        "Gwahaniaethu rhwng ymwelwyr, er mwyn i ni allu cyfrif ymweliadau";
    purpose_ga_session:
        "Keeps track of your current visit",
        "Cadw golwg ar eich ymweliad presennol";
    purpose_clck:
        "Keeps the same Clarity visitor ID across visits",
        "Cadw’r un ID ymwelydd Clarity ar draws ymweliadau";
    purpose_clsk:
        "Joins the pages of one visit into one recording",
        "Cysylltu tudalennau un ymweliad yn un recordiad";
    /// The built-in services' purposes (dialog, cookies page, declaration).
    service_purpose_ga:
        "Counts visits and how our pages are used, so we can improve them",
        "Cyfrif ymweliadau a sut mae ein tudalennau’n cael eu defnyddio, er mwyn i ni \
        allu eu gwella";
    service_purpose_clarity:
        "Records how visitors move around our pages, so we can find problems",
        "Recordio sut mae ymwelwyr yn symud o gwmpas ein tudalennau, er mwyn i ni allu \
        dod o hyd i broblemau";
    service_purpose_gtm:
        "Loads the measurement tags our website uses",
        "Llwytho’r tagiau mesur y mae ein gwefan yn eu defnyddio";
    /// The group of service switches under a category; `{category}` is its title.
    services_group:
        "Services: {category}",
        "Gwasanaethau: {category}";
    table_service:
        "Service",
        "Gwasanaeth";
    table_cookies:
        "Cookies",
        "Cwcis";
    /// `{n}` is replaced.
    days:
        "{n} days",
        "{n} diwrnod";
    one_day:
        "1 day",
        "1 diwrnod";
    one_year:
        "1 year",
        "1 flwyddyn";
    two_years:
        "2 years",
        "2 flynedd";
    browser_session:
        "Until you close your browser (kept in session storage)",
        "Nes i chi gau eich porwr (yn storfa’r sesiwn)";
    necessary_title:
        "Strictly necessary cookies",
        "Cwcis hollol angenrheidiol";
    necessary_description:
        "These cookies make our website work, for example by remembering your cookie \
        choices. They are always on.",
        "Mae’r cwcis hyn yn gwneud i’n gwefan weithio, er enghraifft drwy gofio eich \
        dewisiadau cwcis. Maen nhw bob amser ymlaen.";
    performance_title:
        "Performance cookies",
        "Cwcis perfformiad";
    performance_description:
        "These cookies collect information about how visitors use our website, so we \
        can improve it.",
        "Mae’r cwcis hyn yn casglu gwybodaeth am sut mae ymwelwyr yn defnyddio ein \
        gwefan, er mwyn i ni allu ei gwella.";
    functionality_title:
        "Functionality cookies",
        "Cwcis swyddogaethol";
    functionality_description:
        "These cookies remember your preferences, such as settings you choose, to give \
        you a more personal experience.",
        "Mae’r cwcis hyn yn cofio eich dewisiadau, fel gosodiadau rydych yn eu dewis, i \
        roi profiad mwy personol i chi.";
    targeting_title:
        "Targeting and advertising cookies",
        "Cwcis targedu a hysbysebu";
    targeting_description:
        "These cookies are set by third parties to show you adverts that are relevant \
        to you on other websites.",
        "Mae’r cwcis hyn yn cael eu gosod gan drydydd partïon i ddangos hysbysebion sy’n \
        berthnasol i chi ar wefannau eraill.";
    /// The `statistics` category (PECR Schedule A1 para 5), on until the visitor objects.
    statistics_title:
        "Statistics",
        "Ystadegau";
    statistics_description:
        "We count how our website is used, in total only, so we can improve it. The \
        results cannot identify you, are never used for advertising, and are shared \
        only with a supplier who helps us make those improvements. The law lets us do \
        this unless you object: turn this off to object, and we stop at once.",
        "Rydym yn cyfrif sut mae ein gwefan yn cael ei defnyddio, fel cyfansymiau yn \
        unig, er mwyn i ni allu ei gwella. Ni all y canlyniadau eich adnabod, nid ydynt \
        byth yn cael eu defnyddio ar gyfer hysbysebu, a dim ond gyda chyflenwr sy’n ein \
        helpu i wneud y gwelliannau hynny y cânt eu rhannu. Mae’r gyfraith yn caniatáu \
        i ni wneud hyn oni bai eich bod yn gwrthwynebu: trowch hyn i ffwrdd i \
        wrthwynebu, a byddwn yn stopio ar unwaith.";
    /// The banner's line while `statistics` is offered; `{reject}` and `{customise}`
    /// are replaced by those buttons' labels.
    banner_statistics:
        "We also collect statistics about how our website is used, to improve it. They \
        are on unless you object. To object, choose “{reject}”, or turn Statistics off \
        in “{customise}”.",
        "Rydym hefyd yn casglu ystadegau am sut mae ein gwefan yn cael ei defnyddio, er \
        mwyn ei gwella. Maen nhw ymlaen oni bai eich bod yn gwrthwynebu. I wrthwynebu, \
        dewiswch “{reject}”, neu trowch Ystadegau i ffwrdd yn “{customise}”.";
    /// The banner's line while functionality runs until objection (para 6, `data-opt-out`).
    banner_appearance:
        "We also remember settings such as how you like the site to look. This is on \
        unless you object. To object, choose “{reject}”, or turn it off in “{customise}”.",
        "Rydym hefyd yn cofio gosodiadau fel sut yr hoffech i’r wefan edrych. Mae hyn \
        ymlaen oni bai eich bod yn gwrthwynebu. I wrthwynebu, dewiswch “{reject}”, neu \
        trowch ef i ffwrdd yn “{customise}”.";
    /// Under a category that runs until objection, in the dialog and the cookies page.
    opt_out_note:
        "On unless you object. Turning it off is your objection, and we stop at once.",
        "Ymlaen oni bai eich bod yn gwrthwynebu. Troi hyn i ffwrdd yw eich \
        gwrthwynebiad, ac rydym yn stopio ar unwaith.";
    /// The cookie declaration: each category's legal basis (PECR reg. 6 as amended by
    /// the Data (Use and Access) Act 2025).
    basis_necessary:
        "Legal basis: strictly necessary (PECR Schedule A1, paragraph 4).",
        "Sail gyfreithiol: hollol angenrheidiol (PECR Atodlen A1, paragraff 4).";
    basis_statistics:
        "Legal basis: statistical purposes, unless you object (PECR Schedule A1, \
        paragraph 5).",
        "Sail gyfreithiol: dibenion ystadegol, oni bai eich bod yn gwrthwynebu (PECR \
        Atodlen A1, paragraff 5).";
    basis_appearance:
        "Legal basis: appearance and preferences, unless you object (PECR Schedule A1, \
        paragraph 6).",
        "Sail gyfreithiol: golwg a dewisiadau, oni bai eich bod yn gwrthwynebu (PECR \
        Atodlen A1, paragraff 6).";
    basis_consent:
        "Legal basis: your consent (PECR regulation 6).",
        "Sail gyfreithiol: eich caniatâd (PECR rheoliad 6).";
}

impl Texts {
    pub fn banner_title_for(&self, site: &str) -> String {
        self.banner_title.replace("{site}", site)
    }

    /// The purpose of the built-in service `id` (empty for any other).
    pub fn service_purpose(&self, id: &str) -> &str {
        match id {
            "ga4" => &self.service_purpose_ga,
            "clarity" => &self.service_purpose_clarity,
            "gtm" => &self.service_purpose_gtm,
            _ => "",
        }
    }

    /// (title, description) of a category.
    pub fn category(&self, category: Category) -> (&str, &str) {
        let (title, description) = match category {
            Category::Necessary => (&self.necessary_title, &self.necessary_description),
            Category::Performance => (&self.performance_title, &self.performance_description),
            Category::Functionality => (&self.functionality_title, &self.functionality_description),
            Category::Targeting => (&self.targeting_title, &self.targeting_description),
            Category::Statistics => (&self.statistics_title, &self.statistics_description),
        };
        (title, description)
    }

    /// The banner's line for a category that runs until objection, with the labels of
    /// the buttons that object; `None` for a category that needs consent.
    pub fn banner_opt_out(&self, category: Category) -> Option<String> {
        let text = match category {
            Category::Statistics => &self.banner_statistics,
            Category::Functionality => &self.banner_appearance,
            _ => return None,
        };
        Some(
            text.replace("{reject}", &self.reject_additional)
                .replace("{customise}", &self.customise),
        )
    }

    /// The declaration's sentence for a legal basis.
    pub fn basis(&self, basis: Basis) -> &str {
        match basis {
            Basis::StrictlyNecessary => &self.basis_necessary,
            Basis::Statistics => &self.basis_statistics,
            Basis::Appearance => &self.basis_appearance,
            Basis::Consent => &self.basis_consent,
        }
    }

    /// Applies one site override (`"accept_additional": "…"`, `"performance_title": "…"`).
    /// `Err` names what is wrong: an unknown key, an empty or over-long text, or one
    /// with characters that hide or reorder what is shown (bidi controls, invisible
    /// characters): a label could then read as the other button's.
    pub fn apply_override(&mut self, key: &str, text: &str) -> Result<(), &'static str> {
        if text.len() > MAX_TEXT_BYTES {
            return Err("a text of at most 2,000 bytes");
        }
        let text = text.trim();
        if text.is_empty() {
            return Err("a non-empty text");
        }
        if text.chars().any(is_hidden) {
            return Err("a text without bidi controls or invisible characters");
        }
        let slot = self
            .slot(key)
            .ok_or("a text key (see the book's Texts reference)")?;
        *slot = Cow::Owned(text.to_owned());
        Ok(())
    }

    /// Restores the default of every accept or reject label that a site set to the
    /// other button's wording (its own override, or the default in English or Welsh),
    /// or to the same text as its partner: a visitor must never press "Reject…" and
    /// record `accept_all`. Returns the keys refused, with their text.
    pub fn refuse_swapped_labels(&mut self, lang: Lang) -> Vec<(&'static str, String)> {
        let defaults = Texts::for_lang(lang);
        let (en, cy) = (Texts::for_lang(Lang::En), Texts::for_lang(Lang::Cy));
        let accept_words: Vec<String> = [&en, &cy]
            .iter()
            .flat_map(|t| [&t.accept_additional, &t.accept_all])
            .map(|t| normalised(t))
            .collect();
        let reject_words: Vec<String> = [&en, &cy]
            .iter()
            .flat_map(|t| [&t.reject_additional, &t.reject_all])
            .map(|t| normalised(t))
            .collect();
        let mut refused = Vec::new();
        for (accept, reject) in [
            ("accept_additional", "reject_additional"),
            ("accept_all", "reject_all"),
        ] {
            let text = |t: &Texts, key| normalised(t.get(key).unwrap_or_default());
            let same = text(self, accept) == text(self, reject);
            let bad_accept = same || reject_words.contains(&text(self, accept));
            let bad_reject = same || accept_words.contains(&text(self, reject));
            for (key, bad) in [(accept, bad_accept), (reject, bad_reject)] {
                if bad && self.get(key) != defaults.get(key) {
                    refused.push((key, self.get(key).unwrap_or_default().to_owned()));
                    if let (Some(slot), Some(default)) = (self.slot(key), defaults.get(key)) {
                        *slot = Cow::Owned(default.to_owned());
                    }
                }
            }
        }
        refused
    }

    /// "Consent ID …, given on 2026-11-24 10:30 UTC" from the record's id and ISO time.
    pub fn evidence_for(&self, id: &str, iso_time: &str) -> String {
        let date = iso_time.get(..16).map_or_else(
            || iso_time.to_owned(),
            |minutes| format!("{} UTC", minutes.replace('T', " ")),
        );
        self.evidence.replace("{id}", id).replace("{date}", &date)
    }
}

/// The longest text a site may set (the longest built-in one is about 250 bytes).
pub const MAX_TEXT_BYTES: usize = 2000;

/// A label as a visitor reads it: case, spacing and closing punctuation aside.
fn normalised(text: &str) -> String {
    text.trim()
        .trim_end_matches(['.', '!'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Characters that change what a text shows without being seen: controls, bidi
/// embeddings, overrides, isolates and marks, zero-width and other invisible
/// characters, tag characters.
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}'
            | '\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}'
            | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_with_bidi_controls_or_invisible_characters_are_refused() {
        let mut t = Texts::for_lang(Lang::En);
        for text in [
            "\u{202E}seikooc lanoitidda tpeccA",
            "Accept\u{200B} cookies",
            "Reject\u{2066} all\u{2069}",
            "Accept\u{00AD}",
            "Accept\u{FEFF}",
            "Accept\u{E0041}",
        ] {
            assert!(
                t.apply_override("accept_additional", text).is_err(),
                "{text:?}"
            );
        }
        assert!(t
            .apply_override("banner_additional", &"x".repeat(MAX_TEXT_BYTES + 1))
            .is_err());
        assert!(t
            .apply_override("banner_additional", "Line one\nline two, in Cymraeg: ŵ ŷ")
            .is_ok());
        assert_eq!(t.accept_additional, "Accept additional cookies");
    }

    #[test]
    fn accept_and_reject_labels_may_not_swap_or_match() {
        for lang in [Lang::En, Lang::Cy] {
            let cases: [(&str, &str, &[&str]); 5] = [
                (
                    "accept_additional",
                    "Reject additional cookies",
                    &["accept_additional"],
                ),
                (
                    "accept_additional",
                    "gwrthod cwcis ychwanegol.",
                    &["accept_additional"],
                ),
                ("reject_all", "Accept all", &["reject_all"]),
                (
                    "reject_additional",
                    "  ACCEPT  additional cookies ",
                    &["reject_additional"],
                ),
                ("accept_all", "Reject all", &["accept_all"]),
            ];
            for (key, text, refused) in cases {
                let mut t = Texts::for_lang(lang);
                t.apply_override(key, text).unwrap();
                let got: Vec<&str> = t
                    .refuse_swapped_labels(lang)
                    .iter()
                    .map(|(k, _)| *k)
                    .collect();
                assert_eq!(got, refused, "{key}={text:?} in {lang:?}");
                assert_eq!(t, Texts::for_lang(lang), "the default is back");
            }
            // Both set to the same text: both refused.
            let mut t = Texts::for_lang(lang);
            t.apply_override("accept_additional", "OK").unwrap();
            t.apply_override("reject_additional", "ok").unwrap();
            assert_eq!(t.refuse_swapped_labels(lang).len(), 2);
            // Honest rewording stands.
            let mut t = Texts::for_lang(lang);
            t.apply_override("accept_additional", "Accept analytics cookies")
                .unwrap();
            t.apply_override("reject_additional", "No thanks").unwrap();
            assert!(t.refuse_swapped_labels(lang).is_empty());
        }
    }

    #[test]
    fn english_labels_match_the_embed_contract() {
        let t = Texts::for_lang(Lang::En);
        assert_eq!(t.accept_additional, "Accept additional cookies");
        assert_eq!(t.reject_additional, "Reject additional cookies");
        assert_eq!(t.customise, "Customise cookies");
        assert_eq!(t.hide_message, "Hide this message");
        assert_eq!(t.banner_title_for("Example PCC"), "Cookies on Example PCC");
    }

    #[test]
    fn welsh_differs_from_english_everywhere() {
        let (en, cy) = (Texts::for_lang(Lang::En), Texts::for_lang(Lang::Cy));
        assert_ne!(en.accept_additional, cy.accept_additional);
        assert_ne!(en.saved, cy.saved);
        assert_eq!(cy.banner_title_for("X"), "Cwcis ar X");
        for c in Category::ALL {
            assert_ne!(en.category(c), cy.category(c));
        }
    }

    #[test]
    fn dialog_labels_match_the_embed_contract() {
        let t = Texts::for_lang(Lang::En);
        assert_eq!(
            [&t.save_preferences, &t.accept_all, &t.reject_all, &t.close],
            ["Save preferences", "Accept all", "Reject all", "Close"]
        );
        assert_eq!(
            t.category(Category::Targeting).0,
            "Targeting and advertising cookies"
        );
    }

    #[test]
    fn overrides_replace_texts_and_category_titles_and_report_bad_keys() {
        let mut t = Texts::for_lang(Lang::En);
        assert!(t
            .apply_override("accept_additional", "Accept all cookies")
            .is_ok());
        assert!(t
            .apply_override("performance_title", " Analytics cookies ")
            .is_ok());
        assert!(t
            .apply_override("targeting_description", "Adverts.")
            .is_ok());
        assert!(t.apply_override("necessary_colour", "red").is_err());
        assert!(t.apply_override("made_up", "x").is_err());
        assert!(t.apply_override("reject_additional", "  ").is_err());
        assert_eq!(t.accept_additional, "Accept all cookies");
        assert_eq!(t.category(Category::Performance).0, "Analytics cookies");
        assert_eq!(t.category(Category::Targeting).1, "Adverts.");
        assert_eq!(t.reject_additional, "Reject additional cookies");
    }

    #[test]
    fn every_key_is_overridable_and_welsh_is_complete() {
        let (mut t, cy) = (Texts::for_lang(Lang::En), Texts::for_lang(Lang::Cy));
        for key in TEXT_KEYS {
            assert!(t.apply_override(key, "x").is_ok(), "{key}");
        }
        assert_eq!(TEXT_KEYS.len(), 66);
        assert_ne!(cy, Texts::for_lang(Lang::En));
    }

    #[test]
    fn language_tags_are_read_by_their_primary_subtag_in_any_case() {
        for tag in ["cy", "CY", "cy-GB", "Cy-gb", " cy "] {
            assert_eq!(Lang::from_tag(tag), Some(Lang::Cy), "{tag}");
        }
        for tag in ["en", "en-GB", "EN-gb"] {
            assert_eq!(Lang::from_tag(tag), Some(Lang::En), "{tag}");
        }
        for tag in ["", "fr", "cym", "e", "gd-GB", "cy_GB"] {
            assert_eq!(Lang::from_tag(tag), None, "{tag}");
        }
    }

    #[test]
    fn the_objection_line_names_the_buttons_that_object_in_both_languages() {
        let mut en = Texts::for_lang(Lang::En);
        assert_eq!(
            en.banner_opt_out(Category::Statistics).unwrap(),
            "We also collect statistics about how our website is used, to improve it. \
             They are on unless you object. To object, choose “Reject additional \
             cookies”, or turn Statistics off in “Customise cookies”."
        );
        en.apply_override("reject_additional", "No thanks").unwrap();
        assert!(en
            .banner_opt_out(Category::Statistics)
            .unwrap()
            .contains("“No thanks”"));
        assert_eq!(en.banner_opt_out(Category::Performance), None);
        let cy = Texts::for_lang(Lang::Cy);
        let line = cy.banner_opt_out(Category::Statistics).unwrap();
        assert!(line.contains("“Gwrthod cwcis ychwanegol”"), "{line}");
        assert!(
            line.contains("Ystadegau") && line.contains("wrthwynebu"),
            "{line}"
        );
        assert_eq!(cy.category(Category::Statistics).0, "Ystadegau");
        for basis in [
            Basis::StrictlyNecessary,
            Basis::Statistics,
            Basis::Appearance,
            Basis::Consent,
        ] {
            assert_ne!(en.basis(basis), cy.basis(basis));
        }
    }

    #[test]
    fn evidence_names_the_id_and_the_utc_minute() {
        let t = Texts::for_lang(Lang::En);
        assert_eq!(
            t.evidence_for("abc", "2026-11-24T10:30:15.123Z"),
            "Consent ID abc, given on 2026-11-24 10:30 UTC"
        );
    }
}
