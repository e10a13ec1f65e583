// The WebAssembly module (pcc-consent.wasm, the second released file): it owns fetching
// it, with the integrity value the build wrote into this file, and booting it, once.
// The banner's dialog, the cookies page, the JS API's full form and other-tab sync live
// in it; the loader (loader.js) decides when it is needed and calls startModule.
//
// It must never fetch the module before the page's first paint unless asked to (the
// loader's rule), never boot it twice, and never throw: a module that cannot load is
// named on the console and reported as `false`, and the caller falls back
// (fallback.js). The tag's own integrity attribute covers this file, so the value below
// covers the module transitively.
import init, { boot } from "pcc-consent-glue";
import { handOver, firstViewFailed } from "./first_view.js";

// scripts/bundle.sh writes the module's "sha384-<base64>" here.
const INTEGRITY = "__PCC_CONSENT_WASM_SRI__";

// Set in localStorage (to the module's integrity value) when the module failed to load,
// removed when it boots: the loader's fast path does not apply a stored choice while it
// is set (loader.js), because on such a page nothing could withdraw it. Per release (a
// new pcc-consent.js carries a new value); localStorage because the fast path reads it
// anyway (one storage access, not two) and so that a new tab is covered too. Never
// written in discreet mode (data-storage="session": no localStorage), where the fast
// path never applies anything.
const FAILED = "pcc-consent.module-failed";

/** Whether this release's module failed to load on an earlier page of this site. */
export function failedBefore() {
  try {
    return window.localStorage.getItem(FAILED) === INTEGRITY;
  } catch {
    return false;
  }
}

function remember(failed) {
  if ((tag?.getAttribute("data-storage") || "").trim().toLowerCase() === "session") return;
  try {
    if (failed) window.localStorage.setItem(FAILED, INTEGRITY);
    else if (window.localStorage.getItem(FAILED) !== null) window.localStorage.removeItem(FAILED);
  } catch {}
}

let tag = null;
let url = "";
let booting = null;
// "idle" | "loading" | "ready" | "failed"
let state = "idle";

/**
 * The module's URL for this file's URL: the file name's `.js` becomes `.wasm`, the
 * query is kept (`/a/pcc-consent.js?v=3` -> `/a/pcc-consent.wasm?v=3`). "" when the
 * loader does not know its own URL.
 */
export function moduleUrl(src) {
  if (!src) return "";
  try {
    const u = new URL(src, document.baseURI);
    u.hash = "";
    u.pathname = /\.js$/i.test(u.pathname) ? u.pathname.replace(/\.js$/i, ".wasm") : `${u.pathname}.wasm`;
    return u.href;
  } catch {
    return "";
  }
}

/** Called by the loader once the page is parsed: the tag that configures the page, and this file's URL. */
export function prepareModule(configTag, src) {
  tag = configTag;
  url = moduleUrl(src);
}

/** Where the module stands: "idle", "loading", "ready" or "failed". */
export const moduleState = () => state;

/**
 * Fetches and boots the module, once; `reason` is named if it fails. Returns a promise
 * of whether it booted (the same promise on every call).
 */
export function startModule(reason = "needed") {
  if (booting) return booting;
  state = "loading";
  booting = load(reason).then(
    () => {
      state = "ready";
      remember(false);
      return true;
    },
    (error) => {
      state = "failed";
      remember(true);
      // A held click on the painted banner is decided without the module (fallback.js).
      firstViewFailed();
      console.error(
        `pcc-consent: could not load the banner's module (${url || "pcc-consent.wasm"}, wanted for: ${reason}): ${why(error)}. ` +
          "The quick exit still works; the banner's accept and reject buttons and window.pccConsent.acceptAll() / rejectAll() " +
          "still record a choice; nothing optional runs that the visitor has not chosen.",
        error,
      );
      return false;
    },
  );
  return booting;
}

/**
 * Compiles the 8-byte empty module, synchronously: throws where this page may not
 * compile WebAssembly (no WebAssembly, or a Content Security Policy without
 * 'wasm-unsafe-eval', whose message names it). The loader asks it too (loader.js).
 */
export function probeWasm() {
  if (typeof WebAssembly !== "object") throw new Error("no WebAssembly in this browser");
  new WebAssembly.Module(Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0));
}

async function load() {
  // A page that may not compile WebAssembly is told so without a request for 200 KB it
  // could not use.
  probeWasm();
  if (!url) {
    throw new Error(
      "the loader cannot tell its own URL (document.currentScript and the stack trace name none), so it cannot find pcc-consent.wasm next to it",
    );
  }
  // Integrity needs a CORS response where the module is on another origin (a CDN must
  // send Access-Control-Allow-Origin); credentials only to our own origin.
  let response;
  try {
    response = await fetch(url, { integrity: INTEGRITY, credentials: "same-origin" });
  } catch (error) {
    throw await diagnose(error);
  }
  if (!response.ok) throw new Error(`failed to fetch Wasm: ${response.status} ${response.statusText} fetching '${response.url}'`);
  // Compiled from its bytes, not streamed: the module has usually arrived whole by the
  // time this runs (it is fetched after the page's first paint and started at idle),
  // and a streamed compile then decodes and validates all of it on the main thread,
  // in one long task; WebAssembly.compile does that on a background thread. It needs
  // no application/wasm type either.
  const compiled = await WebAssembly.compile(await response.arrayBuffer());
  // Instantiating (and the module's start function) gets a task of its own.
  await nextTask();
  await init({ module_or_path: compiled });
  // In many short tasks (src/embed.rs `boot`): resolved once mounted and announced; a
  // banner the loader painted is taken over (first_view.js).
  await handOver(() => boot(tag));
}

/**
 * Resolves in a task of its own: a MessageChannel message (a timer is throttled in a
 * hidden page). The loader's "after the first paint" uses it too.
 */
export function nextTask() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Browsers fail an integrity mismatch, a 404 (its body does not match either), a network
 * error and a missing CORS header alike ("Failed to fetch"): one request without the
 * integrity check, only after a failure, tells them apart for the console.
 */
async function diagnose(error) {
  try {
    const probe = await fetch(url, { method: "HEAD", credentials: "same-origin", cache: "no-store" });
    if (!probe.ok) return new Error(`failed to fetch Wasm: ${probe.status} ${probe.statusText}`);
    return new Error(`integrity mismatch (${error.message})`);
  } catch {
    return error;
  }
}

/** The reason a load failed, in words a site's developer can act on. */
function why(error) {
  const text = String((error && error.message) || error);
  if (/unsafe-eval|Content Security Policy|Refused to compile/i.test(text)) {
    return `the page's Content Security Policy does not allow WebAssembly (add 'wasm-unsafe-eval' to script-src): ${text}`;
  }
  if (/failed to fetch Wasm: 404/.test(text)) return `pcc-consent.wasm was not found next to pcc-consent.js (copy both files into one folder): ${text}`;
  if (/failed to fetch Wasm/.test(text)) return `the server did not send pcc-consent.wasm: ${text}`;
  if (/integrity mismatch/.test(text)) {
    return `pcc-consent.wasm is not the file built with this pcc-consent.js, its integrity does not match (copy both files from the same release): ${text}`;
  }
  if (/Failed to fetch|NetworkError|Load failed/i.test(text)) {
    return `the request failed (a network error, a Content Security Policy whose connect-src does not allow it, or a server on another origin that sends no CORS headers): ${text}`;
  }
  return text;
}
