// A choice per service inside a category (issue 31 item 2), with the vendors' real URLs
// mapped to the local stand-ins (see gtm.test.mjs): GA4, Clarity and Tag Manager all
// under performance. For every subset of {ga4, clarity, gtm} switched on in the dialog,
// and in every place the choice must hold — the page it was made on, that page
// reloaded, the next page, and another tab open at the time — exactly the services
// left on are requested and the others never. Then: the record, the API, the change
// event, the log server's body and the declaration show the per-service choice, and a
// record written by 0.4.0 grants exactly what it granted before.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, hostPage, started, mapHostsTo, axeViolations } from "./harness.mjs";

const SERVICES = ["ga4", "clarity", "gtm"];
const NAMES = { ga4: "Google Analytics 4", clarity: "Microsoft Clarity", gtm: "Google Tag Manager" };
const attrs =
  'data-site-name="Example PCC" data-ga-id="G-TEST123" data-clarity-id="clar1ty" data-gtm-id="GTM-TEST123" data-log-url="/log"';

let server;
let browser;
let site;

before(async () => {
  server = await startServer({
    tls: true,
    pages: {
      "/s.html": hostPage({ attrs }),
      "/next.html": hostPage({ attrs }),
      "/cookies.html": hostPage({ attrs, body: "<div data-pcc-consent-settings></div><div data-pcc-consent-declaration></div>" }),
    },
  });
  browser = await launchBrowser(mapHostsTo(server));
  site = `http://www.pcc.test:${server.port}`;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Which service a request is a script load of: its own script, by URL. */
function serviceOf(r) {
  if (r.host.startsWith("www.googletagmanager.com") && r.path === "/gtag/js" && r.search.includes("G-TEST123")) return "ga4";
  if (r.host.startsWith("www.googletagmanager.com") && r.path === "/gtm.js") return "gtm";
  if (r.host.startsWith("www.clarity.ms") && r.path.startsWith("/tag/")) return "clarity";
  return null;
}
const loadsSince = (mark) => server.requests.slice(mark).map(serviceOf).filter(Boolean);

/** Waits for each service left on to load once more since `mark` (the stand-ins mark it). */
async function settled(page, on) {
  await page.waitForFunction(
    (on) =>
      (!on.includes("ga4") || typeof window.gtag === "function" && window["ga-disable-G-TEST123"] === false) &&
      (!on.includes("clarity") || Array.isArray(window.__clarityCalls)) &&
      (!on.includes("gtm") || Array.isArray(window.__gtmLoadedWith)),
    on,
  );
  // A refused script would be inserted in the same task as the others: one more frame
  // after the last one lands covers it.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
}

function assertExactly(where, cell, loads, on, times) {
  for (const s of SERVICES) {
    const n = loads.filter((l) => l === s).length;
    if (on.includes(s)) assert.equal(n, times, `${cell} ${where}: ${s} requested ${n}x, expected ${times}`);
    else assert.equal(n, 0, `${cell} ${where}: ${s} was switched off but requested ${n}x`);
  }
}

/** In the dialog, switch on exactly `on` (everything starts off), then save. */
async function choose(page, on) {
  await page.getByRole("button", { name: "Customise cookies" }).click();
  for (const s of SERVICES) {
    const sw = page.getByRole("switch", { name: NAMES[s] });
    assert.equal(await sw.isChecked(), false, `${s} starts off: nothing is pre-ticked`);
  }
  for (const s of on) await page.getByRole("switch", { name: NAMES[s] }).check();
  const category = page.getByRole("switch", { name: "Performance cookies" });
  assert.equal(await category.isChecked(), on.length > 0, "the category is on while any of its services is");
  await page.getByRole("button", { name: "Save preferences" }).click();
}

test("every subset of {ga4, clarity, gtm}: exactly the services left on load, on the page, after reload, on the next page and in another open tab", async () => {
  const cells = [];
  for (let mask = 0; mask < 8; mask++) {
    const on = SERVICES.filter((_, i) => mask & (1 << i));
    const cell = `{${on.join(",") || "none"}}`;
    const a = await newPage(browser);
    await a.goto(`${site}/s.html`);
    await started(a);
    const b = await a.context().newPage();
    await b.goto(`${site}/s.html`);
    await started(b);
    const mark = server.requests.length;
    await choose(a, on);
    await settled(a, on);
    await settled(b, on);
    // Tab A and tab B (synced) each load every service left on once.
    assertExactly("this page + other open tab", cell, loadsSince(mark), on, 2);
    cells.push(`${cell} x page+other-tab`);
    assert.deepEqual(
      await b.evaluate((ids) => ids.map((s) => window.pccConsent.accepted("performance", s)), SERVICES),
      SERVICES.map((s) => on.includes(s)),
      `${cell}: the other tab's API agrees`,
    );

    let m = server.requests.length;
    await a.reload();
    await started(a);
    await settled(a, on);
    assertExactly("reload", cell, loadsSince(m), on, 1);
    cells.push(`${cell} x reload`);

    m = server.requests.length;
    await a.goto(`${site}/next.html`);
    await started(a);
    await settled(a, on);
    assertExactly("next page", cell, loadsSince(m), on, 1);
    cells.push(`${cell} x next-page`);
    await a.context().close();
  }
  console.log(`covered ${cells.length} cells:\n  ${cells.join("\n  ")}`);
  assert.equal(cells.length, 8 * 3);
});

test("GA4 on and Clarity off: the record, the API, the change event, the log body and the declaration show it", async () => {
  const page = await newPage(browser);
  await page.goto(`${site}/cookies.html`);
  await started(page);
  await page.evaluate(() => {
    window.__events = [];
    document.addEventListener("pcc-consent:change", (e) => window.__events.push(e.detail));
  });
  const mark = server.requests.length;
  await choose(page, ["ga4", "gtm"]);
  await settled(page, ["ga4", "gtm"]);
  const services = { performance: { ga4: true, clarity: false, gtm: true } };
  const detail = (await page.evaluate(() => window.__events))[0];
  assert.deepEqual(detail.record.services, services);
  assert.deepEqual(detail.changedServices, ["ga4", "gtm"]);
  assert.deepEqual(await page.evaluate(() => window.pccConsent.get().services), services);
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), true);
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance", "clarity")), false);
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance", "nope")), false);
  assert.ok(page.messages.some((m) => m.type === "error" && m.text.includes('"nope"')), "an unknown service is an error");
  // The stored record lists the services left on.
  const stored = await page.evaluate(() => localStorage.getItem("pcc_consent"));
  assert.ok(stored.includes('"svc":["ga4","gtm"]'), stored);
  // The log server's body.
  await page.waitForFunction(() => true);
  const logged = server.requests.slice(mark).filter((r) => r.method === "POST" && r.path === "/log");
  assert.ok(logged.length >= 1, "the decision was logged");
  assert.deepEqual(JSON.parse(logged.at(-1).body).record.services, services);
  // GA4 on with Clarity off: Consent Mode grants analytics storage (GA4's choice).
  // The declaration lists each service in its category.
  const rows = await page.locator('[data-category="performance"] tr[data-service]').evaluateAll((trs) =>
    trs.map((tr) => [tr.dataset.service, tr.querySelector("th").textContent]),
  );
  assert.deepEqual(rows, [["ga4", "Google Analytics 4"], ["clarity", "Microsoft Clarity"], ["gtm", "Google Tag Manager"]]);
  // Switching Clarity on alone on the cookies page: the change names it.
  await page.locator('fieldset[data-service="clarity"] input[value="on"]').check();
  await page.getByRole("button", { name: "Save cookie settings" }).click();
  await page.waitForFunction(() => window.__events.length === 2);
  assert.deepEqual((await page.evaluate(() => window.__events))[1].changedServices, ["clarity"]);
  await page.waitForFunction(() => Array.isArray(window.__clarityCalls));
  await page.context().close();
});

test("a record written by 0.4.0 grants exactly what it granted: every service in its granted category", async () => {
  const now = Date.now();
  const old = JSON.stringify({
    v: 1, id: "abababababababababababababababab", rev: 1, at: now, exp: now + 86_400_000 * 300,
    how: "custom", grant: ["performance"], chg: ["performance"],
  });
  // Written as 0.4.0 wrote it: the same JSON in localStorage.
  const context = await browser.newContext();
  await context.addInitScript((old) => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("pcc_consent", old);
      sessionStorage.setItem("seeded", "1");
    }
  }, old);
  const page = await context.newPage();
  const mark = server.requests.length;
  await page.goto(`${site}/s.html`);
  await started(page);
  await settled(page, SERVICES);
  assertExactly("0.4.0 record", "{old}", loadsSince(mark), SERVICES, 1);
  assert.equal(await page.evaluate(() => localStorage.getItem("pcc_consent")), old, "kept as written");
  await context.close();
});

test("switching Clarity off in one tab stops it at once in another open tab, GA4 keeps running", async () => {
  const a = await newPage(browser);
  await a.goto(`${site}/s.html`);
  await started(a);
  await a.evaluate(() => window.pccConsent.acceptAll());
  await settled(a, SERVICES);
  const b = await a.context().newPage();
  await b.goto(`${site}/s.html`);
  await started(b);
  await settled(b, SERVICES);
  await a.evaluate(() => {
    window.__events = [];
    document.addEventListener("pcc-consent:change", (e) => window.__events.push(e.detail));
  });
  await b.evaluate(() => window.pccConsent.showPreferences());
  await b.getByRole("switch", { name: "Microsoft Clarity" }).uncheck();
  await b.getByRole("button", { name: "Save preferences" }).click();
  await a.waitForFunction(() => window.__events.length === 1);
  assert.deepEqual(await a.evaluate(() => window.__clarityCalls.slice(-2)), [["consent", false], ["stop"]]);
  assert.deepEqual(await a.evaluate(() => window.__events[0].changedServices), ["clarity"]);
  assert.equal(await a.evaluate(() => window["ga-disable-G-TEST123"]), false, "GA4 still on");
  assert.equal(await a.evaluate(() => window.pccConsent.accepted("performance", "clarity")), false);
  assert.deepEqual((await a.context().cookies()).filter((c) => /^_cl/.test(c.name)), [], "Clarity's cookies deleted");
  await a.context().close();
});

test("the service switches are grouped, labelled and keyboard operable, with no axe violation, in Welsh too", async () => {
  const page = await newPage(browser);
  await page.goto(`${site}/cookies.html`);
  await started(page);
  await page.getByRole("button", { name: "Customise cookies" }).click();
  const group = page.getByRole("group", { name: "Services: Performance cookies" });
  assert.equal(await group.getByRole("switch").count(), 3);
  // Keyboard: Space on a focused service switch turns it (and so its category) on.
  await group.getByRole("switch", { name: "Microsoft Clarity" }).focus();
  await page.keyboard.press("Space");
  assert.equal(await page.getByRole("switch", { name: "Performance cookies" }).isChecked(), true);
  assert.equal(await group.getByRole("switch", { name: "Google Analytics 4" }).isChecked(), false);
  assert.deepEqual(await axeViolations(page, ["#pcc-consent", "[data-pcc-consent-settings]", "[data-pcc-consent-declaration]"]), []);
  await page.context().close();
  const cy = await newPage(browser);
  server.pages["/cy.html"] = hostPage({ attrs, lang: "cy" });
  await cy.goto(`${site}/cy.html`);
  await started(cy);
  await cy.getByRole("button", { name: "Addasu cwcis" }).click();
  assert.equal(await cy.getByRole("group", { name: "Gwasanaethau: Cwcis perfformiad" }).getByRole("switch").count(), 3);
  await cy.context().close();
});
