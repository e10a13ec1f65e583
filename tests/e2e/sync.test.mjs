// One choice in force on every open page of the site (issue 15): other tabs (storage
// event, BroadcastChannel, discreet mode too), pages restored from the back/forward
// cache, a newer cookie written by a sub-site, and the browser's privacy signal (GPC).
// On www.pcc.test (mapped to 127.0.0.1) with the GA and Clarity stand-ins.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started } from "./harness.mjs";

const services =
  'data-site-name="Example PCC" data-ga-id="G-TEST123" data-ga-src="/demo/stand-ins/gtag.js" ' +
  'data-clarity-id="clar1ty" data-clarity-src="/demo/stand-ins/clarity.js"';
// Pages the back/forward cache may keep (no `no-store`), with a marker for restores.
const cacheable = (html) => ({
  body: html.replace("<head>", `<head><script>addEventListener("pageshow", (e) => { if (e.persisted) window.__restored = (window.__restored || 0) + 1; });</script>`),
  headers: { "cache-control": "no-cache" },
});

let server;
let browser;
let bfcacheBrowser;
let base;

before(async () => {
  server = await startServer({
    pages: {
      "/p.html": hostPage({ attrs: services }),
      "/discreet.html": hostPage({ attrs: `${services} data-storage="session"` }),
      "/one.html": cacheable(hostPage({ attrs: services, body: '<a href="/two.html">Cookies page</a>' })),
      "/two.html": cacheable(hostPage({ attrs: services, body: "<div data-pcc-consent-settings></div>" })),
      "/domain.html": hostPage({ attrs: `${services} data-cookie-domain="pcc.test"` }),
      "/ignore.html": hostPage({ attrs: `${services} data-gpc="ignore"` }),
    },
  });
  const map = ["--host-resolver-rules=MAP *.pcc.test 127.0.0.1"];
  browser = await launchBrowser(map);
  bfcacheBrowser = await launchBrowser(map, { bfcache: true });
  base = `http://www.pcc.test:${new URL(server.origin).port}`;
});

after(async () => {
  await browser?.close();
  await bfcacheBrowser?.close();
  await server?.close();
});

const hits = () => server.requests.filter((r) => /\/stand-ins\/(collect|clarity-collect)/.test(r.path)).length;
const gtagLoads = () => server.requests.filter((r) => r.path.startsWith("/demo/stand-ins/gtag.js")).length;
const gaCookies = async (page) => (await page.context().cookies()).filter((c) => /^_ga/.test(c.name)).map((c) => c.name);

/** Counts `pcc-consent:change` events on `page` from now on. */
const countChanges = (page) =>
  page.evaluate(() => {
    window.__changes = 0;
    document.addEventListener("pcc-consent:change", () => window.__changes++);
  });

/** Waits until nothing new reaches the stand-ins for `ms`, and returns whether any did. */
async function quietFor(page, ms) {
  const before = hits();
  await page.waitForTimeout(ms);
  return hits() - before;
}

test("two tabs: a withdrawal in one stops analytics in the other within a second, with one change event", async () => {
  const a = await newPage(browser);
  await a.goto(`${base}/p.html`);
  await a.getByRole("button", { name: "Accept additional cookies" }).click();
  await a.waitForFunction(() => window.__clarityCalls && document.cookie.includes("_ga="));
  const b = await a.context().newPage();
  await b.goto(`${base}/p.html`);
  await started(b);
  await countChanges(a);
  await b.evaluate(() => window.pccConsent.rejectAll());
  await a.waitForFunction(() => window.pccConsent.accepted("performance") === false, null, { timeout: 1000 });
  await a.waitForTimeout(300);
  assert.equal(await quietFor(a, 700), 0, "no analytics hit from tab A after the withdrawal in tab B");
  assert.equal(await a.evaluate(() => window["ga-disable-G-TEST123"]), true);
  assert.deepEqual(await a.evaluate(() => window.__clarityCalls.slice(-2)), [["consent", false], ["stop"]]);
  assert.deepEqual(await gaCookies(a), [], "GA cookies deleted");
  assert.equal(await a.evaluate(() => window.__changes), 1, "pcc-consent:change once in tab A");
  await a.context().close();
});

for (const [mode, path] of [["persistent", "/p.html"], ["discreet", "/discreet.html"]]) {
  test(`two tabs (${mode} mode): a choice in one hides the banner in the other`, async () => {
    const a = await newPage(browser);
    await a.goto(`${base}${path}`);
    await banner(a).waitFor();
    const b = await a.context().newPage();
    await b.goto(`${base}${path}`);
    await b.getByRole("button", { name: "Accept additional cookies" }).click();
    await banner(a).waitFor({ state: "detached", timeout: 1000 });
    assert.equal(await a.evaluate(() => window.pccConsent.get().method), "accept_all");
    if (mode === "discreet") {
      assert.ok(await a.evaluate(() => sessionStorage.getItem("pcc_consent")), "tab A keeps it in its own sessionStorage");
      assert.equal(await a.evaluate(() => document.cookie.includes("pcc_consent")), false, "still no cookie");
    }
    // And a withdrawal back the other way shows it again.
    await b.evaluate(() => window.pccConsent.reset());
    await banner(a).waitFor({ timeout: 1000 });
    await a.context().close();
  });
}

test("back/forward cache: a withdrawal on the cookies page holds on the restored page (no hits, no _ga)", async () => {
  const page = await newPage(bfcacheBrowser);
  await page.goto(`${base}/one.html`);
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await page.waitForFunction(() => document.cookie.includes("_ga="));
  await page.getByRole("link", { name: "Cookies page" }).click();
  await page.waitForURL(/two\.html/);
  await page.getByRole("radio", { name: "Do not use performance cookies" }).check();
  await page.getByRole("button", { name: "Save cookie settings" }).click();
  await page.waitForFunction(() => !document.cookie.includes("_ga="));
  await page.goBack({ waitUntil: "commit" });
  await page.waitForFunction(() => window.__restored === 1, null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), false);
  assert.equal(await quietFor(page, 800), 0, "the restored page sends nothing");
  assert.deepEqual(await gaCookies(page), [], "and writes no _ga");
  await page.context().close();
});

test("back/forward cache: a choice made on the next page is in force on the restored page", async () => {
  const page = await newPage(bfcacheBrowser);
  await page.goto(`${base}/one.html`);
  await banner(page).waitFor();
  await page.getByRole("link", { name: "Cookies page" }).click();
  await page.waitForURL(/two\.html/);
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  await page.goBack({ waitUntil: "commit" });
  await page.waitForFunction(() => window.__restored === 1, null, { timeout: 5000 });
  await banner(page).waitFor({ state: "detached", timeout: 1000 });
  assert.equal(await page.evaluate(() => window.pccConsent.get().method), "reject_all");
  await page.context().close();
});

/** A stored record, as the banner writes it, given `daysAgo`. */
function stored(how, grant, daysAgo) {
  const at = Date.now() - daysAgo * 86_400_000;
  const id = (how === "accept_all" ? "a" : "b").repeat(32);
  return encodeURIComponent(JSON.stringify({ v: 1, id, rev: 1, at, exp: at + 365 * 86_400_000, how, grant, chg: grant }));
}

test("sub-sites: a newer shared cookie beats an older host-only one, and one cookie is left", async () => {
  server.requests.length = 0;
  const page = await newPage(browser);
  const url = `${base}/domain.html`;
  await page.context().addCookies([
    { name: "pcc_consent", value: stored("accept_all", ["performance", "functionality", "targeting"], 3), url },
    { name: "pcc_consent", value: stored("reject_all", [], 1), domain: ".pcc.test", path: "/" },
  ]);
  await page.goto(url);
  await started(page);
  assert.equal(await page.evaluate(() => window.pccConsent.get().method), "reject_all");
  assert.equal(await banner(page).count(), 0);
  await page.waitForTimeout(300);
  assert.equal(gtagLoads(), 0, "no gtag request");
  const left = (await page.context().cookies()).filter((c) => c.name === "pcc_consent");
  assert.deepEqual(left.map((c) => c.domain), [".pcc.test"], "only the shared cookie is left");
  const local = await page.evaluate(() => JSON.parse(localStorage.getItem("pcc_consent")).how);
  assert.equal(local, "reject_all", "the newer choice is what localStorage keeps");
  await page.context().close();
});

/** A page whose browser sends the Global Privacy Control signal. */
async function gpcPage() {
  const page = await newPage(browser);
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
  return page;
}

test("GPC: no banner, nothing granted, no analytics; the dialog says so and opting in there is recorded", async () => {
  server.requests.length = 0;
  const page = await gpcPage();
  await page.goto(`${base}/p.html`);
  await started(page);
  await page.waitForTimeout(300);
  assert.equal(await banner(page).count(), 0, "the banner does not ask");
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), false);
  assert.equal(await page.evaluate(() => window.pccConsent.get()), null, "nothing recorded: the visitor chose nothing");
  assert.equal(gtagLoads(), 0, "no analytics request");
  await page.evaluate(() => window.pccConsent.showPreferences());
  await page.getByText("Your browser sent a Global Privacy Control signal").waitFor();
  await page.getByRole("switch", { name: "Performance cookies" }).check();
  await page.getByRole("button", { name: "Save preferences" }).click();
  await page.waitForFunction(() => window.pccConsent.accepted("performance"));
  assert.equal(await page.evaluate(() => window.pccConsent.get().method), "custom");
  await page.waitForFunction(() => window.__clarityCalls);
  assert.equal(gtagLoads(), 1, "their own choice stands over the signal");
  await page.context().close();
});

test("GPC with data-gpc=\"ignore\": the banner asks as usual", async () => {
  const page = await gpcPage();
  await page.goto(`${base}/ignore.html`);
  await banner(page).waitFor();
  await page.context().close();
});

test("Safari's 7-day cap: each visit writes the stored choice again, unchanged, with its full lifetime", async () => {
  const page = await newPage(browser);
  const url = `${base}/p.html`;
  const value = stored("reject_all", [], 30);
  // As Safari leaves it: the same record, but the cookie about to be dropped.
  await page.context().addCookies([{ name: "pcc_consent", value, url, expires: Math.floor(Date.now() / 1000) + 60 }]);
  await page.goto(url);
  await started(page);
  const cookie = (await page.context().cookies()).find((c) => c.name === "pcc_consent");
  const written = JSON.parse(decodeURIComponent(value));
  const kept = JSON.parse(decodeURIComponent(cookie.value));
  const minute = (ms) => ms - (ms % 60_000);
  assert.deepEqual(
    [kept.how, kept.at, kept.exp],
    [written.how, minute(written.at), minute(written.exp)],
    "the same decision and dates (to the minute: the cookie keeps no more)",
  );
  const days = (cookie.expires * 1000 - Date.now()) / 86_400_000;
  assert.ok(days > 330 && days < 336, `expires with the record (335 days left), not in a minute: ${days}`);
  assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem("pcc_consent")).how), "reject_all");
  await page.context().close();
});
