//! Every visible string, in English and Welsh. The UI reads text only from here.
//! Wording follows the reference banner in `../shared/docs/reference-texts.md` and the
//! accessible names fixed in the embed contract.

use crate::config::Lang;
use crate::consent::Category;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Texts {
    /// Region label and heading; `{site}` is replaced by the site name.
    pub banner_title: &'static str,
    pub banner_essential: &'static str,
    pub banner_additional: &'static str,
    pub accept_additional: &'static str,
    pub reject_additional: &'static str,
    pub customise: &'static str,
    pub policy_link: &'static str,
    pub saved: &'static str,
    pub hide_message: &'static str,
    pub technical_problem: &'static str,
    pub prefs_title: &'static str,
    pub prefs_intro: &'static str,
    pub save_preferences: &'static str,
    pub accept_all: &'static str,
    pub reject_all: &'static str,
    pub close: &'static str,
    pub on: &'static str,
    pub off: &'static str,
    pub always_on: &'static str,
    /// `{id}` and `{date}` are replaced.
    pub evidence: &'static str,
    /// Title and two-line description per category, in `Category::ALL` order.
    pub categories: [(&'static str, &'static str); 4],
}

const EN: Texts = Texts {
    banner_title: "Cookies on {site}",
    banner_essential: "We use some essential cookies to make our website work.",
    banner_additional: "We’d like to set additional cookies so we can remember your \
        preferences and understand how you use our site.",
    accept_additional: "Accept additional cookies",
    reject_additional: "Reject additional cookies",
    customise: "Customise cookies",
    policy_link: "Read our cookie policy",
    saved: "Your cookie preferences have been saved. You can update your cookie settings \
        at any time on the cookies page.",
    hide_message: "Hide this message",
    technical_problem: "Sorry, there was a technical problem. Please try again.",
    prefs_title: "Cookie preferences",
    prefs_intro: "Choose which cookies we may use. You can change your choice at any time.",
    save_preferences: "Save preferences",
    accept_all: "Accept all",
    reject_all: "Reject all",
    close: "Close",
    on: "On",
    off: "Off",
    always_on: "Always on",
    evidence: "Consent ID {id}, given on {date}",
    categories: [
        (
            "Strictly necessary cookies",
            "These cookies make our website work, for example by remembering your cookie \
             choices. They are always on.",
        ),
        (
            "Performance cookies",
            "These cookies collect information about how visitors use our website, so we \
             can improve it.",
        ),
        (
            "Functionality cookies",
            "These cookies remember your preferences, such as settings you choose, to give \
             you a more personal experience.",
        ),
        (
            "Targeting and advertising cookies",
            "These cookies are set by third parties to show you adverts that are relevant \
             to you on other websites.",
        ),
    ],
};

const CY: Texts = Texts {
    banner_title: "Cwcis ar {site}",
    banner_essential: "Rydym yn defnyddio rhai cwcis hanfodol i wneud i’n gwefan weithio.",
    banner_additional: "Hoffem osod cwcis ychwanegol er mwyn i ni allu cofio eich dewisiadau \
        a deall sut rydych yn defnyddio ein gwefan.",
    accept_additional: "Derbyn cwcis ychwanegol",
    reject_additional: "Gwrthod cwcis ychwanegol",
    customise: "Addasu cwcis",
    policy_link: "Darllen ein polisi cwcis",
    saved: "Mae eich dewisiadau cwcis wedi cael eu cadw. Gallwch ddiweddaru eich gosodiadau \
        cwcis ar unrhyw adeg ar y dudalen cwcis.",
    hide_message: "Cuddio’r neges hon",
    technical_problem: "Mae’n ddrwg gennym, roedd problem dechnegol. Rhowch gynnig arall arni.",
    prefs_title: "Dewisiadau cwcis",
    prefs_intro: "Dewiswch pa gwcis y cawn eu defnyddio. Gallwch newid eich dewis ar unrhyw adeg.",
    save_preferences: "Cadw dewisiadau",
    accept_all: "Derbyn y cyfan",
    reject_all: "Gwrthod y cyfan",
    close: "Cau",
    on: "Ymlaen",
    off: "I ffwrdd",
    always_on: "Bob amser ymlaen",
    evidence: "ID caniatâd {id}, a roddwyd ar {date}",
    categories: [
        (
            "Cwcis hollol angenrheidiol",
            "Mae’r cwcis hyn yn gwneud i’n gwefan weithio, er enghraifft drwy gofio eich \
             dewisiadau cwcis. Maen nhw bob amser ymlaen.",
        ),
        (
            "Cwcis perfformiad",
            "Mae’r cwcis hyn yn casglu gwybodaeth am sut mae ymwelwyr yn defnyddio ein \
             gwefan, er mwyn i ni allu ei gwella.",
        ),
        (
            "Cwcis swyddogaethol",
            "Mae’r cwcis hyn yn cofio eich dewisiadau, fel gosodiadau rydych yn eu dewis, i \
             roi profiad mwy personol i chi.",
        ),
        (
            "Cwcis targedu a hysbysebu",
            "Mae’r cwcis hyn yn cael eu gosod gan drydydd partïon i ddangos hysbysebion sy’n \
             berthnasol i chi ar wefannau eraill.",
        ),
    ],
};

impl Texts {
    pub fn for_lang(lang: Lang) -> &'static Texts {
        match lang {
            Lang::En => &EN,
            Lang::Cy => &CY,
        }
    }

    pub fn banner_title_for(&self, site: &str) -> String {
        self.banner_title.replace("{site}", site)
    }

    /// (title, description) of a category.
    pub fn category(&self, category: Category) -> (&'static str, &'static str) {
        let index = Category::ALL
            .iter()
            .position(|c| *c == category)
            .unwrap_or(0);
        self.categories[index]
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
            [t.save_preferences, t.accept_all, t.reject_all, t.close],
            ["Save preferences", "Accept all", "Reject all", "Close"]
        );
        assert_eq!(
            t.category(Category::Targeting).0,
            "Targeting and advertising cookies"
        );
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
