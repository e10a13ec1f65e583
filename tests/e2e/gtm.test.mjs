// Google Tag Manager gated with Consent Mode (issue 31 item 1), with Google's real URL:
// Chromium resolves www.googletagmanager.com (and the other analytics hosts) to the
// local TLS server, which answers gtm.js with demo/stand-ins/gtm.js — a one-tag
// container that records what dataLayer held when it loaded and fires a GA4 tag (the
// gtag stand-in) on the pcc_consent_update event.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, hostPage, started, mapHostsTo } from "./harness.mjs";

let server;
let browser;
let site;
const GOOGLE = /(googletagmanager|google-analytics)\./;

before(async () => {
  server = await startServer({
    tls: true,
    pages: {
      // Without data-categories it offers performance only (GTM's category).
      "/gtm.html": hostPage({ attrs: 'data-site-name="Example PCC" data-gtm-id="GTM-TEST123"' }),
      "/gtm-all.html": hostPage({ attrs: 'data-gtm-id="GTM-TEST123" data-categories="performance,functionality,targeting"' }),
      "/both.html": hostPage({ attrs: 'data-gtm-id="GTM-TEST123" data-ga-id="G-DIRECT1"' }),
      "/bad.html": hostPage({ attrs: 'data-gtm-id="GTM-test" data-gtm-src="javascript:alert(1)"' }),
    },
  });
  browser = await launchBrowser(mapHostsTo(server));
  site = `http://www.pcc.test:${server.port}`;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const googleRequests = () => server.requests.filter((r) => GOOGLE.test(r.host));
const gtmLoads = () => server.requests.filter((r) => r.host.startsWith("www.googletagmanager.com") && r.path === "/gtm.js").length;

const denied = {
  ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "denied",
  functionality_storage: "denied", personalization_storage: "denied", security_storage: "granted",
};
const analytics = { ...denied, analytics_storage: "granted" };
/** The event with every offered category (`states`: the optional ones). */
const event = (states) => ({ event: "pcc_consent_update", pcc_consent: { necessary: true, ...states } });
const gtmStart = { "gtm.start": "number", event: "gtm.js" };

/** window.dataLayer as the stand-in records it: ["args", …] for gtag commands, copies otherwise. */
const dataLayer = (page) =>
  page.evaluate(() =>
    window.dataLayer.map((e) => {
      if (Object.prototype.toString.call(e) === "[object Arguments]") return ["args", ...Array.from(e)];
      const out = { ...e };
      if ("gtm.start" in out) out["gtm.start"] = typeof out["gtm.start"];
      return out;
    }),
  );

async function open(path) {
  const page = await newPage(browser);
  await page.goto(`${site}${path}`);
  await started(page);
  return page;
}

const gaCookies = async (page) =>
  (await page.context().cookies()).filter((c) => /^_(ga|gid|gat|gcl)/.test(c.name)).map((c) => `${c.name}@${c.domain}`).sort();

test("before consent: no request to Google, only the Consent Mode default in dataLayer — across a reload", async () => {
  server.requests.length = 0;
  const page = await open("/gtm.html");
  await page.waitForTimeout(300);
  await page.reload();
  await started(page);
  await page.waitForTimeout(300);
  assert.deepEqual(googleRequests(), []);
  assert.deepEqual(await dataLayer(page), [["args", "consent", "default", denied]]);
  assert.equal(await page.evaluate(() => typeof window.google_tag_manager), "undefined");
  await page.context().close();
});

test("Accept: one gtm.js after the default, the update and the event; the container's tag fires; Reject in the dialog withdraws it", async () => {
  server.requests.length = 0;
  const page = await open("/gtm.html");
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await page.waitForFunction(() => window.__gtmLoadedWith && document.cookie.includes("_ga="));
  assert.deepEqual(await page.evaluate(() => window.__gtmLoadedWith), [
    ["args", "consent", "default", denied],
    ["args", "consent", "update", analytics],
    event({ performance: true }),
    gtmStart,
  ]);
  assert.deepEqual(await page.evaluate(() => window.__gtmTagFired), [true]);
  assert.equal(gtmLoads(), 1);
  const set = await gaCookies(page);
  for (const expected of ["_ga@.pcc.test", "_ga_GTMTAG1@.pcc.test", "_gid@www.pcc.test"]) {
    assert.ok(set.includes(expected), `${expected} set by the container's GA4 tag: ${set}`);
  }
  // The container's own gtag.js is consented: no ungated-snippet error.
  assert.deepEqual(page.messages.filter((m) => m.type === "error"), []);

  const length = (await dataLayer(page)).length;
  await page.evaluate(() => window.pccConsent.showPreferences());
  await page.getByRole("button", { name: "Reject all" }).click();
  await page.waitForFunction(() => window.__gtmTagFired.length === 2);
  assert.deepEqual((await dataLayer(page)).slice(length), [["args", "consent", "update", denied], event({ performance: false })]);
  assert.deepEqual(await page.evaluate(() => window.__gtmTagFired), [true, false]);
  assert.equal(await page.evaluate(() => window["ga-disable-G-GTMTAG1"]), true, "the container's GA4 id is switched off");
  assert.deepEqual(await gaCookies(page), [], "GA cookies gone on the host and the parent domain");
  // Nothing writes them again, and GA sends nothing more.
  await page.waitForTimeout(200);
  const collects = server.requests.filter((r) => r.path.includes("collect")).length;
  await page.waitForTimeout(600);
  assert.equal(server.requests.filter((r) => r.path.includes("collect")).length, collects);
  assert.deepEqual(await gaCookies(page), []);
  assert.equal(gtmLoads(), 1, "gtm.js once per page");
  await page.context().close();
});

test("a returning visitor: default, update, event (every offered category), then gtm.js, in that order, once", async () => {
  const page = await open("/gtm-all.html");
  await page.evaluate(() => window.pccConsent.accept(["performance"]));
  await page.waitForFunction(() => window.__gtmLoadedWith);
  server.requests.length = 0;
  await page.reload();
  await started(page);
  await page.waitForFunction(() => window.__gtmLoadedWith);
  assert.deepEqual(await page.evaluate(() => window.__gtmLoadedWith), [
    ["args", "consent", "default", denied],
    ["args", "consent", "update", analytics],
    event({ performance: true, functionality: false, targeting: false }),
    gtmStart,
  ]);
  assert.equal(gtmLoads(), 1);
  // A returning visitor who refused hears the event too (GTM is not loaded).
  await page.evaluate(() => window.pccConsent.rejectAll());
  await page.reload();
  await started(page);
  assert.deepEqual(await dataLayer(page), [
    ["args", "consent", "default", denied],
    ["args", "consent", "update", denied],
    event({ performance: false, functionality: false, targeting: false }),
  ]);
  await page.context().close();
});

test("GA4 both direct and through GTM: one warning about double counting; a bad id: an error and no gtm.js", async () => {
  const both = await open("/both.html");
  const warnings = both.messages.filter((m) => m.type === "warning" && /counted twice/.test(m.text));
  assert.equal(warnings.length, 1, JSON.stringify(both.messages));
  assert.match(warnings[0].text, /data-ga-id \(G-DIRECT1\) and data-gtm-id \(GTM-TEST123\)/);
  await both.context().close();

  server.requests.length = 0;
  const bad = await open("/bad.html");
  const errors = bad.messages.filter((m) => m.type === "error").map((m) => m.text);
  assert.ok(errors.some((e) => e.includes('ignoring data-gtm-id="GTM-test": expected a Google Tag Manager container id such as GTM-XXXXXXX')), errors.join("\n"));
  assert.ok(errors.some((e) => e.includes('ignoring data-gtm-src="javascript:alert(1)"')), errors.join("\n"));
  await bad.getByRole("button", { name: "Accept additional cookies" }).click();
  await bad.waitForTimeout(300);
  assert.deepEqual(googleRequests(), []);
  await bad.context().close();
});
