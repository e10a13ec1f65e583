//! Every visible string, in English and Welsh. The UI reads text only from here.
//! Wording follows the reference banner in `../shared/docs/reference-texts.md` and the
//! accessible names fixed in the embed contract.

use crate::config::Lang;

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
    }
}
