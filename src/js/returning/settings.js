// The site's settings as the returning-visitor fast path needs them, read from the
// tag's data-* attributes without the WebAssembly. It owns only the subset of the
// config (src/config/attributes.rs) that decides what a stored choice grants and which
// vendor scripts load: categories, revision, expiry, cookie name, GA4 / Clarity / Tag
// Manager ids and categories.
//
// It must never guess: any attribute it does not know, any value it would read
// differently from Rust, and every setting it does not handle (the config block,
// data-storage="session", data-cookie-domain, data-opt-out, data-*-src, a service under
// statistics) gives null, and the WebAssembly reads the config instead. The shared
// corpus (tests/fixtures/stored-records.json) carries attributes so both readers are
// run on the same input.

// Settings that change nothing on the returning-visitor path (texts, links, the
// evidence log, the quick exit, the settings button, the privacy signal, which a
// valid choice of the visitor's own stands over).
import { OPTIONAL, ASKED } from "../shared.js";

const INERT = /^data-(site-name|policy-url|lang|log-url|gpc|reload-on-withdraw|settings-button|quick-exit|quick-exit-history|exit-url)$/;
const ALL = ["necessary", ...OPTIONAL];
const U32 = 4_294_967_295;
const SERVICES = {
  ga: /^G-[A-Z0-9]+$/,
  clarity: /^[A-Za-z0-9]+$/,
  gtm: /^GTM-[A-Z0-9]{4,12}$/,
};

/** A whole number from 1 to `max` written plainly, or null. */
function whole(value, max) {
  if (!/^[1-9][0-9]{0,9}$/.test(value)) return null;
  const n = Number(value);
  return n <= max ? n : null;
}

/** fastSettings for the page configured by `tag` (an element or null); `gated` as below. */
export function tagSettings(tag, gated = []) {
  const attrs = tag ? tag.getAttributeNames().map((n) => [n, tag.getAttribute(n)]) : [];
  return fastSettings(attrs, gated, !!document.getElementById("pcc-consent-config"));
}

/**
 * { cookieName, revision, expiryDays, offered, services } or null. `attrs`: the tag's
 * [name, value] pairs; `gated`: the data-pcc-consent values of the page's gated
 * content; `hasBlock`: the page has a #pcc-consent-config block.
 */
export function fastSettings(attrs, gated, hasBlock) {
  if (hasBlock) return null;
  const facts = { cookieName: "pcc_consent", revision: 1, expiryDays: 365, offered: null, services: {} };
  const parts = { ga: {}, clarity: {}, gtm: {} };
  for (const [name, raw] of attrs) {
    if (!name.startsWith("data-")) continue;
    if (INERT.test(name)) continue;
    // JS's trim and \s count more characters as spaces than Rust's (U+FEFF, a CMS
    // paste's stray byte-order mark): outside ASCII the two readers could disagree on a
    // value, so such a tag goes the Rust path.
    if (/[^\x00-\x7f]/.test(raw)) return null;
    const value = raw.trim();
    const service = /^data-(ga|clarity|gtm)-(id|category)$/.exec(name);
    if (service) {
      const [, which, part] = service;
      if (part === "id" && !SERVICES[which].test(value)) return null;
      // Statistics is turned into performance by the config (settle_opt_out): Rust's call.
      if (part === "category" && !ASKED.includes(value)) return null;
      parts[which][part] = value;
      continue;
    }
    switch (name) {
      case "data-categories": {
        const items = value.split(/[\s,]+/).filter(Boolean);
        if (items.some((c) => !ALL.includes(c))) return null;
        facts.offered = ALL.filter((c) => c === "necessary" || items.includes(c));
        break;
      }
      case "data-revision":
        if ((facts.revision = whole(value, U32)) === null) return null;
        break;
      case "data-expiry-days":
        if ((facts.expiryDays = whole(value, 395)) === null) return null;
        break;
      case "data-storage":
        if (value !== "persistent") return null;
        break;
      case "data-cookie-name":
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) return null;
        facts.cookieName = value;
        break;
      default:
        // data-storage="session", data-cookie-domain, data-opt-out, data-*-src, and
        // anything unknown: the WebAssembly reads it.
        return null;
    }
  }
  for (const which of Object.keys(parts)) {
    const { id, category = "performance" } = parts[which];
    if (parts[which].category && !id) continue;
    if (id) facts.services[which] = { id, category };
  }
  if (!facts.offered) {
    // Not listed: the categories in use (offered.rs), else every one but statistics.
    const services = Object.values(facts.services);
    const used = ASKED.filter((c) => services.some((s) => s.category === c) || gated.some((g) => g.trim() === c));
    facts.offered = used.length ? ["necessary", ...used] : ["necessary", ...ASKED];
  }
  return facts;
}
