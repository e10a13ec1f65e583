// Google Analytics (gtag.js, analytics.js), Google Tag Manager and Microsoft Clarity
// loaded by anything but the banner: the most common mistake when a site moves to a
// consent banner is leaving the vendor's own snippet in the page, which then runs before
// consent. This file only reports: it cannot stop a script that already ran, and it
// never removes or changes the site's markup. It must never stay silent about one.
//
// Found at start and for scripts added later (MutationObserver): a <script src> to the
// vendors' hosts, their inline loader snippets (recognised by content), and, at start, a
// live `google_tag_manager` or `clarity` object the banner did not create. Each is
// reported once, with console.error naming the element and the fix, and a
// `pcc-consent:problem` event (dispatched on document, bubbling to window; detail
// `{ kind: "ungated-vendor", vendor: "ga4" | "gtm" | "clarity", element, message }`).
//
// Never reported: the banner's own scripts (data-pcc-consent-service), the site's gated
// scripts (data-pcc-consent, still text/plain or the copy the gate ran), anything that
// is not JavaScript (a JSON config block), and vendor scripts added after the banner or a
// consented gated script loaded that vendor (see BRINGS).

const NAMES = { ga4: "Google Analytics", gtm: "Google Tag Manager", clarity: "Microsoft Clarity" };
const FIX = {
  ga4: "Remove this snippet; data-ga-id replaces it.",
  gtm: "Remove this snippet; data-gtm-id replaces it.",
  clarity: "Remove this snippet; data-clarity-id replaces it.",
};
// What a consented load of a vendor may bring in after it: a GTM container loads any
// Google tag (gtag.js for its GA4 tags); gtag.js loads more of gtag.js's own scripts;
// Clarity's tag loads its recorder.
const BRINGS = { gtm: ["gtm", "ga4"], ga4: ["ga4"], clarity: ["clarity"] };

const reported = new WeakSet();
const reportedVendors = new Set();
const consented = new Set();
let watching = false;

/** The vendor a script URL belongs to, or null. */
export function vendorOfUrl(raw) {
  let url;
  try {
    url = new URL(raw, document.baseURI);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  if (host === "www.googletagmanager.com" || host === "googletagmanager.com") {
    return /^\/(gtm\.js|ns\.html)/.test(url.pathname) ? "gtm" : "ga4";
  }
  if (host === "www.google-analytics.com" || host === "google-analytics.com" || host === "ssl.google-analytics.com") return "ga4";
  if (host === "clarity.ms" || host.endsWith(".clarity.ms")) return "clarity";
  return null;
}

/** The vendor an inline script's text loads or configures, or null. */
export function vendorOfText(text) {
  const t = String(text || "");
  if (/googletagmanager\.com\/gtm\.js|['"]gtm\.start['"]/i.test(t)) return "gtm";
  if (/googletagmanager\.com\/gtag\/js|google-analytics\.com\/(analytics|ga)\.js|gtag\(\s*['"]config['"]\s*,\s*['"](G|UA)-/i.test(t)) return "ga4";
  if (/clarity\.ms\/tag\/|\(\s*window\s*,\s*document\s*,\s*['"]clarity['"]/i.test(t)) return "clarity";
  return null;
}

/** A vendor the site loads with consent (its gated script ran): what it adds is not reported. */
export function noteConsentedLoad(vendor) {
  for (const brought of BRINGS[vendor] || []) consented.add(brought);
}

/** Whether a script element runs as JavaScript (not a JSON block, not text/plain). */
function runsAsScript(el) {
  const type = (el.getAttribute("type") || "").trim().toLowerCase();
  return type === "" || type === "module" || /^(text|application)\/(x-)?(java|ecma)script$/.test(type);
}

function vendorOf(el) {
  if (el.tagName !== "SCRIPT" || !runsAsScript(el)) return null;
  if (el.hasAttribute("data-pcc-consent-service") || el.hasAttribute("data-pcc-consent") || el.hasAttribute("data-pcc-consent-copy")) return null;
  const src = el.getAttribute("src");
  return src ? vendorOfUrl(src) : vendorOfText(el.text);
}

function describe(el) {
  const src = el.getAttribute("src");
  if (src) return `<script src="${src}">`;
  const flat = (el.text || "").trim().replace(/\s+/g, " ");
  return `<script> ${JSON.stringify(flat.length > 80 ? `${flat.slice(0, 80)}…` : flat)}`;
}

function report(vendor, element, what) {
  reportedVendors.add(vendor);
  const message = `pcc-consent: a ${NAMES[vendor]} snippet outside the banner loads before consent: ${what}. ${FIX[vendor]}`;
  console.error(message);
  try {
    document.dispatchEvent(
      new CustomEvent("pcc-consent:problem", { bubbles: true, detail: { kind: "ungated-vendor", vendor, element, message } }),
    );
  } catch {
    // A listener that throws must not stop the banner.
  }
}

function check(el, added) {
  if (reported.has(el)) return;
  const vendor = vendorOf(el);
  if (!vendor) return;
  // Brought in by a consented load of the same vendor (the banner's or a gated script's).
  if (added && consented.has(vendor)) return;
  reported.add(el);
  report(vendor, el, describe(el));
}

/**
 * Starts watching: reports what is already in the page (elements, then live objects no
 * element explains), then every script added later. Once per page; call before the
 * banner inserts anything of its own.
 */
export function watchUngatedVendors() {
  if (watching) return;
  watching = true;
  for (const el of document.querySelectorAll("script")) check(el, false);
  const gtm = window.google_tag_manager;
  if (gtm && typeof gtm === "object" && !reportedVendors.has("gtm") && !reportedVendors.has("ga4")) {
    const vendor = Object.keys(gtm).some((k) => /^GTM-/.test(k)) ? "gtm" : "ga4";
    report(vendor, null, "window.google_tag_manager exists, so Google's script has already run");
  }
  const clarity = window.clarity;
  if (clarity !== undefined && clarity !== null && !reportedVendors.has("clarity")) {
    report("clarity", null, "window.clarity exists, so Clarity's snippet has already run");
  }
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.tagName === "SCRIPT") check(node, true);
        else if (node.getElementsByTagName) for (const el of node.getElementsByTagName("script")) check(el, true);
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
}
