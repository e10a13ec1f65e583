// The banner's first view, painted by the loader before the WebAssembly exists (issue 33).
// It owns the painted copy of the banner: deciding whether it may paint, building it
// from the templates Leptos rendered at build time (src/ui/banner_view.rs, through
// tools/first-view and scripts/first-view.mjs), holding the visitor's first click, and
// handing the banner over to the WebAssembly (src/ui/shadow_host.rs removes the painted
// host in the same task as it mounts its own banner; this file, in that same task,
// moves focus there and replays the held click on the WebAssembly's own button).
//
// It must never decide or store anything itself (where the module cannot load, or the
// visitor leaves before it has, a held Accept or Reject goes to fallback.js, which
// records it; the saved message is then shown from the templates too), never paint where the WebAssembly
// might not show the banner or might show another one (a stored value of any kind, a
// config block, settings it does not fully recognise, an opt-out line, the privacy
// signal), and never put a site's value into markup: texts go in with textContent and
// attributes with setAttribute.

import { CSS, TEMPLATES, SAVED } from "pcc-consent-first-view";
import { tagSettings } from "./returning/settings.js";
import { langOf as primaryLang } from "./quick_exit/settings.js";
import { cookiePairs } from "./returning/record.js";
import { NEEDS_WASM } from "./returning/index.js";
import { watchUngatedVendors } from "../gate/ungated_vendors.js";
import { decideWithoutModule } from "./fallback.js";

const HOST_ID = "pcc-consent";
// Marks the painted host, so the WebAssembly takes it over instead of refusing to start.
const PAINTED = "data-pcc-consent-first-view";
const EXIT_ID = "pcc-consent-exit";
const ACTIONS = ["accept_all", "reject_all", "customise"];

// The painted banner while it waits for the WebAssembly: { tag, host, shadow, banner, buttons, queued }.
let painted = null;
// The module's boot has begun (handOver): from then on nothing is painted, as nothing
// would hand a click on it over (the loader paints in a frame, which may come later).
let handing = false;

/** `raw` trimmed as Rust's str::trim would, or null where JS and Rust could disagree. */
function trimmed(raw) {
  const value = raw.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "");
  return /^[\s\u0085]|[\s\u0085]$/.test(value) ? null : value;
}

/**
 * data-policy-url's link as the config reads it (src/config/validate.rs `page_url`):
 * "" for none, the href, or null where the config would refuse it (it then reports it,
 * and the WebAssembly draws the banner).
 */
function policyHref(raw) {
  if (raw === null) return "";
  const value = trimmed(raw);
  // eslint-disable-next-line no-control-regex
  if (!value || /[\u0000-\u001f\u007f-\u009f]/.test(value) || /^[/\\]{2}/.test(value)) return null;
  const colon = value.indexOf(":");
  const path = value.search(/[/?#]/);
  const hasScheme = colon >= 0 && (path < 0 || colon < path);
  if (!hasScheme) return value;
  const host = /^https?:\/\/([^/?#]*)/i.exec(value);
  return host && host[1] && !/[ ]/.test(value) ? value : null;
}

/** "en" / "cy" as the config decides it (Lang::from_tag), or null for a data-lang it refuses. */
function langOf(tag) {
  // The primary subtag, as the quick exit reads it (quick_exit/settings.js).
  const own = tag && tag.getAttribute("data-lang");
  if (own !== null && own !== undefined) return primaryLang(own);
  return primaryLang(document.documentElement.getAttribute("lang")) || "en";
}

/** Whether any value the Rust core reads as a stored choice exists (good or bad: it decides). */
function anythingStored(name) {
  const names = [name, `__Host-${name}`];
  if (cookiePairs(document.cookie).some(([n]) => names.includes(n))) return true;
  return window.localStorage.getItem(name) !== null || window.sessionStorage.getItem(name) !== null;
}

/** What the painted banner needs from the tag, or null: let the WebAssembly draw it. */
function firstViewSettings(tag) {
  if (handing || document.getElementById(HOST_ID) || !document.body || document.querySelector(NEEDS_WASM)) return null;
  if (navigator.globalPrivacyControl === true) return null;
  const facts = tagSettings(tag);
  // Statistics runs until objection: its banner has an opt-out line the templates lack.
  if (!facts || facts.offered.includes("statistics")) return null;
  if (anythingStored(facts.cookieName)) return null;
  const lang = langOf(tag);
  const href = policyHref(tag ? tag.getAttribute("data-policy-url") : null);
  const rawSite = tag ? tag.getAttribute("data-site-name") : null;
  const site = rawSite === null ? "" : trimmed(rawSite);
  if (!lang || href === null || site === null) return null;
  return { lang, href, site: site || location.hostname, name: facts.cookieName };
}

/**
 * An element from a template node ([tag, [name, value, ...], ...children]), slots filled;
 * a child whose tag is "?p" (the policy paragraph) only where `policy`.
 */
function build(node, fill, policy) {
  if (typeof node === "string") return document.createTextNode(fill(node));
  const [name, attrs, ...children] = node;
  const el = document.createElement(name.replace("?", ""));
  for (let i = 0; i < attrs.length; i += 2) el.setAttribute(attrs[i], fill(attrs[i + 1]));
  for (const child of children) {
    if (policy || typeof child === "string" || child[0][0] !== "?") el.append(build(child, fill, policy));
  }
  return el;
}

/**
 * While the painted banner shows, the page's `scroll-padding-bottom` is its height, so
 * keyboard focus is scrolled clear of it (WCAG 2.2, 2.4.11), as the WebAssembly's
 * banner does (src/ui/focus_clearance.rs). The page's own value is kept on the host
 * (`data-pcc-consent-padding`): the WebAssembly restores that one when its banner goes,
 * not ours. Returns the function that restores it (the banner gone without takeover).
 */
function keepFocusClear(host, banner) {
  const style = document.documentElement.style;
  const previous = style.getPropertyValue("scroll-padding-bottom");
  host.setAttribute("data-pcc-consent-padding", previous);
  const set = () => host.isConnected && style.setProperty("scroll-padding-bottom", `${banner.offsetHeight}px`);
  // On each resize, the first included: a ResizeObserver reports a new target after
  // the first frame's layout and before its paint, so that frame has it without a
  // layout forced in the loader's task (a long task on a big page).
  let observer = null;
  try {
    observer = new ResizeObserver(set);
    observer.observe(banner);
  } catch {
    set();
  }
  return () => {
    observer?.disconnect();
    if (previous) style.setProperty("scroll-padding-bottom", previous);
    else style.removeProperty("scroll-padding-bottom");
  };
}

/**
 * Paints the banner's first view for the page configured by `tag`, if it may; returns
 * whether it did. `startLater()` schedules the WebAssembly and returns the function
 * that starts it at once (for a click on the painted banner).
 */
export function paintFirstView(tag, startLater) {
  let settings;
  let sheet;
  try {
    settings = firstViewSettings(tag);
    if (!settings) return false;
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  } catch {
    // Storage blocked, no constructed stylesheets: the WebAssembly draws the banner.
    return false;
  }
  const { lang, href, site, name } = settings;
  // Split and join: a site name's "$&" stays as written (String.replace would expand it).
  const fill = (text) => text.split("{site}").join(site).split("{policy}").join(href);
  const host = document.createElement("div");
  host.id = HOST_ID;
  host.setAttribute("data-nosnippet", "");
  host.setAttribute(PAINTED, "");
  const shadow = host.attachShadow({ mode: "open" });
  shadow.adoptedStyleSheets = [sheet];
  const root = document.createElement("div");
  root.className = "pcc-consent-root";
  const banner = build(TEMPLATES[lang], fill, !!href);
  root.append(banner);
  shadow.append(root);
  // First in the body, after the quick-exit button (shadow_host.rs `place`).
  const exit = document.getElementById(EXIT_ID);
  const body = document.body;
  body.insertBefore(host, exit && exit.parentNode === body ? exit.nextSibling : body.firstChild);
  // The WebAssembly's gate starts later: its report of a vendor snippet left in the page
  // must not.
  watchUngatedVendors();
  const buttons = [...banner.querySelectorAll("button")];
  painted = { tag, host, shadow, banner, buttons, lang, fill, queued: null, pressed: null, failed: false, clearance: keepFocusClear(host, banner) };
  const start = startLater();
  // What the WebAssembly's banner does and this one does not (focus_clearance.rs: a
  // focused element and the page's end kept clear of the fixed banner) is needed once
  // the visitor moves focus into the page or scrolls: the WebAssembly starts then.
  const needed = (event) => {
    if (event.type === "focusin" && event.target === host) return;
    document.removeEventListener("focusin", needed, true);
    window.removeEventListener("scroll", needed, true);
    start();
  };
  document.addEventListener("focusin", needed, true);
  window.addEventListener("scroll", needed, { capture: true, passive: true });
  // A press (mouse/touch down, or Space down) not yet released on a painted button: if
  // the WebAssembly takes over before it ends, the browser fires no click (its button is
  // gone), so handOver finishes it on the same button of the module's banner.
  const press = (index, by) => painted && painted.queued === null && (painted.pressed = { index, by });
  const released = (event) => {
    if (event.type === "keyup" && event.key !== " ") return;
    // Ended while painted: the browser's own click (or none) says what it did.
    if (painted && painted.host.isConnected) painted.pressed = null;
  };
  for (const type of ["pointerup", "pointercancel", "keyup"]) window.addEventListener(type, released, true);
  // A held Accept or Reject when the visitor leaves the page before the WebAssembly
  // has taken it (a link or a reload within its download): recorded here, as where it
  // cannot load, so the choice is not lost (a page kept in the bfcache then shows no
  // painted banner, and the module, finding the stored record, asks nothing); where only
  // the module may record it (`data-log-url`), it goes with the page (`fallback`).
  const hidden = () => painted && painted.queued !== null && ACTIONS[painted.queued] !== "customise" && fallback(true);
  window.addEventListener("pagehide", hidden);
  // Back on a page from the bfcache after a choice made elsewhere (where the module could
  // not load, no other tab's message reaches this page): the question is not asked again.
  // The module then decides what the stored value means (it may be one it refuses).
  const shown = (event) => {
    if (event.persisted && painted && anythingStored(name)) {
      painted.queued = null;
      drop(painted);
      start();
    }
  };
  window.addEventListener("pageshow", shown);
  painted.stop = () => {
    for (const type of ["pointerup", "pointercancel", "keyup"]) window.removeEventListener(type, released, true);
    window.removeEventListener("pagehide", hidden);
    window.removeEventListener("pageshow", shown);
  };
  buttons.forEach((button, index) => {
    button.addEventListener("pointerdown", (event) => event.isPrimary && event.button === 0 && press(index, "pointer"));
    button.addEventListener("keydown", (event) => event.key === " " && !event.repeat && press(index, "key"));
  });
  buttons.forEach((button, index) =>
    button.addEventListener("click", () => {
      if (!painted || painted.queued !== null) return;
      painted.queued = index;
      // It took the click: the WebAssembly performs it the moment it starts.
      for (const b of buttons) b.setAttribute("aria-disabled", "true");
      banner.setAttribute("aria-busy", "true");
      if (painted.failed) fallback();
      else start();
    }),
  );
  return true;
}

/**
 * Runs `boot` (the module's start: a promise, src/embed.rs boots in four tasks), handing
 * the painted banner over to it. The WebAssembly mounts its banner and removes the
 * painted one in one task; a MutationObserver callback runs at the end of that task,
 * before the browser paints, and there focus moves to the same control and a held click
 * is replayed on the same button, so the choice is made exactly as if clicked there
 * (saved message, focus, record method). Returns `boot`'s promise.
 */
export function handOver(boot) {
  handing = true;
  const view = painted;
  if (!view) return Promise.resolve().then(boot).finally(() => (handing = false));
  // The control focused last inside the painted banner (-1: none). Removing the host
  // takes focus away without an event, so it is followed as it moves.
  let focused = -1;
  const controls = (banner) => (banner ? [...banner.querySelectorAll("a[href], button")] : []);
  const onFocus = (event) => (focused = controls(view.banner).indexOf(event.target));
  const onBlur = () => setTimeout(() => view.host.isConnected && !view.shadow.activeElement && (focused = -1));
  onFocus({ target: view.shadow.activeElement });
  view.shadow.addEventListener("focusin", onFocus);
  view.shadow.addEventListener("focusout", onBlur);
  const parent = view.host.parentNode || document.body;
  const taken = new MutationObserver(() => {
    if (view.host.isConnected) return;
    taken.disconnect();
    view.stop();
    if (painted === view) painted = null;
    const host = document.getElementById(HOST_ID);
    const banner = host && host.shadowRoot && host.shadowRoot.querySelector(".pcc-consent-banner");
    if (!banner) {
      // No banner to ask with: a choice was made meanwhile (another tab). The visitor's
      // held click here came later, so it still counts, through the module's API, once
      // `boot` has finished.
      const api = { accept_all: "acceptAll", reject_all: "rejectAll", customise: "showPreferences" }[ACTIONS[view.queued]];
      if (api) view.replay = () => window.pccConsent?.[api]?.();
      return;
    }
    if (focused >= 0 && (document.activeElement === document.body || !document.activeElement)) controls(banner)[focused]?.focus();
    if (view.queued !== null) banner.querySelectorAll("button")[view.queued]?.click();
    else if (view.pressed) finishPress(view.pressed, banner.querySelectorAll("button")[view.pressed.index]);
  });
  taken.observe(parent, { childList: true });
  return Promise.resolve()
    .then(boot)
    .then((result) => {
      view.replay?.();
      return result;
    })
    .finally(() => {
      // Booted (its banner is on the page) or not (a frame's paint may show the painted one).
      handing = false;
      // Not taken over (the WebAssembly refused to start its banner): the painted one stays.
      taken.disconnect();
      view.shadow.removeEventListener("focusin", onFocus);
      view.shadow.removeEventListener("focusout", onBlur);
    });
}

/**
 * A press that began on a painted button and is released after the takeover: released
 * over the module's same button (pointer) or with focus on it (Space), it clicks it once,
 * as the browser would have; released elsewhere, or cancelled, it does nothing.
 */
function finishPress(pressed, button) {
  if (!button) return;
  let clicked = false;
  const onClick = () => (clicked = true);
  button.addEventListener("click", onClick);
  const end = pressed.by === "pointer" ? ["pointerup", "pointercancel"] : ["keyup", "blur"];
  const done = (event) => {
    if (event.type === "keyup" && event.key !== " ") return;
    for (const type of end) window.removeEventListener(type, done, true);
    const released =
      event.type === "pointerup" ? event.composedPath().includes(button) : event.type === "keyup" && button.getRootNode().activeElement === button;
    // After the event's own task: the browser's click, if it fires one, comes first.
    setTimeout(() => {
      button.removeEventListener("click", onClick);
      if (released && !clicked && button.isConnected) button.click();
    });
  };
  for (const type of end) window.addEventListener(type, done, true);
}

/** The WebAssembly could not start: a held Accept/Reject is decided without it. */
export function firstViewFailed() {
  if (!painted) return;
  painted.failed = true;
  for (const b of painted.buttons) b.removeAttribute("aria-disabled");
  painted.banner.removeAttribute("aria-busy");
  if (painted.queued !== null) fallback();
}

/** The held click decided without the module; `leaving`: as the page goes (nothing shown). */
function fallback(leaving) {
  const view = painted;
  const action = ACTIONS[view.queued];
  if (action === "customise") {
    view.queued = null;
    console.error("pcc-consent: cannot open the cookie settings: the banner's module could not load (see the error above)");
    return;
  }
  let outcome = decideWithoutModule(view.tag, action, leaving);
  view.queued = null;
  if (leaving) {
    // Not stored (settings only the module records): the click goes with the page. It is
    // never replayed after a return from the back/forward cache, where a choice made
    // on a later page would be newer; the banner asks again there if nothing is stored.
    if (outcome === "saved") drop(view);
    return;
  }
  // Not recorded (a page that logs each choice, `data-log-url`: only the module sends
  // its record): the visitor is told, not left on a banner that does nothing.
  outcome ||= "failed";
  // As the module's banner does after a choice (src/ui/saved_message.rs): the saved
  // message replaces the question and takes focus, so a screen reader says what happened
  // and keyboard focus is not left on nothing.
  const [tree, saved, problem] = SAVED[view.lang];
  const text = outcome === "failed" ? problem : saved;
  const region = build(tree, (t) => view.fill(t.split("{message}").join(text)), true);
  view.stop();
  view.clearance();
  view.banner.replaceWith(region);
  const clearance = keepFocusClear(view.host, region);
  region.querySelector("button").addEventListener("click", () => {
    clearance();
    view.host.remove();
  });
  region.querySelector("[tabindex]").focus();
  painted = null;
}

/** A choice recorded without the module through the API: the painted question goes, as the module's would. */
export function dropFirstView() {
  if (painted) drop(painted);
}

/** Removes the painted banner (a choice is stored: nothing is left to ask). */
function drop(view) {
  view.stop();
  view.host.remove();
  view.clearance();
  if (painted === view) painted = null;
}
