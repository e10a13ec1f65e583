// Issue 30 item 2: the tag's settings are never silently lost. The ways the tag can be
// written and placed (head/body x classic/defer/async/module, inserted by script, twice
// in either order) x the settings that must survive (quick exit, site name, GA id,
// Clarity id). Where two copies disagree, the first with settings wins and the console
// names each ignored attribute of the other; quick exit starts whichever copy asked for
// it. Prints its matrix.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, mapHostsTo } from "./harness.mjs";

let server;
let browser;

const SRC = "/dist/pcc-consent/pcc-consent.js";
const SETTINGS = { "data-quick-exit": "escape", "data-site-name": "Matrix PCC", "data-ga-id": "G-MATRIX1", "data-clarity-id": "matrixproj" };
const OTHER = { "data-site-name": "Other PCC", "data-ga-id": "G-OTHER22" };
const attrs = (set) => Object.entries(set).map(([k, v]) => `${k}="${v}"`).join(" ");
const KINDS = { classic: "", defer: "defer", async: "async", module: 'type="module"' };
const tag = (kind, set = {}) => `<script src="${SRC}" ${KINDS[kind]} ${attrs(set)}></script>`;
/** An inline script that inserts the tag, as a tag manager or a plugin does. */
const inserted = (set, when = "now") => {
  const body = `const s = document.createElement("script"); s.src = ${JSON.stringify(SRC)};
    for (const [k, v] of Object.entries(${JSON.stringify(set)})) s.setAttribute(k, v);
    document.head.appendChild(s);`;
  return `<script>${when === "now" ? body : `addEventListener("load", () => { ${body} });`}</script>`;
};
const page = (head, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tag</title>${head}</head>
<body><h1>Tag test</h1><p>Content.</p>${body}</body></html>`;

// Each way: its page and what must take effect (the winning settings, and the
// attributes the console must name as ignored).
const WAYS = [];
for (const place of ["head", "body"]) {
  for (const kind of Object.keys(KINDS)) {
    const t = tag(kind, SETTINGS);
    WAYS.push({ way: `${place}, ${kind}`, html: place === "head" ? page(t, "") : page("", t), want: SETTINGS });
  }
}
WAYS.push(
  { way: "inserted by script (tag manager)", html: page(inserted(SETTINGS), ""), want: SETTINGS },
  { way: "inserted by script after load", html: page("", inserted(SETTINGS, "load")), want: SETTINGS },
  { way: "twice: plain copy in head (classic), settings in body (defer)", html: page(tag("classic"), tag("defer", SETTINGS)), want: SETTINGS },
  { way: "twice: settings in head (defer), plain copy in body (async)", html: page(tag("defer", SETTINGS), tag("async")), want: SETTINGS },
  { way: "twice: plain module in head, settings in body (classic)", html: page(tag("module"), tag("classic", SETTINGS)), want: SETTINGS },
  { way: "twice: plain copy inserted by script, settings in body (module)", html: page(inserted({}), tag("module", SETTINGS)), want: SETTINGS },
  {
    way: "twice, disagreeing: settings in head (defer), other settings in body (classic)",
    html: page(tag("defer", SETTINGS), tag("classic", OTHER)),
    want: SETTINGS,
    named: [['data-site-name="Other PCC"', "<body>"], ['data-ga-id="G-OTHER22"', "<body>"]],
  },
  {
    way: "twice, disagreeing: other settings in head (classic), settings in body (defer)",
    html: page(tag("classic", OTHER), tag("defer", SETTINGS)),
    // The first copy with settings wins; quick exit still starts from the copy that asked.
    want: { "data-quick-exit": "escape", ...OTHER },
    named: [['data-site-name="Matrix PCC"', "<body>"], ['data-ga-id="G-MATRIX1"', "<body>"], ['data-clarity-id="matrixproj"', "<body>"]],
  },
);

before(async () => {
  const pages = {};
  WAYS.forEach((w, i) => (pages[`/way-${i}.html`] = w.html));
  // The analytics hosts are answered by the test server's stand-ins.
  server = await startServer({ pages, tls: true });
  browser = await launchBrowser(mapHostsTo(server));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** What took effect on the page: quick exit, banner title, the analytics ids loaded after Accept. */
async function observe(p) {
  const requested = [];
  p.on("request", (r) => requested.push(r.url()));
  await p.waitForFunction(() => document.getElementById("pcc-consent") && window.pccConsent, null, { timeout: 10_000 });
  const title = await p.evaluate(() => {
    const region = document.getElementById("pcc-consent").shadowRoot.querySelector(".pcc-consent-banner");
    return region ? region.getAttribute("aria-label") : null;
  });
  const exit = await p.evaluate(() => {
    const host = document.getElementById("pcc-consent-exit");
    return !!(host && host.shadowRoot.querySelector("button"));
  });
  await p.evaluate(() => window.pccConsent.acceptAll());
  await p.waitForTimeout(500);
  const scripts = await p.evaluate(() => [...document.scripts].map((s) => s.src));
  const loaded = [...requested, ...scripts];
  const id = (re) => (loaded.map((u) => u.match(re)).find(Boolean) || [])[1] || null;
  return {
    quickExit: exit,
    siteName: (title || "").replace(/^Cookies on /, "") || null,
    ga: id(/[?&]id=(G-[A-Z0-9]+)/),
    clarity: id(/clarity\.ms\/tag\/([a-z0-9]+)/i),
  };
}

test("the tag's settings take effect however the tag is written and placed, or the console names each ignored one", async () => {
  const matrix = [];
  const problems = [];
  for (const [i, way] of WAYS.entries()) {
    const p = await newPage(browser);
    await p.goto(`${server.origin}/way-${i}.html`);
    const got = await observe(p);
    const want = {
      quickExit: way.want["data-quick-exit"] === "escape",
      siteName: way.want["data-site-name"] || null,
      ga: way.want["data-ga-id"] || null,
      clarity: way.want["data-clarity-id"] || null,
    };
    const warnings = p.messages.filter((m) => /^pcc-consent:/.test(m.text) && m.type !== "log");
    const unnamed = (way.named || []).filter(([attr, where]) => !warnings.some((m) => m.text.includes(attr) && m.text.includes(where)));
    const errors = p.messages.filter((m) => m.type === "pageerror" || (m.type === "error" && /pcc-consent/.test(m.text)));
    matrix.push({
      way: way.way,
      "quick exit": got.quickExit ? "on" : "OFF",
      "site name": got.siteName,
      "GA id": got.ga,
      "Clarity id": got.clarity,
      console: way.named ? `${way.named.length - unnamed.length}/${way.named.length} ignored named` : warnings.length ? "duplicate noted" : "-",
    });
    for (const key of Object.keys(want)) if (got[key] !== want[key]) problems.push(`${way.way}: ${key} is ${got[key]}, want ${want[key]}`);
    for (const [attr, where] of unnamed) problems.push(`${way.way}: the console does not name ${attr} on the copy in ${where}`);
    for (const e of errors) problems.push(`${way.way}: ${e.type} ${e.text}`);
    await p.context().close();
  }
  console.table(matrix);
  assert.deepEqual(problems, []);
});
