// The loader's reading of the visitor's stored choice, for the returning-visitor fast
// path (src/js/returning/index.js). It owns one question: "does the stored choice stand,
// and what does it grant?", answered without the WebAssembly.
//
// It must never honour a value the Rust core would refuse (src/consent/record.rs,
// src/consent/copies.rs, Standing::assess): it answers only for values it fully
// recognises, exactly as this version writes them, and returns null ("not recognised:
// let the Rust core decide") for everything else: another schema version (a newer
// record with per-service choices included), a value written with other spacing, key
// order or number form, several cookies, a cookie without a web storage copy. Null
// never grants anything: the caller then boots the WebAssembly, which decides.
// tests/fixtures/stored-records.json and its mutated companion are run against both
// (cargo test natively, tests/e2e/stored-records.test.mjs in Chromium).

import { OPTIONAL, ASKED, MINUTE, DAY, floorMinute } from "../shared.js";

const METHODS = ["accept_all", "reject_all", "custom"];
// The stored keys, in the order Rust writes them (StoredRecord).
const KEYS = ["v", "id", "rev", "at", "exp", "how", "grant", "chg", "seq", "off", "optout"];
const MAX_EXPIRY_DAYS = 395;
const MAX_LEN = 1024;
const U32 = 4_294_967_295;

const isU32 = (n) => Number.isSafeInteger(n) && n >= 0 && n <= U32;
const isTime = (n) => Number.isSafeInteger(n) && n >= 0;

/** A list of distinct optional category ids, or null. */
function categories(list) {
  if (!Array.isArray(list)) return null;
  const seen = [];
  for (const id of list) {
    if (typeof id !== "string" || !OPTIONAL.includes(id) || seen.includes(id)) return null;
    seen.push(id);
  }
  return seen;
}

/**
 * One stored value (web storage's, or a cookie's decoded) as a record, or null when it
 * is not exactly what this version writes. Checks what StoredRecord::into_record checks.
 */
export function parseRecord(raw) {
  if (typeof raw !== "string" || raw.length > MAX_LEN || !/^[\x20-\x7e]*$/.test(raw)) return null;
  let r;
  try {
    r = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!r || typeof r !== "object" || Array.isArray(r)) return null;
  const keys = Object.keys(r);
  if (keys.some((k) => !KEYS.includes(k))) return null;
  // Rust writes these keys in this order, compactly, with no escapes: anything else
  // (spaces, another order, a repeated key, 1e3, \u0061) was not written by us.
  const canonical = {};
  for (const k of KEYS) if (k in r) canonical[k] = r[k];
  if (JSON.stringify(canonical) !== raw) return null;
  if (r.v === 1) {
    if (typeof r.id !== "string" || !/^[0-9a-f]{32}$/.test(r.id)) return null;
  } else if (r.v === 2) {
    if ("id" in r) return null;
  } else {
    return null;
  }
  if (!isU32(r.rev) || !isTime(r.at) || !isTime(r.exp)) return null;
  if (r.v === 2 && (r.at % MINUTE !== 0 || r.exp % MINUTE !== 0)) return null;
  if ("seq" in r && (r.v !== 1 || !isU32(r.seq) || r.seq < 2)) return null;
  if (!METHODS.includes(r.how)) return null;
  const grant = categories(r.grant);
  const chg = categories(r.chg);
  if (!grant || !chg) return null;
  let off = null;
  if ("off" in r) {
    off = categories(r.off);
    if (!off || off.some((c) => !ASKED.includes(c))) return null;
    if (grant.some((g) => ASKED.includes(g) && !off.includes(g))) return null;
  }
  let optout = [];
  if ("optout" in r) {
    optout = categories(r.optout);
    // Never written empty; only statistics and functionality may run until objection.
    if (!optout || !optout.length || optout.some((c) => c !== "statistics" && c !== "functionality")) return null;
  }
  if (r.exp <= r.at || r.exp - r.at > MAX_EXPIRY_DAYS * DAY) return null;
  if (r.how === "reject_all" && grant.length) return null;
  // The id and decision number too: the next decision continues them (fallback.js).
  return { v: r.v, id: r.id, rev: r.rev, at: r.at, exp: r.exp, how: r.how, grant, chg, seq: r.seq || 1, off, optout };
}

const sameSet = (a, b) => (a === null || b === null ? a === b : a.length === b.length && a.every((x) => b.includes(x)));

/** Whether `cookie` (a v2 record) is `full`'s cookie form: ConsentRecord::same_decision. */
function sameDecision(full, cookie) {
  return (
    cookie.v === 2 &&
    cookie.rev === full.rev &&
    cookie.at === floorMinute(full.at) &&
    cookie.exp === floorMinute(full.exp) &&
    cookie.how === full.how &&
    sameSet(cookie.grant, full.grant) &&
    sameSet(cookie.chg, full.chg) &&
    sameSet(cookie.off, full.off) &&
    sameSet(cookie.optout, full.optout)
  );
}

/** decodeURIComponent, or the value as is where it does not decode (as storage.rs does). */
function decode(raw) {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The optional categories the stored choice grants now (in list order), or null: no
 * choice the loader can vouch for. `stored`: the web storage value (or null);
 * `cookies`: every [name, raw value] pair of document.cookie, in order; `facts`:
 * { cookieName, revision, expiryDays, offered (category ids), now } as the site's
 * settings give them (settings.js).
 *
 * Honoured only when web storage holds a record this version wrote and every consent
 * cookie (at most one) is the same decision: then every Rust rule picks that record
 * (src/consent/copies.rs). Then as Standing::assess + offering: not dated in the
 * future, revision current, not expired (its own expiry or the site's shorter one),
 * every category asked about offered then; the grant is limited to what is offered now.
 */
export function storedChoice(stored, cookies, facts) {
  const record = stored === null ? null : parseRecord(stored);
  if (!record || record.v !== 1) return null;
  const names = [facts.cookieName, `__Host-${facts.cookieName}`];
  const ours = cookies.filter(([name]) => names.includes(name));
  if (ours.length > 1) return null;
  if (ours.length === 1) {
    const cookie = parseRecord(decode(ours[0][1]));
    if (!cookie || !sameDecision(record, cookie)) return null;
  }
  const { revision, expiryDays, offered, now } = facts;
  if (record.at > now || record.rev < revision) return null;
  const expires = Math.min(record.exp, record.at + expiryDays * DAY);
  if (now >= expires || now < record.at - DAY) return null;
  if (record.off && offered.some((c) => ASKED.includes(c) && !record.off.includes(c))) return null;
  return OPTIONAL.filter((c) => record.grant.includes(c) && offered.includes(c));
}

/** Every [name, raw value] pair of a document.cookie string, in order (cookie.rs's `pairs`). */
export function cookiePairs(all) {
  const out = [];
  for (const pair of all.split(";")) {
    const at = pair.indexOf("=");
    const name = (at < 0 ? pair : pair.slice(0, at)).trim();
    if (name) out.push([name, at < 0 ? "" : pair.slice(at + 1).trim()]);
  }
  return out;
}
