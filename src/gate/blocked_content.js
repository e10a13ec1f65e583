// The site's own consent-gated content:
//   <script type="text/plain" data-pcc-consent="performance" src="…" or data-src="…" or inline>
//   <iframe data-pcc-consent="targeting" data-src="…">
// Scripts run once their category is granted, once each per page view, in document
// order, keeping their attributes (async, defer, type via data-type, nonce); `data-src`
// is the same as `src` (the HTML-valid way to give a script that must not load yet its
// URL). An external script without async/defer finishes loading before the next one
// runs. Iframes load then, and show a placeholder with a "Cookie settings" button until
// then. A data-src (or src) is loaded only when it is an http(s) or relative URL.
// An element may name its service with data-pcc-service="id" (a service the config
// block declares, or a built-in one): it then runs only while its category is granted
// and that service is not switched off. An element naming a service the page does not
// run under its category stays blocked, reported once on the console.
// Content added to the page later is handled too (MutationObserver on the whole
// document): a body swapped in by Turbo, htmx, PJAX or Swup is gated as a fresh page.
//
// Page snapshots (Turbo's cache and preview, htmx's history) copy the DOM and re-create
// every <script> from its attributes when restored. So nothing runnable is left in the
// DOM: a script we inserted is marked text/plain once started (script_sinks.js), an
// iframe is navigated without a `src` attribute, and "ran" is remembered per element
// (a restored copy is a new page view). Turbo's preview of a cached page runs nothing:
// the fresh page follows at once.
//
// Long lists never hold the main thread: the pass yields to the browser every few
// milliseconds, so the quick exit's Escape is handled during it.
//
// Nonces: a gated script runs under the page's CSP with its own nonce only. The
// banner's nonce is never handed on: any markup injected into the page could otherwise
// run by carrying data-pcc-consent. A gated script the CSP blocks is reported with
// console.error, naming it and the fix.

import { loadableUrl, neutralise, setScriptSource, setScriptText } from "./script_sinks.js";
import { noteConsentedLoad, vendorOfText, vendorOfUrl } from "./ungated_vendors.js";

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
// The categories the banner offers (`necessary` first): gated content naming any other
// can never run, and is reported once (`reportNotOffered`).
let offered = [];
// {service id: category} for the services the page runs, and those switched off.
let services = {};
let refused = new Set();
const KNOWN = ["necessary", "performance", "functionality", "targeting"];
const notOfferedReported = new WeakSet();

export function startBlockedContent(textFor, button, lang, dir, offeredIds, serviceCategories) {
  offered = offeredIds;
  services = serviceCategories;
  placeholderText = textFor;
  buttonText = button;
  textLang = lang;
  textDir = dir;
  // Violations are reported at the blocked element (inline scripts) or at the document
  // (external ones, with the URL); either way the event reaches the document.
  document.addEventListener("securitypolicyviolation", reportBlocked, true);
  new MutationObserver((records) => {
    if (records.some((r) => r.type === "attributes" || [...r.addedNodes].some((n) => n.nodeType === 1))) scan();
  }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    // Turbo marks <html> while it shows a cached preview; the real page follows.
    attributes: true,
    attributeFilter: ["data-turbo-preview"],
  });
}

export function setGrantedCategories(categories, refusedServices) {
  const withdrawn =
    [...granted].some((c) => !categories.includes(c)) || refusedServices.some((s) => !refused.has(s));
  granted = new Set(categories);
  refused = new Set(refusedServices);
  // A withdrawal unloads iframes at once, even while a pass waits for a slow script.
  if (withdrawn) for (const frame of document.querySelectorAll("iframe[data-pcc-consent]")) updateIframe(frame);
  scan();
}

// Turbo marks <html> while it shows a cached preview, and unmarks it just before the
// fresh body replaces the preview's: a body seen while marked is a preview for good.
const previewBodies = new WeakSet();
const previewing = () => {
  if (document.documentElement.hasAttribute("data-turbo-preview") && document.body) previewBodies.add(document.body);
  return !!document.body && previewBodies.has(document.body);
};

// The gated scripts run in this page view. An element, not an attribute: a snapshot's
// copy of a script that ran is a new element, and runs again when its page is shown.
const ran = new WeakSet();

// Between gated scripts, a pass hands the main thread back this often (ms).
const SLICE_MS = 8;
const yieldToBrowser = () =>
  globalThis.scheduler && typeof scheduler.yield === "function"
    ? scheduler.yield()
    : new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      });

async function scan() {
  // One pass at a time: a pass waits for each src script before the next runs.
  if (running) {
    queued = true;
    return;
  }
  running = true;
  try {
    do {
      queued = false;
      if (previewing()) break;
      let sliceStart = performance.now();
      for (const el of document.querySelectorAll(SELECTOR)) {
        if (performance.now() - sliceStart > SLICE_MS) {
          await yieldToBrowser();
          sliceStart = performance.now();
          // A body swap or a preview since: the next pass sees the new page.
          if (previewing()) break;
        }
        if (!el.isConnected) continue;
        if (!offered.includes(el.dataset.pccConsent)) reportNotOffered(el);
        if (el.tagName === "IFRAME") updateIframe(el);
        else if (runnable(el)) await runScript(el);
      }
    } while (queued);
  } finally {
    running = false;
  }
}

// Whether `el` may run now: its category granted and its service (if it names one)
// one the page runs under that category and not switched off.
function allowed(el) {
  const category = el.dataset.pccConsent;
  if (!el.hasAttribute("data-pcc-service")) return granted.has(category);
  const service = el.getAttribute("data-pcc-service");
  if (!Object.hasOwn(services, service) || services[service] !== category) {
    reportUnknownService(el, service, category);
    return false;
  }
  return granted.has(category) && !refused.has(service);
}

const unknownServiceReported = new WeakSet();

/** Content naming a service the page does not run under its category stays blocked. */
function reportUnknownService(el, service, category) {
  if (unknownServiceReported.has(el) || el.hasAttribute(COPY)) return;
  unknownServiceReported.add(el);
  const known = Object.keys(services).filter((id) => services[id] === category);
  console.error(
    `pcc-consent: <${el.tagName.toLowerCase()} data-pcc-consent="${category}" data-pcc-service=${JSON.stringify(service)}> stays blocked: ` +
      `no service ${JSON.stringify(service)} under ${category} (${known.join(", ") || "none"}). ` +
      `Declare it in the config block's "services" with "category": "${category}", or fix data-pcc-service.`,
  );
}

function runnable(el) {
  return allowed(el) && el.type === "text/plain" && !el.hasAttribute(COPY) && !ran.has(el);
}

// Marks the scripts we inserted (script_sinks.js sets it with `neutralise`).
const COPY = "data-pcc-consent-copy";

// The scripts this file inserted, with the gated script each came from.
const inserted = new Map();

function runScript(blocked) {
  ran.add(blocked);
  const script = document.createElement("script");
  // `src` wins over `data-src`, as it would for a live script.
  const src = blocked.getAttribute("src") || blocked.getAttribute("data-src") || "";
  const what = `the gated script (data-pcc-consent="${blocked.dataset.pccConsent}", ${
    src ? `src ${JSON.stringify(src)}` : `inline ${JSON.stringify(shorten(blocked.text))}`
  })`;
  for (const { name, value } of blocked.attributes) {
    if (["type", "src", "data-src", "data-pcc-consent-ran", COPY].includes(name)) continue;
    // An on* attribute is script too: a Trusted Types page refuses it like the rest.
    try {
      script.setAttribute(name, value);
    } catch (error) {
      console.error(`pcc-consent: ${what}: attribute ${name} refused (${error.message})`);
    }
  }
  script.type = blocked.dataset.type || "text/javascript";
  // Its own nonce only. The nonce attribute reads back empty once parsed; the property
  // keeps it.
  if (blocked.nonce) script.nonce = blocked.nonce;
  // A gated analytics loader: what it adds (gtag.js, Clarity's recorder) is consented.
  noteConsentedLoad(src ? vendorOfUrl(src) : vendorOfText(blocked.text));
  const ready = src ? setScriptSource(script, src, what) : setScriptText(script, blocked.text, what);
  if (!ready) return Promise.resolve();
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
    neutralise(script);
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

/**
 * Gated content whose category the banner does not offer stays blocked (nobody can
 * consent to it): said once per element, with the fix.
 */
function reportNotOffered(el) {
  if (notOfferedReported.has(el) || el.hasAttribute(COPY)) return;
  notOfferedReported.add(el);
  const category = el.dataset.pccConsent;
  const src = el.getAttribute("src") || el.getAttribute("data-src");
  const what = `<${el.tagName.toLowerCase()} data-pcc-consent="${category}"${src ? ` ${el.hasAttribute("src") ? "src" : "data-src"}="${src}"` : ""}>`;
  const optional = offered.filter((c) => c !== "necessary");
  const fix = KNOWN.includes(category)
    ? `Add it to data-categories on the pcc-consent script tag (data-categories="${[...optional, category].join(",")}").`
    : `Name one of: ${KNOWN.slice(1).join(", ")}.`;
  console.error(
    `pcc-consent: ${what} stays blocked: "${category}" is not a category this site offers (${optional.join(", ") || "none"}). ${fix}`,
  );
}

function shorten(text) {
  const flat = text.trim().replace(/\s+/g, " ");
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}

// The window each gated iframe was sent to its data-src in. A frame moved or restored
// from a snapshot has a new window (blank), and is sent again.
const loadedFrames = new WeakMap();

function updateIframe(frame) {
  const category = frame.dataset.pccConsent;
  let holder = frame.previousElementSibling;
  if (!holder || !holder.hasAttribute("data-pcc-consent-placeholder")) holder = null;
  if (allowed(frame)) {
    if (holder) holder.remove();
    frame.style.display = "";
    loadFrame(frame);
    return;
  }
  // Not (or no longer) granted: unload it and show the placeholder.
  if (loadedFrames.get(frame) === frame.contentWindow) {
    loadedFrames.delete(frame);
    frame.contentWindow.location.replace("about:blank");
  }
  // A src the site wrote itself would load before consent.
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

// Sends the frame to its data-src by navigating its window, not by setting `src`: an
// attribute would go into page snapshots and load again, consented or not, when a
// snapshot is restored.
function loadFrame(frame) {
  const win = frame.contentWindow;
  const raw = frame.getAttribute("data-src");
  if (!win || !raw || loadedFrames.get(frame) === win) return;
  loadedFrames.set(frame, win);
  const checked = loadableUrl(raw);
  if (checked.error) {
    console.error(`pcc-consent: not loading the gated iframe (data-pcc-consent="${frame.dataset.pccConsent}"): its data-src ${JSON.stringify(raw)} ${checked.error}.`);
    return;
  }
  win.location.replace(checked.url);
}
