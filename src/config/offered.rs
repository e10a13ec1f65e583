//! Which categories the banner offers when the site does not list them
//! (`data-categories` absent): only those the page uses, so a site that runs GA4 and
//! Clarity asks about performance cookies and nothing it never sets. A category is in
//! use when it governs a configured service (GA4, Clarity, Tag Manager, by their
//! `data-*-category`), gated content in the page at start (`data-pcc-consent="…"`,
//! given in [`super::PageFacts`]) or a cookie the config block declares. When nothing
//! qualifies (a site that only asks through the JS API, say) every category is offered,
//! as before. `statistics` is never inferred: it runs until objection, so a site offers
//! it only by listing it. Pure: the embed reads the page.

use super::{Config, OfferedBy};
use crate::consent::Category;

impl Config {
    /// `necessary` and the optional categories in use, in list order; `None` when no
    /// optional category is in use. `gated`: the `data-pcc-consent` values found in the
    /// page (unknown names and `necessary` count for nothing).
    pub fn used_categories(&self, gated: &[String]) -> Option<Vec<Category>> {
        let used: Vec<Category> = Category::ASKED_BY_DEFAULT
            .into_iter()
            .filter(|c| {
                self.built_ins().any(|(_, s)| s.category == *c)
                    || gated.iter().any(|g| g.trim() == c.id())
            })
            .collect();
        (!used.is_empty()).then(|| [Category::Necessary].into_iter().chain(used).collect())
    }

    /// After the config block: the categories of the cookies it declares are in use too
    /// (unless `data-categories` said which are offered).
    pub(super) fn offer_declared_cookies(&mut self) {
        if self.offered_by == OfferedBy::Attribute {
            return;
        }
        let declared = |c: &Category| {
            self.site_cookies.iter().any(|s| s.category == *c)
                || self.declared_services.iter().any(|s| s.category == *c)
        };
        let used: Vec<Category> = Category::ASKED_BY_DEFAULT
            .into_iter()
            .filter(|c| declared(c) || (self.offered_by == OfferedBy::InUse && self.offers(*c)))
            .collect();
        if !used.is_empty() {
            self.categories = [Category::Necessary].into_iter().chain(used).collect();
            self.offered_by = OfferedBy::InUse;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, PageFacts};
    use crate::consent::Category::{self, *};

    fn offered(attrs: &[(&str, &str)], gated: &[&str]) -> Vec<Category> {
        let page = PageFacts {
            host: "www.example.police.uk".into(),
            gated_categories: gated.iter().map(|g| g.to_string()).collect(),
            ..PageFacts::default()
        };
        Config::from_attributes(attrs.iter().copied(), &page)
            .0
            .categories
    }

    #[test]
    fn ga_and_clarity_alone_offer_only_performance() {
        let attrs = [
            ("data-ga-id", "G-ABC123"),
            ("data-clarity-id", "abcdefghij"),
        ];
        assert_eq!(offered(&attrs, &[]), [Necessary, Performance]);
    }

    #[test]
    fn gated_content_in_the_page_adds_its_category() {
        let attrs = [
            ("data-ga-id", "G-ABC123"),
            ("data-clarity-id", "abcdefghij"),
        ];
        assert_eq!(
            offered(&attrs, &["targeting"]),
            [Necessary, Performance, Targeting]
        );
        assert_eq!(offered(&[], &["functionality"]), [Necessary, Functionality]);
    }

    #[test]
    fn each_service_counts_under_its_own_category() {
        let attrs = [
            ("data-gtm-id", "GTM-ABC1234"),
            ("data-gtm-category", "targeting"),
            ("data-clarity-id", "abcdefghij"),
            ("data-clarity-category", "functionality"),
        ];
        assert_eq!(offered(&attrs, &[]), [Necessary, Functionality, Targeting]);
    }

    #[test]
    fn cookies_the_config_block_declares_are_in_use_too() {
        let page = PageFacts::default();
        let block = r#"{"cookies": [{"name": "lang", "category": "functionality", "purpose": "Language", "expires": "1 year"}]}"#;
        let (mut c, _) = Config::from_attributes([("data-ga-id", "G-ABC123")], &page);
        assert!(c.apply_json_block(block).is_empty());
        assert_eq!(c.categories, [Necessary, Performance, Functionality]);
        let (mut nothing_else, _) = Config::from_attributes([], &page);
        nothing_else.apply_json_block(block);
        assert_eq!(nothing_else.categories, [Necessary, Functionality]);
        let (mut listed, _) = Config::from_attributes([("data-categories", "targeting")], &page);
        listed.apply_json_block(block);
        assert_eq!(
            listed.categories,
            [Necessary, Targeting],
            "data-categories wins"
        );
    }

    #[test]
    fn statistics_in_the_page_is_never_inferred_it_must_be_listed() {
        assert_eq!(offered(&[], &["statistics"]), Category::DEFAULT_OFFERED);
        assert_eq!(
            offered(&[("data-ga-id", "G-ABC123")], &["statistics"]),
            [Necessary, Performance]
        );
    }

    #[test]
    fn nothing_in_use_offers_every_category_as_before() {
        assert_eq!(offered(&[], &[]), Category::DEFAULT_OFFERED);
        // Unknown names, `necessary` and refused services count for nothing.
        assert_eq!(
            offered(&[("data-ga-id", "UA-1")], &["marketing", "necessary", " "]),
            Category::DEFAULT_OFFERED
        );
    }

    #[test]
    fn data_categories_given_wins_over_what_is_used() {
        let attrs = [
            ("data-ga-id", "G-ABC123"),
            ("data-categories", "performance,functionality"),
        ];
        assert_eq!(
            offered(&attrs, &["targeting"]),
            [Necessary, Performance, Functionality]
        );
        // A refused list is reported and the categories in use are offered.
        let bad = [("data-ga-id", "G-ABC123"), ("data-categories", "marketing")];
        assert_eq!(offered(&bad, &[]), [Necessary, Performance]);
    }
}
