// A visitor's "accept all" or "reject all" recorded without the WebAssembly module, for
// when it cannot load (blocked, 404, integrity mismatch, a CSP without
// 'wasm-unsafe-eval'). It owns writing that one record exactly as the Rust core writes
// it (src/consent/record.rs StoredRecord, src/storage.rs: web storage's full record and
// the cookie's reduced form). It starts nothing: only the module can withdraw what
// starts, so the choice takes effect on the next page where the module loads.
//
// It must never write what the Rust core would refuse or read differently: only for the
// settings the fast path fully understands (settings.js; anything else needs the module
// and is said so on the console), only the two whole-page decisions, and the module,
// when it boots on a later page, honours the record with the same verdict
// (tests/e2e/module-blocked.test.mjs proves it).
import { tagSettings } from "./returning/settings.js";
import { vouched, APPLIED, cancelPendingInserts } from "./returning/index.js";
import { OPTIONAL, ASKED, DAY, floorMinute } from "./shared.js";


/** A new consent id: 16 random bytes as 32 hex digits (ConsentId::from_bytes). */
function newId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The stored value for a record (StoredRecord's fields, in its order, empty ones left out). */
function stored(r) {
  const out = { v: r.v };
  if (r.id) out.id = r.id;
  Object.assign(out, { rev: r.rev, at: r.at, exp: r.exp, how: r.how, grant: r.grant, chg: r.chg });
  if (r.seq > 1) out.seq = r.seq;
  if (r.off) out.off = r.off;
  return JSON.stringify(out);
}

/**
 * Records `how` ("accept_all" or "reject_all") for the page configured by `tag`, applies
 * it, and returns "saved", or "failed" where storage refused it (it then holds for this
 * page only: said on the console); false (and a console error) where only the module can:
 * settings only it reads, or a page that logs each choice (`data-log-url`: the record
 * the site's server keeps as evidence is the module's to send, and no choice may stand
 * without it). `leaving`: the page is going (pagehide), so a reload waits for a return
 * from the back/forward cache.
 */
export function decideWithoutModule(tag, how, leaving = false) {
  if (how !== "accept_all" && how !== "reject_all") {
    console.error(`pcc-consent: decideWithoutModule: unknown decision ${JSON.stringify(how)}; nothing recorded`);
    return false;
  }
  const gated = [...document.querySelectorAll("[data-pcc-consent]")].map((e) => e.getAttribute("data-pcc-consent") || "");
  const facts = tagSettings(tag, gated);
  if (!facts || tag?.hasAttribute("data-log-url")) {
    console.error("pcc-consent: this page's settings need the banner's module to record a choice, and it is not loaded; nothing recorded");
    return false;
  }
  const now = Date.now();
  const offered = OPTIONAL.filter((c) => facts.offered.includes(c));
  const grant = how === "accept_all" ? offered : [];
  // As ConsentState::decide: the vouched record's id continues, with the next decision
  // number (the record as the fast path read it: returning/index.js).
  const before = vouched ? vouched.granted : [];
  const id = vouched?.record.id || newId();
  const seq = vouched?.record.id ? vouched.record.seq + 1 : 1;
  const asked = ASKED.filter((c) => offered.includes(c));
  const record = {
    v: 1,
    id,
    rev: facts.revision,
    at: now,
    exp: now + facts.expiryDays * DAY,
    how,
    grant,
    chg: OPTIONAL.filter((c) => grant.includes(c) !== before.includes(c)),
    seq,
    off: asked.length < ASKED.length ? asked : null,
  };
  const cookie = { ...record, v: 2, id: null, seq: 1, at: floorMinute(record.at), exp: floorMinute(record.exp) };
  const narrower = before.some((c) => !grant.includes(c));
  // A withdrawal before the fast path's vendor scripts went in: they do not.
  if (narrower) cancelPendingInserts();
  let outcome = "saved";
  const secure = window.location.protocol === "https:";
  const name = secure ? `__Host-${facts.cookieName}` : facts.cookieName;
  try {
    window.localStorage.setItem(facts.cookieName, stored(record));
    const maxAge = Math.floor((record.exp - now) / 1000);
    document.cookie = `${name}=${encodeURIComponent(stored(cookie))}; Path=/; SameSite=Lax; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
  } catch (error) {
    console.error("pcc-consent: could not store the choice (storage or cookies blocked); it holds for this page only", error);
    outcome = "failed";
  }
  if (window[APPLIED]) {
    // Applied from the stored choice before the module failed. A withdrawal must stop
    // what runs at once, and only a reload can without the module (the reloaded page
    // applies nothing without it: module.js remembered the failure); a wider choice
    // starts nothing here, as on any page without the module.
    if (narrower) {
      if (!leaving) reloadWithoutModule("this withdrawal");
      else if (outcome === "saved") window.addEventListener("pageshow", () => window.location.reload(), { once: true });
    } else if (!leaving) console.warn("pcc-consent: the new choice is stored and applies from the next page where the banner's module loads");
    return outcome;
  }
  // Recorded, not started: the optional services a visitor accepts here start on a page
  // where the module loads, because only the module can withdraw them again (the
  // dialog, the cookies page, other tabs); consent must be as easy to withdraw as to give.
  if (grant.length && !leaving) {
    console.warn("pcc-consent: the choice is stored; the optional services it allows start on the next page where the banner's module loads (only it can withdraw them)");
  }
  return outcome;
}

/**
 * A withdrawal (`why`) on a page where the loader started services from the stored
 * choice and the module then failed: the page reloads, so nothing it started keeps
 * running; the reloaded page applies nothing without the module (loader.js, module.js
 * `failedBefore`). Said on the console first.
 */
export function reloadWithoutModule(why) {
  console.warn(
    `pcc-consent: ${why} may stop services this page started from the stored choice, and the banner's module could not load to stop them: reloading the page (without the module it starts nothing optional)`,
  );
  window.location.reload();
}
