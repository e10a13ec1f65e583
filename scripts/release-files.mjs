// Writes the release files for a built bundle (called by scripts/release.sh):
//   node scripts/release-files.mjs <built pcc-consent.js> <out dir> [--check-readme]
// - pcc-consent.js       a copy of the build, byte for byte;
// - pcc-consent.js.sri   its Subresource Integrity value, "sha384-<base64>";
// - package.json         the npm package: version from Cargo.toml, the bundle as main;
// - CHANGELOG.md         the README's changelog, headed by this release's version and hash.
// Every output depends only on the repository's files, so two runs agree byte for byte.
// It also puts the integrity value into the README's embed example (between the
// embed-example markers); with --check-readme it only checks that the README has it.
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
const sri = `sha384-${crypto.createHash("sha384").update(bundle).digest("base64")}`;

const pkg = {
  name: "pcc-consent",
  version,
  description:
    "Cookie consent banner for UK Police and Crime Commissioner websites: one script tag, WebAssembly inside.",
  license: "MIT",
  main: "pcc-consent.js",
  browser: "pcc-consent.js",
  files: ["pcc-consent.js", "pcc-consent.js.sri", "configurator/", "CHANGELOG.md", "README.md", "LICENSE"],
  keywords: ["cookie consent", "cookie banner", "gdpr", "pecr", "police", "quick exit", "webassembly"],
};

// The README's changelog section, up to the next "## " heading.
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const section = /^## Changelog\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1];
if (!section) throw new Error("no '## Changelog' section in README.md");
const changelog = `# pcc-consent changelog

This release: **${version}**. \`pcc-consent.js\` has the integrity value

    ${sri}

Check a copy you serve with
\`openssl dgst -sha384 -binary pcc-consent.js | openssl base64 -A\`, and that it is
the build of the published source: \`bash scripts/release.sh\` in a clone at the release
commit writes the same file, byte for byte.

${section.trim()}
`;

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, "pcc-consent.js"), bundle);
fs.writeFileSync(path.join(outDir, "pcc-consent.js.sri"), `${sri}\n`);
fs.writeFileSync(path.join(outDir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
fs.writeFileSync(path.join(outDir, "CHANGELOG.md"), changelog);

// The README's embed example carries the same value.
const README = path.join(ROOT, "README.md");
const EXAMPLE = /(<!-- embed-example:start -->[\s\S]*?integrity=")(sha384-[^"]*)("[\s\S]*?<!-- embed-example:end -->)/;
const found = EXAMPLE.exec(readme);
if (!found) throw new Error("README.md: no embed example with integrity=\"sha384-…\" between the embed-example markers");
if (mode === "--check-readme") {
  if (found[2] !== sri) {
    console.error(`README.md's embed example has integrity="${found[2]}", the build has ${sri}`);
    process.exit(3);
  }
} else if (found[2] !== sri) {
  fs.writeFileSync(README, readme.replace(EXAMPLE, (_, a, _old, b) => a + sri + b));
}
