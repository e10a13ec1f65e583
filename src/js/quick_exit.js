// Quick exit: "Leave this site" and the exit key, for abuse-support sites.
//
// The only code that navigates away. It is plain JavaScript inside pcc-consent.js, not
// WebAssembly, because it must work from the moment the script runs: a visitor who
// presses Escape while the banner is starting still leaves, and so does one on a page
// whose CSP blocks WebAssembly.
// It is independent of cookie consent: it works before, after and during any choice,
// with the banner or the preferences dialog open.
//
// Leaving: the page is hidden at once (an overlay says "Loading." to screen readers),
// the Referer is suppressed, and location.replace() swaps this page for the exit URL so
// Back does not return to it. It never opens a tab: pop-up blockers stop window.open
// from key presses, and a blocked pop-up must never delay the exit.

const DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather";
const STARTED = Symbol.for("pcc-consent.quick-exit");
const SHIFT_PRESSES = 3;
const SHIFT_WINDOW_MS = 5000;

const TEXTS = {
  en: {
    button: "Leave this site",
    escapeHint: "Quickly exit this site by pressing the Escape key",
    shiftHint: "Quickly exit this site by pressing the Shift key 3 times",
    loading: "Loading.",
    more: (n) => `Shift, press ${n} more ${n === 1 ? "time" : "times"} to exit.`,
    expired: "Exit this site expired.",
  },
  cy: {
    button: "Gadael y wefan hon",
    escapeHint: "Gadewch y wefan hon yn gyflym drwy bwyso’r fysell Escape",
    shiftHint: "Gadewch y wefan hon yn gyflym drwy bwyso’r fysell Shift 3 gwaith",
    loading: "Yn llwytho.",
    more: (n) => `Shift, pwyswch ${n} ${n === 1 ? "waith" : "gwaith"} eto i adael.`,
    expired: "Mae’r opsiwn i adael y wefan wedi dod i ben.",
  },
};

// Like the banner's stylesheet: :host resets everything the page could pass down (font
// size, line height, letter spacing...), sizes are px (never rem: that is the page's
// root size), and long words wrap rather than widen the page.
const CSS = `
:host { all: initial !important; display: block !important; }
.exit { position: fixed; top: 0; right: 0; z-index: 2147483646; display: flex;
  flex-direction: column; align-items: flex-end; gap: 4px; padding: 8px;
  box-sizing: border-box; max-width: 100vw; overflow-wrap: anywhere;
  font-family: var(--pcc-consent-font, Arial, Helvetica, sans-serif); font-size: 16px; }
.button { min-height: 44px; min-width: 44px; padding: 10px 16px; border: 2px solid #ffffff;
  border-radius: var(--pcc-consent-radius, 0); background: var(--pcc-consent-exit-bg, #d4351c);
  color: #ffffff; font: inherit; font-size: 18px; font-weight: 700; cursor: pointer;
  box-shadow: 0 2px 0 #55150b; }
.button:focus-visible { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
.hint { max-width: 22em; margin: 0; padding: 2px 6px; background: #ffffff; color: #0b0c0c;
  font-size: 14px; text-align: right; }
.status { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media (forced-colors: active) { .button { border-color: ButtonText; } }
`;

/** Reads the script tag's quick-exit settings; bad values are reported and defaulted. */
function readSettings(script) {
  const attr = (name) => (script && script.getAttribute(name)) || "";
  let mode = attr("data-quick-exit").trim() || "off";
  if (!["escape", "shift-3", "off"].includes(mode)) {
    console.error(`pcc-consent: ignoring data-quick-exit=${JSON.stringify(mode)}: expected escape, shift-3 or off; using the default`);
    mode = "off";
  }
  let exitUrl = DEFAULT_EXIT_URL;
  const raw = attr("data-exit-url").trim();
  if (raw) {
    let ok = false;
    try {
      const url = new URL(raw);
      ok = url.protocol === "https:" || url.protocol === "http:";
    } catch (_) {}
    if (ok) exitUrl = raw;
    else console.error(`pcc-consent: ignoring data-exit-url=${JSON.stringify(raw)}: expected an absolute http or https URL; using the default`);
  }
  const lang = (attr("data-lang") || document.documentElement.lang || "en").toLowerCase();
  const texts = lang === "cy" || lang.startsWith("cy-") ? TEXTS.cy : TEXTS.en;
  return { mode, exitUrl, texts };
}

/** Starts quick exit for the page that loaded `script`. Safe to call twice. */
export function startQuickExit(script) {
  const settings = readSettings(script);
  if (settings.mode === "off" || window[STARTED]) return;
  window[STARTED] = true;
  const { mode, exitUrl, texts } = settings;
  let leaving = false;
  let overlay = null;
  let status = null;

  function leave() {
    if (leaving) return;
    leaving = true;
    // Hide the page first, so nothing stays on screen while the next page loads.
    overlay = document.createElement("div");
    overlay.setAttribute("role", "alert");
    overlay.textContent = texts.loading;
    Object.assign(overlay.style, {
      position: "fixed", inset: "0", zIndex: "2147483647", background: "#ffffff",
      color: "#0b0c0c", font: "16px Arial, sans-serif", padding: "16px",
    });
    document.documentElement.appendChild(overlay);
    if (document.body) document.body.style.visibility = "hidden";
    // No Referer naming this site: the policy is read when the navigation starts.
    const meta = document.createElement("meta");
    meta.name = "referrer";
    meta.content = "no-referrer";
    (document.head || document.documentElement).appendChild(meta);
    window.location.replace(exitUrl);
  }

  // Restored from the back/forward cache: make the page usable again.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted || !leaving) return;
    leaving = false;
    if (overlay) overlay.remove();
    if (document.body) document.body.style.visibility = "";
  });

  if (mode === "escape") {
    // Capture on window: runs before the page's own handlers, in text fields too, with
    // or without modifier keys.
    window.addEventListener(
      "keydown",
      (event) => {
        if (event.key === "Escape" || event.key === "Esc") {
          event.preventDefault();
          leave();
        }
      },
      true,
    );
  } else {
    let presses = 0;
    let firstAt = 0;
    let shiftDown = false;
    let shiftSpoiled = false;
    let expiry = 0;
    const announce = (text) => {
      if (status) status.textContent = text;
    };
    const resetCount = () => {
      presses = 0;
      clearTimeout(expiry);
    };
    window.addEventListener(
      "keydown",
      (event) => {
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
        if (event.key !== "Shift") return;
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
  }

  const addButton = () => {
    if (!document.body || document.getElementById("pcc-consent-exit")) return;
    const host = document.createElement("div");
    host.id = "pcc-consent-exit";
    host.setAttribute("data-nosnippet", "");
    const root = host.attachShadow({ mode: "open" });
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
    button.addEventListener("click", leave);
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = mode === "escape" ? texts.escapeHint : texts.shiftHint;
    button.setAttribute("aria-describedby", "hint");
    hint.id = "hint";
    status = document.createElement("div");
    status.className = "status";
    status.setAttribute("role", "status");
    box.append(button, hint, status);
    root.append(box);
    // First in the body, so it is the first thing Tab reaches.
    document.body.prepend(host);
  };
  if (document.body) addButton();
  else document.addEventListener("DOMContentLoaded", addButton, { once: true });
}
