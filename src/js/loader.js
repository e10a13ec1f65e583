// pcc-consent.js — the one file a site's <script> tag loads (built by scripts/bundle.sh,
// which bundles this file and wasm-bindgen's glue into one classic script).
//
// It finds pcc-consent.wasm next to itself, so the bundle works from any path on any
// host, and it never blocks the host page: the WebAssembly is fetched asynchronously
// and the banner starts once the document has been parsed.
import init, { boot } from "pcc-consent-glue";
import { startQuickExit } from "./quick_exit.js";

const script = document.currentScript;
// A page may paste the tag twice: the first copy wins, the second says so and stops.
const LOADED = Symbol.for("pcc-consent.loaded");

if (window[LOADED]) {
  console.warn("pcc-consent: the script is included more than once; ignoring the extra copy");
} else {
  window[LOADED] = true;
  // Before anything else, and before the WebAssembly: quick exit must work at once.
  startQuickExit(script);
  const base = (script && script.src) || document.baseURI;
  const wasmUrl = new URL("pcc-consent.wasm", base);
  const whenParsed = (start) =>
    document.readyState === "loading"
      ? document.addEventListener("DOMContentLoaded", start, { once: true })
      : start();
  init({ module_or_path: wasmUrl }).then(
    () => whenParsed(() => boot(script)),
    (error) => console.error("pcc-consent: could not load " + wasmUrl.href, error),
  );
}
