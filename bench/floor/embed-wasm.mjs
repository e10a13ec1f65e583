// Puts the floor's .wasm inside its script (bench/floor), one file, one request, as the bundle was before issue 33:
//   node bench/floor/embed-wasm.mjs <loader.js> <module.wasm> <out.js>
// (The floor only: the released bundle is two files since issue 33, see scripts/bundle.sh.)
//
// Each byte becomes the character with that code (U+0000–U+00FF) in a string literal,
// which the loader turns back into bytes with charCodeAt. In UTF-8 that costs ~4 % of
// gzip over the bare .wasm (base64 costs ~28 %). The file starts with a UTF-8 byte order
// mark: a BOM overrides any charset the server or the page declares, so the bytes always
// decode as written, whatever the host page's encoding.
import fs from "node:fs";

const PLACEHOLDER = '"__PCC_CONSENT_WASM__"';
const [loaderPath, wasmPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node bench/floor/embed-wasm.mjs <loader.js> <module.wasm> <out.js>");
  process.exit(2);
}
const loader = fs.readFileSync(loaderPath, "utf8");
if (loader.split(PLACEHOLDER).length !== 2) {
  console.error(`embed-wasm: ${loaderPath} must contain ${PLACEHOLDER} exactly once`);
  process.exit(1);
}
// The only characters a double-quoted JS string cannot hold as they are.
const ESCAPES = { 0x5c: "\\\\", 0x22: '\\"', 0x0a: "\\n", 0x0d: "\\r" };
const wasm = fs.readFileSync(wasmPath);
const literal = `"${Array.from(wasm, (b) => ESCAPES[b] ?? String.fromCharCode(b)).join("")}"`;
// A function replacement: `$` sequences in the bytes must not be read as patterns.
fs.writeFileSync(outPath, "\uFEFF" + loader.replace(PLACEHOLDER, () => literal), "utf8");
