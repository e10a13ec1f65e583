// pcc-consent.js — the one file a site's <script> tag loads (built by scripts/bundle.sh,
// which bundles this file and wasm-bindgen's glue into one classic script, then puts the
// .wasm inside it with scripts/embed-wasm.mjs).
//
// One file, so the banner costs the page one request and needs nothing else from the
// server. With `defer` (as the README says) the script runs once the document is
// parsed: the WebAssembly is compiled and the banner drawn right then, so it appears
// with the page's first render instead of a fetch and a compile later.
import init, { initSync, boot } from "pcc-consent-glue";
import { startQuickExit } from "./quick_exit.js";

// scripts/embed-wasm.mjs replaces this with the .wasm, one character per byte.
const WASM = "__PCC_CONSENT_WASM__";

const script = document.currentScript;
// A page may paste the tag twice: the first copy wins, the second says so and stops.
const LOADED = Symbol.for("pcc-consent.loaded");

if (window[LOADED]) {
  console.warn("pcc-consent: the script is included more than once; ignoring the extra copy");
} else {
  window[LOADED] = true;
  // Before anything else, and before the WebAssembly: quick exit must work at once.
  startQuickExit(script);
  start();
}

function start() {
  const bytes = wasmBytes();
  const whenParsed = (run) =>
    document.readyState === "loading"
      ? document.addEventListener("DOMContentLoaded", run, { once: true })
      : run();
  const failed = (error) => console.error("pcc-consent: could not start the WebAssembly", error);
  try {
    initSync({ module: bytes });
  } catch (error) {
    // Browsers that cap synchronous compiling on the main thread throw a RangeError;
    // they can still compile it asynchronously. Anything else (a CSP without
    // 'wasm-unsafe-eval') would fail the same way again.
    if (!(error instanceof RangeError)) return failed(error);
    init({ module_or_path: bytes }).then(() => whenParsed(() => boot(script)), failed);
    return;
  }
  whenParsed(() => boot(script));
}

function wasmBytes() {
  const bytes = new Uint8Array(WASM.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = WASM.charCodeAt(i);
  return bytes;
}
