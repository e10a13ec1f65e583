// The painted first view: a press that straddles the takeover, and a click the visitor
// leaves the page after before the module has arrived to take it.
//
// A press that straddles the takeover. The visitor presses (mouse button down,
// or Space down) on the painted Reject while the module is loading; the module takes over
// (painted banner removed, its own banner mounted) before the visitor lets go. A real
// click lasts ~100 ms, a Space press about as long: the takeover task falls inside it
// whenever the module arrives then. Expected: the press is one Reject, as on any button.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, hostPage, holdModule, started, banner, decided } from "./harness.mjs";

let server, browser, bfcacheBrowser;
const VENDORS = /(googletagmanager|google-analytics|clarity)\./;
const rows = [];
before(async () => {
  server = await startServer({
    pages: {
      "/p.html": hostPage({ attrs: 'data-site-name="Example PCC" data-ga-id="G-TEST123"', body: '<img src="/held.png" alt="">' }),
      // Pages the back/forward cache may keep (no `no-store`).
      "/leave.html": {
        body: hostPage({ attrs: 'data-site-name="Example PCC" data-ga-id="G-TEST123"', body: '<a href="/next.html">Next page</a>' }),
        headers: { "cache-control": "no-cache" },
      },
      "/next.html": { body: hostPage({ attrs: 'data-site-name="Example PCC" data-ga-id="G-TEST123"' }), headers: { "cache-control": "no-cache" } },
      // A page that logs each choice: a held click is not recorded without the module.
      "/logged.html": {
        body: hostPage({ attrs: 'data-site-name="Example PCC" data-ga-id="G-TEST123" data-log-url="/log"', body: '<a href="/next.html">Next page</a>' }),
        headers: { "cache-control": "no-cache" },
      },
    },
    delays: { "/held.png": 60_000 },
  });
  // A site's own script that starts the module at DOMContentLoaded, before the first
  // view is painted (it is painted in the next frame); once where the module may load,
  // once where the CSP refuses it (no 'wasm-unsafe-eval': it fails at once).
  const early = hostPage({
    attrs: 'data-site-name="Example PCC" data-ga-id="G-TEST123"',
    head: '<script>document.addEventListener("DOMContentLoaded", () => window.pccConsent.showPreferences());</script>',
  });
  server.pages["/early.html"] = early;
  server.pages["/early-csp.html"] = { body: early, headers: { "content-security-policy": "script-src 'self' 'unsafe-inline'" } };
  browser = await launchBrowser();
  bfcacheBrowser = await launchBrowser([], { bfcache: true });
});
after(async () => {
  console.log(`covered:\n${rows.join("\n")}`);
  await browser?.close();
  await bfcacheBrowser?.close();
  await server?.close();
});

for (const how of ["mouse", "Space", "Enter"]) {
  test(`${how} pressed on the painted Reject, released after the takeover`, async () => {
    const page = await newPage(browser);
    await page.route((u) => VENDORS.test(u.hostname), (r) => r.abort());
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

// The visitor clicks Accept or Reject on the painted banner (or the site calls acceptAll() /
// rejectAll()) and leaves before the module has taken it: a link, a reload, or a link and
// Back with the back/forward cache on. The module's compile is held on the first page (its
// download done, so nothing in flight keeps the page out of the bfcache); later pages get
// it at once, and the restored page's compile is let go after Back.
// Expected: the choice is recorded as the page goes; no page after asks again; GA starts
// (on the next page, or the restored page once its module boots) only after Accept.
const HOLD_COMPILE = () => {
  if (sessionStorage.getItem("held")) return;
  sessionStorage.setItem("held", "1");
  const compile = WebAssembly.compile;
  WebAssembly.compile = (bytes) => {
    window.__compiling = true;
    return new Promise((resolve) => (window.__release = () => resolve(compile(bytes))));
  };
};
/**
 * Opens `path` with the module's compile held (HOLD_COMPILE), vendor requests recorded in
 * `ga` and refused, once the first view is painted; `window.__kept` marks this document,
 * so a bfcache restore can be told from a reload.
 */
async function openHeld(from, path) {
  const page = await newPage(from);
  const ga = [];
  await page.route(
    (u) => VENDORS.test(u.hostname),
    (r) => (ga.push(r.request().url()), r.abort()),
  );
  await page.addInitScript(HOLD_COMPILE);
  await page.goto(`${server.origin}${path}`);
  await page.waitForSelector("[data-pcc-consent-first-view]", { state: "attached" });
  await page.evaluate(() => (window.__kept = true));
  return { page, ga };
}

for (const [button, via] of ["Accept", "Reject"].flatMap((b) => [[b, "painted banner"], [b, "API"]])) {
  for (const leave of ["link", "reload", "link and back"]) {
    test(`${button} by the ${via}, then ${leave} before the module takes it: the choice is kept`, async () => {
      const { page, ga } = await openHeld(leave === "link and back" ? bfcacheBrowser : browser, "/leave.html");
      if (via === "API") await page.evaluate((name) => window.pccConsent[name](), button === "Accept" ? "acceptAll" : "rejectAll");
      else await page.getByRole("button", { name: `${button} additional cookies` }).click();
      await page.waitForFunction(() => window.__compiling === true);
      const painted = await page.evaluate(() => !!document.querySelector("[data-pcc-consent-first-view]"));
      if (leave === "reload") await page.reload();
      else await page.getByRole("link", { name: "Next page" }).click();
      await page.waitForLoadState("load");
      await started(page);
      let restored = "-";
      if (leave === "link and back") {
        await page.goBack({ waitUntil: "commit" });
        await page.waitForFunction(() => document.readyState === "complete");
        restored = await page.evaluate(() => window.__kept === true);
        await page.evaluate(() => window.__release?.());
        await started(page);
      }
      await page.waitForFunction(() => window.pccConsent.get() !== null);
      const asking = await banner(page).count();
      const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("pcc_consent") || "null")?.how || null);
      const cookie = (await page.context().cookies()).find((c) => c.name === "pcc_consent");
      for (let i = 0; button === "Accept" && !ga.length && i < 50; i++) await page.waitForTimeout(100);
      rows.push(`${button} held by the ${via} (still painted: ${painted}), ${leave} (restored from the bfcache: ${restored}) | banner asking after: ${asking} | stored ${stored} | cookie ${!!cookie} | GA requests ${ga.length}`);
      await page.context().close();
      assert.equal(painted, true, "the choice was held (the module had not taken over)");
      if (leave === "link and back") assert.equal(restored, true, "Back restored the page from the bfcache (else this case is not tested)");
      assert.equal(stored, button === "Accept" ? "accept_all" : "reject_all", "the choice was lost");
      assert.ok(cookie, "the consent cookie was written");
      assert.equal(asking, 0, "the banner asked again");
      if (button === "Reject") assert.equal(ga.length, 0, "GA contacted after Reject");
      else assert.ok(ga.length > 0, "GA did not start after Accept");
    });
  }
}

test("the module started by the site before the first view is painted: a click on the banner shown is never lost", async () => {
  for (const csp of [false, true]) {
    const page = await newPage(browser);
    await page.route((u) => VENDORS.test(u.hostname), (r) => r.abort());
    const { release } = await holdModule(page);
    await page.goto(`${server.origin}/early${csp ? "-csp" : ""}.html`, { waitUntil: "domcontentloaded" });
    // Two frames: the first view would be painted in the first.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    // The module is held (or refused): the painted banner is what the visitor sees.
    const accept = page.getByRole("button", { name: "Accept additional cookies" });
    const what = csp ? "module refused by the CSP" : "module loading";
    assert.ok(await accept.isVisible(), `${what}: the painted banner shows`);
    await accept.click();
    release();
    // Refused: its buttons decide without the module (the saved message); loading: the
    // module takes the click over once it has booted.
    if (csp) await page.getByRole("alert").waitFor();
    else await decided(page);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("pcc_consent") || "null")?.how || null);
    rows.push(`site's showPreferences() at DOMContentLoaded, ${what} | painted Accept clicked | stored ${stored}`);
    assert.equal(stored, "accept_all", `${what}: the click on the painted Accept was lost`);
    await page.context().close();
  }
});

// On a page that logs each choice (data-log-url) a held click cannot be recorded as the page
// goes (only the module sends its log record). The visitor clicks Accept there, leaves,
// rejects on the next page, and comes Back (restored from the bfcache): the older Accept
// must not be replayed over the newer Reject when the restored page's module boots.
test("a held Accept not recordable on leaving is not replayed over a later Reject after Back", async () => {
  const { page, ga } = await openHeld(bfcacheBrowser, "/logged.html");
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await page.waitForFunction(() => window.__compiling === true);
  await page.getByRole("link", { name: "Next page" }).click();
  await page.waitForLoadState("load");
  await started(page);
  // The other page's message would make Chrome evict the kept page (its loader listens on
  // the consent's BroadcastChannel), which then reloads fresh on Back: dropped here, as a
  // browser that keeps the page would, so the restored page itself is what is tested.
  await page.evaluate(() => (BroadcastChannel.prototype.postMessage = () => {}));
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  await decided(page);
  const gaBefore = ga.length;
  await page.goBack({ waitUntil: "commit" });
  await page.waitForFunction(() => document.readyState === "complete");
  const restored = await page.evaluate(() => window.__kept === true);
  await page.evaluate(() => window.__release?.());
  await page.waitForFunction(() => window.pccConsent.get() !== null);
  await page.waitForTimeout(300);
  const method = await page.evaluate(() => window.pccConsent.get().method);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("pcc_consent") || "null")?.how || null);
  rows.push(`held Accept on a data-log-url page, Reject on the next page, Back (restored ${restored}) | in force: ${method} | stored ${stored} | GA requests after Back ${ga.length - gaBefore}`);
  await page.context().close();
  assert.equal(restored, true, "Back restored the page from the bfcache (else this case is not tested)");
  assert.equal(method, "reject_all", "the older held Accept was replayed over the newer Reject");
  assert.equal(stored, "reject_all");
  assert.equal(ga.length - gaBefore, 0, "GA contacted after the Reject");
});
