// The floor's loader: the same steps as src/js/loader.js, nothing else.
import init, { boot } from "./glue/bench_floor.js";

const script = document.currentScript;
const wasmUrl = new URL("floor.wasm", script.src);
const whenParsed = (start) =>
  document.readyState === "loading"
    ? document.addEventListener("DOMContentLoaded", start, { once: true })
    : start();
init({ module_or_path: wasmUrl }).then(() => whenParsed(() => boot()));
