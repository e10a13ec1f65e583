//! Cookie categories (after the ICC UK Cookie Guide) and a visitor's choice among them.
//!
//! `Choices` can only grant what a visitor granted: it starts with nothing but
//! `necessary`, and `necessary` can never be switched off. `statistics` (PECR reg. 6,
//! Schedule A1 para 5) is the one category that runs until the visitor objects; a site
//! offers it only if it lists it (it is not in [`Category::DEFAULT_OFFERED`]), and which
//! categories run that way is the site's setting ([`Basis`]), never a stored grant.

use std::fmt;

/// A cookie category. The ids (`necessary`, `performance`, …) are public: sites and
/// stored records use them, so they never change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Necessary,
    Performance,
    Functionality,
    Targeting,
    /// Aggregate statistics under PECR Schedule A1 para 5: on until the visitor objects.
    Statistics,
}

impl Category {
    /// Every category, in the order the banner lists them.
    pub const ALL: [Category; 5] = [
        Category::Necessary,
        Category::Performance,
        Category::Functionality,
        Category::Targeting,
        Category::Statistics,
    ];
    /// The categories a visitor may switch on or off.
    pub const OPTIONAL: [Category; 4] = [
        Category::Performance,
        Category::Functionality,
        Category::Targeting,
        Category::Statistics,
    ];
    /// The categories that need the visitor's consent unless a site says otherwise:
    /// what a stored record's `off` field is counted against.
    pub const ASKED_BY_DEFAULT: [Category; 3] = [
        Category::Performance,
        Category::Functionality,
        Category::Targeting,
    ];
    /// What a site offers when it does not say (`data-categories` unset): every
    /// category but `statistics`, which a site must choose to use.
    pub const DEFAULT_OFFERED: [Category; 4] = [
        Category::Necessary,
        Category::Performance,
        Category::Functionality,
        Category::Targeting,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Category::Necessary => "necessary",
            Category::Performance => "performance",
            Category::Functionality => "functionality",
            Category::Targeting => "targeting",
            Category::Statistics => "statistics",
        }
    }

    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id)
    }

    fn bit(self) -> u8 {
        match self {
            Category::Necessary => 0,
            Category::Performance => 1,
            Category::Functionality => 2,
            Category::Targeting => 4,
            Category::Statistics => 8,
        }
    }

    /// Whether a site may run this category until the visitor objects rather than
    /// after consent: `statistics` always (para 5), `functionality` if the site says
    /// it only adapts appearance and preferences (para 6). Never the others.
    pub fn may_be_opt_out(self) -> bool {
        matches!(self, Category::Statistics | Category::Functionality)
    }
}

/// The legal basis a category's storage and access rests on (PECR reg. 6 as amended by
/// the Data (Use and Access) Act 2025), shown in the cookie declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// Schedule A1 para 4: strictly necessary for the service the visitor asked for.
    StrictlyNecessary,
    /// Schedule A1 para 5: statistical purposes, until the visitor objects.
    Statistics,
    /// Schedule A1 para 6: appearance or functionality, until the visitor objects.
    Appearance,
    /// Regulation 6(1): the visitor's consent.
    Consent,
}

impl Basis {
    /// The basis of `category` on a site whose opt-out categories are `opt_out`.
    pub fn of(category: Category, opt_out: &[Category]) -> Basis {
        match category {
            Category::Necessary => Basis::StrictlyNecessary,
            Category::Statistics => Basis::Statistics,
            Category::Functionality if opt_out.contains(&category) => Basis::Appearance,
            _ => Basis::Consent,
        }
    }

    /// Whether this basis lets the category run until the visitor objects.
    pub fn until_objection(self) -> bool {
        matches!(self, Basis::Statistics | Basis::Appearance)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Which optional categories a visitor granted. `Default` grants nothing but `necessary`:
/// there is no consent by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Choices {
    granted: u8,
}

impl Choices {
    /// Only strictly necessary cookies.
    pub fn none() -> Choices {
        Choices::default()
    }

    /// Every category in `categories` granted.
    pub fn all_of(categories: &[Category]) -> Choices {
        categories
            .iter()
            .fold(Choices::none(), |acc, c| acc.with(*c, true))
    }

    /// A copy with `category` switched on or off. `necessary` stays on whatever is asked.
    #[must_use]
    pub fn with(self, category: Category, on: bool) -> Choices {
        let granted = if on {
            self.granted | category.bit()
        } else {
            self.granted & !category.bit()
        };
        Choices { granted }
    }

    pub fn allows(&self, category: Category) -> bool {
        category == Category::Necessary || self.granted & category.bit() != 0
    }

    /// The optional categories granted, in list order.
    pub fn granted(&self) -> Vec<Category> {
        Category::OPTIONAL
            .into_iter()
            .filter(|c| self.allows(*c))
            .collect()
    }

    /// A copy that grants only categories the site still offers: a stored grant for a
    /// category the site has since removed must not come back to life.
    #[must_use]
    pub fn restricted_to(self, offered: &[Category]) -> Choices {
        Category::OPTIONAL
            .into_iter()
            .filter(|c| self.allows(*c) && offered.contains(c))
            .fold(Choices::none(), |acc, c| acc.with(c, true))
    }

    /// The optional categories whose state differs between `self` and `before`.
    pub fn changed_from(&self, before: &Choices) -> Vec<Category> {
        Category::OPTIONAL
            .into_iter()
            .filter(|c| self.allows(*c) != before.allows(*c))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_necessary_is_granted_by_default() {
        let c = Choices::default();
        assert!(c.allows(Category::Necessary));
        for cat in Category::OPTIONAL {
            assert!(!c.allows(cat), "{cat} must start off");
        }
        assert!(c.granted().is_empty());
    }

    #[test]
    fn necessary_cannot_be_switched_off() {
        let c = Choices::all_of(&Category::ALL).with(Category::Necessary, false);
        assert!(c.allows(Category::Necessary));
    }

    #[test]
    fn ids_round_trip_and_unknown_ids_are_refused() {
        for c in Category::ALL {
            assert_eq!(Category::from_id(c.id()), Some(c));
        }
        assert_eq!(Category::from_id("marketing"), None);
        assert_eq!(Category::from_id("Performance"), None);
    }

    #[test]
    fn restricting_drops_categories_the_site_no_longer_offers() {
        let c = Choices::all_of(&Category::OPTIONAL)
            .restricted_to(&[Category::Necessary, Category::Performance]);
        assert_eq!(c.granted(), vec![Category::Performance]);
    }

    #[test]
    fn changed_lists_only_flipped_categories() {
        let before = Choices::none().with(Category::Performance, true);
        let after = Choices::none().with(Category::Targeting, true);
        assert_eq!(
            after.changed_from(&before),
            vec![Category::Performance, Category::Targeting]
        );
        assert!(after.changed_from(&after).is_empty());
    }
}
