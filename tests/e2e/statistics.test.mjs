// The `statistics` category (issue 28: PECR reg. 6 Schedule A1 para 5, as amended by the
// Data (Use and Access) Act 2025): on until the visitor objects. Its gated script runs on
// a first visit before any choice and the banner says so; one click objects, which stops
// it in this tab and in another open tab, deletes the cookie the site declared for it,
// and holds on the next page and on a page restored by Back (the back/forward cache).
// GA4 configured under statistics is refused with a console error and waits for consent.
// The site's statistics script is a stand-in that counts clicks into `window.__hits`
// and, like every statistics script under this contract, counts only while
// `pccConsent.accepted("statistics")` is true.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started, decided } from "./harness.mjs";

const statisticsScript = `<script type="text/plain" data-pcc-consent="statistics">
  window.__statsRan = (window.__statsRan || 0) + 1;
  window.__hits = [];
  document.cookie = "stats_visitor=1; path=/";
  document.addEventListener("click", () => {
    if (window.pccConsent.accepted("statistics")) window.__hits.push(location.pathname);
  });
</script>`;
const declared = `<script type="application/json" id="pcc-consent-config">${JSON.stringify({
  cookies: [{ name: "stats_visitor", category: "statistics", purpose: "Counts visits in total", expires: "1 day" }],
})}</script>`;
const attrs = 'data-site-name="Example PCC" data-categories="performance statistics" data-log-url="/log/consent"';
// Pages the back/forward cache may keep, with a marker for restores.
const cacheable = (html) => ({
  body: html.replace("<head>", `<head><script>addEventListener("pageshow", (e) => { if (e.persisted) window.__restored = (window.__restored || 0) + 1; });</script>`),
  headers: { "cache-control": "no-cache" },
});
const page = (body = "") => cacheable(hostPage({ attrs, head: declared, body: `${statisticsScript}${body}<button id="count">Count</button>` }));

let server;
let browser;
let bfcacheBrowser;

before(async () => {
  server = await startServer({
    pages: {
      "/one.html": page('<a href="/two.html">Next page</a>'),
      "/two.html": page("<div data-pcc-consent-declaration></div>"),
      "/cy.html": hostPage({ attrs, lang: "cy", body: statisticsScript }),
      "/ga.html": hostPage({
        attrs: `${attrs} data-ga-id="G-TEST123" data-ga-src="/demo/stand-ins/gtag.js" data-ga-category="statistics"`,
        body: statisticsScript,
      }),
    },
  });
  browser = await launchBrowser();
  bfcacheBrowser = await launchBrowser([], { bfcache: true });
});

after(async () => {
  await browser?.close();
  await bfcacheBrowser?.close();
  await server?.close();
});

/** Clicks the page's own button and returns how many hits the statistics script kept. */
async function countOnce(p) {
  await p.locator("#count").click();
  return p.evaluate(() => window.__hits.length);
}

const logged = () => server.requests.filter((r) => r.method === "POST" && r.path === "/log/consent").map((r) => JSON.parse(r.body).record);

/** The records posted to data-log-url after the first `from`, once there are `n`. */
async function loggedAfter(from, n) {
  for (let i = 0; i < 100 && logged().length < from + n; i++) await new Promise((r) => setTimeout(r, 50));
  return logged().slice(from);
}

test("first visit: the statistics script runs before any choice, and the banner says so and how to object", async () => {
  const p = await newPage(browser);
  await p.goto(`${server.origin}/one.html`);
  await banner(p).waitFor();
  assert.equal(await p.evaluate(() => window.__statsRan), 1, "ran once, before any choice");
  assert.equal(await p.evaluate(() => window.pccConsent.get()), null, "no choice was made");
  assert.equal(await p.evaluate(() => window.pccConsent.accepted("statistics")), true);
  assert.equal(await p.evaluate(() => window.pccConsent.accepted("performance")), false, "opt-in stays off");
  assert.equal(await countOnce(p), 1);
  await banner(p).getByText("We also collect statistics about how our website is used").waitFor();
  await banner(p).getByText("To object, choose “Reject additional cookies”, or turn Statistics off").waitFor();
  // The dialog shows it on, with its explanation; performance is off.
  await banner(p).getByRole("button", { name: "Customise cookies" }).click();
  const dialog = p.getByRole("dialog", { name: "Cookie preferences" });
  assert.equal(await dialog.getByRole("switch", { name: "Statistics" }).isChecked(), true);
  assert.equal(await dialog.getByRole("switch", { name: "Performance cookies" }).isChecked(), false);
  await dialog.getByText("On unless you object.").waitFor();
  assert.deepEqual(p.messages.filter((m) => m.type === "error" && m.text.includes("pcc-consent")), [], "no setting refused");
  await p.context().close();
});

test("one click objects: stopped in this tab and another, declared cookie deleted, still stopped on the next page and after Back", async () => {
  const a = await newPage(bfcacheBrowser);
  await a.goto(`${server.origin}/one.html`);
  await banner(a).waitFor();
  const b = await a.context().newPage();
  await b.goto(`${server.origin}/one.html`);
  await started(b);
  assert.equal(await b.evaluate(() => window.__statsRan), 1);
  assert.equal(await countOnce(b), 1, "tab B counts before the objection");
  assert.ok((await a.context().cookies()).some((c) => c.name === "stats_visitor"));
  const before = logged().length;

  await banner(a).getByRole("button", { name: "Reject additional cookies" }).click();

  assert.equal(await a.evaluate(() => window.pccConsent.accepted("statistics")), false);
  assert.equal(await countOnce(a), 0, "tab A counts nothing after the objection");
  await b.waitForFunction(() => window.pccConsent.accepted("statistics") === false);
  assert.equal(await countOnce(b), 1, "tab B counts nothing more");
  assert.deepEqual((await a.context().cookies()).filter((c) => c.name === "stats_visitor"), [], "declared cookie deleted");
  const record = await a.evaluate(() => window.pccConsent.get());
  assert.equal(record.method, "reject_all");
  assert.equal(record.categories.statistics, false);
  assert.deepEqual(record.optOut, ["statistics"], "the record says statistics ran until objection");
  assert.deepEqual(record.changed, ["statistics"]);
  // The evidence log: an objection, not a refusal of consent.
  const sent = await loggedAfter(before, 1);
  assert.equal(sent.length, 1, JSON.stringify(sent));
  assert.deepEqual(sent[0].optOut, ["statistics"]);
  assert.equal(sent[0].categories.statistics, false);

  // The next page: the statistics script does not run, no banner.
  await a.getByRole("link", { name: "Next page" }).click();
  await a.waitForURL(/two\.html/);
  await started(a);
  assert.equal(await a.evaluate(() => window.__statsRan), undefined, "not run on the next page");
  assert.equal(await banner(a).count(), 0);
  assert.equal(await a.evaluate(() => document.cookie.includes("stats_visitor")), false);
  // Back: the restored page stays stopped.
  await a.goBack({ waitUntil: "commit" });
  await a.waitForFunction(() => window.__restored === 1, null, { timeout: 5000 });
  assert.equal(await a.evaluate(() => window.pccConsent.accepted("statistics")), false);
  assert.equal(await countOnce(a), 0, "the restored page counts nothing");
  assert.equal(await a.evaluate(() => window.__statsRan), 1, "and did not run its script again");
  await a.context().close();
});

test("accepting keeps statistics as not objected to, apart from the categories consented to", async () => {
  const p = await newPage(browser);
  await p.goto(`${server.origin}/one.html`);
  const before = logged().length;
  await banner(p).getByRole("button", { name: "Accept additional cookies" }).click();
  await decided(p);
  const record = await p.evaluate(() => window.pccConsent.get());
  assert.deepEqual(record.categories, { necessary: true, performance: true, functionality: false, targeting: false, statistics: true });
  assert.deepEqual(record.optOut, ["statistics"]);
  assert.equal(await p.evaluate(() => window.__statsRan), 1, "not run a second time");
  const sent = await loggedAfter(before, 1);
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].optOut, ["statistics"]);
  // The declaration gives each category's legal basis.
  await p.goto(`${server.origin}/two.html`);
  await started(p);
  const declaration = p.locator("[data-pcc-consent-declaration]");
  await declaration.getByText("Legal basis: statistical purposes, unless you object (PECR Schedule A1, paragraph 5).").waitFor();
  await declaration.getByText("Legal basis: your consent (PECR regulation 6).").waitFor();
  await declaration.getByText("Legal basis: strictly necessary (PECR Schedule A1, paragraph 4).").waitFor();
  await p.context().close();
});

test("in Welsh the banner says Ystadegau are on and how to object", async () => {
  const p = await newPage(browser);
  await p.goto(`${server.origin}/cy.html`);
  const region = p.getByRole("region", { name: /^Cwcis ar / });
  await region.waitFor();
  await region.getByText("I wrthwynebu, dewiswch “Gwrthod cwcis ychwanegol”, neu trowch Ystadegau i ffwrdd").waitFor();
  await p.context().close();
});

test("GA4 under statistics is refused with a console error and waits for consent", async () => {
  const p = await newPage(browser);
  await p.goto(`${server.origin}/ga.html`);
  await banner(p).waitFor();
  const errors = p.messages.filter((m) => m.type === "error").map((m) => m.text);
  assert.ok(errors.some((e) => e.includes('data-ga-category="statistics"') && e.includes("Google acts as a controller")), JSON.stringify(errors));
  assert.equal(await p.evaluate(() => window.__statsRan), 1, "the site's own statistics still run");
  const gtag = () => server.requests.filter((r) => r.path.startsWith("/demo/stand-ins/gtag.js")).length;
  assert.equal(gtag(), 0, "GA not loaded before consent");
  assert.equal(await p.evaluate(() => window.pccConsent.accepted("statistics")), true);
  await banner(p).getByRole("button", { name: "Accept additional cookies" }).click();
  await p.waitForFunction(() => [...document.scripts].some((s) => s.src.includes("/demo/stand-ins/gtag.js")));
  await p.context().close();
});
