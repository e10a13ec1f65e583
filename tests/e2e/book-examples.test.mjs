// The book's own example files (docs/src/examples/*.html), loaded as a site would serve
// them, with the released pcc-consent.js (integrity checked by the browser) and with
// Google's and Microsoft's hosts mapped to the local stand-ins (demo/stand-ins/), so
// every attempt to reach them is seen (requests by Host, connections by TLS SNI).
// The acceptance test of issue 32: following only "Add the banner" and "Move from
// pasted GA4 and Clarity snippets", a page that had both vendors' snippets becomes one
// where nothing reaches them before consent, both load after Accept, none after Reject
// (also after reload), the footer link opens the dialog, the quick exit is on only on the
// abuse-support page (Escape leaves there), and the cookies
// page shows its form and declaration.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startServer, launchBrowser, newPage, banner, started, VENDOR_HOSTS, ROOT } from "./harness.mjs";

const EXAMPLES = path.join(ROOT, "docs/src/examples");
const example = (name) => fs.readFileSync(path.join(EXAMPLES, name), "utf8");
const VENDOR = /(googletagmanager|google-analytics|clarity)\./;
const EXIT_HOST = "www.bbc.co.uk";

// Site paths as the examples link them (/cookies) and the pages the book shows.
const PAGES = {
  "/before": "before-pasted-snippets.html",
  "/": "after-one-tag.html",
  "/cookies": "cookies-page.html",
  "/contact": "own-scripts.html",
  "/cy": "texts-welsh-theme.html",
  "/get-help": "abuse-support-site.html",
  "/gtm": "google-tag-manager.html",
};

let server;
let browser;
let site;

before(async () => {
  const pages = Object.fromEntries(Object.entries(PAGES).map(([url, file]) => [url, example(file)]));
  // The Content Security Policy page's header, sent with the "Add the banner" page.
  pages["/with-csp"] = {
    body: example("after-one-tag.html"),
    headers: { "content-security-policy": example("csp-header.txt").trim() },
  };
  server = await startServer({ tls: true, pages, mounts: { "/assets/pcc-consent/": path.join(ROOT, "release") } });
  const tls = `127.0.0.1:${server.tlsPort}`;
  const rules = [...VENDOR_HOSTS, EXIT_HOST].map((h) => `MAP ${h} ${tls}`).concat("MAP *.pcc.test 127.0.0.1");
  browser = await launchBrowser([`--host-resolver-rules=${rules.join(", ")}`, "--ignore-certificate-errors"]);
  site = `http://www.pcc.test:${server.port}`;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const vendorRequests = () => server.requests.filter((r) => VENDOR.test(r.host));
const vendorConnections = () => server.connections.map((c) => c.host).filter((h) => VENDOR.test(h));
const scriptLoads = () =>
  vendorRequests().filter((r) => r.method === "GET").map((r) => `${r.host.split(":")[0]}${r.path}`).sort();
const pcErrors = (page) =>
  page.messages.filter((m) => (m.type === "error" || m.type === "pageerror") && !/Failed to load resource/.test(m.text));
const reset = () => {
  server.requests.length = 0;
  server.connections.length = 0;
};

async function open(url, options = {}) {
  const page = await newPage(browser, options);
  await page.goto(`${site}${url}`);
  await started(page);
  return page;
}

/** Waits until gtag.js and Clarity's tag (the stand-ins) have run and collected. */
const analyticsRunning = (page) =>
  page.waitForFunction(() => window.__clarityCalls && document.cookie.includes("_ga="), null, { timeout: 10_000 });

test("the 'before' page (Google's and Microsoft's snippets pasted) reaches both vendors before any choice: the test sees it", async () => {
  reset();
  const page = await newPage(browser);
  await page.goto(`${site}/before`);
  await page.waitForFunction(() => window.__clarityCalls && document.cookie.includes("_ga="), null, { timeout: 10_000 });
  assert.deepEqual(scriptLoads().filter((l) => /\/gtag\/js|\/tag\//.test(l)), [
    "www.clarity.ms/tag/abcdefghij",
    "www.googletagmanager.com/gtag/js",
  ]);
  assert.ok(vendorConnections().includes("www.googletagmanager.com"));
  await page.context().close();
});

test("after the two pages: nothing reaches Google or Microsoft before consent, nor after Reject, also after reloads", async () => {
  reset();
  const page = await open("/");
  await banner(page).waitFor();
  await page.waitForTimeout(300);
  await page.reload();
  await started(page);
  assert.equal(await page.evaluate(() => window.pccConsent.get()), null);
  await banner(page).getByRole("button", { name: "Reject additional cookies" }).click();
  await page.reload();
  await started(page);
  await page.waitForTimeout(300);
  assert.equal(await banner(page).count(), 0, "no banner after a choice");
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), false);
  assert.deepEqual(vendorRequests(), []);
  assert.deepEqual(vendorConnections(), []);
  assert.deepEqual(pcErrors(page), []);
  await page.context().close();
});

test("after Accept both load once from their usual addresses; after the footer link's Reject all, no more requests and no cookies", async () => {
  reset();
  const page = await open("/");
  await banner(page).getByRole("button", { name: "Accept additional cookies" }).click();
  await analyticsRunning(page);
  await page.waitForTimeout(300);
  const loads = scriptLoads().filter((l) => /\/gtag\/js|\/tag\//.test(l));
  assert.deepEqual(loads, ["www.clarity.ms/tag/abcdefghij", "www.googletagmanager.com/gtag/js"]);
  // The footer's "Cookie settings" link opens the preferences dialog.
  await page.getByRole("link", { name: "Cookie settings" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  await dialog.getByRole("button", { name: "Reject all" }).click();
  await page.waitForTimeout(300);
  const count = vendorRequests().length;
  await page.waitForTimeout(700);
  assert.equal(vendorRequests().length, count, "no analytics requests after withdrawal");
  await page.reload();
  await started(page);
  await page.waitForTimeout(300);
  assert.equal(vendorRequests().length, count, "none after a reload either");
  const left = (await page.context().cookies()).map((c) => c.name).filter((n) => /^_(ga|gid|gat|gcl|clck|clsk)/.test(n));
  assert.deepEqual(left, []);
  assert.deepEqual(pcErrors(page), []);
  await page.context().close();
});

test("quick exit only where the book puts it: the general pages have none (Escape stays), the abuse-support page leaves on Escape", async () => {
  // Quick exit guidance: leave it off on a general PCC site, on for abuse-support pages.
  const general = ["/", "/cookies", "/cy"];
  for (const url of general) {
    reset();
    const page = await open(url);
    assert.equal(await page.getByRole("button", { name: /Leave this site|Gadael y wefan hon/ }).count(), 0, `${url}: no quick-exit button`);
    await page.keyboard.press("Escape");
    // The quick exit replaces the page synchronously on keydown; this page is still here.
    assert.equal(await page.evaluate(() => location.pathname), url);
    assert.ok(!server.requests.some((r) => r.host.startsWith(EXIT_HOST)), `${url}: Escape did not leave`);
    await page.context().close();
  }
  reset();
  const page = await open("/get-help");
  await page.getByRole("button", { name: "Leave this site" }).waitFor();
  await page.keyboard.press("Escape");
  await page.waitForURL(`https://${EXIT_HOST}/weather`, { waitUntil: "commit" });
  assert.ok(server.requests.some((r) => r.host.startsWith(EXIT_HOST) && r.path === "/weather"));
  await page.context().close();
  console.log(`quick exit: ${general.length} general pages without it, 1 abuse-support page leaving on Escape`);
});

test("the cookies page shows its settings form and its declaration (with GA's, Clarity's and the site's own cookie)", async () => {
  // Tall enough that the fixed banner covers none of the form.
  const page = await open("/cookies", { viewport: { width: 1280, height: 1600 } });
  await page.getByRole("button", { name: "Save cookie settings" }).waitFor();
  // The tables are in the element's open shadow root (Playwright's CSS pierces it).
  await page.locator("[data-pcc-consent-declaration] table").first().waitFor();
  const declaration = (await page.locator("[data-pcc-consent-declaration] table").allInnerTexts()).join("\n");
  for (const name of ["_ga", "_clck", "font_size"]) assert.ok(declaration.includes(name), `the declaration lists ${name}`);
  await page.getByRole("radio", { name: "Use performance cookies", exact: true }).check();
  await page.getByRole("button", { name: "Save cookie settings" }).click();
  await page.getByText("You’ve set your cookie preferences.").waitFor();
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), true);
  assert.deepEqual(pcErrors(page), []);
  await page.context().close();
});

test("the Content Security Policy page's header: banner, GA4 and Clarity work under it with no violation", async () => {
  reset();
  const page = await newPage(browser);
  const violations = [];
  await page.exposeFunction("__violation", (v) => violations.push(v));
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) => window.__violation(`${e.violatedDirective} ${e.blockedURI}`)),
  );
  await page.goto(`${site}/with-csp`);
  await started(page);
  await banner(page).getByRole("button", { name: "Accept additional cookies" }).click();
  await analyticsRunning(page);
  await page.waitForTimeout(300);
  assert.deepEqual(violations, []);
  assert.deepEqual(pcErrors(page), []);
  await page.context().close();
});

test("texts, Welsh and theme: the example shows the Welsh banner with the site's colour", async () => {
  const page = await open("/cy");
  const region = page.getByRole("region", { name: "Cwcis ar Example PCC" });
  await region.waitFor();
  const colour = await region.getByRole("button", { name: "Derbyn cwcis ychwanegol" }).evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(colour, "rgb(0, 94, 165)");
  assert.deepEqual(pcErrors(page), []);
  await page.context().close();
});

test("own scripts and embeds: nothing runs before consent; each runs once its category is granted", async () => {
  reset();
  const page = await open("/contact");
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.chatStarted), undefined);
  assert.ok(!server.requests.some((r) => r.path === "/js/heatmap.js"));
  const heatmap = page.waitForRequest((r) => r.url().endsWith("/js/heatmap.js"));
  await page.evaluate(() => window.pccConsent.accept(["performance", "functionality"]));
  await page.waitForFunction(() => window.chatStarted === true);
  await heatmap;
  await page.context().close();
});

test("abuse-support example: discreet mode keeps no cookie and no localStorage", async () => {
  const page = await open("/get-help");
  await banner(page).getByRole("button", { name: "Reject additional cookies" }).click();
  assert.deepEqual((await page.context().cookies()).map((c) => c.name), []);
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  assert.ok(await page.evaluate(() => sessionStorage.getItem("pcc_consent")));
  await page.context().close();
});

test("Google Tag Manager example: gtm.js only after consent, and the dataLayer event", async () => {
  reset();
  const page = await open("/gtm");
  await page.waitForTimeout(300);
  assert.ok(!vendorRequests().some((r) => r.path.startsWith("/gtm.js")), "no gtm.js before consent");
  await banner(page).getByRole("button", { name: "Accept additional cookies" }).click();
  await page.waitForFunction(() => (window.dataLayer || []).some((e) => e && e.event === "pcc_consent_update"));
  await page.waitForTimeout(300);
  assert.equal(vendorRequests().filter((r) => r.path.startsWith("/gtm.js")).length, 1);
  const event = await page.evaluate(() => window.dataLayer.find((e) => e && e.event === "pcc_consent_update").pcc_consent);
  // Every category the site offers: without data-categories, only what the page uses
  // (performance, which governs the container).
  assert.deepEqual(event, { necessary: true, performance: true });
  await page.context().close();
});

test("every example page loads with the released file and no console error", async () => {
  for (const url of Object.keys(PAGES).filter((u) => u !== "/before")) {
    const page = await open(url);
    await page.waitForTimeout(200);
    assert.deepEqual(pcErrors(page), [], `${url} (${PAGES[url]})`);
    await page.context().close();
  }
});
