// window.pccConsent before the WebAssembly module has booted (src/api.rs defines the
// full API and replaces this stub when it boots). It owns the stub's answers and the
// queue of calls made before the module is there.
//
// It must never answer what the module would not: get() and accepted() answer from the
// stored record only where the loader vouched for it (the returning-visitor fast path,
// the same record, shaped as src/events.rs `record_js` shapes it); otherwise nothing is
// in effect yet, so get() is null and accepted() false until `pcc-consent:ready`. Action
// calls are never dropped: they start the module and run, in order, once it has booted;
// if it cannot load, acceptAll() / rejectAll() still record the choice (fallback.js) and
// the rest say on the console that they need the module.
import { startModule, moduleState } from "./module.js";
import { vouched } from "./returning/index.js";
import { decideWithoutModule } from "./fallback.js";
import { dropFirstView } from "./first_view.js";
import { OPTIONAL } from "./shared.js";

const SERVICES = [
  ["ga4", "ga"],
  ["clarity", "clarity"],
  ["gtm", "gtm"],
];
const iso = (ms) => new Date(ms).toISOString();

/** The vouched record as the module's get() gives it (events.rs record_js). */
function recordOf({ record, facts }) {
  // The record as stored (what the visitor chose then), as the module's get() gives it;
  // accepted() answers what is in effect now (limited to what the page offers).
  const categories = { necessary: true };
  for (const c of OPTIONAL) {
    const on = record.grant.includes(c);
    if (c === "statistics" && !on && !record.optout.includes(c)) continue;
    categories[c] = on;
  }
  const out = {
    schema: 1,
    id: record.id ?? null,
    revision: record.rev,
    givenAt: iso(record.at),
    expiresAt: iso(record.exp),
    method: record.how,
    categories,
    changed: [...record.chg],
  };
  if (record.optout.length) out.optOut = [...record.optout];
  const services = {};
  for (const [id, key] of SERVICES) {
    const s = facts.services[key];
    if (!s || !facts.offered.includes(s.category)) continue;
    (services[s.category] ||= {})[id] = record.grant.includes(s.category);
  }
  if (Object.keys(services).length) out.services = services;
  return out;
}

/** Defines the stub on `window` unless the page already has a pccConsent of its own; `tag` configures the page. */
export function installStub(tag) {
  // Own properties only: an element with id="pccConsent" is reachable as
  // window.pccConsent too (named access), and must not keep the API away.
  if (Object.prototype.hasOwnProperty.call(window, "pccConsent")) return;
  const stub = {};
  // Calls waiting for the module. Where they are only acceptAll() / rejectAll() and the
  // visitor leaves before it has booted, the last one is recorded as the page goes
  // (fallback.js), so a choice is never lost to a quick link or reload.
  const pending = new Set();
  window.addEventListener("pagehide", () => {
    const calls = [...pending];
    if (!calls.length || calls.some((c) => c.name !== "acceptAll" && c.name !== "rejectAll")) return;
    // Recorded or not (settings only the module records), the calls go with the page:
    // never replayed after a return from the back/forward cache, where a choice made on
    // a later page would be newer.
    pending.clear();
    if (decideWithoutModule(tag, calls[calls.length - 1].name === "acceptAll" ? "accept_all" : "reject_all", true) === "saved") dropFirstView();
  });
  const queue = (name, args) => {
    const call = { name };
    pending.add(call);
    return startModule(`window.pccConsent.${name}()`).then((ok) => {
      // Recorded as the page went (a page restored from the bfcache does not repeat it).
      if (!pending.delete(call)) return undefined;
      const api = window.pccConsent;
      if (ok && api && api !== stub && typeof api[name] === "function") return api[name](...args);
      if ((name === "acceptAll" || name === "rejectAll") && !ok) {
        if (decideWithoutModule(tag, name === "acceptAll" ? "accept_all" : "reject_all")) dropFirstView();
        return undefined;
      }
      console.error(`pcc-consent: window.pccConsent.${name}() needs the banner's module, which could not load; nothing changed`);
      return undefined;
    });
  };
  for (const name of ["acceptAll", "rejectAll", "accept", "reset", "showPreferences"]) {
    stub[name] = (...args) => {
      // Once booted, a page holding the stub still reaches the real API at once.
      const api = window.pccConsent;
      if (moduleState() === "ready" && api !== stub) return api[name](...args);
      queue(name, args);
      return undefined;
    };
  }
  stub.get = () => {
    const api = window.pccConsent;
    if (moduleState() === "ready" && api !== stub) return api.get();
    startModule("window.pccConsent.get()");
    return vouched ? recordOf(vouched) : null;
  };
  stub.accepted = (category, service) => {
    const api = window.pccConsent;
    if (moduleState() === "ready" && api !== stub) return api.accepted(category, service);
    startModule("window.pccConsent.accepted()");
    if (!["necessary", ...OPTIONAL].includes(category)) {
      console.error(`accepted(${JSON.stringify(category) ?? "that value"}): unknown category`);
      return false;
    }
    if (!vouched) return false;
    const allowed = category === "necessary" || vouched.granted.includes(category);
    if (service === undefined) return allowed;
    const known = SERVICES.find(([id, key]) => id === service && vouched.facts.services[key]?.category === category);
    if (!known || !vouched.facts.offered.includes(category)) {
      console.error(
        `accepted(${JSON.stringify(category)}, ${JSON.stringify(service) ?? "that value"}): not a service this page runs under ${category}`,
      );
      return false;
    }
    return allowed;
  };
  window.pccConsent = stub;
}
