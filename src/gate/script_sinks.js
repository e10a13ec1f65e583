// The one place a URL or text becomes script: every <script> and gated <iframe> the
// gate inserts gets its URL or code here. It owns the Trusted Types policy
// "pcc-consent" (the README tells sites to allow `trusted-types pcc-consent`) and the
// check that a site's data-src is an http(s) or relative URL. It never throws: what a
// page refuses is reported on the console with the fix, and the caller carries on.

const POLICY_NAME = "pcc-consent";
const REPORT_LIMIT = 5;

// undefined: not tried yet; null: this page has no Trusted Types or refused the name.
let policy;
let refusals = 0;

/** The policy, created on first use (a page that never runs a script never asks). */
function trustedPolicy() {
  if (policy !== undefined) return policy;
  policy = null;
  const factory = window.trustedTypes;
  if (factory && typeof factory.createPolicy === "function") {
    try {
      policy = factory.createPolicy(POLICY_NAME, {
        // Only what loadableUrl() let through reaches here; checked again so nothing
        // else can use the policy to turn a string into a script URL.
        createScriptURL: (url) => {
          if (loadableUrl(url).url !== url) throw new TypeError(`pcc-consent: refused script URL ${url}`);
          return url;
        },
        // The text of a site's own gated <script type="text/plain">, run once consented.
        createScript: (text) => text,
      });
    } catch {
      // The page's CSP names other policies (`trusted-types …` without pcc-consent).
      // Plain strings still work where Trusted Types are not enforced.
    }
  }
  return policy;
}

/**
 * `{ url }`: the absolute http(s) URL for `raw` (resolved against the page) when it is
 * an http(s) URL or a relative one; `{ error }` otherwise. A value that looks relative
 * but is read by browsers as another host (`//evil.example`, `/\evil.example`, with
 * tabs or newlines inside) is an absolute URL in disguise, and refused as such.
 */
export function loadableUrl(raw) {
  const value = String(raw ?? "");
  let resolved;
  try {
    resolved = new URL(value, document.baseURI);
  } catch {
    return { error: "is not a URL" };
  }
  if (resolved.protocol !== "https:" && resolved.protocol !== "http:") {
    return { error: `is a ${resolved.protocol} URL, not http(s)` };
  }
  // Written without a scheme, it must stay on the page's own host.
  const hasScheme = /^[\s\x00-\x1f]*[a-z][a-z0-9+.-]*:/i.test(value);
  if (!hasScheme && resolved.host !== new URL(document.baseURI).host) {
    return { error: `looks relative but browsers load it from ${resolved.origin}; write the full URL (${resolved.href}) if that host is meant` };
  }
  return { url: resolved.href };
}

/** Sets `script.src`; false (reported) if the page refuses it. */
export function setScriptSource(script, url, what) {
  const checked = loadableUrl(url);
  if (checked.error) {
    console.error(`pcc-consent: not loading ${what}: its URL ${JSON.stringify(url)} ${checked.error}.`);
    return false;
  }
  return assign(() => {
    const p = trustedPolicy();
    script.src = p ? p.createScriptURL(checked.url) : checked.url;
  }, what);
}

/** Sets `script.text`; false (reported) if the page refuses it. */
export function setScriptText(script, text, what) {
  return assign(() => {
    const p = trustedPolicy();
    script.text = p ? p.createScript(text) : text;
  }, what);
}

function assign(set, what) {
  try {
    set();
    return true;
  } catch (error) {
    reportRefusal(what, error);
    return false;
  }
}

function reportRefusal(what, error) {
  refusals += 1;
  if (refusals > REPORT_LIMIT) return;
  const trustedTypes = error instanceof TypeError && window.trustedTypes && !policy;
  const why = trustedTypes
    ? `this page's Content Security Policy requires Trusted Types and does not allow the policy "${POLICY_NAME}". ` +
      `Fix: add ${POLICY_NAME} to the CSP's trusted-types directive (trusted-types ${POLICY_NAME}).`
    : `the page refused it (${error && error.message ? error.message : error}).`;
  const more = refusals === REPORT_LIMIT ? " Further refusals are not reported." : "";
  console.error(`pcc-consent: could not start ${what}: ${why}${more}`);
}

/**
 * Called right after a script we made is inserted (it has started: it runs or loads
 * whatever its attributes say from now on): marks it inert, so a copy of the page
 * that Turbo or htmx saves and later restores, re-creating every <script> from its
 * attributes, finds a text/plain script that runs nothing.
 */
export function neutralise(script) {
  script.setAttribute("data-pcc-consent-copy", "");
  script.type = "text/plain";
}
