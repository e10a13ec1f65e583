//! Every visible string, in English and Welsh. The UI reads text only from here.
//! Wording follows the reference banner in `../shared/docs/reference-texts.md` and the
//! accessible names fixed in the embed contract.

use crate::config::Lang;
use crate::consent::Category;
use crate::json::{self, Object};
use std::borrow::Cow;

/// A string from the built-in tables, or one a site supplied in its config.
pub type Text = Cow<'static, str>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Texts {
    /// Region label and heading; `{site}` is replaced by the site name.
    pub banner_title: Text,
    pub banner_essential: Text,
    pub banner_additional: Text,
    pub accept_additional: Text,
    pub reject_additional: Text,
    pub customise: Text,
    pub policy_link: Text,
    pub saved: Text,
    pub hide_message: Text,
    pub technical_problem: Text,
    pub prefs_title: Text,
    pub prefs_intro: Text,
    pub save_preferences: Text,
    pub accept_all: Text,
    pub reject_all: Text,
    pub close: Text,
    pub on: Text,
    pub off: Text,
    pub always_on: Text,
    /// `{id}` and `{date}` are replaced.
    pub evidence: Text,
    /// Placeholder for blocked embeds; `{category}` is replaced by its title.
    pub blocked_content: Text,
    pub cookie_settings: Text,
    /// The cookies page: `{category}` is replaced by the category title in lower case.
    pub settings_use: Text,
    pub settings_do_not_use: Text,
    pub settings_save: Text,
    pub settings_saved: Text,
    pub table_name: Text,
    pub table_set_by: Text,
    pub table_purpose: Text,
    pub table_expires: Text,
    pub table_none: Text,
    pub set_by_site: Text,
    pub purpose_consent: Text,
    pub purpose_ga: Text,
    pub purpose_ga_session: Text,
    pub purpose_clck: Text,
    pub purpose_clsk: Text,
    /// `{n}` is replaced.
    pub days: Text,
    pub one_day: Text,
    pub one_year: Text,
    pub two_years: Text,
    pub browser_session: Text,
    /// Title and two-line description per category, in `Category::ALL` order.
    pub categories: [(Text, Text); 4],
}

const EN: Texts = Texts {
    banner_title: Cow::Borrowed("Cookies on {site}"),
    banner_essential: Cow::Borrowed("We use some essential cookies to make our website work."),
    banner_additional: Cow::Borrowed(
        "We’d like to set additional cookies so we can remember your \
        preferences and understand how you use our site.",
    ),
    accept_additional: Cow::Borrowed("Accept additional cookies"),
    reject_additional: Cow::Borrowed("Reject additional cookies"),
    customise: Cow::Borrowed("Customise cookies"),
    policy_link: Cow::Borrowed("Read our cookie policy"),
    saved: Cow::Borrowed(
        "Your cookie preferences have been saved. You can update your cookie settings \
        at any time on the cookies page.",
    ),
    hide_message: Cow::Borrowed("Hide this message"),
    technical_problem: Cow::Borrowed("Sorry, there was a technical problem. Please try again."),
    prefs_title: Cow::Borrowed("Cookie preferences"),
    prefs_intro: Cow::Borrowed(
        "Choose which cookies we may use. You can change your choice at any time.",
    ),
    save_preferences: Cow::Borrowed("Save preferences"),
    accept_all: Cow::Borrowed("Accept all"),
    reject_all: Cow::Borrowed("Reject all"),
    close: Cow::Borrowed("Close"),
    on: Cow::Borrowed("On"),
    off: Cow::Borrowed("Off"),
    always_on: Cow::Borrowed("Always on"),
    evidence: Cow::Borrowed("Consent ID {id}, given on {date}"),
    blocked_content: Cow::Borrowed(
        "This content is hidden until you accept cookies of this kind: {category}.",
    ),
    cookie_settings: Cow::Borrowed("Cookie settings"),
    settings_use: Cow::Borrowed("Use {category}"),
    settings_do_not_use: Cow::Borrowed("Do not use {category}"),
    settings_save: Cow::Borrowed("Save cookie settings"),
    settings_saved: Cow::Borrowed("You’ve set your cookie preferences."),
    table_name: Cow::Borrowed("Name"),
    table_set_by: Cow::Borrowed("Set by"),
    table_purpose: Cow::Borrowed("Purpose"),
    table_expires: Cow::Borrowed("Expires"),
    table_none: Cow::Borrowed("We do not set any cookies of this kind."),
    set_by_site: Cow::Borrowed("This website"),
    purpose_consent: Cow::Borrowed("Remembers your cookie choices"),
    purpose_ga: Cow::Borrowed("Tells visitors apart, so we can count visits"),
    purpose_ga_session: Cow::Borrowed("Keeps track of your current visit"),
    purpose_clck: Cow::Borrowed("Keeps the same Clarity visitor ID across visits"),
    purpose_clsk: Cow::Borrowed("Joins the pages of one visit into one recording"),
    days: Cow::Borrowed("{n} days"),
    one_day: Cow::Borrowed("1 day"),
    one_year: Cow::Borrowed("1 year"),
    two_years: Cow::Borrowed("2 years"),
    browser_session: Cow::Borrowed("Until you close your browser (kept in session storage)"),
    categories: [
        (
            Cow::Borrowed("Strictly necessary cookies"),
            Cow::Borrowed(
                "These cookies make our website work, for example by remembering your cookie \
             choices. They are always on.",
            ),
        ),
        (
            Cow::Borrowed("Performance cookies"),
            Cow::Borrowed(
                "These cookies collect information about how visitors use our website, so we \
             can improve it.",
            ),
        ),
        (
            Cow::Borrowed("Functionality cookies"),
            Cow::Borrowed(
                "These cookies remember your preferences, such as settings you choose, to give \
             you a more personal experience.",
            ),
        ),
        (
            Cow::Borrowed("Targeting and advertising cookies"),
            Cow::Borrowed(
                "These cookies are set by third parties to show you adverts that are relevant \
             to you on other websites.",
            ),
        ),
    ],
};

const CY: Texts = Texts {
    banner_title: Cow::Borrowed("Cwcis ar {site}"),
    banner_essential: Cow::Borrowed(
        "Rydym yn defnyddio rhai cwcis hanfodol i wneud i’n gwefan weithio.",
    ),
    banner_additional: Cow::Borrowed(
        "Hoffem osod cwcis ychwanegol er mwyn i ni allu cofio eich dewisiadau \
        a deall sut rydych yn defnyddio ein gwefan.",
    ),
    accept_additional: Cow::Borrowed("Derbyn cwcis ychwanegol"),
    reject_additional: Cow::Borrowed("Gwrthod cwcis ychwanegol"),
    customise: Cow::Borrowed("Addasu cwcis"),
    policy_link: Cow::Borrowed("Darllen ein polisi cwcis"),
    saved: Cow::Borrowed(
        "Mae eich dewisiadau cwcis wedi cael eu cadw. Gallwch ddiweddaru eich gosodiadau \
        cwcis ar unrhyw adeg ar y dudalen cwcis.",
    ),
    hide_message: Cow::Borrowed("Cuddio’r neges hon"),
    technical_problem: Cow::Borrowed(
        "Mae’n ddrwg gennym, roedd problem dechnegol. Rhowch gynnig arall arni.",
    ),
    prefs_title: Cow::Borrowed("Dewisiadau cwcis"),
    prefs_intro: Cow::Borrowed(
        "Dewiswch pa gwcis y cawn eu defnyddio. Gallwch newid eich dewis ar unrhyw adeg.",
    ),
    save_preferences: Cow::Borrowed("Cadw dewisiadau"),
    accept_all: Cow::Borrowed("Derbyn y cyfan"),
    reject_all: Cow::Borrowed("Gwrthod y cyfan"),
    close: Cow::Borrowed("Cau"),
    on: Cow::Borrowed("Ymlaen"),
    off: Cow::Borrowed("I ffwrdd"),
    always_on: Cow::Borrowed("Bob amser ymlaen"),
    evidence: Cow::Borrowed("ID caniatâd {id}, a roddwyd ar {date}"),
    blocked_content: Cow::Borrowed(
        "Mae’r cynnwys hwn wedi’i guddio nes i chi dderbyn cwcis o’r math hwn: {category}.",
    ),
    cookie_settings: Cow::Borrowed("Gosodiadau cwcis"),
    settings_use: Cow::Borrowed("Defnyddio {category}"),
    settings_do_not_use: Cow::Borrowed("Peidio â defnyddio {category}"),
    settings_save: Cow::Borrowed("Cadw gosodiadau cwcis"),
    settings_saved: Cow::Borrowed("Rydych wedi gosod eich dewisiadau cwcis."),
    table_name: Cow::Borrowed("Enw"),
    table_set_by: Cow::Borrowed("Wedi’i osod gan"),
    table_purpose: Cow::Borrowed("Diben"),
    table_expires: Cow::Borrowed("Yn dod i ben"),
    table_none: Cow::Borrowed("Nid ydym yn gosod unrhyw gwcis o’r math hwn."),
    set_by_site: Cow::Borrowed("Y wefan hon"),
    purpose_consent: Cow::Borrowed("Cofio eich dewisiadau cwcis"),
    purpose_ga: Cow::Borrowed("Gwahaniaethu rhwng ymwelwyr, er mwyn i ni allu cyfrif ymweliadau"),
    purpose_ga_session: Cow::Borrowed("Cadw golwg ar eich ymweliad presennol"),
    purpose_clck: Cow::Borrowed("Cadw’r un ID ymwelydd Clarity ar draws ymweliadau"),
    purpose_clsk: Cow::Borrowed("Cysylltu tudalennau un ymweliad yn un recordiad"),
    days: Cow::Borrowed("{n} diwrnod"),
    one_day: Cow::Borrowed("1 diwrnod"),
    one_year: Cow::Borrowed("1 flwyddyn"),
    two_years: Cow::Borrowed("2 flynedd"),
    browser_session: Cow::Borrowed("Nes i chi gau eich porwr (yn storfa’r sesiwn)"),
    categories: [
        (
            Cow::Borrowed("Cwcis hollol angenrheidiol"),
            Cow::Borrowed(
                "Mae’r cwcis hyn yn gwneud i’n gwefan weithio, er enghraifft drwy gofio eich \
             dewisiadau cwcis. Maen nhw bob amser ymlaen.",
            ),
        ),
        (
            Cow::Borrowed("Cwcis perfformiad"),
            Cow::Borrowed(
                "Mae’r cwcis hyn yn casglu gwybodaeth am sut mae ymwelwyr yn defnyddio ein \
             gwefan, er mwyn i ni allu ei gwella.",
            ),
        ),
        (
            Cow::Borrowed("Cwcis swyddogaethol"),
            Cow::Borrowed(
                "Mae’r cwcis hyn yn cofio eich dewisiadau, fel gosodiadau rydych yn eu dewis, i \
             roi profiad mwy personol i chi.",
            ),
        ),
        (
            Cow::Borrowed("Cwcis targedu a hysbysebu"),
            Cow::Borrowed(
                "Mae’r cwcis hyn yn cael eu gosod gan drydydd partïon i ddangos hysbysebion sy’n \
             berthnasol i chi ar wefannau eraill.",
            ),
        ),
    ],
};

impl Texts {
    pub fn for_lang(lang: Lang) -> Texts {
        match lang {
            Lang::En => EN,
            Lang::Cy => CY,
        }
    }

    pub fn banner_title_for(&self, site: &str) -> String {
        self.banner_title.replace("{site}", site)
    }

    /// (title, description) of a category.
    pub fn category(&self, category: Category) -> (&str, &str) {
        let index = Category::ALL
            .iter()
            .position(|c| *c == category)
            .unwrap_or(0);
        let (title, description) = &self.categories[index];
        (title, description)
    }

    /// Applies a site's overrides: `{"accept_additional": "…", "performance_title": "…"}`.
    /// Keys are the field names above, plus `<category>_title` / `<category>_description`.
    /// Unknown keys and non-string values are refused with a message; the rest apply.
    pub fn apply_overrides(&mut self, overrides: &Object) -> Vec<String> {
        let mut errors = Vec::new();
        for (key, value) in overrides.iter() {
            let Some(text) = json::as_str(value).map(str::trim).filter(|t| !t.is_empty()) else {
                errors.push(format!("texts.{key}: expected a non-empty string"));
                continue;
            };
            let text = Cow::Owned(text.to_owned());
            if let Some(slot) = self.category_slot(key) {
                *slot = text;
            } else if let Some(slot) = self.field_slot(key) {
                *slot = text;
            } else {
                errors.push(format!("texts.{key}: no such text"));
            }
        }
        errors
    }

    fn category_slot(&mut self, key: &str) -> Option<&mut Text> {
        let (id, part) = key.rsplit_once('_')?;
        let index = Category::ALL.iter().position(|c| c.id() == id)?;
        let (title, description) = &mut self.categories[index];
        match part {
            "title" => Some(title),
            "description" => Some(description),
            _ => None,
        }
    }

    fn field_slot(&mut self, key: &str) -> Option<&mut Text> {
        Some(match key {
            "banner_title" => &mut self.banner_title,
            "banner_essential" => &mut self.banner_essential,
            "banner_additional" => &mut self.banner_additional,
            "accept_additional" => &mut self.accept_additional,
            "reject_additional" => &mut self.reject_additional,
            "customise" => &mut self.customise,
            "policy_link" => &mut self.policy_link,
            "saved" => &mut self.saved,
            "hide_message" => &mut self.hide_message,
            "technical_problem" => &mut self.technical_problem,
            "prefs_title" => &mut self.prefs_title,
            "prefs_intro" => &mut self.prefs_intro,
            "save_preferences" => &mut self.save_preferences,
            "accept_all" => &mut self.accept_all,
            "reject_all" => &mut self.reject_all,
            "close" => &mut self.close,
            "on" => &mut self.on,
            "off" => &mut self.off,
            "always_on" => &mut self.always_on,
            "evidence" => &mut self.evidence,
            "blocked_content" => &mut self.blocked_content,
            "cookie_settings" => &mut self.cookie_settings,
            "settings_use" => &mut self.settings_use,
            "settings_do_not_use" => &mut self.settings_do_not_use,
            "settings_save" => &mut self.settings_save,
            "settings_saved" => &mut self.settings_saved,
            "table_name" => &mut self.table_name,
            "table_set_by" => &mut self.table_set_by,
            "table_purpose" => &mut self.table_purpose,
            "table_expires" => &mut self.table_expires,
            "table_none" => &mut self.table_none,
            "set_by_site" => &mut self.set_by_site,
            "purpose_consent" => &mut self.purpose_consent,
            "purpose_ga" => &mut self.purpose_ga,
            "purpose_ga_session" => &mut self.purpose_ga_session,
            "purpose_clck" => &mut self.purpose_clck,
            "purpose_clsk" => &mut self.purpose_clsk,
            "days" => &mut self.days,
            "one_day" => &mut self.one_day,
            "one_year" => &mut self.one_year,
            "two_years" => &mut self.two_years,
            "browser_session" => &mut self.browser_session,
            _ => return None,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let overrides = json::parse(
            r#"{
                "accept_additional": "Accept all cookies",
                "performance_title": "Analytics cookies",
                "targeting_description": "Adverts.",
                "necessary_colour": "red",
                "reject_additional": 3,
                "made_up": "x"
            }"#,
        );
        let Some(json::Value::Object(overrides)) = overrides else {
            panic!("an object");
        };
        let errors = t.apply_overrides(&overrides);
        assert_eq!(t.accept_additional, "Accept all cookies");
        assert_eq!(t.category(Category::Performance).0, "Analytics cookies");
        assert_eq!(t.category(Category::Targeting).1, "Adverts.");
        assert_eq!(
            t.reject_additional, "Reject additional cookies",
            "bad value ignored"
        );
        assert_eq!(errors.len(), 3, "{errors:?}");
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
