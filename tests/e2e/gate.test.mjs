// Script gating end to end: GA4 and Clarity stand-ins (demo/stand-ins/) served from
// the test server, on www.pcc.test (mapped to 127.0.0.1) so parent-domain cookies are real.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started } from "./harness.mjs";

let server;
let browser;
let base;

// Every category offered (the page itself uses only performance and targeting).
const services =
  'data-ga-id="G-TEST123" data-ga-src="/demo/stand-ins/gtag.js" ' +
  'data-clarity-id="clar1ty" data-clarity-src="/demo/stand-ins/clarity.js" ' +
  'data-categories="performance,functionality,targeting"';

const gated = `
  <script type="text/plain" data-pcc-consent="performance">window.__ran = (window.__ran || []).concat("inline-1");</script>
  <script type="text/plain" data-pcc-consent="performance" src="/demo/stand-ins/site-script.js"></script>
  <script type="text/plain" data-pcc-consent="performance">window.__ran = (window.__ran || []).concat("inline-2");</script>
  <script type="text/plain" data-pcc-consent="performance" data-src="/js/x.js"></script>
  <script type="text/plain" data-pcc-consent="performance">window.__ran = (window.__ran || []).concat("inline-3");</script>
  <script type="text/plain" data-pcc-consent="targeting">window.__ran = (window.__ran || []).concat("targeting");</script>
  <iframe title="Video" data-pcc-consent="targeting" data-src="/demo/stand-ins/video.html"></iframe>`;

before(async () => {
  server = await startServer({
    pages: {
      "/gated.html": hostPage({ attrs: services, body: gated }),
      "/twice.html": hostPage({
        attrs: services,
        body: `<script src="/dist/pcc-consent/pcc-consent.js" ${services}></script>`,
      }),
      "/demo/stand-ins/video.html": "<!doctype html><p>video</p>",
      // The data-src script, slow: the inline script after it must still wait.
      "/js/x.js": { body: 'window.__ran = (window.__ran || []).concat("data-src");', headers: { "content-type": "text/javascript" } },
      "/reload.html": hostPage({ attrs: `${services} data-reload-on-withdraw` }),
    },
    delays: { "/js/x.js": 400 },
  });
  browser = await launchBrowser(["--host-resolver-rules=MAP *.pcc.test 127.0.0.1"]);
  base = `http://www.pcc.test:${new URL(server.origin).port}`;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const vendorRequests = () => server.requests.filter((r) => r.path.startsWith("/demo/stand-ins/") && !r.path.endsWith("video.html") && !r.path.endsWith("site-script.js") || r.path.startsWith("/stand-ins/"));
const count = (suffix) => server.requests.filter((r) => r.path.endsWith(suffix)).length;

/** The dataLayer as plain arrays ("arguments" objects are what gtag.js reads). */
const dataLayer = (page) =>
  page.evaluate(() =>
    window.dataLayer.map((entry) => {
      const isArgs = Object.prototype.toString.call(entry) === "[object Arguments]";
      const items = Array.from(entry);
      return [isArgs ? "args" : "other", items[0], items[1] instanceof Date ? "date" : items[1], items[2]];
    }),
  );

const denied = {
  ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "denied",
  functionality_storage: "denied", personalization_storage: "denied", security_storage: "granted",
};

async function fresh(path = "/gated.html") {
  const page = await newPage(browser);
  await page.goto(`${base}${path}`);
  await started(page);
  return page;
}

/** Where the gated iframe is (the gate navigates it without writing a `src`). */
const frameAt = (page) => page.evaluate(() => document.querySelector("iframe").contentWindow.location.href);

async function cookieNames(page) {
  return (await page.context().cookies()).map((c) => `${c.name}@${c.domain}`).sort();
}

test("before consent: no request to the analytics stand-ins, only the Consent Mode default", async () => {
  server.requests.length = 0;
  const page = await fresh();
  await page.waitForTimeout(400);
  await page.reload();
  await started(page);
  await page.waitForTimeout(400);
  assert.deepEqual(vendorRequests(), []);
  assert.deepEqual(await dataLayer(page), [["args", "consent", "default", denied]]);
  assert.equal(await page.evaluate(() => window.__ran), undefined, "gated scripts did not run");
  assert.equal(count("/js/x.js"), 0, "a data-src script is not fetched before consent");
  assert.ok(await page.getByText("This content is hidden until you accept cookies of this kind: Targeting and advertising cookies.").isVisible());
  await page.context().close();
});

test("Reject, and a custom choice without performance, load nothing across reloads", async () => {
  server.requests.length = 0;
  const page = await fresh();
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  await page.reload();
  await started(page);
  await page.evaluate(() => window.pccConsent.accept(["functionality"]));
  await page.reload();
  await started(page);
  await page.waitForTimeout(400);
  assert.deepEqual(vendorRequests(), []);
  const layer = await dataLayer(page);
  assert.deepEqual(layer[0], ["args", "consent", "default", denied]);
  assert.deepEqual(layer[1], ["args", "consent", "update", { ...denied, functionality_storage: "granted", personalization_storage: "granted" }]);
  assert.equal(layer.length, 2);
  await page.context().close();
});

test("Accept loads each analytics script exactly once, after the consent update, then js and config", async () => {
  server.requests.length = 0;
  const page = await fresh();
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await page.waitForFunction(() => window.__clarityCalls && document.cookie.includes("_ga="));
  await page.waitForTimeout(300);
  assert.equal(count("/stand-ins/gtag.js"), 1);
  assert.equal(count("/stand-ins/clarity.js"), 1);
  const layer = await dataLayer(page);
  assert.deepEqual(layer.map((e) => [e[0], e[1], e[1] === "consent" ? e[2] : e[2] && typeof e[2]]), [
    ["args", "consent", "default"],
    ["args", "consent", "update"],
    ["args", "js", "string"],
    ["args", "config", "string"],
  ]);
  assert.equal(layer[2][2], "date");
  assert.equal(layer[3][2], "G-TEST123");
  assert.deepEqual(layer[1][3], Object.fromEntries(Object.keys(denied).map((k) => [k, "granted"])));
  assert.deepEqual(await page.evaluate(() => window.__clarityCalls[0]), ["consentv2", { ad_Storage: "granted", analytics_Storage: "granted" }]);
  // The site's own gated content ran once, in document order (src and data-src alike:
  // each external script finished before the next ran); the iframe loaded.
  await page.waitForFunction(() => window.__ran && window.__ran.includes("targeting"));
  assert.deepEqual(await page.evaluate(() => window.__ran), ["inline-1", "site-script", "inline-2", "data-src", "inline-3", "targeting"]);
  assert.equal(count("/js/x.js"), 1, "the data-src script was fetched once");
  await page.waitForFunction(() => document.querySelector("iframe").contentWindow.location.pathname === "/demo/stand-ins/video.html");
  assert.equal(count("/demo/stand-ins/video.html"), 1, "the iframe loaded once");
  assert.equal(await page.locator("iframe").getAttribute("src"), null, "no src a page snapshot could carry");
  // A reload with the stored choice loads them again, once each, default first.
  server.requests.length = 0;
  await page.reload();
  await started(page);
  await page.waitForFunction(() => window.__clarityCalls);
  assert.equal(count("/stand-ins/gtag.js"), 1);
  assert.equal(count("/stand-ins/clarity.js"), 1);
  assert.deepEqual((await dataLayer(page)).slice(0, 2).map((e) => e[2]), ["default", "update"]);
  await page.context().close();
});

test("withdrawal stops the analytics and deletes their cookies, parent domain included", async () => {
  const page = await fresh();
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await page.waitForFunction(() => window.__clarityCalls && document.cookie.includes("_clck="));
  // The iframe comes after the slow data-src script in the page: let it load first.
  await page.waitForFunction(() => document.querySelector("iframe").contentWindow.location.pathname === "/demo/stand-ins/video.html");
  const names = await cookieNames(page);
  for (const expected of ["_ga@.pcc.test", "_ga_TEST123@.pcc.test", "_gid@www.pcc.test", "_clck@.pcc.test", "_clsk@.pcc.test"]) {
    assert.ok(names.includes(expected), `${expected} set by the stand-ins: ${names}`);
  }
  await page.evaluate(() => window.pccConsent.showPreferences());
  await page.getByRole("button", { name: "Reject all" }).click();
  const left = (await cookieNames(page)).filter((n) => /^_(ga|gid|gat|gcl|clck|clsk)/.test(n));
  assert.deepEqual(left, [], "no GA or Clarity cookie remains");
  await page.waitForTimeout(200);
  const before = count("collect");
  await page.waitForTimeout(600);
  assert.equal(count("collect"), before, `no analytics requests after withdrawal: ${server.requests.slice(-6).map((r) => r.headers.host + r.path)}`);
  const layer = await dataLayer(page);
  assert.deepEqual(layer.at(-1), ["args", "consent", "update", denied]);
  // consent(false) alone leaves Clarity recording without cookies: stop ends it.
  assert.deepEqual(await page.evaluate(() => window.__clarityCalls.slice(-3)), [
    ["consentv2", { ad_Storage: "denied", analytics_Storage: "denied" }],
    ["consent", false],
    ["stop"],
  ]);
  // The targeting iframe is unloaded again behind its placeholder.
  assert.equal(await frameAt(page), "about:blank");
  await page.context().close();
});

test("the banner script loaded twice inserts each analytics script at most once", async () => {
  server.requests.length = 0;
  const page = await fresh("/twice.html");
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await page.waitForFunction(() => window.__clarityCalls);
  await page.waitForTimeout(300);
  assert.equal(count("/stand-ins/gtag.js"), 1);
  assert.equal(count("/stand-ins/clarity.js"), 1);
  assert.equal(await page.evaluate(() => document.querySelectorAll("script[data-pcc-consent-service]").length), 2);
  await page.context().close();
});

test("gated scripts added after load run on consent; data-type=module and async are kept", async () => {
  const page = await fresh();
  await page.evaluate(() => {
    const late = document.createElement("script");
    late.type = "text/plain";
    late.dataset.pccConsent = "functionality";
    late.text = "window.__late = (window.__late || 0) + 1;";
    document.body.append(late);
    const mod = document.createElement("script");
    mod.type = "text/plain";
    mod.dataset.pccConsent = "functionality";
    mod.dataset.type = "module";
    mod.text = "window.__module = typeof import.meta === 'object';";
    document.body.append(mod);
  });
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__late), undefined, "not before consent");
  await page.evaluate(() => window.pccConsent.accept(["functionality"]));
  await page.waitForFunction(() => window.__module !== undefined);
  assert.equal(await page.evaluate(() => window.__late), 1);
  assert.equal(await page.evaluate(() => window.__module), true, "ran as a module");
  // Granted already: a script added now runs at once, exactly once.
  await page.evaluate(() => {
    const now = document.createElement("script");
    now.type = "text/plain";
    now.dataset.pccConsent = "functionality";
    now.async = true;
    now.text = "window.__now = (window.__now || 0) + 1;";
    document.body.append(now);
  });
  await page.waitForFunction(() => window.__now === 1);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => [window.__late, window.__now]).then(String), "1,1");
  await page.context().close();
});

test("data-reload-on-withdraw reloads the page after a withdrawal, and only then", async () => {
  const page = await fresh("/reload.html");
  await page.evaluate(() => (window.__sameDocument = true));
  await page.evaluate(() => window.pccConsent.acceptAll());
  await page.waitForFunction(() => window.__clarityCalls);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "granting does not reload");
  await Promise.all([page.waitForEvent("load"), page.evaluate(() => window.pccConsent.rejectAll())]);
  await started(page);
  assert.equal(await page.evaluate(() => window.__sameDocument), undefined, "a fresh document");
  assert.equal(await page.evaluate(() => window.pccConsent.get().method), "reject_all");
  await page.context().close();
});
