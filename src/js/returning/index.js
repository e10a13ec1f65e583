// The returning-visitor fast path: a valid stored choice applied without the
// WebAssembly (issue 33; ../shared/docs/perf-profile.md §4). It owns one step at
// DOMContentLoaded: read the settings and the stored choice (settings.js, record.js),
// and when both are fully recognised do what the Rust gate's start does for that
// choice (src/gate/mod.rs `start`, google.rs, gtm.rs, clarity.rs), in the same order
// and through the same JS (src/gate/vendor_stubs.js): the Consent Mode default, the
// update and the `pcc_consent_update` event, `ga-disable-<id>`, the vendor scripts.
// It then leaves what it applied in window[Symbol.for("pcc-consent.applied")], so the
// WebAssembly, when it starts, applies only what differs (nothing is inserted twice).
//
// It must never grant what the Rust core would not: anything it does not fully
// recognise (settings, stored values, gated content needing placeholders, a cookies
// page) returns false, and the loader boots the WebAssembly at once, as before.

import { tagSettings } from "./settings.js";
import { storedChoice, cookiePairs, parseRecord } from "./record.js";
import { watchUngatedVendors } from "../../gate/ungated_vendors.js";
import { nextTask } from "../module.js";
import {
  gtagCommand,
  clarityCommand,
  insertServiceScript,
  insertContainer,
  dataLayerEvent,
  setContainerGaDisabled,
} from "../../gate/vendor_stubs.js";

export const APPLIED = Symbol.for("pcc-consent.applied");
// What the fast path applied: { record (its stored id kept), facts, granted }, for the
// window.pccConsent stub's answers before the WebAssembly boots (src/js/stub.js).
export let vouched = null;
// What needs the WebAssembly from the start: gated content (its placeholders' texts)
// and the cookies page's form and table.
export const NEEDS_WASM = "script[data-pcc-consent], iframe[data-pcc-consent], [data-pcc-consent-settings], [data-pcc-consent-declaration]";

/** Consent Mode v2 signals for `granted` (vendor_signals.rs `google_consent`). */
function googleConsent(granted) {
  const on = (c) => (granted.includes(c) ? "granted" : "denied");
  return {
    ad_storage: on("targeting"),
    ad_user_data: on("targeting"),
    ad_personalization: on("targeting"),
    analytics_storage: on("performance"),
    functionality_storage: on("functionality"),
    personalization_storage: on("functionality"),
    security_storage: "granted",
  };
}

/** `base` with `id=<id>` unless it has one (google.rs `with_id`). */
const withId = (base, id) => (base.includes("id=") ? base : `${base}${base.includes("?") ? "&" : "?"}id=${encodeURIComponent(id)}`);

/**
 * Applies the stored choice for the page configured by `tag`, if the loader can vouch
 * for it; returns whether it did.
 */
export function applyStoredChoice(tag) {
  if (window[APPLIED] || document.querySelector(NEEDS_WASM)) return false;
  const facts = tagSettings(tag);
  if (!facts) return false;
  let stored;
  let cookies;
  try {
    stored = window.localStorage.getItem(facts.cookieName);
    cookies = cookiePairs(document.cookie);
  } catch {
    // Storage or cookies blocked: the Rust core reports it.
    return false;
  }
  const granted = storedChoice(stored, cookies, { ...facts, now: Date.now() });
  if (!granted) return false;
  const nonce = (tag && tag.nonce) || "";
  const allows = (category) => granted.includes(category);
  const { ga, gtm, clarity } = facts.services;
  // As gate::start with the stored choice (before: nothing; decided: yes).
  watchUngatedVendors();
  if (ga || gtm) gtagCommand("consent", "default", googleConsent([]));
  if ((granted.length || gtm) && (ga || gtm)) {
    gtagCommand("consent", "update", googleConsent(granted));
    if (gtm) {
      const states = {};
      for (const c of facts.offered) states[c] = c === "necessary" || allows(c);
      dataLayerEvent("pcc_consent_update", states);
    }
  }
  // The vendor scripts go in (in this order) in the next task: inserting one starts its
  // fetch, the costliest step here, and this task runs in the parser's, before
  // DOMContentLoaded. Nothing can narrow the choice in between but a choice recorded
  // without the module, which cancels them (fallback.js); the module cannot have booted.
  const inserts = [];
  if (ga) {
    window[`ga-disable-${ga.id}`] = !allows(ga.category);
    if (allows(ga.category)) {
      inserts.push(() => insertServiceScript("google-analytics", withId("https://www.googletagmanager.com/gtag/js", ga.id), nonce));
      gtagCommand("js", new Date());
      gtagCommand("config", ga.id);
    }
  }
  if (gtm && allows(gtm.category)) {
    setContainerGaDisabled(false);
    inserts.push(() => insertContainer(withId("https://www.googletagmanager.com/gtm.js", gtm.id), nonce));
  }
  if (clarity && allows(clarity.category)) {
    clarityCommand("consentv2", {
      ad_Storage: allows("targeting") ? "granted" : "denied",
      analytics_Storage: allows("performance") ? "granted" : "denied",
    });
    inserts.push(() => insertServiceScript("clarity", `https://www.clarity.ms/tag/${clarity.id}`, nonce));
  }
  window[APPLIED] = granted;
  vouched = { record: parseRecord(stored), facts, granted };
  if (inserts.length) insertSoon(inserts);
  return true;
}

// The vendor scripts applyStoredChoice has yet to insert.
let pending = null;

/**
 * Runs `inserts` in a task of their own, the next one (module.js `nextTask`). Lighthouse's
 * mobile run counts a task at 4x and a long task from 50 ms: the fast path's task was
 * one (29 ms at 1x under DevTools, about 10 of them inserting); it is shorter without them.
 */
function insertSoon(inserts) {
  pending = inserts;
  nextTask().then(() => {
    const run = pending || [];
    pending = null;
    for (const insert of run) insert();
  });
}

/** A choice recorded without the module (fallback.js): what the stored one would still start, it must not. */
export function cancelPendingInserts() {
  pending = null;
}
