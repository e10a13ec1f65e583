// Quick exit proven over its state space: every state a visitor can reach (every way a
// modal opens, the banner, the saved message, nothing showing, the site's own dialog and
// popover, before the WebAssembly started, WebAssembly blocked by the CSP) x every
// trigger the page enables (mouse click, touch tap, Tab then Enter on "Leave this site",
// and the mode's key: Escape, or Shift three times) x layouts (1280 px, and 320 px with
// dir="rtl"). Each pair must leave for the exit URL with no Referer. The matrix is
// printed.
//
// The openers are derived from the code: every call of open_preferences() in src/**/*.rs,
// every element our JavaScript marks data-pcc-consent-open, and every showModal call must
// be claimed by a state below, so a new way to open a modal fails this test until it is
// covered here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startServer, launchBrowser, newPage, ROOT } from "./harness.mjs";

/** Where a modal can be opened in our code -> the states below that open it that way. */
const OPENERS_IN_CODE = {
  "src/ui/banner.rs open_preferences x1": ["customise by mouse", "customise by touch", "customise by keyboard", "closed and reopened"],
  "src/ui/settings_button.rs open_preferences x1": ["floating settings button"],
  "src/ui/open_triggers.rs open_preferences x1": ["footer link", "saved message, then footer link", "nested in the site's dialog"],
  "src/api.rs open_preferences x1": ["JS API"],
  "src/gate/blocked_content.js data-pcc-consent-open x1": ["gated iframe's placeholder"],
  "src/ui/preferences_dialog.rs show_modal x1": ["customise by mouse"],
  // The configurator (a separate tool, never on a site) previews the dialog itself.
  "src/configurator/preview.rs open_preferences x1": [],
};

function openersInCode() {
  const found = {};
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(rs|js)$/.test(entry.name) && !file.includes(`${path.sep}quick_exit`)) {
        const code = fs.readFileSync(file, "utf8").split("\n").filter((l) => !/^\s*(\/\/|\*)/.test(l)).join("\n");
        const rel = path.relative(ROOT, file).split(path.sep).join("/");
        for (const [what, re] of [["open_preferences", /\.open_preferences\(/g], ["data-pcc-consent-open", /["']data-pcc-consent-open["']\s*,/g], ["show_modal", /\.(show_modal|showModal)\(/g]]) {
          const n = (code.match(re) || []).length;
          if (n) found[`${rel} ${what} x${n}`] = true;
        }
      }
    }
  };
  walk(path.join(ROOT, "src"));
  return Object.keys(found).sort();
}

const LAYOUTS = [
  { name: "1280px", viewport: { width: 1280, height: 800 }, dir: "ltr" },
  { name: "320px rtl", viewport: { width: 320, height: 640 }, dir: "rtl" },
];
const MODES = { escape: ["click", "tap", "Tab+Enter", "Escape"], "shift-3": ["click", "tap", "Tab+Enter", "Shift x3"] };

let server;
let browser;
let port;
let cells = 0;

before(async () => {
  server = await startServer({ delays: { "/slow.js": 8000 } });
  port = server.port;
  browser = await launchBrowser(["--host-resolver-rules=MAP exit.test 127.0.0.1"]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A support page of the `kind` a state needs, for one cell (its own exit URL). */
function supportPage({ kind, mode, dir, exitUrl }) {
  const tag = `<script src="/dist/pcc-consent/pcc-consent.js" ${kind === "before-wasm" ? "" : "defer"} data-site-name="Support" data-quick-exit="${mode}" data-exit-url="${exitUrl}"${kind === "floating" ? " data-settings-button" : ""}></script>`;
  const links = Array.from({ length: 6 }, (_, i) => `<p><a href="#p${i}">Page link ${i}</a></p>`).join("");
  const site = `<label>Search <input id="search"></label>${links}
<button id="show-dialog">Show site dialog</button><button id="show-popover">Show site popover</button>
<dialog id="site-dialog"><p>Site dialog</p><a href="#" id="nested-link" data-pcc-consent-open>Cookie choices</a> <button id="site-close">Close site dialog</button></dialog>
<div id="site-popover" popover="manual" style="inset:0;width:100vw;height:100vh;margin:0;border:0;background:#fff">Site popover</div>
<iframe data-pcc-consent="targeting" data-src="/blank.html" title="Map"></iframe>
${kind === "cookies" ? "<h2>Cookie settings</h2><div data-pcc-consent-settings></div>" : ""}
<footer><a href="#" id="footer-link" data-pcc-consent-open>Manage cookies</a></footer>
<script src="/tests/e2e/fixtures/site-overlays.js"></script>`;
  if (kind === "before-wasm") {
    return `<!doctype html><html lang="en" dir="${dir}"><head><meta charset="utf-8"><title>Support</title>${tag}</head>
<body><h1>Support</h1>${links}<script src="/slow.js"></script><p>After the slow script.</p></body></html>`;
  }
  return `<!doctype html><html lang="en" dir="${dir}"><head><meta charset="utf-8"><title>Support</title></head>
<body><h1>Support</h1>${site}${tag}</body></html>`;
}

const deepActive = (page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el ? el.textContent.trim() : "";
  });

async function tabTo(page, text, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if ((await deepActive(page)) === text) return;
  }
  throw new Error(`Tab never reached "${text}"`);
}

const rejectAndWait = async (page) => {
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  await page.getByText("Your cookie preferences have been saved").waitFor();
};
const hide = async (page) => {
  await page.getByRole("button", { name: "Hide this message" }).click();
  await page.getByText("Your cookie preferences have been saved").waitFor({ state: "hidden" });
};
const prefsOpen = (page) => page.waitForFunction(() => document.getElementById("pcc-consent").shadowRoot.querySelector("dialog[open]"));

/** The states: the page kind each needs, and how a visitor gets there. */
const STATES = {
  "before the WebAssembly started": { kind: "before-wasm", reach: async (page) => {
    assert.equal(await page.evaluate(() => !!document.getElementById("pcc-consent")), false, "the banner had started");
  } },
  "WebAssembly blocked by the CSP": { kind: "csp", reach: async (page) => {
    await page.waitForFunction(() => document.readyState === "complete");
    assert.equal(await page.evaluate(() => !!document.getElementById("pcc-consent")), false);
  } },
  "banner showing": { kind: "plain", reach: (page) => page.getByRole("button", { name: "Customise cookies" }).waitFor() },
  "saved message showing": { kind: "plain", reach: rejectAndWait },
  "nothing showing": { kind: "plain", reach: async (page) => (await rejectAndWait(page), await hide(page)) },
  "floating button showing": { kind: "floating", reach: async (page) => (await rejectAndWait(page), await hide(page)) },
  "cookies page form": { kind: "cookies", reach: (page) => page.getByRole("button", { name: "Save cookie settings" }).waitFor() },
  "customise by mouse": { kind: "plain", reach: async (page) => {
    await page.getByRole("button", { name: "Customise cookies" }).click();
    await prefsOpen(page);
  } },
  "customise by touch": { kind: "plain", reach: async (page) => {
    await page.getByRole("button", { name: "Customise cookies" }).waitFor();
    const b = await page.getByRole("button", { name: "Customise cookies" }).boundingBox();
    await page.touchscreen.tap(b.x + b.width / 2, b.y + b.height / 2);
    await prefsOpen(page);
  } },
  "customise by keyboard": { kind: "plain", reach: async (page) => {
    await page.getByRole("button", { name: "Customise cookies" }).waitFor();
    await tabTo(page, "Customise cookies");
    await page.keyboard.press("Enter");
    await prefsOpen(page);
  } },
  "closed and reopened": { kind: "plain", reach: async (page) => {
    await page.getByRole("button", { name: "Customise cookies" }).click();
    await prefsOpen(page);
    await page.getByRole("button", { name: "Close", exact: true }).click();
    await page.waitForFunction(() => !document.getElementById("pcc-consent").shadowRoot.querySelector("dialog[open]"));
    await page.getByRole("button", { name: "Customise cookies" }).click();
    await prefsOpen(page);
  } },
  "footer link": { kind: "plain", reach: async (page) => {
    await page.locator("#footer-link").click();
    await prefsOpen(page);
  } },
  "saved message, then footer link": { kind: "plain", reach: async (page) => {
    await rejectAndWait(page);
    await page.locator("#footer-link").click();
    await prefsOpen(page);
  } },
  "floating settings button": { kind: "floating", reach: async (page) => {
    await rejectAndWait(page);
    await hide(page);
    await page.locator("#pcc-consent").getByRole("button", { name: "Cookie settings" }).click();
    await prefsOpen(page);
  } },
  "JS API": { kind: "plain", reach: async (page) => {
    await page.evaluate(() => window.pccConsent.showPreferences());
    await prefsOpen(page);
  } },
  "gated iframe's placeholder": { kind: "plain", reach: async (page) => {
    await page.locator("[data-pcc-consent-placeholder] button").click();
    await prefsOpen(page);
  } },
  "site's own dialog": { kind: "plain", reach: async (page) => {
    await page.locator("#show-dialog").click();
    await page.waitForFunction(() => document.getElementById("site-dialog").open);
  } },
  "site's own popover": { kind: "plain", reach: async (page) => {
    await page.locator("#show-popover").click();
    await page.waitForFunction(() => document.querySelector("#site-popover:popover-open"));
  } },
  "nested in the site's dialog": { kind: "plain", reach: async (page) => {
    await page.locator("#show-dialog").click();
    await page.locator("#nested-link").click();
    await prefsOpen(page);
  } },
};

async function trigger(page, how) {
  if (how === "Escape") return page.keyboard.press("Escape");
  if (how === "Shift x3") {
    for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
    return;
  }
  if (how === "Tab+Enter") {
    await tabTo(page, "Leave this site");
    return page.keyboard.press("Enter");
  }
  // The exit on top: the page's (or a dialog's copy at the same place).
  const [x, y] = await page.evaluate(() => {
    const r = document.getElementById("pcc-consent-exit").shadowRoot.querySelector("button").getBoundingClientRect();
    return [r.x + r.width / 2, r.y + r.height / 2];
  });
  if (how === "tap") return page.touchscreen.tap(x, y);
  return page.mouse.click(x, y);
}

/** One cell: a fresh visitor reaches `state`, then `how` must leave with no Referer. */
async function cell(stateName, layout, mode, how) {
  const n = ++cells;
  const state = STATES[stateName];
  const exitPath = `/exit/${n}`;
  const exitUrl = `http://exit.test:${port}${exitPath}`;
  const html = supportPage({ kind: state.kind, mode, dir: layout.dir, exitUrl });
  server.pages[`/cell/${n}.html`] = state.kind === "csp" ? { body: html, headers: { "content-security-policy": "script-src 'self'" } } : html;
  const page = await newPage(browser, { viewport: layout.viewport, hasTouch: true });
  try {
    await page.goto(`${server.origin}/cell/${n}.html`, { waitUntil: "commit" });
    await page.waitForFunction(() => document.getElementById("pcc-consent-exit"), null, { timeout: 10_000 });
    if (state.kind !== "before-wasm" && state.kind !== "csp") {
      await page.waitForFunction(() => document.getElementById("pcc-consent"), null, { timeout: 10_000 });
    }
    await state.reach(page);
    await trigger(page, how);
    await page.waitForURL(exitUrl, { timeout: 4000 });
    const hits = server.requests.filter((r) => r.path === exitPath);
    assert.ok(hits.length > 0, "no request for the exit page");
    for (const hit of hits) assert.equal(hit.headers.referer, undefined, `Referer ${hit.headers.referer}`);
    return null;
  } catch (error) {
    return String(error.message || error).split("\n")[0];
  } finally {
    await page.context().close();
  }
}

/** Runs `jobs` (async functions) two at a time. */
async function pool(jobs, width = 2) {
  const results = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  }));
  return results;
}

test("every opener in the code is covered by a state of this test", () => {
  const inCode = openersInCode();
  const uncovered = inCode.filter((key) => !(key in OPENERS_IN_CODE));
  assert.deepEqual(uncovered, [], "a new way to open a modal: add a state for it (and its key to OPENERS_IN_CODE)");
  const gone = Object.keys(OPENERS_IN_CODE).filter((key) => !inCode.includes(key));
  assert.deepEqual(gone, [], "OPENERS_IN_CODE names an opener the code no longer has");
  for (const states of Object.values(OPENERS_IN_CODE)) for (const s of states) assert.ok(s in STATES, s);
  console.log(`openers found in the code: ${inCode.length}\n  ${inCode.map((k) => `${k} -> ${OPENERS_IN_CODE[k].join(", ") || "(not on sites)"}`).join("\n  ")}`);
});

test("every state x trigger x layout x mode leaves for the exit URL with no Referer", { timeout: 30 * 60_000 }, async () => {
  const plan = [];
  // QUICK_EXIT_STATES="footer,customise" runs only the states whose names contain one
  // of the words (for a quick look; the suite runs them all).
  const only = (process.env.QUICK_EXIT_STATES || "").split(",").filter(Boolean);
  for (const stateName of Object.keys(STATES)) {
    if (only.length && !only.some((w) => stateName.includes(w))) continue;
    for (const layout of LAYOUTS) {
      for (const [mode, triggers] of Object.entries(MODES)) {
        for (const how of triggers) plan.push({ stateName, layout, mode, how });
      }
    }
  }
  const results = await pool(plan.map((p) => () => cell(p.stateName, p.layout, p.mode, p.how)));
  // The matrix: one row per state, one column per layout x mode x trigger.
  const columns = [];
  for (const layout of LAYOUTS) for (const [mode, triggers] of Object.entries(MODES)) for (const how of triggers) columns.push(`${layout.name}/${mode}/${how}`);
  const lines = [`quick exit state space: ${new Set(plan.map((p) => p.stateName)).size} states x ${columns.length} (layout/mode/trigger) = ${plan.length} cells`];
  lines.push(`columns: ${columns.map((c, i) => `${i + 1}=${c}`).join("  ")}`);
  const width = Math.max(...plan.map((p) => p.stateName.length));
  for (const stateName of new Set(plan.map((p) => p.stateName))) {
    const row = plan.map((p, i) => (p.stateName === stateName ? (results[i] ? "✗" : "✓") : null)).filter(Boolean);
    lines.push(`${stateName.padEnd(width)}  ${row.join(" ")}`);
  }
  const failures = plan.map((p, i) => results[i] && `${p.stateName} x ${p.layout.name}/${p.mode}/${p.how}: ${results[i]}`).filter(Boolean);
  lines.push(`${plan.length - failures.length} of ${plan.length} left for the exit URL with no Referer`);
  console.log(lines.join("\n"));
  assert.deepEqual(failures, []);
});
