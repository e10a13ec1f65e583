// The painted first view: a press that straddles the takeover. The visitor presses (mouse button down,
// or Space down) on the painted Reject while the module is loading; the module takes over
// (painted banner removed, its own banner mounted) before the visitor lets go. A real
// click lasts ~100 ms, a Space press about as long: the takeover task falls inside it
// whenever the module arrives then. Expected: the press is one Reject, as on any button.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, hostPage, holdModule } from "./harness.mjs";

let server, browser;
const rows = [];
before(async () => {
  server = await startServer({
    pages: { "/p.html": hostPage({ attrs: 'data-site-name="Example PCC" data-ga-id="G-TEST123"', body: '<img src="/held.png" alt="">' }) },
    delays: { "/held.png": 60_000 },
  });
  browser = await launchBrowser();
});
after(async () => {
  console.log(`covered:\n${rows.join("\n")}`);
  await browser?.close();
  await server?.close();
});

for (const how of ["mouse", "Space", "Enter"]) {
  test(`${how} pressed on the painted Reject, released after the takeover`, async () => {
    const page = await newPage(browser);
    await page.route((u) => /(googletagmanager|google-analytics|clarity)\./.test(u.hostname), (r) => r.abort());
    const { release, requested } = await holdModule(page);
    await page.addInitScript(() => {
      window.__changes = [];
      document.addEventListener("pcc-consent:change", (e) => window.__changes.push(e.detail.record?.method));
    });
    await page.goto(`${server.origin}/p.html`, { waitUntil: "domcontentloaded" });
    await page.waitForSelector("[data-pcc-consent-first-view]", { state: "attached" });
    const reject = page.getByRole("button", { name: "Reject additional cookies" });
    // The module is on its way (the visitor scrolled), held on the network.
    await page.evaluate(() => window.dispatchEvent(new Event("scroll")));
    await requested;
    if (how === "mouse") {
      const box = await reject.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
    } else {
      await reject.focus();
      await page.keyboard.down(how);
    }
    release();
    await page.waitForFunction(() => document.getElementById("pcc-consent") && !document.querySelector("[data-pcc-consent-first-view]"));
    const focused = await page.evaluate(() => document.getElementById("pcc-consent").shadowRoot.activeElement?.textContent || document.activeElement.tagName);
    if (how === "mouse") await page.mouse.up();
    else await page.keyboard.up(how);
    // Let any click settle (two frames), then read.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 200)))));
    const changes = await page.evaluate(() => window.__changes);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("pcc_consent") || "null")?.how || null);
    const bannerStill = await page.evaluate(() => !!document.getElementById("pcc-consent").shadowRoot.querySelector(".pcc-consent-banner button"));
    rows.push(`${how} down on painted Reject, up after takeover | focus then: ${focused} | changes ${JSON.stringify(changes)} | stored ${stored} | banner still asking ${bannerStill}`);
    await page.context().close();
    assert.deepEqual(changes, ["reject_all"], `${how}: the press was lost (or doubled)`);
  });
}
