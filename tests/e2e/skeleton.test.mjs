// The walking skeleton, end to end: the built bundle on plain HTML pages in Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started, BUNDLE } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer({
    mounts: { "/some/other/path/assets/": BUNDLE },
    pages: {
      "/copied.html": hostPage({ src: "/some/other/path/assets/pcc-consent.js" }),
      "/twice.html": hostPage({
        body: '<script src="/dist/pcc-consent/pcc-consent.js" defer></script>',
      }),
      "/slow.html": hostPage({ src: "/dist/pcc-consent/pcc-consent.js?slow" }),
    },
    delays: { ".wasm": 0 },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

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

test("the README's preload hint is used: the .wasm is downloaded once, before the script asks", async () => {
  const page = await newPage(browser);
  const from = server.requests.length;
  await page.goto(`${server.origin}/demo/plain.html`);
  await banner(page).waitFor();
  const wasm = server.requests.slice(from).filter((r) => r.path.endsWith("pcc-consent.wasm"));
  assert.equal(wasm.length, 1, "one download: the loader's request reused the preload");
  assert.deepEqual(page.messages.filter((m) => /preload/i.test(m.text)), [], "no preload warning");
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
  await page.reload();
  await started(page);
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), true);
  assert.equal(await page.evaluate(() => window.pccConsent.get().method), "accept_all");
  assert.equal(await banner(page).count(), 0);
  await page.context().close();
});

test("the bundle works when copied to another path (only the src changes)", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/copied.html`);
  await banner(page).waitFor();
  const wasm = server.requests.filter((r) => r.path.endsWith(".wasm")).map((r) => r.path);
  assert.ok(wasm.includes("/some/other/path/assets/pcc-consent.wasm"), `wasm fetched from ${wasm}`);
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

test("the page renders without waiting for the banner's WebAssembly", async () => {
  const slow = await startServer({ delays: { ".wasm": 1500 }, pages: { "/p.html": hostPage() } });
  const page = await newPage(browser);
  const started = Date.now();
  await page.goto(`${slow.origin}/p.html`, { waitUntil: "domcontentloaded" });
  const parsedAfter = Date.now() - started;
  assert.ok(await page.getByRole("heading", { name: "Host page" }).isVisible());
  assert.equal(await banner(page).count(), 0, "banner not there yet: wasm still loading");
  assert.ok(parsedAfter < 1500, `DOMContentLoaded after ${parsedAfter} ms, before the wasm arrived`);
  await banner(page).waitFor();
  await page.context().close();
  await slow.close();
});
