//! The cookie banner, the "preferences saved" message that replaces it, the optional
//! floating "Cookie settings" button, and the preferences dialog: everything
//! `<div id="pcc-consent">` shows.
//!
//! Shown while there is no valid consent. Accept and Reject are the same size and style:
//! rejecting is as easy as accepting. After a choice, focus moves to the saved message
//! (`role="alert"`, as GOV.UK does) until the visitor hides it.

use super::dom::{button, el, Listeners};
use super::focus_clearance::FocusClearance;
use super::preferences::PreferencesDialog;
use super::ui_state::UiState;
use crate::consent_state::ConsentState;
use crate::watchers::WatchId;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{Element, HtmlElement, Node};

/// The mounted banner. It redraws itself when the consent or the UI state changes;
/// dropping it removes it from the page and stops every listener it added.
pub struct ConsentBanner {
    view: Rc<BannerView>,
    watching: (WatchId, WatchId),
}

struct BannerView {
    state: ConsentState,
    ui: UiState,
    /// Where the pieces go, in this order.
    root: Element,
    banner: RefCell<Option<Piece>>,
    saved: RefCell<Option<Piece>>,
    floating: RefCell<Option<Piece>>,
    /// Built the first time it opens: most visitors never open it, and the banner shows
    /// sooner without it.
    dialog: RefCell<Option<PreferencesDialog>>,
}

/// One fixed piece on the page, with what it owns; dropping it takes it away.
struct Piece {
    element: HtmlElement,
    /// The saved message's text (save failed or not).
    message: Option<HtmlElement>,
    clearance: Option<FocusClearance>,
    _listeners: Listeners,
}

impl Drop for Piece {
    fn drop(&mut self) {
        self.element.remove();
    }
}

impl ConsentBanner {
    /// Mounts the banner's pieces at the end of `root` and shows what the consent state
    /// calls for.
    pub fn mount(root: &Element, state: &ConsentState, ui: &UiState) -> ConsentBanner {
        let view = Rc::new(BannerView {
            state: state.clone(),
            ui: ui.clone(),
            root: root.clone(),
            banner: RefCell::new(None),
            saved: RefCell::new(None),
            floating: RefCell::new(None),
            dialog: RefCell::new(None),
        });
        let redraw = |view: &Rc<BannerView>| {
            let weak = Rc::downgrade(view);
            move || {
                if let Some(view) = weak.upgrade() {
                    view.update();
                }
            }
        };
        let watching = (state.watch(redraw(&view)), ui.watch(redraw(&view)));
        view.update();
        ConsentBanner { view, watching }
    }
}

impl Drop for ConsentBanner {
    fn drop(&mut self) {
        self.view.state.unwatch(self.watching.0);
        self.view.ui.unwatch(self.watching.1);
        for piece in [&self.view.banner, &self.view.saved, &self.view.floating] {
            piece.borrow_mut().take();
        }
        if let Some(dialog) = self.view.dialog.borrow_mut().take() {
            dialog.dialog.remove();
        }
    }
}

impl BannerView {
    fn update(&self) {
        let asking = self.state.must_ask();
        if asking {
            // Never the saved message and the banner together (after `reset()`).
            self.ui.forget_saved_notice();
        }
        let saved = self.ui.saved_notice();
        let floating = self.state.config().settings_button && !asking && !saved;
        // Take pieces away before adding others: each restores the page's scroll padding.
        for (slot, wanted) in [
            (&self.banner, asking),
            (&self.saved, saved),
            (&self.floating, floating),
        ] {
            if !wanted {
                slot.borrow_mut().take();
            }
        }
        let mut focus = None;
        if asking && self.banner.borrow().is_none() {
            self.place(&self.banner, self.build_banner());
        }
        if saved && self.saved.borrow().is_none() {
            self.place(&self.saved, self.build_saved());
            if self.ui.focus_notice() {
                focus = self.saved.borrow().as_ref().and_then(|p| p.message.clone());
            }
        }
        if let Some(piece) = self.saved.borrow().as_ref() {
            let texts = self.state.texts();
            let text = if self.state.save_failed() {
                &texts.technical_problem
            } else {
                &texts.saved
            };
            if let Some(p) = piece.message.as_ref().and_then(|m| m.first_element_child()) {
                p.set_text_content(Some(text));
            }
        }
        if floating && self.floating.borrow().is_none() {
            self.place(&self.floating, self.build_floating());
        }
        if self.ui.prefs_open() && self.dialog.borrow().is_none() {
            let dialog = PreferencesDialog::build(&self.state, &self.ui);
            let _ = self.root.append_child(&dialog.dialog);
            *self.dialog.borrow_mut() = Some(dialog);
        }
        if let Some(dialog) = self.dialog.borrow().as_ref() {
            dialog.update();
        }
        // Last, and with nothing borrowed: focusing runs the page's focus listeners.
        if let Some(message) = focus {
            let _ = message.focus();
        }
    }

    /// Puts `piece` in its slot, before the pieces that follow it (the dialog last).
    fn place(&self, slot: &RefCell<Option<Piece>>, mut piece: Piece) {
        let slots = [&self.banner, &self.saved, &self.floating];
        let index = slots
            .iter()
            .position(|s| std::ptr::eq(*s, slot))
            .unwrap_or(0);
        let next: Option<Node> = slots[index + 1..]
            .iter()
            .find_map(|s| s.borrow().as_ref().map(|p| p.element.clone().into()))
            .or_else(|| {
                let dialog = self.dialog.borrow();
                dialog.as_ref().map(|d| d.dialog.clone().into())
            });
        let _ = self.root.insert_before(&piece.element, next.as_ref());
        // Measured once it is in the page.
        piece.clearance = FocusClearance::start(&piece.element);
        *slot.borrow_mut() = Some(piece);
    }

    fn build_banner(&self) -> Piece {
        let texts = self.state.texts();
        let config = self.state.config();
        let title = texts.banner_title_for(&config.site_name);
        let mut listeners = Listeners::default();
        let accept = button(&texts.accept_additional, false);
        let reject = button(&texts.reject_additional, false);
        let customise = button(&texts.customise, true);
        for (target, accepting) in [(&accept, true), (&reject, false)] {
            let (state, ui) = (self.state.clone(), self.ui.clone());
            listeners.on(target, "click", move |_| {
                // A choice made here shows the saved message and moves focus to it; one
                // made through the JS API shows nothing.
                ui.will_show_saved_notice();
                if accepting {
                    state.accept_all();
                } else {
                    state.reject_all();
                }
            });
        }
        self.opens_preferences(&mut listeners, &customise);
        let mut inner = el("div")
            .class("pcc-consent-inner")
            .child(el("h2").class("pcc-consent-heading").text(&title))
            .child(
                el("p")
                    .class("pcc-consent-text")
                    .text(&texts.banner_essential),
            )
            .child(
                el("p")
                    .class("pcc-consent-text")
                    .text(&texts.banner_additional),
            );
        if let Some(href) = &config.policy_url {
            inner = inner.child(
                el("p").class("pcc-consent-policy").child(
                    el("a")
                        .class("pcc-consent-link")
                        .attr("href", href)
                        .text(&texts.policy_link),
                ),
            );
        }
        let inner = inner.child(
            el("div")
                .class("pcc-consent-actions")
                .child(&accept)
                .child(&reject)
                .child(&customise),
        );
        Piece {
            element: fixed_bottom(&title, "").child(inner).get(),
            message: None,
            clearance: None,
            _listeners: listeners,
        }
    }

    fn build_saved(&self) -> Piece {
        let texts = self.state.texts();
        let title = texts.banner_title_for(&self.state.config().site_name);
        let mut listeners = Listeners::default();
        let hide = button(&texts.hide_message, false);
        let ui = self.ui.clone();
        listeners.on(&hide, "click", move |_| ui.hide_saved_notice());
        let message = el("div")
            .attr("role", "alert")
            .attr("tabindex", "-1")
            .class("pcc-consent-message")
            .child(el("p").class("pcc-consent-text"))
            .get();
        let element = fixed_bottom(&title, " pcc-consent-saved")
            .child(
                el("div")
                    .class("pcc-consent-inner")
                    .child(&message)
                    .child(el("div").class("pcc-consent-actions").child(&hide)),
            )
            .get();
        Piece {
            element,
            message: Some(message),
            clearance: None,
            _listeners: listeners,
        }
    }

    /// The optional floating "Cookie settings" button (`data-settings-button`).
    fn build_floating(&self) -> Piece {
        let mut listeners = Listeners::default();
        let open = button(&self.state.texts().cookie_settings, true);
        self.opens_preferences(&mut listeners, &open);
        Piece {
            element: el("div").class("pcc-consent-floating").child(&open).get(),
            message: None,
            clearance: None,
            _listeners: listeners,
        }
    }

    fn opens_preferences(&self, listeners: &mut Listeners, opener: &HtmlElement) {
        let (ui, opener_el) = (self.ui.clone(), opener.clone());
        listeners.on(opener, "click", move |_| {
            ui.open_preferences(Some(opener_el.clone()))
        });
    }
}

/// A labelled region fixed to the bottom of the viewport.
fn fixed_bottom(label: &str, extra_class: &str) -> super::dom::El {
    el("div")
        .class(&format!("pcc-consent-banner{extra_class}"))
        .attr("role", "region")
        .attr("aria-label", label)
        .attr("data-nosnippet", "")
}
