// The vendors' standard queue stubs, exactly as their snippets define them, and the one
// place a third-party <script> is inserted. Shipped inside the bundle by wasm-bindgen's
// module import: no eval or new Function, which a strict CSP forbids.

import { setScriptSource, neutralise } from "./script_sinks.js";
import { noteConsentedLoad } from "./ungated_vendors.js";

// gtag.js reads an `arguments` object as a command and ignores arrays, so commands must
// go through this function, as in Google's snippet.
function ensureGtag() {
  window.dataLayer = window.dataLayer || [];
  if (typeof window.gtag !== "function") {
    window.gtag = function gtag() {
      window.dataLayer.push(arguments);
    };
  }
}

export function gtagCommand(command, target, params) {
  ensureGtag();
  if (params === undefined) window.gtag(command, target);
  else window.gtag(command, target, params);
}

function ensureClarity() {
  if (typeof window.clarity !== "function") {
    window.clarity = function clarity() {
      (window.clarity.q = window.clarity.q || []).push(arguments);
    };
  }
}

export function clarityCommand(command, value) {
  ensureClarity();
  if (value === undefined) window.clarity(command);
  else window.clarity(command, value);
}

// Inserts <script async src> once per service (a second call, or a second copy of the
// banner, finds the first). Returns whether it inserted. Never throws: a URL or a
// Trusted Types refusal is reported and nothing is inserted.
export function insertServiceScript(service, src, nonce) {
  if (document.querySelector(`script[data-pcc-consent-service="${service}"]`)) return false;
  const script = document.createElement("script");
  script.async = true;
  if (!setScriptSource(script, src, `the ${SERVICE_NAMES[service] || service} script`)) return false;
  if (nonce) script.nonce = nonce;
  script.setAttribute("data-pcc-consent-service", service);
  watchForCsp(script, service);
  // What this script adds itself (gtm.js adds gtag.js) is consented too.
  noteConsentedLoad(SERVICE_VENDORS[service]);
  (document.head || document.documentElement).appendChild(script);
  neutralise(script);
  return true;
}

// A vendor script the page's CSP blocks would otherwise fail silently: say which and why.
const SERVICE_NAMES = {
  "google-analytics": "Google Analytics",
  "google-tag-manager": "Google Tag Manager",
  clarity: "Microsoft Clarity",
};
// The vendor names of ungated_vendors.js.
const SERVICE_VENDORS = { "google-analytics": "ga4", "google-tag-manager": "gtm", clarity: "clarity" };

function watchForCsp(script, service) {
  const name = SERVICE_NAMES[service] || service;
  const onViolation = (event) => {
    const directive = event.effectiveDirective || event.violatedDirective || "";
    if (!/^script-src/.test(directive) || event.blockedURI !== script.src) return;
    document.removeEventListener("securitypolicyviolation", onViolation, true);
    console.error(
      `pcc-consent: the page's Content Security Policy blocked the ${name} script ${script.src}. ` +
        `Allow ${new URL(script.src).origin} in script-src, or, with a nonce-based policy, ` +
        `put the page's nonce on the pcc-consent script tag (the banner passes it on to the ${name} script).`,
    );
  };
  document.addEventListener("securitypolicyviolation", onViolation, true);
  script.addEventListener("load", () => document.removeEventListener("securitypolicyviolation", onViolation, true), { once: true });
}

// {event: "pcc_consent_update", pcc_consent: {necessary: true, performance: …}}: a plain
// object, as GTM's own pushes are (gtag commands are `arguments`).
export function dataLayerEvent(event, states) {
  window.dataLayer = window.dataLayer || [];
  window.dataLayer.push({ event, pcc_consent: { necessary: true, ...states } });
}

// The container: first what Google's GTM snippet pushes just before it requests gtm.js
// (the container's "page view" triggers fire on it), then gtm.js, once per page.
export function insertContainer(src, nonce) {
  if (document.querySelector('script[data-pcc-consent-service="google-tag-manager"]')) return false;
  window.dataLayer = window.dataLayer || [];
  window.dataLayer.push({ "gtm.start": new Date().getTime(), event: "gtm.js" });
  return insertServiceScript("google-tag-manager", src, nonce);
}

// window['ga-disable-<id>'] for every GA4 id a GTM container has loaded (gtag.js lists
// each in window.google_tag_manager): Google's switch that stops every hit.
export function setContainerGaDisabled(disabled) {
  const loaded = window.google_tag_manager;
  if (!loaded || typeof loaded !== "object") return;
  for (const id of Object.keys(loaded)) if (/^G-[A-Z0-9]+$/.test(id)) window[`ga-disable-${id}`] = disabled;
}

export function newDate() {
  return new Date();
}
