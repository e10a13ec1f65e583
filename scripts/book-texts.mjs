// Writes the book's text reference (docs/src/reference/texts.md) from the sources, so it
// cannot go stale: every key of the texts! table in src/i18n.rs with its English and
// Welsh default and its doc comment, and the quick exit's texts from
// src/js/quick_exit/settings.js.
//   node scripts/book-texts.mjs          rewrites the page
//   node scripts/book-texts.mjs --check  exits 1 if the page is not what it would write
// Also exports readTextTable() for tests/e2e/book-reference.test.mjs.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PAGE = path.join(ROOT, "docs/src/reference/texts.md");

/** A Rust string literal's value: escapes and `\` line continuations resolved. */
function rustString(body) {
  return body.replace(/\\(\n\s*|u\{([0-9a-fA-F]+)\}|.)/g, (_, esc, hex) => {
    if (esc.startsWith("\n")) return "";
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return { n: "\n", t: "\t", "\\": "\\", '"': '"', "'": "'", 0: "\0" }[esc] ?? esc;
  });
}

/** [{ key, en, cy, doc }] in table order, from the texts! { … } invocation in src/i18n.rs. */
export function readTextTable() {
  const source = fs.readFileSync(path.join(ROOT, "src/i18n.rs"), "utf8");
  const start = source.indexOf("\ntexts! {");
  if (start < 0) throw new Error("src/i18n.rs: no `texts! {` table");
  const end = source.indexOf("\n}\n", start);
  const table = source.slice(start + "\ntexts! {".length, end);
  const entry = /((?:\s*\/\/\/[^\n]*\n)*)\s*([a-z_][a-z0-9_]*):\s*"((?:[^"\\]|\\[\s\S])*)",\s*"((?:[^"\\]|\\[\s\S])*)";/g;
  const texts = [];
  for (const m of table.matchAll(entry)) {
    const doc = m[1].split("\n").map((l) => l.trim().replace(/^\/\/\/\s?/, "")).filter(Boolean).join(" ");
    texts.push({ key: m[2], en: rustString(m[3]), cy: rustString(m[4]), doc });
  }
  if (texts.length === 0) throw new Error("src/i18n.rs: no entries read from the texts! table");
  return texts;
}

const cell = (s) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export async function renderPage() {
  const texts = readTextTable();
  const { TEXTS } = await import(pathToFileURL(path.join(ROOT, "src/js/quick_exit/settings.js")).href);
  const exitRows = Object.keys(TEXTS.en).map((name) => {
    const show = (v) => (typeof v === "function" ? `${v(2)} (${v(1)})` : v);
    return `| ${name} | ${cell(show(TEXTS.en[name]))} | ${cell(show(TEXTS.cy[name]))} |`;
  });
  return `# Texts

<!-- Written by scripts/book-texts.mjs from src/i18n.rs and src/js/quick_exit/settings.js:
     do not edit by hand; run \`node scripts/book-texts.mjs\` after changing a text. -->

Every visible string of the banner, the preferences dialog, the saved message and the
cookies page, with its English and Welsh default. A site can replace any of them, per
language, in the config block's \`"texts"\` (see [Texts, Welsh and
theme](../site/texts-welsh-theme.md)):

\`\`\`json
{ "texts": { "en": { "policy_link": "How we use cookies" }, "cy": { "policy_link": "Sut rydym yn defnyddio cwcis" } } }
\`\`\`

Placeholders in braces are replaced: \`{site}\` by \`data-site-name\`, \`{id}\` and \`{date}\` by
the consent id and its date, \`{category}\` by a category's title, \`{n}\` by a number,
\`{reject}\` and \`{customise}\` (in \`banner_statistics\` and \`banner_appearance\`) by the
texts of the \`reject_additional\` and \`customise\` buttons, as the page shows them.
An override may not be empty, longer than 2,000 bytes, or contain bidi controls or
invisible characters, and the accept and reject labels may not read as each other.

| key | English | Welsh | notes |
|---|---|---|---|
${texts.map((t) => `| \`${t.key}\` | ${cell(t.en)} | ${cell(t.cy)} | ${cell(t.doc)} |`).join("\n")}

## Quick exit

The quick exit's texts are fixed (it must work before the config is read): they follow
\`data-lang\` or \`<html lang>\` like the banner.

| text | English | Welsh |
|---|---|---|
${exitRows.join("\n")}
`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const page = await renderPage();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(PAGE) ? fs.readFileSync(PAGE, "utf8") : "";
    if (current !== page) {
      console.error("docs/src/reference/texts.md is stale: run `node scripts/book-texts.mjs`");
      process.exit(1);
    }
    console.log("docs/src/reference/texts.md is current");
  } else {
    fs.writeFileSync(PAGE, page);
    console.log(`wrote ${path.relative(ROOT, PAGE)}`);
  }
}
