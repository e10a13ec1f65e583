// Shortens the names the .wasm and wasm-bindgen's glue use for each other: every import
// (`__wbg_appendChild_dbf7ad2f48413560`), its module (`./pcc_consent_bg.js`) and every
// export (`wasm_bindgen__convert__closures_____invoke__hc69…`) becomes one or two letters,
// in the .wasm's import and export sections and in the glue's import object and `wasm.`
// accesses alike. About 260 hashed names that no minifier may touch (the two files must
// agree on them), carried by both released files: this is where their bytes go.
//
//   node scripts/minify-wasm-names.mjs <glue.js> <module.wasm>    rewrites both in place
//
// It owns only names: every other byte of the module is copied as it was. It fails
// (exit 1, nothing written) when the glue does not have the shape it expects, rather
// than write a pair that would not link.
import fs from "node:fs";

const [gluePath, wasmPath] = process.argv.slice(2);
if (!gluePath || !wasmPath) {
  console.error("usage: node scripts/minify-wasm-names.mjs <glue.js> <module.wasm>");
  process.exit(2);
}
const fail = (why) => {
  console.error(`minify-wasm-names: ${why}; nothing written`);
  process.exit(1);
};

/** a, b, …, Z, then aa, ab, …: the shortest names first, never a JS keyword (two letters at most here). */
function* shortNames() {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const reserved = new Set(["do", "if", "in"]);
  for (const a of letters) yield a;
  for (const a of letters) for (const b of letters) if (!reserved.has(a + b)) yield a + b;
}

// --- the .wasm: LEB128 and the import/export sections -----------------------------------
const bytes = fs.readFileSync(wasmPath);
let pos = 0;
const u32 = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return result;
    shift += 7;
  }
};
const leb = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
};
const name = () => {
  const len = u32();
  const s = bytes.subarray(pos, pos + len).toString("utf8");
  pos += len;
  return s;
};
const encName = (s) => Buffer.concat([leb(Buffer.byteLength(s)), Buffer.from(s, "utf8")]);
const limits = () => {
  const flags = bytes[pos++];
  u32();
  if (flags & 1) u32();
};

if (bytes.readUInt32LE(0) !== 0x6d736100 || bytes.readUInt32LE(4) !== 1) fail(`${wasmPath} is not a WebAssembly module`);
pos = 8;
const sections = [];
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = u32();
  sections.push({ id, start: pos, end: pos + size });
  pos += size;
}

// The module wasm-bindgen's glue itself provides.
const OWN = "./pcc_consent_bg.js";
const moduleMap = new Map();
const importMaps = new Map();
const exportMap = new Map();
const moduleNames = shortNames();
const exportNames = shortNames();

const rebuilt = sections.map((s) => {
  const raw = bytes.subarray(s.start, s.end);
  if (s.id !== 2 && s.id !== 7) return { id: s.id, body: raw };
  pos = s.start;
  const count = u32();
  const parts = [leb(count)];
  for (let i = 0; i < count; i++) {
    if (s.id === 2) {
      const mod = name();
      const field = name();
      const descStart = pos;
      const kind = bytes[pos++];
      if (kind === 0x00) u32();
      else if (kind === 0x01) (pos++, limits());
      else if (kind === 0x02) limits();
      else if (kind === 0x03) pos += 2;
      else if (kind === 0x04) (pos++, u32());
      else fail(`unknown import kind ${kind}`);
      if (!moduleMap.has(mod)) {
        moduleMap.set(mod, moduleNames.next().value);
        importMaps.set(mod, { map: new Map(), names: shortNames() });
      }
      const m = importMaps.get(mod);
      // A snippet module's fields are its own exported function names (`import * as
      // import1` in the glue): only the glue's own functions are renamed.
      if (!m.map.has(field)) m.map.set(field, mod === OWN ? m.names.next().value : field);
      parts.push(encName(moduleMap.get(mod)), encName(m.map.get(field)), bytes.subarray(descStart, pos));
    } else {
      const field = name();
      const descStart = pos;
      pos += 1;
      u32();
      exportMap.set(field, exportNames.next().value);
      parts.push(encName(exportMap.get(field)), bytes.subarray(descStart, pos));
    }
  }
  if (pos !== s.end) fail(`section ${s.id} did not parse to its end`);
  return { id: s.id, body: Buffer.concat(parts) };
});

// --- the glue ------------------------------------------------------------------------------
let glue = fs.readFileSync(gluePath, "utf8");
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// The import object: `"<module>": importN,` in __wbg_get_imports' return, and each
// module's functions as `name: function` keys of its object (import0 for the glue's own).
for (const [mod, short] of moduleMap) {
  const key = new RegExp(`(\\n\\s*)"${escape(mod)}"(: import\\d+,)`);
  if (!key.test(glue)) fail(`the glue has no import object entry for "${mod}"`);
  glue = glue.replace(key, `$1"${short}"$2`);
}
const own = importMaps.get(OWN);
if (!own) fail(`the module imports nothing from "${OWN}"`);
for (const [field, short] of own.map) {
  const key = new RegExp(`(\\n {8})${escape(field)}(: )`, "g");
  const found = glue.match(key);
  if (!found || found.length !== 1) fail(`the glue defines "${field}" ${found ? found.length : 0} times`);
  glue = glue.replace(key, `$1${short}$2`);
}
// Exports: every `wasm.<name>` access.
glue = glue.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (whole, field) => {
  const short = exportMap.get(field);
  if (!short) fail(`the glue reads wasm.${field}, which the module does not export`);
  return `wasm.${short}`;
});

const out = [bytes.subarray(0, 8)];
for (const s of rebuilt) out.push(Buffer.from([s.id]), leb(s.body.length), s.body);
fs.writeFileSync(wasmPath, Buffer.concat(out));
fs.writeFileSync(gluePath, glue);
const count = own.map.size;
console.log(`minify-wasm-names: ${count} imports from ${moduleMap.size} modules, ${exportMap.size} exports renamed`);
