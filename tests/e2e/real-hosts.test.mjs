// The banner with its default, unmodified script URLs. Chromium resolves Google's and
// Microsoft's analytics hosts to the local TLS server (--host-resolver-rules), so any
// attempt to reach them is seen: requests by Host header, connections by TLS SNI.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started, mapHostsTo } from "./harness.mjs";

let server;
let browser;
let site;
let secureSite;
const VENDOR = /(googletagmanager|google-analytics|clarity)\./;

before(async () => {
  server = await startServer({
    tls: true,
    pages: { "/p.html": hostPage({ attrs: 'data-ga-id="G-REAL1" data-clarity-id="realproj"' }) },
  });
  browser = await launchBrowser(mapHostsTo(server));
  site = `http://www.pcc.test:${server.port}`;
  secureSite = `https://www.pcc.test:${server.tlsPort}`;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const vendorRequests = () => server.requests.filter((r) => VENDOR.test(r.host));
const vendorConnections = () => server.connections.map((c) => c.host).filter((host) => VENDOR.test(host));

async function open(url) {
  const page = await newPage(browser);
  await page.goto(url);
  await started(page);
  return page;
}

test("no connection to any analytics host before consent, after Reject, or after a choice without performance — across reloads", async () => {
  const page = await open(`${site}/p.html`);
  await page.waitForTimeout(300);
  await page.reload();
  await started(page);
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  await page.reload();
  await started(page);
  await page.evaluate(() => window.pccConsent.accept(["functionality", "targeting"]));
  await page.reload();
  await started(page);
  await page.waitForTimeout(300);
  assert.deepEqual(vendorConnections(), []);
  assert.deepEqual(vendorRequests(), []);
  await page.context().close();
});

test("after Accept: one load of each analytics script from its real URL; after withdrawal no more requests and no cookies", async () => {
  server.requests.length = 0;
  const page = await open(`${site}/p.html`);
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await page.waitForFunction(() => window.__clarityCalls && document.cookie.includes("_ga="));
  await page.waitForTimeout(300);
  const loads = vendorRequests().filter((r) => r.method === "GET").map((r) => `${r.host.split(":")[0]}${r.path}`);
  assert.deepEqual(loads.sort(), ["www.clarity.ms/tag/realproj", "www.googletagmanager.com/gtag/js"]);
  assert.ok(vendorRequests().some((r) => r.host.startsWith("region1.google-analytics.com")), "GA collected");
  // The connection log sees these hosts, so its silence in the other tests means something.
  assert.ok(vendorConnections().includes("www.googletagmanager.com"), `connections: ${vendorConnections()}`);
  await page.evaluate(() => window.pccConsent.rejectAll());
  await page.waitForTimeout(300);
  const count = vendorRequests().length;
  await page.waitForTimeout(700);
  assert.equal(vendorRequests().length, count, "no analytics requests after withdrawal");
  const left = (await page.context().cookies()).map((c) => c.name).filter((n) => /^_(ga|gid|gat|gcl|clck|clsk)/.test(n));
  assert.deepEqual(left, []);
  await page.context().close();
});

test("on https the consent cookie is Secure (and __Host- prefixed: no other host can set it)", async () => {
  const page = await open(`${secureSite}/p.html`);
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  const cookie = (await page.context().cookies()).find((c) => c.name === "__Host-pcc_consent");
  assert.equal(cookie.secure, true);
  assert.equal(cookie.sameSite, "Lax");
  await page.context().close();
});
