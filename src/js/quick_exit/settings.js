// Quick exit, step 1: read the settings from the script tag. Owns the texts (English and
// Welsh) and the language rule, which src/i18n.rs mirrors so the banner and the exit
// button always agree. Must never throw: a bad value is reported on the console and
// the default used.

export const DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather";

export const TEXTS = {
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

/**
 * `en` or `cy` from a language tag's primary subtag, any case (`CY`, `cy-GB`); null for
 * anything else. src/i18n.rs decides the banner's language the same way.
 */
export function langOf(tag) {
  const primary = (tag || "").trim().split("-")[0].toLowerCase();
  return primary === "en" || primary === "cy" ? primary : null;
}

/**
 * Whether `url` may be the exit URL. The same rule as `is_absolute_http_url` in
 * src/config/validate.rs (which the configurator checks data-exit-url with): http:// or
 * https:// in any case, a non-empty host before the first / ? or #, and no space or
 * control character. Both are tested on tests/fixtures/absolute-urls.json. One addition:
 * `new URL()` must parse it (the browser has to be able to go there), which refuses the
 * few strings no browser can open (a port over 65535, a bad IPv6 host).
 */
export function isExitUrl(url) {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f ]/.test(url)) return false;
  const scheme = /^https?:\/\/([^/?#]*)/i.exec(url);
  if (!scheme || scheme[1] === "") return false;
  try {
    new URL(url);
    return true;
  } catch (_) {
    return false;
  }
}

/**
 * The quick-exit settings of `script` (an element, or null: then quick exit is off):
 * { escape, shift, single, exitUrl, texts, hint }. Bad values are reported and defaulted.
 */
export function readSettings(script, doc = document) {
  const attr = (name) => (script && script.getAttribute && script.getAttribute(name)) || "";
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
    if (isExitUrl(url)) exitUrl = url;
    else console.error(`pcc-consent: ignoring data-exit-url=${JSON.stringify(url)}: expected an absolute http or https URL; using the default`);
  }
  const history = attr("data-quick-exit-history").trim().toLowerCase() || "default";
  if (history !== "single" && history !== "default") {
    console.error(`pcc-consent: ignoring data-quick-exit-history=${JSON.stringify(history)}: expected single or default; using the default`);
  }
  // A bad data-lang is reported by the banner's config; here it just falls through.
  const lang = langOf(attr("data-lang")) || langOf(doc.documentElement.getAttribute("lang")) || "en";
  // The texts carry their language: every piece of the exit declares it (issue 24).
  const texts = { ...TEXTS[lang], lang };
  const hint = escape && shift ? texts.bothHint : escape ? texts.escapeHint : texts.shiftHint;
  return { escape, shift, single: history === "single", exitUrl, lang, texts, hint };
}
