// Quick exit, step 2: place the button. Owns "Leave this site" (its shadow root, its
// looks, its hint and Shift count status) and keeps the one on the page first in the
// body, in the top layer, and clear of focus. Must never move focus, take focus on
// appearing, or shift the page's layout.

import { EXIT_ATTR, raise } from "./leave.js";

export const EXIT_ID = "pcc-consent-exit";
/** Room between the exit (with its hint) and a focused element scrolled clear of it. */
const CLEARANCE = 8;

// The host is the popover: fixed at the top right, in the top layer once shown, and
// displayed even before (or without) the popover API. Like the banner's stylesheet,
// :host resets everything the page could pass down (font size, line height, letter
// spacing...), sizes are px (never rem: that is the page's root size), and long words
// wrap rather than widen the page. Short viewports (400% zoom of a desktop is 320x256)
// get a compact exit: the hint is not shown, but is still the button's description.
// One rule a line, written compactly: esbuild joins the strings but does not minify CSS
// inside JS, and this travels in the tag's file (−150 B gzip against spaced-out CSS).
// The hint stays the button's description when hidden (aria-describedby reads hidden
// text); print: only a rule inside the shadow root beats the host's all: initial.
export const CSS =
  ":host{all:initial!important;display:block!important;position:fixed!important;" +
  "top:0!important;right:0!important;bottom:auto!important;left:auto!important;" +
  "z-index:2147483646!important;margin:0!important;padding:0!important;" +
  "border:0!important;background:transparent!important;overflow:visible!important;" +
  "width:auto!important;height:auto!important;max-width:100vw!important}" +
  ":host([data-side=start]){right:auto!important;left:0!important}" +
  ":host([data-side=start]) .exit{align-items:flex-start}" +
  ".exit{display:flex;flex-direction:column;align-items:flex-end;gap:4px;padding:8px;" +
  "box-sizing:border-box;max-width:100vw;overflow-wrap:anywhere;" +
  "font-family:var(--pcc-consent-font,Arial,Helvetica,sans-serif);font-size:16px}" +
  ".button{min-height:44px;min-width:44px;padding:10px 16px;border:2px solid #ffffff;" +
  "border-radius:var(--pcc-consent-radius,0);background:var(--pcc-consent-exit-bg,#d4351c);" +
  "color:#ffffff;font:inherit;font-size:18px;font-weight:700;cursor:pointer;" +
  "box-shadow:0 2px 0 #55150b;touch-action:manipulation}" +
  ".button:focus-visible{outline:3px solid #ffdd00;outline-offset:0;box-shadow:0 0 0 6px #0b0c0c}" +
  ".hint{max-width:22em;margin:0;padding:2px 6px;background:#ffffff;color:#0b0c0c;" +
  "font-size:14px;text-align:right}" +
  ".status{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}" +
  "@media (max-height:480px){.exit{padding:4px}" +
  ".button{min-height:40px;padding:6px 12px;font-size:16px}.hint{display:none}}" +
  "@media (forced-colors:active){.button{border-color:ButtonText}}" +
  "@media print{:host{display:none!important}}";

/**
 * A "Leave this site" button in its own shadow root; the host is a manual popover.
 * `status` is where the Shift count is announced (the caller keeps it).
 */
export function exitButton(doc, { texts, hint, onLeave }) {
  const host = doc.createElement("div");
  host.setAttribute(EXIT_ATTR, "");
  host.setAttribute("data-nosnippet", "");
  host.setAttribute("popover", "manual");
  // Our language and direction, whatever the page's (an Urdu, right-to-left page).
  host.setAttribute("lang", texts.lang || "en");
  host.setAttribute("dir", "ltr");
  // delegatesFocus: focusing the host (the dialog's Tab loop does) focuses the button.
  const root = host.attachShadow({ mode: "open", delegatesFocus: true });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch (_) {
    // Very old browsers: the button still works, unstyled.
  }
  const box = doc.createElement("div");
  box.className = "exit";
  const button = doc.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = texts.button;
  button.addEventListener("click", (event) => {
    // The page's own click handlers never see it.
    event.stopImmediatePropagation();
    onLeave();
  });
  const p = doc.createElement("p");
  p.className = "hint";
  p.id = "hint";
  p.textContent = hint;
  button.setAttribute("aria-describedby", "hint");
  const status = doc.createElement("div");
  status.className = "status";
  status.setAttribute("role", "status");
  box.append(button, p, status);
  root.append(box);
  host.status = status;
  return host;
}

/**
 * Puts `host` first in the body (the first thing Tab reaches), and keeps it there, once,
 * when the page swaps or empties its body (Turbo, htmx): a stale copy in a restored
 * snapshot is removed. Publishes how far down it reaches (--pcc-consent-exit-height, for
 * the banner and dialog) and keeps focused page elements clear of it (WCAG 2.4.11): top
 * scroll padding, as GOV.UK's exit this page has, and a scroll for elements Chromium
 * leaves partly covered.
 */
export function placeButton(win, host) {
  const doc = win.document;
  const html = doc.documentElement;
  const place = () => {
    const body = doc.body;
    if (!body) return;
    for (const stale of doc.querySelectorAll(`#${EXIT_ID}`)) if (stale !== host) stale.remove();
    if (host.parentNode !== body) body.prepend(host);
    if (!host.matches(":popover-open")) raise(host);
  };
  host.id = EXIT_ID;
  place();
  let observedBody = doc.body;
  try {
    const watch = new MutationObserver(() => {
      if (doc.body !== observedBody) {
        observedBody = doc.body;
        if (observedBody) watch.observe(observedBody, { childList: true });
      }
      if (host.parentNode !== doc.body || doc.querySelectorAll(`#${EXIT_ID}`).length > 1) place();
    });
    watch.observe(html, { childList: true });
    if (observedBody) watch.observe(observedBody, { childList: true });
  } catch (_) {}

  let reach = 0;
  const measure = () => {
    reach = Math.ceil(host.getBoundingClientRect().bottom);
    html.style.setProperty("--pcc-consent-exit-height", `${reach}px`);
    html.style.setProperty("scroll-padding-top", `${reach + CLEARANCE}px`);
  };
  try {
    new ResizeObserver(measure).observe(host);
  } catch (_) {}

  // Chromium does not scroll an element that is already partly visible: once it has
  // scrolled (after focusin), scroll any keyboard-focused element the exit covers clear
  // of it. Where the page cannot scroll that far (the top of the page), the exit moves
  // to the other side while that element has focus. A mouse press is left alone, or the
  // target would move away before the click lands.
  const covers = (target) => {
    const exit = host.shadowRoot.querySelector(".exit").getBoundingClientRect();
    const r = target.getBoundingClientRect();
    const overlaps = r.top < exit.bottom && r.bottom > exit.top && r.left < exit.right && r.right > exit.left;
    return overlaps ? r.top - exit.bottom - CLEARANCE : 0;
  };
  win.addEventListener("focusin", (event) => {
    const target = event.target;
    host.removeAttribute("data-side");
    if (!target || !target.getBoundingClientRect || target === host || target.hasAttribute(EXIT_ATTR)) return;
    if (target.id === "pcc-consent" || !host.isConnected) return;
    let keyboard = true;
    try {
      keyboard = target.matches(":focus-visible");
    } catch (_) {}
    if (!keyboard || getComputedStyle(target).position === "fixed") return;
    win.requestAnimationFrame(() => {
      if (doc.activeElement !== target) return;
      const by = covers(target);
      if (!by) return;
      win.scrollBy(0, by);
      if (covers(target)) host.setAttribute("data-side", "start");
      if (covers(target)) host.removeAttribute("data-side");
    });
  }, true);
  return { measure };
}
