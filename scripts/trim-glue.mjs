// Takes out of wasm-bindgen's glue the code this bundle can never run, because the glue
// travels in pcc-consent.js, the file the <script> tag names, whose size is counted
// before the page's first paint (docs/src/how/bundle-size.md):
// - the JS classes for the `IntoUnderlying*` streams that Leptos' server_fn exports from
//   the module (wasm-streams): only JS would construct them, and nothing does (no import
//   shim names them; we have no server functions), with their finalization registries;
// - the paths of the init function for arguments we never pass: module.js always hands
//   it the WebAssembly.Module it compiled from the fetched bytes
//   (`init({ module_or_path: compiled })`), once;
// - the fallback for a TextEncoder without encodeInto: every browser that can run the
//   module has it (encodeInto: Chrome 74, Firefox 66, Safari 14.1; the module needs
//   reference types: Chrome 96, Firefox 79, Safari 15);
// - the import shims the optimised module no longer imports (wasm-opt, after
//   wasm-bindgen wrote the glue, took out the code that called them).
//
//   node scripts/trim-glue.mjs <glue.js> <optimised.wasm>    rewrites the glue in place
//
// It owns only those four cuts; every other byte is kept. It fails (exit 1, nothing
// written) when the glue does not have the shape it expects (another wasm-bindgen
// version), or when anything still names what it took out.
import fs from "node:fs";

const [gluePath, wasmPath] = process.argv.slice(2);
if (!gluePath || !wasmPath) {
  console.error("usage: node scripts/trim-glue.mjs <glue.js> <optimised.wasm>");
  process.exit(2);
}
const fail = (why) => {
  console.error(`trim-glue: ${why}; nothing written`);
  process.exit(1);
};
let glue = fs.readFileSync(gluePath, "utf8");

/** Replaces what `pattern` matches, which must match `count` times. */
function cut(what, pattern, replacement, count = 1) {
  const found = glue.match(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`)) || [];
  if (found.length !== count) fail(`${what}: expected ${count} match(es), found ${found.length}`);
  glue = glue.replace(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`), replacement);
}

// The stream classes, their registries and the enum only their getter reads.
cut(
  "the IntoUnderlying* classes",
  /export class IntoUnderlying\w+ \{\n[\s\S]*?\n\}\nif \(Symbol\.dispose\) IntoUnderlying\w+\.prototype\[Symbol\.dispose\] = IntoUnderlying\w+\.prototype\.free;\n/,
  "",
  3,
);
cut(
  "their finalization registries",
  /const IntoUnderlying\w+Finalization = \(typeof FinalizationRegistry === 'undefined'\)\n    \? \{ register: \(\) => \{\}, unregister: \(\) => \{\} \}\n    : new FinalizationRegistry\(ptr => wasm\.\w+\(ptr, 1\)\);\n/,
  "",
  3,
);
cut("the ReadableStreamType enum", /\nconst __wbindgen_enum_ReadableStreamType = \["bytes"\];\n/, "\n");
if (/IntoUnderlying|__wbindgen_enum_ReadableStreamType/.test(glue)) fail("the glue still names an IntoUnderlying* class");

// __wbg_load: the compiled-module branch only (module.js compiles the fetched bytes off
// the main thread with WebAssembly.compile and passes the WebAssembly.Module).
cut(
  "__wbg_load",
  /async function __wbg_load\(module, imports\) \{\n[\s\S]*?\n\}\n/,
  `async function __wbg_load(module, imports) {
    const instance = await WebAssembly.instantiate(module, imports);
    return instance instanceof WebAssembly.Instance ? { instance, module } : instance;
}
`,
);
// initSync: never called (esbuild drops it, but not its export): out with the export.
cut("initSync", /\nfunction initSync\(module\) \{\n[\s\S]*?\n\}\n/, "\n");
cut(
  "__wbg_init and __wbg_init_once",
  /\nlet __wbg_init_promise;\nasync function __wbg_init\(module_or_path\) \{\n[\s\S]*?\nasync function __wbg_init_once\(module_or_path\) \{\n[\s\S]*?\n\}\n\nexport \{ initSync, __wbg_init as default \};/,
  `
// Called once, by module.js, with { module_or_path: <the compiled WebAssembly.Module> }.
async function __wbg_init({ module_or_path }) {
    if (wasm !== undefined) return wasm;
    const { instance, module } = await __wbg_load(module_or_path, __wbg_get_imports());
    return __wbg_finalize_init(instance, module);
}

export { __wbg_init as default };`,
);
if (/import\.meta|initSync|__wbg_init_once/.test(glue)) fail("the glue still names a removed init path");

cut(
  "TextEncoder's encodeInto fallback",
  /\nif \(!\('encodeInto' in cachedTextEncoder\)\) \{\n[\s\S]*?\n    \};\n\}\n/,
  "\n",
);

// The import shims of the glue's own import object (the snippets' are whole modules):
// each entry is one `        <name>: function…` up to the next, or the object's end.
const own = /\n        "?(\w+)"?: import0,\n/.exec(glue);
if (!own) fail("no import0 in the glue's import object");
const imported = new Set(
  WebAssembly.Module.imports(new WebAssembly.Module(fs.readFileSync(wasmPath)))
    .filter((i) => i.module === own[1])
    .map((i) => i.name),
);
const start = glue.indexOf("    const import0 = {\n        __proto__: null,\n");
const end = glue.indexOf("\n    };\n", start);
if (start < 0 || end < 0) fail("no import0 object");
const entries = glue.slice(start, end).split(/\n(?=        \w+: function)/);
const [head, ...shims] = entries;
const kept = shims.filter((shim) => imported.has(/^        (\w+):/.exec(shim)[1]));
if (kept.length !== imported.size) fail(`${imported.size} imports from "${own[1]}" but ${kept.length} shims for them`);
glue = glue.slice(0, start) + [head, ...kept].join("\n") + glue.slice(end);
console.log(`trim-glue: ${shims.length - kept.length} import shim(s) the optimised module does not import taken out`);

fs.writeFileSync(gluePath, glue);
