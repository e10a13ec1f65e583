// Quick exit: "Leave this site" and the exit keys, for abuse-support sites.
//
// The only code that navigates away. It is plain JavaScript inside pcc-consent.js, not
// WebAssembly, because it must work from the moment the script runs: a visitor who
// presses Escape while the banner is starting still leaves, and so does one on a page
// whose CSP blocks WebAssembly.
// It is independent of cookie consent: it works before, after and during any choice,
// with the banner or the preferences dialog open.
//
// Always reachable: the button is a `popover="manual"`, so it sits in the browser's top
// layer, above any z-index the site uses. A modal <dialog> (ours or the site's) makes
// everything outside it inert, even a popover raised above it, so while one is open a
// second button is put inside it, at the same place (see `reachInto`).
//
// Leaving: the Referer is suppressed, location.replace() swaps this page for the exit URL
// (so Back does not return to it), and in the same task the page is hidden (an overlay,
// also in the top layer, says "Loading." to screen readers). From then on every key,
// click and touch is swallowed before the page's own handlers, the page can no longer
// call history.back() or window.stop(), and nothing navigates twice. It never opens a
// tab: pop-up blockers stop window.open from key presses.
//
// Must never: throw into the page, move focus on its own, or change the page's layout.

const DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather";
const STARTED = Symbol.for("pcc-consent.quick-exit");
const SHIFT_PRESSES = 3;
const SHIFT_WINDOW_MS = 5000;
/** Marks every exit button host; the preferences dialog counts it in its Tab loop. */
const EXIT_ATTR = "data-pcc-consent-exit";

const TEXTS = {
  en: {
    button: "Leave this site",
    escapeHint: "Quickly exit this site by pressing the Escape key",
    shiftHint: "Quickly exit this site by pressing the Shift key 3 times",
    bothHint: "Quickly exit this site by pressing the Escape key, or the Shift key 3 times",
    loading: "Loading.",
    more: (n) => `Shift, press ${n} more ${n === 1 ? "time" : "times"} to exit.`,
    expired: "Exit this site expired.",
  },
  cy: {
    button: "Gadael y wefan hon",
    escapeHint: "Gadewch y wefan hon yn gyflym drwy bwyso’r fysell Escape",
    shiftHint: "Gadewch y wefan hon yn gyflym drwy bwyso’r fysell Shift 3 gwaith",
    bothHint: "Gadewch y wefan hon yn gyflym drwy bwyso’r fysell Escape, neu’r fysell Shift 3 gwaith",
    loading: "Yn llwytho.",
    more: (n) => `Shift, pwyswch ${n} ${n === 1 ? "waith" : "gwaith"} eto i adael.`,
    expired: "Mae’r opsiwn i adael y wefan wedi dod i ben.",
  },
};

// The host is the popover: fixed at the top right, in the top layer once shown, and
// displayed even before (or without) the popover API. Like the banner's stylesheet,
// :host resets everything the page could pass down (font size, line height, letter
// spacing...), sizes are px (never rem: that is the page's root size), and long words
// wrap rather than widen the page.
const CSS = `
:host { all: initial !important; display: block !important; position: fixed !important;
  top: 0 !important; right: 0 !important; bottom: auto !important; left: auto !important;
  z-index: 2147483646 !important; margin: 0 !important; padding: 0 !important;
  border: 0 !important; background: transparent !important; overflow: visible !important;
  width: auto !important; height: auto !important; max-width: 100vw !important; }
.exit { display: flex; flex-direction: column; align-items: flex-end; gap: 4px; padding: 8px;
  box-sizing: border-box; max-width: 100vw; overflow-wrap: anywhere;
  font-family: var(--pcc-consent-font, Arial, Helvetica, sans-serif); font-size: 16px; }
.button { min-height: 44px; min-width: 44px; padding: 10px 16px; border: 2px solid #ffffff;
  border-radius: var(--pcc-consent-radius, 0); background: var(--pcc-consent-exit-bg, #d4351c);
  color: #ffffff; font: inherit; font-size: 18px; font-weight: 700; cursor: pointer;
  box-shadow: 0 2px 0 #55150b; touch-action: manipulation; }
.button:focus-visible { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
.hint { max-width: 22em; margin: 0; padding: 2px 6px; background: #ffffff; color: #0b0c0c;
  font-size: 14px; text-align: right; }
.status { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media (forced-colors: active) { .button { border-color: ButtonText; } }
@media print { :host { display: none !important; } }
`;

/**
 * `en` or `cy` from a language tag's primary subtag, any case (`CY`, `cy-GB`); null for
 * anything else. src/config.rs decides the banner's language the same way.
 */
export function langOf(tag) {
  const primary = (tag || "").trim().split("-")[0].toLowerCase();
  return primary === "en" || primary === "cy" ? primary : null;
}

/** Reads the script tag's quick-exit settings; bad values are reported and defaulted. */
function readSettings(script) {
  const attr = (name) => (script && script.getAttribute(name)) || "";
  const raw = attr("data-quick-exit").trim().toLowerCase();
  const words = raw ? raw.split(/\s+/) : ["off"];
  let escape = words.includes("escape");
  let shift = words.includes("shift-3");
  const known = raw === "" || raw === "off" || words.every((w) => w === "escape" || w === "shift-3");
  if (!known) {
    console.error(`pcc-consent: ignoring data-quick-exit=${JSON.stringify(raw)}: expected escape, shift-3, "escape shift-3" or off; using the default`);
    escape = shift = false;
  }
  let exitUrl = DEFAULT_EXIT_URL;
  const url = attr("data-exit-url").trim();
  if (url) {
    let ok = false;
    try {
      const parsed = new URL(url);
      ok = parsed.protocol === "https:" || parsed.protocol === "http:";
    } catch (_) {}
    if (ok) exitUrl = url;
    else console.error(`pcc-consent: ignoring data-exit-url=${JSON.stringify(url)}: expected an absolute http or https URL; using the default`);
  }
  const history = attr("data-quick-exit-history").trim().toLowerCase() || "default";
  if (history !== "single" && history !== "default") {
    console.error(`pcc-consent: ignoring data-quick-exit-history=${JSON.stringify(history)}: expected single or default; using the default`);
  }
  // A bad data-lang is reported by the banner's config; here it just falls through.
  const lang = langOf(attr("data-lang")) || langOf(document.documentElement.getAttribute("lang")) || "en";
  return { escape, shift, single: history === "single", exitUrl, lang, texts: TEXTS[lang] };
}

/** Puts `el` on top of the top layer (again); false where the popover API is missing. */
function raise(el) {
  try {
    if (el.matches(":popover-open")) el.hidePopover();
    el.showPopover();
    return true;
  } catch (_) {
    return false;
  }
}

/** Starts quick exit for the page that loaded `script`. Safe to call twice. */
export function startQuickExit(script) {
  const settings = readSettings(script);
  if ((!settings.escape && !settings.shift) || window[STARTED]) return;
  window[STARTED] = true;
  const { exitUrl, texts } = settings;
  let leaving = false;
  let overlay = null;
  let main = null;
  /** Open modal dialogs -> the exit button put inside each. */
  const inside = new Map();
  const undo = [];

  // Once leaving has started, nothing else happens on this page: keys, clicks and
  // touches stop here, on window in the capture phase, before the page's own handlers.
  // Touch listeners stay passive, so scrolling never waits for this script; the click
  // a tap makes is swallowed anyway.
  const swallowed = (event) => {
    if (!leaving) return false;
    event.stopImmediatePropagation();
    if (event.cancelable && !event.type.startsWith("touch")) event.preventDefault();
    return true;
  };
  for (const type of ["keypress", "pointerdown", "pointerup", "mousedown", "mouseup", "click",
    "dblclick", "auxclick", "contextmenu", "touchstart", "touchend", "submit"]) {
    window.addEventListener(type, swallowed, { capture: true, passive: type.startsWith("touch") });
  }

  /** Makes `object[name]` do nothing until a back/forward-cache restore. */
  function disable(object, name) {
    try {
      const own = Object.prototype.hasOwnProperty.call(object, name);
      const original = object[name];
      object[name] = function () {};
      undo.push(() => (own ? (object[name] = original) : delete object[name]));
    } catch (_) {}
  }

  function leave() {
    if (leaving) return;
    leaving = true;
    // No Referer naming this site: the policy is read when the navigation starts.
    const meta = document.createElement("meta");
    meta.name = "referrer";
    meta.content = "no-referrer";
    (document.head || document.documentElement).appendChild(meta);
    // The navigation starts first (it is what the visitor is waiting for); the page is
    // hidden in the same task, so no frame shows it after the key press.
    window.location.replace(exitUrl);
    // The overlay goes in the top layer, inside the open modal dialog if there is one
    // (the only part of the page a screen reader still reads then).
    overlay = document.createElement("div");
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("popover", "manual");
    overlay.textContent = texts.loading;
    Object.assign(overlay.style, {
      position: "fixed", inset: "0", zIndex: "2147483647", width: "auto", height: "auto",
      maxWidth: "none", maxHeight: "none", margin: "0", border: "0", boxSizing: "border-box",
      background: "#ffffff", color: "#0b0c0c", font: "16px Arial, sans-serif", padding: "16px",
    });
    const dialogs = [...inside.keys()].filter((d) => d.isConnected && d.open);
    (dialogs.pop() || document.documentElement).appendChild(overlay);
    raise(overlay);
    if (document.body) document.body.style.visibility = "hidden";
    // Nothing on the page may take the visitor back or stop the exit.
    for (const name of ["back", "forward", "go", "pushState", "replaceState"]) disable(history, name);
    disable(window, "stop");
  }

  // Restored from the back/forward cache: make the page usable again.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted || !leaving) return;
    leaving = false;
    if (overlay) overlay.remove();
    if (document.body) document.body.style.visibility = "";
    while (undo.length) undo.pop()();
  });

  const statuses = [];
  const announce = (text) => {
    // Buttons of dialogs that have closed are gone: forget their status regions.
    for (let i = statuses.length - 1; i >= 0; i--) if (!statuses[i].isConnected) statuses.splice(i, 1);
    for (const status of statuses) status.textContent = text;
  };

  // The exit keys. One listener per event type, on window in the capture phase: it runs
  // before the page's own handlers, in text fields too, with or without modifier keys,
  // and with a dialog open.
  const isEscape = (event) => event.key === "Escape" || event.key === "Esc";
  let presses = 0;
  let firstAt = 0;
  let shiftDown = false;
  let shiftSpoiled = false;
  let expiry = 0;
  const resetCount = () => {
    presses = 0;
    clearTimeout(expiry);
  };
  window.addEventListener(
    "keydown",
    (event) => {
      if (swallowed(event)) return;
      if (settings.escape && isEscape(event)) {
        // The page never sees the Escape that leaves (it might call history.back()).
        event.preventDefault();
        event.stopImmediatePropagation();
        leave();
        return;
      }
      if (!settings.shift) return;
      if (event.key === "Shift") {
        if (!event.repeat) {
          shiftDown = true;
          shiftSpoiled = false;
        }
        return;
      }
      // Shift used with another key (a capital letter) does not count, and any other
      // key starts the count again.
      if (shiftDown) shiftSpoiled = true;
      if (presses) {
        resetCount();
        announce("");
      }
    },
    true,
  );
  window.addEventListener(
    "keyup",
    (event) => {
      if (swallowed(event) || !settings.shift || event.key !== "Shift") return;
      const counts = shiftDown && !shiftSpoiled;
      shiftDown = false;
      if (!counts) return;
      const now = Date.now();
      if (!presses || now - firstAt > SHIFT_WINDOW_MS) {
        presses = 0;
        firstAt = now;
      }
      presses += 1;
      if (presses >= SHIFT_PRESSES) {
        resetCount();
        event.stopImmediatePropagation();
        leave();
        return;
      }
      announce(texts.more(SHIFT_PRESSES - presses));
      clearTimeout(expiry);
      expiry = setTimeout(() => {
        presses = 0;
        announce(texts.expired);
      }, SHIFT_WINDOW_MS - (now - firstAt));
    },
    true,
  );

  const hintText = settings.escape && settings.shift ? texts.bothHint : settings.escape ? texts.escapeHint : texts.shiftHint;

  /** A "Leave this site" button in its own shadow root; the host is the popover. */
  function exitButton() {
    const host = document.createElement("div");
    host.setAttribute(EXIT_ATTR, "");
    host.setAttribute("data-nosnippet", "");
    host.setAttribute("popover", "manual");
    // Our language and direction, whatever the page's (an Urdu, right-to-left page).
    host.setAttribute("lang", settings.lang);
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
    const box = document.createElement("div");
    box.className = "exit";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = texts.button;
    button.addEventListener("click", (event) => {
      // The page's own click handlers never see it.
      event.stopImmediatePropagation();
      leave();
    });
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = hintText;
    button.setAttribute("aria-describedby", "hint");
    hint.id = "hint";
    const status = document.createElement("div");
    status.className = "status";
    status.setAttribute("role", "status");
    statuses.push(status);
    box.append(button, hint, status);
    root.append(box);
    return host;
  }

  /**
   * Focus moved into a modal dialog (showModal() moves it there): everything outside is
   * now inert, so the dialog gets its own exit button, first inside it, in the top layer
   * above it at the same place. It goes when the dialog closes.
   */
  function reachInto(event) {
    if (leaving) return;
    const dialog = event.composedPath().find((node) => node.localName === "dialog");
    let modal = false;
    try {
      modal = !!dialog && dialog.matches(":modal");
    } catch (_) {}
    if (!modal) return;
    let host = inside.get(dialog);
    if (!host || host.parentNode !== dialog) {
      host = exitButton();
      inside.set(dialog, host);
      dialog.prepend(host);
      dialog.addEventListener(
        "close",
        () => {
          host.remove();
          if (inside.get(dialog) === host) inside.delete(dialog);
        },
        { once: true },
      );
    }
    if (!host.matches(":popover-open")) raise(host);
  }
  window.addEventListener("focusin", reachInto, true);

  // Something of the site's opened in the top layer (a popover, a dialog): ours go back
  // on top of it.
  const ours = (node) => node === main || node === overlay || [...inside.values()].includes(node);
  window.addEventListener(
    "toggle",
    (event) => {
      if (event.newState !== "open" || ours(event.target) || leaving) return;
      if (main) raise(main);
      for (const [dialog, host] of inside) if (dialog.open && host.isConnected) raise(host);
    },
    true,
  );

  if (settings.single) {
    // One history entry per visit: same-origin links replace the current entry. In the
    // bubble phase, after the page's handlers, so a page that routes links itself (and
    // calls preventDefault) is left alone.
    window.addEventListener("click", (event) => {
      if (leaving || event.defaultPrevented || event.button !== 0) return;
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      const link = event
        .composedPath()
        .find((node) => node instanceof HTMLAnchorElement || node instanceof HTMLAreaElement);
      if (!link || !link.hasAttribute("href") || link.hasAttribute("download")) return;
      const base = document.querySelector("base[target]");
      const target = (link.getAttribute("target") || (base && base.getAttribute("target")) || "").toLowerCase();
      if (target && target !== "_self") return;
      let url;
      try {
        url = new URL(link.href, location.href);
      } catch (_) {
        return;
      }
      if (url.origin !== location.origin || !/^https?:$/.test(url.protocol)) return;
      event.preventDefault();
      location.replace(url.href);
    });
  }

  const addButton = () => {
    if (!document.body || document.getElementById("pcc-consent-exit")) return;
    main = exitButton();
    main.id = "pcc-consent-exit";
    // First in the body, so it is the first thing Tab reaches.
    document.body.prepend(main);
    raise(main);
    // How far down the exit reaches: the banner and dialog keep clear of it.
    try {
      const space = () =>
        document.documentElement.style.setProperty("--pcc-consent-exit-height", `${Math.ceil(main.getBoundingClientRect().bottom)}px`);
      new ResizeObserver(space).observe(main);
    } catch (_) {}
  };
  if (document.body) addButton();
  else document.addEventListener("DOMContentLoaded", addButton, { once: true });
}
