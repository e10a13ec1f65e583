// Writes the release files for a built bundle (called by scripts/release.sh):
//   node scripts/release-files.mjs <built pcc-consent.js> <out dir> [--check-readme]
// - pcc-consent.js       a copy of the build, byte for byte (the file the <script> tag names);
// - pcc-consent.wasm     the module next to it in the build, byte for byte (pcc-consent.js
//                        carries its integrity value and fetches it from its own folder);
// - pcc-consent.js.sri   pcc-consent.js's Subresource Integrity value, "sha384-<base64>",
//                        which covers the module too;
// - package.json         the npm package: version from Cargo.toml, the bundle as main;
// - CHANGELOG.md         the book's changelog (docs/src/how/changelog.md), headed by this
//                        release's version and hash.
// Every output depends only on the repository's files, so two runs agree byte for byte.
// It also puts the integrity value into the README's embed example (between the
// embed-example markers) and the book's example pages (docs/src/examples/*.html); with
// --check-readme it only checks that they have it.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [bundlePath, outDir, mode] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node scripts/release-files.mjs <pcc-consent.js> <out dir>");
  process.exit(2);
}

const cargo = fs.readFileSync(path.join(ROOT, "Cargo.toml"), "utf8");
const version = /^\[package\][^[]*?^version = "([^"]+)"/m.exec(cargo)?.[1];
if (!version) throw new Error("no [package] version in Cargo.toml");

const bundle = fs.readFileSync(bundlePath);
const modulePath = bundlePath.replace(/\.js$/, ".wasm");
if (!fs.existsSync(modulePath)) throw new Error(`no ${modulePath} next to ${bundlePath}: build with scripts/bundle.sh`);
const wasm = fs.readFileSync(modulePath);
const sri = `sha384-${crypto.createHash("sha384").update(bundle).digest("base64")}`;

const pkg = {
  name: "pcc-consent",
  version,
  description:
    "Cookie consent banner for UK Police and Crime Commissioner websites: one script tag, a small loader and a WebAssembly module.",
  license: "MIT",
  main: "pcc-consent.js",
  browser: "pcc-consent.js",
  files: ["pcc-consent.js", "pcc-consent.wasm", "pcc-consent.js.sri", "configurator/", "CHANGELOG.md", "README.md", "LICENSE"],
  keywords: ["cookie consent", "cookie banner", "gdpr", "pecr", "police", "quick exit", "webassembly"],
};

// The book's changelog page: everything under its "# Changelog" title.
const CHANGELOG = path.join(ROOT, "docs/src/how/changelog.md");
const section = /^# Changelog\n([\s\S]*)/.exec(fs.readFileSync(CHANGELOG, "utf8"))?.[1];
if (!section) throw new Error("docs/src/how/changelog.md does not start with '# Changelog'");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const changelog = `# pcc-consent changelog

This release: **${version}**. Copy both \`pcc-consent.js\` and \`pcc-consent.wasm\` into
one folder. \`pcc-consent.js\` has the integrity value

    ${sri}

and carries the module's own value, so the tag's integrity attribute covers both. Check a
copy you serve with \`openssl dgst -sha384 -binary pcc-consent.js | openssl base64 -A\`,
and that it is the build of the published source: \`bash scripts/release.sh\` in a clone
at the release commit writes the same files, byte for byte.

${section.trim()}
`;

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, "pcc-consent.js"), bundle);
fs.writeFileSync(path.join(outDir, "pcc-consent.wasm"), wasm);
fs.writeFileSync(path.join(outDir, "pcc-consent.js.sri"), `${sri}\n`);
fs.writeFileSync(path.join(outDir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
fs.writeFileSync(path.join(outDir, "CHANGELOG.md"), changelog);

// The README's embed example carries the same value, and so does every tag of the
// released file in the book's examples (docs/src/examples/*.html, which the browser
// tests load with the released file, integrity checked).
const README = path.join(ROOT, "README.md");
const EXAMPLE = /(<!-- embed-example:start -->[\s\S]*?integrity=")(sha384-[^"]*)("[\s\S]*?<!-- embed-example:end -->)/;
const found = EXAMPLE.exec(readme);
if (!found) throw new Error("README.md: no embed example with integrity=\"sha384-…\" between the embed-example markers");
const EXAMPLES = path.join(ROOT, "docs/src/examples");
const BOOK_TAG = /(<script src="[^"]*pcc-consent\.js"[^>]*?integrity=")(sha384-[^"]*)(")/g;
const stale = [];
if (found[2] !== sri) stale.push({ file: README, text: readme.replace(EXAMPLE, (_, a, _old, b) => a + sri + b) });
for (const name of fs.readdirSync(EXAMPLES).filter((n) => n.endsWith(".html")).sort()) {
  const file = path.join(EXAMPLES, name);
  const text = fs.readFileSync(file, "utf8");
  const fixed = text.replace(BOOK_TAG, (_, a, _old, b) => a + sri + b);
  if (fixed !== text) stale.push({ file, text: fixed });
}
if (mode === "--check-readme") {
  for (const { file } of stale) {
    console.error(`${path.relative(ROOT, file)}: the pcc-consent.js tag's integrity is not the build's ${sri}`);
  }
  if (stale.length) process.exit(3);
} else {
  for (const { file, text } of stale) fs.writeFileSync(file, text);
}
