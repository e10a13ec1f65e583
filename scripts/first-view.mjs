// Turns the banner's first view, as tools/first-view rendered it with Leptos
// (JSON: { css, en: { policy, plain, saved, saved_text, problem_text }, cy: { ... } }), into the module the loader
// imports (src/js/first_view.js, as "pcc-consent-first-view"): each banner's HTML
// becomes a small element tree the loader builds with createElement (no innerHTML, so a
// Trusted Types policy is never needed). It owns that conversion only: it must never
// add, drop or reorder markup (Leptos' empty-child markers `<!>` excepted, which mark
// nothing in a banner built by hand, and `class` put first, as in the DOM Leptos builds) and fails the build on anything it cannot read.
// It also keeps of the stylesheet only the rules the painted banner can match (the tag's
// file carries it on every page; the WebAssembly adopts its own full sheet when it takes
// over, src/ui/shadow_host.rs): it must never drop a selector that names only classes and
// elements the templates have (tests/e2e/first-view.test.mjs compares computed styles).
//   node scripts/first-view.mjs <first-view.json> <out.js>
import { readFileSync, writeFileSync } from "node:fs";

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: node scripts/first-view.mjs <first-view.json> <out.js>");
  process.exit(2);
}
const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'" };
const decode = (s) =>
  s.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_, e) => ENTITIES[e]);

/** HTML (as Leptos writes it) -> [tag, [name, value, ...], ...children]; text children are strings. */
function tree(html) {
  const root = ["", []];
  const stack = [root];
  const token = /<!>|<!--.*?-->|<\/([a-z0-9]+)>|<([a-z0-9]+)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*>|([^<]+)/gy;
  let at = 0;
  let m;
  while (at < html.length && (m = token.exec(html))) {
    at = token.lastIndex;
    const [, close, open, attrs, text] = m;
    const top = stack[stack.length - 1];
    if (close) {
      if (top[0] !== close) throw new Error(`first-view: </${close}> closes <${top[0]}>`);
      stack.pop();
    } else if (open) {
      const list = [];
      for (const [, name, value = ""] of attrs.matchAll(/\s+([^\s=>/]+)(?:="([^"]*)")?/g)) {
        // Leptos' DOM renderer sets `class` before the other attributes; its HTML
        // renderer writes it last. The order the WebAssembly's banner has is kept.
        if (name === "class") list.unshift(name, decode(value));
        else list.push(name, decode(value));
      }
      const el = [open, list];
      top.push(el);
      stack.push(el);
    } else if (text !== undefined) {
      top.push(decode(text));
    }
  }
  if (at !== html.length || stack.length !== 1 || root.length !== 3) {
    throw new Error(`first-view: cannot read the banner's HTML at ${at}: ${html.slice(at, at + 60)}`);
  }
  return root[2];
}

/** Every class and element name in the template trees (the loader's root div added). */
function names(node, classes, tags) {
  if (typeof node === "string") return;
  const [tag, attrs, ...children] = node;
  tags.add(tag);
  for (let i = 0; i < attrs.length; i += 2) {
    if (attrs[i] === "class") for (const c of attrs[i + 1].split(/\s+/)) c && classes.add(c);
  }
  for (const child of children) names(child, classes, tags);
}

/** Whether `selector` names only classes in `classes` and elements in `tags` (`*`, `:host`: yes). */
function canMatch(selector, classes, tags) {
  if (/[[#(]/.test(selector.replace(/:host\b/g, ""))) return true; // not read here: kept
  for (const [, c] of selector.matchAll(/\.([\w-]+)/g)) if (!classes.has(c)) return false;
  const rest = selector.replace(/::?[\w-]+|\.[\w-]+/g, " ");
  for (const t of rest.split(/[\s>+~*]+/)) if (t && !tags.has(t.toLowerCase())) return false;
  return true;
}

/** The minified stylesheet's rules that can match the templates (at-rules other than @media kept whole). */
function prune(css, classes, tags) {
  let out = "";
  let at = 0;
  while (at < css.length) {
    const open = css.indexOf("{", at);
    if (open < 0) throw new Error(`first-view: cannot read the stylesheet at ${at}: ${css.slice(at, at + 60)}`);
    let depth = 1;
    let end = open + 1;
    for (; depth && end < css.length; end++) depth += css[end] === "{" ? 1 : css[end] === "}" ? -1 : 0;
    if (depth) throw new Error("first-view: unbalanced braces in the stylesheet");
    const prelude = css.slice(at, open).trim();
    const body = css.slice(open + 1, end - 1);
    at = end;
    if (prelude.startsWith("@media")) {
      const inner = prune(body, classes, tags);
      if (inner) out += `${prelude}{${inner}}`;
    } else if (prelude.startsWith("@")) {
      out += `${prelude}{${body}}`;
    } else {
      const kept = prelude.split(",").filter((s) => canMatch(s.trim(), classes, tags));
      // In a declaration block a colon only follows a property name (no strings here).
      if (kept.length) out += `${kept.join(",")}{${body.replace(/: /g, ":").replace(/;$/, "")}}`;
    }
  }
  return out;
}

/**
 * One template for both banners of a language: `policy` with the one element `plain`
 * lacks (the policy paragraph) marked optional, its tag written "?p". Fails the build
 * unless removing exactly one element of `policy` gives `plain`.
 */
function withOptional(policy, plain) {
  const want = JSON.stringify(plain);
  const found = [];
  const visit = (node) => {
    for (let i = 2; i < node.length; i++) {
      if (typeof node[i] === "string") continue;
      const [removed] = node.splice(i, 1);
      if (JSON.stringify(policy) === want) found.push([node, i, removed]);
      node.splice(i, 0, removed);
      visit(removed);
    }
  };
  visit(policy);
  if (found.length !== 1) throw new Error(`first-view: the banners with and without a policy link differ by ${found.length} elements, not 1`);
  found[0][2][0] = `?${found[0][2][0]}`;
  return policy;
}

const rendered = JSON.parse(readFileSync(input, "utf8"));
const templates = {};
// The saved message per language: [its tree, the saved text, the save-failed text]; its
// message is the `{message}` slot.
const saved = {};
const classes = new Set(["pcc-consent-root"]);
const tags = new Set(["div"]);
for (const lang of ["en", "cy"]) {
  const policy = tree(rendered[lang].policy);
  names(policy, classes, tags);
  templates[lang] = withOptional(policy, tree(rendered[lang].plain));
  const message = tree(rendered[lang].saved);
  names(message, classes, tags);
  if (!JSON.stringify(message).includes('"{message}"')) throw new Error("first-view: the saved message has no {message} slot of its own");
  saved[lang] = [message, rendered[lang].saved_text, rendered[lang].problem_text];
}
const css = prune(rendered.css, classes, tags);
writeFileSync(
  output,
  `// Generated by scripts/first-view.mjs from tools/first-view's rendering of src/ui/banner_view.rs and saved_view.rs.\n` +
    `export const CSS = ${JSON.stringify(css)};\n` +
    `export const TEMPLATES = ${JSON.stringify(templates)};\n` +
    `export const SAVED = ${JSON.stringify(saved)};\n`,
);
