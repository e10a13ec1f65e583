// pcc-consent.js — the file a site's <script> tag loads (built by scripts/bundle.sh,
// which bundles this file and wasm-bindgen's glue into one classic script). The
// WebAssembly module is the second released file, pcc-consent.wasm, next to it, fetched
// with its integrity checked (src/js/module.js).
//
// Small, so it costs the page little before its first paint. Once the document is
// parsed, a returning visitor's valid stored choice is applied in plain JS
// (src/js/returning/) and the module waits until the browser is idle or the page needs
// it; on a first visit the banner's first view is painted in the next frame
// (src/js/first_view.js) and the module waits the same way, then takes it over;
// otherwise the module is fetched right after the page's first paint, so the banner
// appears as soon as it can. It must never fetch the module before that first paint,
// nor let anything but the quick exit wait for the module.
import { startQuickExit } from "./quick_exit.js";
import { applyStoredChoice, APPLIED } from "./returning/index.js";
import { reloadWithoutModule } from "./fallback.js";
import { prepareModule, startModule, moduleState, probeWasm, failedBefore, nextTask } from "./module.js";
import { installStub } from "./stub.js";
import { paintFirstView, firstViewFailed } from "./first_view.js";

// Which copy of the tag carries the site's settings (see findTag). Read now, while a
// classic script can still see itself, and again once the page is parsed, when every
// copy written in the HTML is there.
const ourSrc = ourUrl();
const LOADED = Symbol.for("pcc-consent.loaded");
// The tag the banner booted with, once it has.
const BOOTED = Symbol.for("pcc-consent.booted");
// The copies whose ignored settings have been named, so each is named once.
const REPORTED = Symbol.for("pcc-consent.reported");
// The tag's settings (src/config/attributes.rs and quick_exit.js read them). Other
// data-* attributes (a CDN's data-cfasync, a CMS's data-wp-strategy) are not settings:
// a plugin's copy carrying one must not win over the theme's tag.
const EXIT_SETTINGS = ["data-quick-exit", "data-exit-url", "data-quick-exit-history"];
const SETTINGS = /^data-(site-name|policy-url|categories|revision|expiry-days|storage|cookie-name|cookie-domain|lang|(ga|clarity|gtm)-(id|category|src)|log-url|gpc|reload-on-withdraw|settings-button|quick-exit|quick-exit-history|exit-url)$/;

if (window[LOADED]) {
  // Another copy already runs. If this one brought the settings (a plugin's plain copy
  // came first), quick exit starts from them now; the copy that boots names the
  // ignored settings once the page is parsed, and after that a new copy is named here.
  startQuickExit(findTag().exitTag);
  const used = window[BOOTED];
  if (used) {
    const late = copies().filter((s) => s !== used && settingsOf(s).length);
    reportCopies(used, late, "it was added after the banner had started");
  }
} else {
  window[LOADED] = true;
  // Before anything else, and before the WebAssembly: quick exit must work at once.
  startQuickExit(findTag().exitTag);
  start();
}

/**
 * The URL this file was loaded from. A classic script sees itself as
 * document.currentScript; a module (type="module": Vite, Astro) does not, nor does a
 * script run from a callback, so then it is read from a stack trace, which names it.
 */
function ourUrl() {
  const current = document.currentScript;
  if (current && current.src) return current.src;
  try {
    throw new Error();
  } catch (error) {
    const urls = String(error.stack || "").match(/(?:https?|file):\/\/[^\s()'"]+?(?=:\d+:\d+)/g);
    if (urls) return urls[urls.length - 1];
  }
  return "";
}

/** The page's <script> elements that load this file: the same URL, or a file named pcc-consent*.js. */
function copies() {
  const name = (url) => (url.split(/[?#]/)[0].split("/").pop() || "").toLowerCase();
  return [...document.querySelectorAll("script[src]")].filter(
    (s) => (ourSrc && s.src === ourSrc) || /^pcc-consent[^/]*\.js$/.test(name(s.src)),
  );
}

function settingsOf(tag) {
  return tag ? tag.getAttributeNames().filter((n) => SETTINGS.test(n)) : [];
}

/**
 * The tag whose data-* attributes configure the page, however it was written (classic,
 * defer, async, type="module", inserted by a tag manager or a plugin), and the other
 * copies' settings that are not used. Where the page has several copies, the first
 * that carries any settings wins (a plugin's plain copy never hides the theme's own);
 * `ignored` lists every other copy with settings, to be reported. Quick exit is for
 * visitors in danger: a site that asked for it on any copy gets it (`exitTag`).
 */
function findTag() {
  const found = copies();
  const current = document.currentScript;
  if (current && !found.includes(current)) found.unshift(current);
  const tag = found.find((s) => settingsOf(s).length) || current || found[0] || null;
  const asksExit = (s) => s && !/^\s*(off)?\s*$/i.test(s.getAttribute("data-quick-exit") || "");
  const exitTag = asksExit(tag) ? tag : found.find(asksExit) || tag;
  const ignored = found.filter((s) => s !== tag && settingsOf(s).length);
  return { tag, exitTag, ignored, count: found.length };
}

/** Names, on the console, each attribute of each copy whose settings are not used; returns how many copies it named. */
function reportCopies(tag, ignored, why, exitTag = tag) {
  const where = (s) => `the copy in <${s.closest("head") ? "head" : "body"}> (src="${s.getAttribute("src")}"${s.type ? `, type="${s.type}"` : ""})`;
  const reported = (window[REPORTED] ||= new WeakSet());
  let named = 0;
  for (const copy of ignored) {
    if (reported.has(copy)) continue;
    reported.add(copy);
    const lost = settingsOf(copy)
      .filter((n) => !tag || tag.getAttribute(n) !== copy.getAttribute(n))
      // The quick exit's own settings are used from the copy that asked for it.
      .filter((n) => !(copy === exitTag && EXIT_SETTINGS.includes(n)))
      .map((n) => `${n}="${copy.getAttribute(n)}"`);
    if (!lost.length) continue;
    named += 1;
    console.warn(
      `pcc-consent: the script is included more than once; ignoring ${lost.join(", ")} on ${where(copy)}: ` +
        `${why}, and only the settings of ${tag ? where(tag) : "the first copy"} are used. Keep one tag, with all the settings.`,
    );
  }
  return named;
}

/**
 * Once the page is parsed: names what is ignored, starts quick exit from the copy that
 * asks for it, then either applies a stored choice the loader can vouch for (the
 * returning-visitor fast path, src/js/returning/) and starts the WebAssembly later, or
 * fetches it after the first paint. window.pccConsent is a stub until it boots (stub.js).
 */
function startFound() {
  const { tag, exitTag, ignored, count } = findTag();
  window[BOOTED] = tag || true;
  const named = reportCopies(tag, ignored, "another copy of the tag carries settings too", exitTag);
  if (count > 1 && !named) {
    console.warn("pcc-consent: the script is included more than once; ignoring the extra copy (no setting of it is lost)");
  }
  // The copy with settings may come later in the page than the one that ran first.
  startQuickExit(exitTag);
  let applied = false;
  try {
    // Only where the WebAssembly can run: it alone can withdraw what the fast path
    // starts (the dialog, other tabs' changes), so a page that cannot compile it (no
    // WebAssembly, a CSP without 'wasm-unsafe-eval') starts nothing optional. Nor does
    // a page whose module failed to load on an earlier page (a site that copied only
    // pcc-consent.js): there the choice waits for the module, which applies it.
    applied = wasmCompiles() && !failedBefore() && applyStoredChoice(tag);
  } catch (error) {
    console.error("pcc-consent: could not apply the stored choice without the WebAssembly; starting it", error);
  }
  prepareModule(tag, ourSrc);
  installStub(tag);
  replayTriggers();
  if (applied) bootLater(tag);
  // A first visit: the banner's first view is painted in the next frame
  // (src/js/first_view.js) and the module takes it over later; where it may not paint,
  // the module draws the banner right after the page's first paint.
  else beforeNextPaint(() => paintFirst(tag));
}

/** The first view (first_view.js), or where it may not paint, the module after the first paint. */
function paintFirst(tag) {
  // In a requestAnimationFrame callback (or on a hidden page, which paints nothing): a
  // task queued now runs after this frame's paint.
  if (!paintFirstView(tag, () => bootLater(tag))) nextTask().then(() => startModule("the banner"));
  // The module failed meanwhile (a site's call to window.pccConsent at DOMContentLoaded
  // started it, and the CSP has no 'wasm-unsafe-eval'): the painted buttons decide without it.
  else if (moduleState() === "failed") firstViewFailed();
}

/**
 * Runs `then` in a requestAnimationFrame callback: before the next frame is painted, so
 * what it adds is in that frame (no flash, the same first paint), but in the frame's own
 * task, not the parser's, where a banner inserted made the browser lay the page out
 * too: one long task in Lighthouse's mobile run (see the changelog for figures). A hidden
 * page paints nothing, and requestAnimationFrame waits for it to be shown: there it runs now.
 */
function beforeNextPaint(then) {
  if (document.visibilityState === "hidden" || !window.requestAnimationFrame) then();
  else requestAnimationFrame(() => then());
}

function start() {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startFound, { once: true });
  // A parsed page (a deferred or late tag): in a microtask, which runs before anything
  // else the page runs (its next script, DOMContentLoaded), but off this file's top
  // level. Under a DevTools client (Lighthouse, PageSpeed Insights) the first stack
  // trace taken (a cookie read, a script inserted) makes V8 re-parse every function on
  // the stack for its source positions, and the top level is the whole file: 19 ms of
  // a returning visit's task and 27 of a first visit's, at 1x (Chrome trace,
  // V8.CollectSourcePositions), before Lighthouse's 4x.
  else queueMicrotask(startFound);
}

/** Whether this page may compile WebAssembly (module.js `probeWasm`). */
function wasmCompiles() {
  try {
    probeWasm();
    return true;
  } catch {
    return false;
  }
}

/**
 * A click on a "Cookie settings" trigger ([data-pcc-consent-open]) before the module has
 * booted starts it and is replayed once its load has settled, so the dialog opens (or,
 * where the module cannot load, the link is followed): never lost.
 */
function replayTriggers() {
  const onTrigger = (event) => {
    const trigger = event.target instanceof Element && event.target.closest("[data-pcc-consent-open]");
    if (!trigger || moduleState() === "ready" || moduleState() === "failed") return;
    event.preventDefault();
    event.stopImmediatePropagation();
    // The module's own listener handles the replayed click (and returns focus there);
    // where the module failed, the click does what it would without the banner (a
    // link to the cookies page is followed).
    startModule("a cookie settings link").then(() => trigger.click());
  };
  window.addEventListener("click", onTrigger, true);
}

/**
 * After the fast path: the module starts when the browser is idle after the page's
 * load, or at once when the page needs it: its first use of window.pccConsent (stub.js),
 * a click on a "Cookie settings" trigger (replayTriggers), another tab's change.
 */
function bootLater(tag) {
  let channel = null;
  const now = (reason) => startModule(typeof reason === "string" ? reason : "after the page's load");
  const cookieName = tag?.getAttribute("data-cookie-name")?.trim() || "pcc_consent";
  const onStorage = (event) => {
    // The storage event fires for every key; the consent record's is the cookie's name.
    if (event?.type === "storage" && event.key !== null && event.key !== cookieName) return;
    now("a change in another tab").then((ok) => {
      if (ok) {
        // The module follows other tabs from now on (src/sync.rs).
        window.removeEventListener("storage", onStorage);
        channel?.close();
      } else if (window[APPLIED]) {
        // The module could not load, and what this page started from the stored choice
        // may just have been withdrawn: nothing else here can stop it.
        reloadWithoutModule("a change made in another tab");
      }
    });
  };
  // A change made in another tab (a withdrawal above all) must apply here at once, not
  // when the browser is next idle: the module starts, re-reads the stored choice
  // and applies the difference. The same signals src/sync.rs listens to: the storage
  // event, and the BroadcastChannel named after the consent cookie.
  window.addEventListener("storage", onStorage);
  try {
    channel = new BroadcastChannel(`pcc-consent:${cookieName}`);
    channel.onmessage = onStorage;
  } catch {}
  const idle = () => (window.requestIdleCallback ? window.requestIdleCallback(now, { timeout: 2000 }) : setTimeout(now, 0));
  if (document.readyState === "complete") idle();
  else window.addEventListener("load", idle, { once: true });
  return now;
}
