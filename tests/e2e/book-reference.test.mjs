// The book's reference stays true to the code (issue 32 item 6): the script-tag
// attributes the parser reads, the text keys of src/i18n.rs (with their English and
// Welsh defaults), the theme keys and the page markup names are exactly those the
// reference pages document; and the README and the book keep their promises (short
// README, no link outside the repository). No browser: it reads files.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { ROOT } from "./harness.mjs";
import { readTextTable, renderPage } from "../../scripts/book-texts.mjs";

const read = (p) => fs.readFileSync(path.join(ROOT, p), "utf8");
const REF = "docs/src/reference";

// Attributes documented ahead of the parser work on another branch (none today). Once the
// parser reads one of them this list must lose it (the test says so).
const PENDING_IN_PARSER = new Set([]);

/** The arms of `match key { … }` in src/config/attributes.rs, at the match's own depth. */
function matchArms(source) {
  const start = source.indexOf("match key {");
  if (start < 0) return [];
  const names = [];
  let depth = 0;
  for (const line of source.slice(start + "match key ".length).split("\n")) {
    const atArmDepth = depth === 1;
    if (atArmDepth) {
      const arm = /^\s*("[a-z0-9-]+"(?:\s*\|\s*"[a-z0-9-]+")*)\s*(?:if\b[^=]*)?=>/.exec(line);
      if (arm) names.push(...[...arm[1].matchAll(/"([a-z0-9-]+)"/g)].map((m) => `data-${m[1]}`));
    }
    for (const ch of line.replace(/"(?:[^"\\]|\\.)*"/g, "")) {
      if (ch === "{") depth++;
      if (ch === "}") depth--;
    }
    if (depth <= 0 && !atArmDepth && names.length) break;
  }
  return names;
}

/** Every script-tag attribute the code reads, robust to a table-driven parser. */
function parserAttributes() {
  const names = new Set();
  const configDir = path.join(ROOT, "src/config");
  const files = fs.readdirSync(configDir, { recursive: true })
    .filter((f) => f.endsWith(".rs") && !/(^|\/)tests?(\.rs|\/)/.test(f));
  for (const file of files) {
    const source = fs.readFileSync(path.join(configDir, file), "utf8")
      // Unit tests inside a module are not the parser.
      .replace(/#\[cfg\(test\)\][\s\S]*$/, "");
    for (const m of source.matchAll(/"(data-[a-z0-9]+(?:-[a-z0-9]+)*)"/g)) names.add(m[1]);
    // The attribute names of `match key` in the attribute parser (not other matches on a key).
    if (file === "attributes.rs") for (const name of matchArms(source)) names.add(name);
  }
  // The quick exit reads its three itself, before the WebAssembly starts.
  const quickExit = read("src/js/quick_exit/settings.js");
  for (const m of quickExit.matchAll(/attr\("(data-[a-z0-9-]+)"\)/g)) names.add(m[1]);
  return names;
}

/** The `## data-…` headings of the attributes page. */
function documentedAttributes() {
  return new Set([...read(`${REF}/attributes.md`).matchAll(/^## (data-[a-z0-9-]+)\s*$/gm)].map((m) => m[1]));
}

const missingFrom = (a, b) => [...a].filter((x) => !b.has(x)).sort();

test("the attributes page names exactly the script-tag attributes the parser reads", () => {
  const parsed = parserAttributes();
  const documented = documentedAttributes();
  assert.ok(parsed.size >= 20, `found the parser's attributes (${[...parsed].join(", ")})`);
  for (const name of ["data-site-name", "data-categories", "data-cookie-name", "data-quick-exit"]) {
    assert.ok(parsed.has(name), `the parser scan finds ${name}`);
  }
  assert.deepEqual(missingFrom(parsed, documented), [], "read by the parser but not in docs/src/reference/attributes.md");
  const extra = missingFrom(documented, parsed).filter((n) => !PENDING_IN_PARSER.has(n));
  assert.deepEqual(extra, [], "documented in docs/src/reference/attributes.md but not read by the parser");
  const nowParsed = [...PENDING_IN_PARSER].filter((n) => parsed.has(n));
  assert.deepEqual(nowParsed, [], "the parser reads these now: remove them from PENDING_IN_PARSER in this test");
});

test("each attribute entry gives type, values, default, details and an example", () => {
  const page = read(`${REF}/attributes.md`);
  const entries = page.split(/^## /m).slice(1).filter((e) => e.startsWith("data-"));
  for (const entry of entries) {
    const name = entry.split("\n")[0].trim();
    for (const field of ["Type", "Values", "Default", "Details", "Example"]) {
      assert.match(entry, new RegExp(`^- \\*\\*${field}\\*\\*: \\S`, "m"), `${name} has ${field}`);
    }
  }
});

test("the texts page lists exactly the text keys of src/i18n.rs, each with its English and Welsh default, and is current", async () => {
  const table = readTextTable();
  assert.equal(table.length, (read("src/i18n.rs").match(/^ {4}[a-z_]+:$/gm) || []).length, "every key of the texts! table was read");
  const page = read(`${REF}/texts.md`);
  const rows = new Map([...page.matchAll(/^\| `([a-z_]+)` \| (.*?) \| (.*?) \|/gm)].map((m) => [m[1], [m[2], m[3]]]));
  assert.deepEqual([...rows.keys()].sort(), table.map((t) => t.key).sort());
  for (const { key, en, cy } of table) {
    assert.ok(en && cy, `${key} has an English and a Welsh default`);
    assert.deepEqual(rows.get(key), [en.replace(/\|/g, "\\|"), cy.replace(/\|/g, "\\|")], `${key}'s texts`);
  }
  assert.equal(page, await renderPage(), "docs/src/reference/texts.md is stale: run `node scripts/book-texts.mjs`");
});

test("the theme page lists exactly THEME_KEYS", () => {
  const keys = /THEME_KEYS: \[&str; \d+\] = \[([\s\S]*?)\];/.exec(read("src/config/mod.rs"))[1];
  const code = new Set([...keys.matchAll(/"([a-z-]+)"/g)].map((m) => m[1]));
  const documented = new Set([...read(`${REF}/theme.md`).matchAll(/^\| `([a-z-]+)` \| `--pcc-consent-/gm)].map((m) => m[1]));
  assert.ok(code.size >= 10);
  assert.deepEqual([...documented].sort(), [...code].sort());
});

test("the page markup reference names every data-pcc-consent attribute the code uses", () => {
  const used = new Set();
  for (const file of fs.readdirSync(path.join(ROOT, "src"), { recursive: true })) {
    if (!/\.(rs|js)$/.test(file) || file.startsWith("configurator")) continue;
    for (const m of fs.readFileSync(path.join(ROOT, "src", file), "utf8").matchAll(/data-pcc-consent(?:-[a-z]+)*/g)) used.add(m[0]);
  }
  const page = read(`${REF}/markup.md`);
  assert.deepEqual([...used].filter((n) => !new RegExp(`${n}(?![a-z-])`).test(page)).sort(), []);
});

test("the events the code fires are in the JavaScript API reference", () => {
  const fired = new Set();
  for (const file of fs.readdirSync(path.join(ROOT, "src"), { recursive: true })) {
    if (!/\.(rs|js)$/.test(file)) continue;
    for (const m of fs.readFileSync(path.join(ROOT, "src", file), "utf8").matchAll(/pcc-consent:[a-z]+/g)) fired.add(m[0]);
  }
  const page = read(`${REF}/javascript-api.md`);
  assert.ok(fired.has("pcc-consent:change"));
  assert.deepEqual([...fired].filter((e) => !page.includes(`\`${e}\``)).sort(), []);
});

test("the README is at most 150 lines, with one complete embed example of at most 20 lines", () => {
  const readme = read("README.md");
  const lines = readme.split("\n").length - (readme.endsWith("\n") ? 1 : 0);
  assert.ok(lines <= 150, `README.md has ${lines} lines`);
  const example = /<!-- embed-example:start -->\s*```html\n([\s\S]*?)```/.exec(readme)[1];
  assert.ok(example.trimEnd().split("\n").length <= 20, "the embed example has at most 20 lines");
  for (const part of ["integrity=", "data-ga-id=", "data-clarity-id=", "data-categories=",
    "data-pcc-consent-open", "data-pcc-consent-settings", "data-pcc-consent-declaration"]) {
    assert.ok(example.includes(part), `the example has ${part}`);
  }
  // A general site's example: the book says to leave the quick exit off there.
  for (const part of ["data-quick-exit", "data-exit-url"]) {
    assert.ok(!example.includes(part), `the general example has no ${part}`);
  }
  assert.match(readme, /docs\/book\/index\.html/, "the README says where the built book opens");
});

test("the book, README.md and release/README.md link nowhere outside the repository (scripts/check-book.mjs on the sources)", () => {
  // The built book is checked by scripts/check-book.mjs in scripts/test.sh; here the
  // Markdown sources, so the rule holds without mdBook installed.
  const files = ["README.md", "release/README.md",
    ...fs.readdirSync(path.join(ROOT, "docs/src"), { recursive: true }).filter((f) => f.endsWith(".md")).map((f) => `docs/src/${f}`)];
  const outside = [];
  for (const file of files) {
    const text = read(file).replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
    for (const m of text.matchAll(/\]\(((?:https?:|\/\/|mailto:)[^)]*)\)|<((?:https?|mailto):[^>]+)>|(?:href|src)="((?:https?:|\/\/)[^"]*)"/g)) {
      outside.push(`${file}: ${m[1] || m[2] || m[3]}`);
    }
  }
  assert.deepEqual(outside, []);
});

test("scripts/check-book.mjs fails on a broken link (it is not a check that cannot fail)", (t) => {
  if (!fs.existsSync(path.join(ROOT, "docs/book/index.html"))) {
    t.skip("the book is not built (mdbook build docs): scripts/test.sh builds it first");
    return;
  }
  const page = path.join(ROOT, "docs/book/site/add-the-banner.html");
  const original = fs.readFileSync(page, "utf8");
  try {
    fs.writeFileSync(page, original.replace("<main>", '<main><a href="no-such-page.html#nowhere">x</a><a href="https://example.com/">y</a>'));
    let output = "";
    try {
      execFileSync("node", ["scripts/check-book.mjs"], { cwd: ROOT, encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      output = `${e.stdout}${e.stderr}`;
    }
    assert.match(output, /no-such-page\.html#nowhere": broken link/);
    assert.match(output, /https:\/\/example\.com\/" points outside the repository/);
  } finally {
    fs.writeFileSync(page, original);
  }
});
