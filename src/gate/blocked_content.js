// The site's own consent-gated content:
//   <script type="text/plain" data-pcc-consent="performance" src="…" or data-src="…" or inline>
//   <iframe data-pcc-consent="targeting" data-src="…">
// Scripts run once their category is granted, once each, in document order, keeping
// their attributes (async, defer, type via data-type, nonce); `data-src` is the same
// as `src` (the HTML-valid way to give a script that must not load yet its URL). An
// external script without async/defer finishes loading before the next one runs.
// Iframes load then, and show a placeholder with a "Cookie settings" button until then.
// Content added to the page later is handled too (MutationObserver).
//
// Nonces: a gated script runs under the page's CSP with its own nonce only. The
// banner's nonce is never handed on: any markup injected into the page could otherwise
// run by carrying data-pcc-consent. A gated script the CSP blocks is reported with
// console.error, naming it and the fix.

const SELECTOR = "script[data-pcc-consent], iframe[data-pcc-consent]";
let granted = new Set();
let placeholderText = (category) => category;
let buttonText = "Cookie settings";
// The language and direction of our texts, declared on each placeholder whatever the
// page's own (an English placeholder on an Urdu, right-to-left page stays English, LTR).
let textLang = "en";
let textDir = "ltr";
let running = false;
let queued = false;

export function startBlockedContent(textFor, button, lang, dir) {
  placeholderText = textFor;
  buttonText = button;
  textLang = lang;
  textDir = dir;
  // Violations are reported at the blocked element (inline scripts) or at the document
  // (external ones, with the URL); either way the event reaches the document.
  document.addEventListener("securitypolicyviolation", reportBlocked, true);
  new MutationObserver((records) => {
    if (records.some((r) => [...r.addedNodes].some((n) => n.nodeType === 1))) scan();
  }).observe(document.documentElement, { childList: true, subtree: true });
}

export function setGrantedCategories(categories) {
  granted = new Set(categories);
  scan();
}

async function scan() {
  // One pass at a time: a pass waits for each src script before the next runs.
  if (running) {
    queued = true;
    return;
  }
  running = true;
  do {
    queued = false;
    for (const el of document.querySelectorAll(SELECTOR)) {
      if (el.tagName === "IFRAME") updateIframe(el);
      else if (granted.has(el.dataset.pccConsent) && el.type === "text/plain" && !el.dataset.pccConsentRan) {
        await runScript(el);
      }
    }
  } while (queued);
  running = false;
}

// The scripts this file inserted, with the gated script each came from.
const inserted = new Map();

function runScript(blocked) {
  blocked.dataset.pccConsentRan = "true";
  const script = document.createElement("script");
  // `src` wins over `data-src`, as it would for a live script.
  const src = blocked.getAttribute("src") || blocked.getAttribute("data-src") || "";
  for (const { name, value } of blocked.attributes) {
    if (!["type", "data-pcc-consent-ran", "src", "data-src"].includes(name)) script.setAttribute(name, value);
  }
  script.type = blocked.dataset.type || "text/javascript";
  // Its own nonce only. The nonce attribute reads back empty once parsed; the property
  // keeps it.
  if (blocked.nonce) script.nonce = blocked.nonce;
  if (src) script.src = src;
  else script.text = blocked.text;
  inserted.set(script, blocked);
  script.addEventListener("load", () => inserted.delete(script), { once: true });
  const waitForLoad = src && !blocked.hasAttribute("async") && !blocked.hasAttribute("defer");
  // The async/defer properties of an inert text/plain script do not reflect the markup.
  const isAsync = blocked.hasAttribute("async");
  if (src) script.async = isAsync;
  return new Promise((resolve) => {
    if (waitForLoad) {
      script.addEventListener("load", resolve, { once: true });
      script.addEventListener("error", resolve, { once: true });
    }
    blocked.after(script);
    if (!waitForLoad) resolve();
  });
}

/** Names a gated script the page's CSP refused to run, and says how to fix it. */
function reportBlocked(event) {
  if (!/^script-src/.test(event.effectiveDirective || event.violatedDirective || "")) return;
  let found = null;
  for (const [script, blocked] of inserted) {
    const matches = event.target === script || (script.src && event.blockedURI === script.src);
    if (matches) {
      found = [script, blocked];
      break;
    }
  }
  if (!found) return;
  const [script, blocked] = found;
  inserted.delete(script);
  const what = script.src
    ? `src ${JSON.stringify(blocked.getAttribute("src") || blocked.getAttribute("data-src"))}`
    : `inline ${JSON.stringify(shorten(blocked.text))}`;
  console.error(
    `pcc-consent: the page's Content Security Policy blocked the gated script ` +
      `(data-pcc-consent="${blocked.dataset.pccConsent}", ${what}). ` +
      `Put the page's CSP nonce on that <script type="text/plain"> itself ` +
      `(nonce="…", the same value as on the page's other scripts); ` +
      `the banner does not lend its own nonce to gated scripts.`,
  );
}

function shorten(text) {
  const flat = text.trim().replace(/\s+/g, " ");
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}

function updateIframe(frame) {
  const category = frame.dataset.pccConsent;
  let holder = frame.previousElementSibling;
  if (!holder || !holder.hasAttribute("data-pcc-consent-placeholder")) holder = null;
  if (granted.has(category)) {
    if (holder) holder.remove();
    frame.style.display = "";
    if (frame.dataset.src && frame.getAttribute("src") !== frame.dataset.src) frame.src = frame.dataset.src;
    return;
  }
  // Not (or no longer) granted: unload it and show the placeholder.
  if (frame.getAttribute("src") && frame.getAttribute("src") !== "about:blank") frame.src = "about:blank";
  frame.style.display = "none";
  if (holder) return;
  holder = document.createElement("div");
  holder.setAttribute("data-pcc-consent-placeholder", "");
  holder.lang = textLang;
  holder.dir = textDir;
  // In the page's flow and in its text style, but never wider than its column: long
  // words in the configured text wrap.
  Object.assign(holder.style, {
    boxSizing: "border-box", maxWidth: "100%", overflowWrap: "anywhere",
    border: "2px solid #0b0c0c", padding: "16px", margin: "8px 0", background: "#f3f2f1", color: "#0b0c0c",
  });
  const text = document.createElement("p");
  text.textContent = placeholderText(category);
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = buttonText;
  button.setAttribute("data-pcc-consent-open", "");
  Object.assign(button.style, { maxWidth: "100%", minHeight: "44px", padding: "8px 16px", font: "inherit", fontWeight: "700", cursor: "pointer" });
  holder.append(text, button);
  frame.before(holder);
}
