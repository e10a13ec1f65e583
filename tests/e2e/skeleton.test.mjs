// The walking skeleton, end to end: the built bundle on plain HTML pages in Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startServer, launchBrowser, newPage, banner, hostPage, started, BUNDLE, decided } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer({
    mounts: { "/some/other/path/assets/": BUNDLE },
    pages: {
      "/copied.html": hostPage({ src: "/some/other/path/assets/pcc-consent.js?v=3" }),
      "/twice.html": hostPage({
        body: '<script src="/dist/pcc-consent/pcc-consent.js" defer></script>',
      }),
      // A page in a legacy encoding, and a server that names no charset for the script
      // (the loader is ASCII) nor application/wasm for the module (compiled from its bytes).
      "/latin1.html": {
        body: hostPage({ src: "/plain-type/pcc-consent.js" }).replace('charset="utf-8"', 'charset="windows-1252"'),
        headers: { "content-type": "text/html" },
      },
      "/plain-type/pcc-consent.js": {
        body: fs.readFileSync(path.join(BUNDLE, "pcc-consent.js")),
        headers: { "content-type": "text/javascript" },
      },
      "/plain-type/pcc-consent.wasm": {
        body: fs.readFileSync(path.join(BUNDLE, "pcc-consent.wasm")),
        headers: { "content-type": "application/octet-stream" },
      },
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Console errors, less the favicon 404 a page may log (not ours). */
const pageErrors = (page) =>
  page.messages.filter((m) => m.type === "error" && !/Failed to load resource/.test(m.text));

test("demo/plain.html shows the banner with both choices and the policy link", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/demo/plain.html`);
  const region = banner(page);
  await region.waitFor();
  assert.equal(await region.getAttribute("aria-label"), "Cookies on Example PCC");
  assert.ok(await page.getByRole("button", { name: "Accept additional cookies" }).isVisible());
  assert.ok(await page.getByRole("button", { name: "Reject additional cookies" }).isVisible());
  const link = region.getByRole("link");
  assert.equal(await link.getAttribute("href"), "cookies.html");
  await page.context().close();
});

test("the bundle is two files: the page fetches pcc-consent.js, then pcc-consent.wasm next to it, and nothing else of ours", async () => {
  const page = await newPage(browser);
  const from = server.requests.length;
  await page.goto(`${server.origin}/demo/plain.html`);
  await banner(page).waitFor();
  await page.waitForLoadState("load");
  const ours = server.requests.slice(from).map((r) => r.path).filter((p) => p.includes("pcc-consent"));
  assert.deepEqual(ours, ["/dist/pcc-consent/pcc-consent.js", "/dist/pcc-consent/pcc-consent.wasm"]);
  await page.context().close();
});

test("a windows-1252 page with the script served without a charset still gets the banner", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/latin1.html`);
  await banner(page).waitFor();
  assert.equal(await page.evaluate(() => document.characterSet), "windows-1252");
  assert.deepEqual(pageErrors(page), []);
  await page.context().close();
});

test("Reject is remembered: after a reload there is no banner", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/demo/plain.html`);
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  await page.getByRole("alert").waitFor();
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem("pcc_consent")));
  assert.equal(stored.how, "reject_all");
  assert.deepEqual(stored.grant, []);
  await page.reload();
  await started(page);
  assert.equal(await banner(page).count(), 0, "no banner after reload");
  await page.context().close();
});

test("Accept is remembered and readable through window.pccConsent", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/demo/plain.html`);
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await decided(page);
  await page.reload();
  await started(page);
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), true);
  assert.equal(await page.evaluate(() => window.pccConsent.get().method), "accept_all");
  assert.equal(await banner(page).count(), 0);
  await page.context().close();
});

test("the bundle works when copied to another path (only the src changes; its query is kept for the module)", async () => {
  const page = await newPage(browser);
  const from = server.requests.length;
  await page.goto(`${server.origin}/copied.html`);
  // The module's banner: a painted first view comes before the module is even asked for.
  await started(page);
  const ours = server.requests.slice(from).map((r) => r.path + r.search).filter((p) => p.includes("pcc-consent."));
  assert.deepEqual(ours, ["/some/other/path/assets/pcc-consent.js?v=3", "/some/other/path/assets/pcc-consent.wasm?v=3"]);
  assert.deepEqual(pageErrors(page), []);
  await page.context().close();
});

test("the script included twice shows one banner and says so in the console", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/twice.html`);
  await banner(page).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await banner(page).count(), 1);
  assert.ok(page.messages.some((m) => m.type === "warning" && /more than once/.test(m.text)));
  await page.context().close();
});

