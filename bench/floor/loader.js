// The floor's loader: the same steps as src/js/loader.js, nothing else (the .wasm is put
// inside the built floor.js by bench/floor/embed-wasm.mjs, as in our one-file bundle before issue 33).
import { initSync, boot } from "./glue/bench_floor.js";

const WASM = "__PCC_CONSENT_WASM__";
const bytes = new Uint8Array(WASM.length);
for (let i = 0; i < bytes.length; i++) bytes[i] = WASM.charCodeAt(i);
initSync({ module: bytes });
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => boot(), { once: true });
else boot();
