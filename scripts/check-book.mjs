// Checks the book (docs/, built by `mdbook build docs` into docs/book/) and the READMEs
// that link into it. Fails (exit 1, one line per problem) on:
// - a link in the built book to a page or file that does not exist, or to an anchor
//   (#id) the target page does not have;
// - an image that does not exist;
// - a link outside the repository: http(s), protocol-relative or mailto links in the
//   book, README.md or release/README.md (name a source by its title instead);
// - a link in README.md or release/README.md to a file that does not exist;
// - an {{#include}} of a missing file or anchor; an ```html or ```rust block in the
//   book that is not an {{#include}} of a file in docs/src/examples/ (so every example
//   is a file the tests load or compile); a file in docs/src/examples/ the book never
//   includes; a Rust example that is not a Cargo example target in Cargo.toml.
//   node scripts/check-book.mjs        (after `mdbook build docs`)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SRC = path.join(ROOT, "docs/src");
const BOOK = path.join(ROOT, "docs/book");
const EXAMPLES = path.join(SRC, "examples");
const problems = [];
const problem = (where, what) => problems.push(`${path.relative(ROOT, where)}: ${what}`);

const walk = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
const OUTSIDE = /^(https?:|\/\/|mailto:|ftp:)/i;

// 1. The Markdown sources: includes and code blocks.
const included = new Set();
const cargo = fs.readFileSync(path.join(ROOT, "Cargo.toml"), "utf8");
const exampleTargets = new Set([...cargo.matchAll(/^\[\[example\]\][^[]*?^path = "([^"]+)"/gm)].map((m) => path.join(ROOT, m[1])));
for (const md of walk(SRC).filter((f) => f.endsWith(".md"))) {
  const text = fs.readFileSync(md, "utf8");
  for (const m of text.matchAll(/\{\{#include ([^}:\s]+)(?::([\w-]+))?\s*\}\}/g)) {
    const file = path.resolve(path.dirname(md), m[1]);
    if (!fs.existsSync(file)) {
      problem(md, `{{#include ${m[1]}}}: no such file`);
      continue;
    }
    included.add(file);
    if (m[2] && !fs.readFileSync(file, "utf8").includes(`ANCHOR: ${m[2]}`)) {
      problem(md, `{{#include ${m[1]}:${m[2]}}}: the file has no ANCHOR: ${m[2]}`);
    }
  }
  for (const m of text.matchAll(/^```(html|rust)[^\n]*\n([\s\S]*?)^```/gm)) {
    const body = m[2].trim();
    const include = /^\{\{#include (\.\.\/examples\/[^}:\s]+)(?::[\w-]+)?\s*\}\}$/.exec(body);
    if (!include) {
      problem(md, `a \`\`\`${m[1]} block that is not one {{#include ../examples/…}}: "${body.slice(0, 60)}…"`);
      continue;
    }
    const file = path.resolve(path.dirname(md), include[1]);
    if (m[1] === "rust" && !exampleTargets.has(file)) {
      problem(md, `${include[1]} is not a Cargo [[example]] target, so nothing compiles it`);
    }
  }
}
for (const file of walk(EXAMPLES)) {
  if (!included.has(file)) problem(file, "an example file the book never includes");
}

// 2. The built book: links, anchors, images.
if (!fs.existsSync(path.join(BOOK, "index.html"))) {
  problem(BOOK, "not built: run `mdbook build docs` first");
} else {
  // The book's pages; mdBook also copies docs/src/examples/ as they are: not pages.
  const pages = walk(BOOK).filter((f) => f.endsWith(".html") && !/\/(print|toc|404)\.html$/.test(f)
    && !f.startsWith(path.join(BOOK, "examples") + path.sep));
  const ids = new Map();
  const idsOf = (file) => {
    if (!ids.has(file)) {
      const html = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
      ids.set(file, new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])));
    }
    return ids.get(file);
  };
  for (const page of pages) {
    const html = fs.readFileSync(page, "utf8");
    // Only the page's own content: mdBook's menus are the same on every page.
    // Code (examples, messages) is text, not links.
    const main = (/<main>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? "")
      .replace(/<pre[\s>][\s\S]*?<\/pre>/g, "")
      .replace(/<code[\s>][\s\S]*?<\/code>/g, "");
    for (const m of main.matchAll(/\s(href|src)="([^"]*)"/g)) {
      const [, attr, raw] = m;
      const url = raw.replace(/&amp;/g, "&");
      if (OUTSIDE.test(url)) {
        problem(page, `${attr}="${url}" points outside the repository (name the source in plain text)`);
        continue;
      }
      if (url.startsWith("data:") || url === "") continue;
      const [file, anchor] = url.split("#");
      const target = file ? path.resolve(path.dirname(page), decodeURIComponent(file)) : page;
      if (!target.startsWith(BOOK)) {
        problem(page, `${attr}="${url}" leaves the book`);
      } else if (!fs.existsSync(target)) {
        problem(page, `${attr}="${url}": ${attr === "src" ? "missing image or file" : "broken link"}`);
      } else if (anchor && target.endsWith(".html") && !idsOf(target).has(decodeURIComponent(anchor))) {
        problem(page, `${attr}="${url}": no #${anchor} in ${path.relative(BOOK, target)}`);
      }
    }
  }
}

// 3. The READMEs: every link stays in the repository and exists.
for (const readme of [path.join(ROOT, "README.md"), path.join(ROOT, "release/README.md")]) {
  const text = fs.readFileSync(readme, "utf8").replace(/^```[\s\S]*?^```/gm, "");
  const links = [
    ...[...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/<((?:https?|mailto|ftp):[^>]+)>/g)].map((m) => m[1]),
    ...[...text.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]),
  ];
  for (const url of links) {
    if (OUTSIDE.test(url)) {
      problem(readme, `${url} points outside the repository (name the source in plain text)`);
      continue;
    }
    const file = url.split("#")[0];
    if (file && !fs.existsSync(path.resolve(path.dirname(readme), file))) problem(readme, `${url}: no such file`);
  }
}

if (problems.length) {
  console.error(`check-book: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log("check-book: the book's links, anchors, images and examples, and the READMEs' links, are all in order");
