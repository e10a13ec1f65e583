// The painted first view in tab 1 while tab 2 decides. The module in tab 1 is
// held (a slow network), as on slow 4G where its 200 KB take seconds.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, hostPage, started, holdModule } from "./harness.mjs";

const VENDORS = /(googletagmanager|google-analytics|clarity)\./;
const ATTRS = 'data-site-name="Example PCC" data-ga-id="G-TEST123"';
let server, browser;

before(async () => {
  server = await startServer({
    pages: {
      "/a.html": hostPage({ attrs: ATTRS, body: '<img src="/held.png" alt="">' }),
      "/b.html": hostPage({ attrs: ATTRS }),
    },
    delays: { "/held.png": 60_000 },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const order of ["tab 2 accepts, then the visitor clicks Reject in tab 1", "the visitor clicks Reject in tab 1, then tab 2 accepts"]) {
  test(`painted view, module held: ${order}`, async () => {
    const page = await newPage(browser);
    const context = page.context();
    const vendor = [];
    await page.route((u) => VENDORS.test(u.hostname), (r) => {
      vendor.push(r.request().url());
      return r.abort();
    });
    const { release, requested } = await holdModule(page);
    await page.addInitScript(() => {
      window.__changes = [];
      document.addEventListener("pcc-consent:change", (e) => window.__changes.push(e.detail.record?.method));
    });
    await page.goto(`${server.origin}/a.html`, { waitUntil: "domcontentloaded" });
    await page.waitForSelector("[data-pcc-consent-first-view]", { state: "attached" });
    const other = await context.newPage();
    const tab2Accepts = async () => {
      await other.goto(`${server.origin}/b.html`);
      await started(other);
      await other.getByRole("button", { name: "Accept additional cookies" }).click();
      await other.waitForFunction(() => JSON.parse(localStorage.getItem("pcc_consent") || "null")?.how === "accept_all");
    };
    if (order.startsWith("tab 2")) {
      await tab2Accepts();
      await requested; // tab 1 heard it and asked for its module (held)
      await page.bringToFront();
      const painted = await page.evaluate(() => !!document.querySelector("[data-pcc-consent-first-view]"));
      console.log(`tab 1 still shows the painted banner asking: ${painted}`);
      await page.getByRole("button", { name: "Reject additional cookies" }).click();
    } else {
      await page.getByRole("button", { name: "Reject additional cookies" }).click();
      await requested;
      await tab2Accepts();
      await page.bringToFront();
    }
    release();
    await page.waitForFunction(() => !document.querySelector("[data-pcc-consent-first-view]"));
    await page.waitForFunction(() => window.pccConsent.get() !== null);
    const how = await page.evaluate(() => JSON.parse(localStorage.getItem("pcc_consent")).how);
    const changes = await page.evaluate(() => window.__changes);
    const gaOn = await page.evaluate(() => window["ga-disable-G-TEST123"] === false);
    console.log(JSON.stringify({ order, stored: how, tab1Changes: changes, gaOnInTab1: gaOn }));
    await context.close();
    assert.equal(how, "reject_all", "the visitor's Reject click in tab 1 was lost");
  });
}
