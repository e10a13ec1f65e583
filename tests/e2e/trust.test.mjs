// Trust boundaries (issue 34, items 1, 2, 4, 5 config, 7): a sibling sub-site can never
// decide or undo a visitor's choice, config texts and theme cannot deceive or leak,
// a huge config block never holds up the quick exit, discreet mode leaves no trace,
// and what the banner sends identifies no one. Chromium resolves *.pcc.test (and the
// analytics hosts) to the local server, so parent-domain cookies here are real.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { startServer, launchBrowser, newPage, banner, hostPage, started, mapHostsTo, CHROMIUM_ARGS, decided } from "./harness.mjs";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SERVICES = 'data-site-name="Example PCC" data-ga-id="G-TRUST1" data-clarity-id="trustproj"';
const VENDOR = /(googletagmanager|google-analytics|clarity)\./;
const configBlock = (json) => `<script type="application/json" id="pcc-consent-config">${json}</script>`;

// Every Escape key press, with how long after it was pressed the page got to handle it
// (event.timeStamp is when the browser took the key). Kept in sessionStorage, so the
// exit page (same origin) can read it.
const KEY_DELAYS = `<script>addEventListener("keydown", (e) => {
  if (e.key !== "Escape") return;
  const delays = JSON.parse(sessionStorage.getItem("escapeDelays") || "[]");
  delays.push(performance.now() - e.timeStamp);
  sessionStorage.setItem("escapeDelays", JSON.stringify(delays));
}, true);</script>`;

/** A 5.3 MB config block: 330 KB of unknown keys, then a 5 MB text. */
function hugeBlock() {
  const unknown = Array.from({ length: 30_000 }, (_, i) => `"k${i}":1`).join(",");
  return `{${unknown},"texts":{"en":{"banner_essential":"${"x".repeat(5_000_000)}"}}}`;
}

let server;
let browser;
let http;
let https;

before(async () => {
  server = await startServer({ tls: true, pages: {} });
  const shared = `${SERVICES} data-cookie-domain="pcc.test"`;
  Object.assign(server.pages, {
    "/p.html": hostPage({ attrs: SERVICES }),
    "/other/p.html": hostPage({ attrs: SERVICES }),
    "/shared.html": hostPage({ attrs: shared }),
    "/other/shared.html": hostPage({ attrs: shared }),
    "/forge.html": "<!doctype html><title>A sibling sub-site</title><h1>Jobs</h1>",
    "/logged.html": hostPage({ attrs: 'data-log-url="/consent-log"' }),
    "/discreet.html": hostPage({ attrs: `${SERVICES} data-storage="session" data-log-url="/consent-log"` }),
    "/deceive.html": hostPage({
      head: configBlock(JSON.stringify({
        texts: { en: { accept_additional: "Reject additional cookies", reject_all: "\u202Ella tpeccA" } },
        theme: { bg: "url(/tracker-bg.png)", "button-bg": "image-set(url(/tracker-img.png) 1x)", font: "Georgia, serif" },
      })),
    }),
    "/big.html": hostPage({
      attrs: `data-quick-exit="escape" data-exit-url="${server.origin}/exit.html"`,
      head: KEY_DELAYS + configBlock(hugeBlock()),
    }),
    "/exit.html": "<!doctype html><title>Exit</title><h1>Weather</h1>",
  });
  browser = await launchBrowser(mapHostsTo(server));
  http = `http://www.pcc.test:${server.port}`;
  https = `https://www.pcc.test:${server.tlsPort}`;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const vendorRequests = () => server.requests.filter((r) => VENDOR.test(r.host)).length;

/** A stored record as a forger writes it (or as 0.4.0 did: `v: 1`, an id, exact times). */
function record({ how = "accept_all", grant = ["performance", "functionality", "targeting"], ahead = 0, rev = 1, id = "f".repeat(32) } = {}) {
  const at = Date.now() + ahead;
  return JSON.stringify({ v: 1, id, rev, at, exp: at + 365 * DAY, how, grant, chg: grant });
}

/**
 * A sibling host (jobs.pcc.test) writes `pcc_consent` copies on the parent domain, one
 * per path (a path holds one cookie of a name).
 */
async function forge(context, base, copies) {
  const page = await context.newPage();
  await page.goto(`${base.replace("//www.", "//jobs.")}/forge.html`);
  const secure = base.startsWith("https:") ? "; Secure" : "";
  const assignments = copies.map(
    (c) => `pcc_consent=${encodeURIComponent(record(c))}; Domain=pcc.test; Path=${c.path}; Max-Age=864000${secure}`,
  );
  await page.evaluate((list) => list.forEach((c) => (document.cookie = c)), assignments);
  const written = (await context.cookies()).filter((c) => c.name === "pcc_consent" && c.domain === ".pcc.test");
  assert.equal(written.length, copies.length, "every forged copy is in the jar");
  await page.close();
}

/** The forgeries of issue 34: accept_all, dated 1 h, 23 h and 3 days ahead, other paths, revisions. */
const FORGERIES = [
  { path: "/", ahead: -60_000 },
  { path: "/p.html", ahead: HOUR },
  { path: "/other", ahead: 23 * HOUR },
  { path: "/other/", ahead: 3 * DAY, rev: 99 },
  { path: "/other/p.html", ahead: HOUR, rev: 2 },
];

async function localCopy(page) {
  return page.evaluate(() => localStorage.getItem("pcc_consent"));
}

test("no data-cookie-domain: a sibling's forged copies decide nothing on www, and www's own records are untouched", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${https}/p.html`);
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  // (Each visit writes the same value again, for Safari: compare what it says.)
  const ownCookies = async () =>
    (await context.cookies())
      .filter((c) => c.name.endsWith("pcc_consent") && c.domain === "www.pcc.test")
      .map((c) => ({ name: c.name, value: c.value, path: c.path, secure: c.secure }));
  const own = await ownCookies();
  const stored = await localCopy(page);
  await forge(context, https, FORGERIES);
  const before = vendorRequests();
  for (const where of ["/p.html", "/other/p.html"]) {
    await page.goto(`${https}${where}`);
    await started(page);
    assert.equal(await page.evaluate(() => window.pccConsent.get().method), "reject_all", where);
    assert.equal(await banner(page).count(), 0, where);
  }
  await page.waitForTimeout(500);
  assert.equal(vendorRequests(), before, "no analytics request");
  assert.equal(await localCopy(page), stored, "localStorage untouched");
  assert.deepEqual(await ownCookies(), own, "the host cookie untouched");
  // How: on https the cookie is __Host-pcc_consent, which no other host can set.
  assert.deepEqual(own.map((c) => [c.name, c.path, c.secure]), [["__Host-pcc_consent", "/", true]]);
  await context.close();
});

test("no data-cookie-domain: a visitor who never chose is asked, and nothing is granted or copied", async () => {
  for (const base of [https, http]) {
    const context = await browser.newContext();
    await forge(context, base, FORGERIES);
    const before = vendorRequests();
    const page = await context.newPage();
    await page.goto(`${base}/p.html`);
    await banner(page).waitFor();
    assert.equal(await page.evaluate(() => window.pccConsent.get()), null, base);
    assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), false, base);
    await page.waitForTimeout(500);
    assert.equal(vendorRequests(), before, `no analytics request on ${base}`);
    assert.equal(await localCopy(page), null, "nothing copied into localStorage");
    const hostCookies = (await context.cookies()).filter((c) => c.name.endsWith("pcc_consent") && c.domain === "www.pcc.test");
    assert.deepEqual(hostCookies, [], "no host cookie written from it");
    await context.close();
  }
});

test("a 0.4.0 visitor's choice is carried over to the __Host- cookie, and the old-named one goes", async () => {
  const context = await browser.newContext();
  const old = record({ how: "reject_all", grant: [], ahead: -30 * DAY });
  await context.addCookies([{ name: "pcc_consent", value: encodeURIComponent(old), url: https, secure: true }]);
  const page = await context.newPage();
  await page.goto(`${https}/forge.html`);
  await page.evaluate((value) => localStorage.setItem("pcc_consent", value), old);
  await page.goto(`${https}/p.html`);
  await started(page);
  assert.equal(await banner(page).count(), 0, "not asked again");
  assert.equal(await page.evaluate(() => window.pccConsent.get().method), "reject_all");
  assert.equal(await page.evaluate(() => window.pccConsent.get().id), "f".repeat(32), "the same record");
  const cookies = (await context.cookies()).filter((c) => c.name.endsWith("pcc_consent"));
  assert.deepEqual(cookies.map((c) => c.name), ["__Host-pcc_consent"]);
  await context.close();
});

test("with data-cookie-domain: after Reject all, forged copies never bring analytics back (10 s, and the next page)", async () => {
  const context = await browser.newContext();
  // A copy at Path=/ dated now would be a sub-site's choice, which data-cookie-domain
  // trusts: the one there here is dated an hour ahead.
  const forgeries = FORGERIES.map((f) => ({ ...f, path: f.path.replace("p.html", "shared.html") }));
  forgeries[0].ahead = HOUR;
  await forge(context, http, forgeries);
  const page = await context.newPage();
  await page.goto(`${http}/shared.html`);
  await banner(page).waitFor();
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), false, "no forged copy counts");
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  const before = vendorRequests();
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.pccConsent.get().method), "reject_all", `${i * 0.5} s after`);
  }
  assert.equal(vendorRequests(), before, "0 analytics requests for 10 s");
  // The next page, on a path whose forged copies the decision could not reach, two
  // hours on: the copies dated 1 h ahead are no longer in the future there.
  await page.addInitScript(() => {
    const real = Date.now;
    Date.now = () => real() + 2 * 3_600_000;
  });
  await page.goto(`${http}/other/shared.html`);
  await started(page);
  assert.equal(await page.evaluate(() => window.pccConsent.get().method), "reject_all");
  assert.equal(await banner(page).count(), 0);
  await page.waitForTimeout(500);
  assert.equal(vendorRequests(), before, "0 analytics requests on the next page");
  await context.close();
});

test("the consent cookie holds no consent id and no time finer than a minute; the log gets origin and path only", async () => {
  const page = await newPage(browser);
  await page.goto(`${http}/logged.html?q=domestic+abuse&postcode=AB1+2CD#case-ref`);
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await decided(page);
  const cookie = (await page.context().cookies()).find((c) => c.name === "pcc_consent");
  const value = JSON.parse(decodeURIComponent(cookie.value));
  assert.equal(value.id, undefined, "no consent id in the cookie");
  assert.equal(value.at % 60_000, 0, "given at a whole minute");
  assert.equal(value.exp % 60_000, 0, "expires at a whole minute");
  const record = await page.evaluate(() => window.pccConsent.get());
  assert.match(record.id, /^[0-9a-f]{32}$/, "the page still knows its consent id");
  assert.equal(JSON.parse(await localCopy(page)).id, record.id, "localStorage keeps it");
  await page.waitForTimeout(300);
  const logged = server.requests.filter((r) => r.path === "/consent-log").at(-1);
  const body = JSON.parse(logged.body);
  assert.equal(body.page, `${http}/logged.html`, "no query or fragment");
  assert.equal(body.record.id, record.id, "the log gets the id");
  await page.context().close();
});

test("discreet mode: earlier analytics cookies go before any choice; after Accept and a browser restart, none remain", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pcc-discreet-"));
  const launch = () =>
    chromium.launchPersistentContext(dir, {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: [...CHROMIUM_ARGS, ...mapHostsTo(server)],
    });
  const tracking = (cookies) => cookies.map((c) => c.name).filter((n) => /^_(ga|clck|clsk)/.test(n) || n.endsWith("pcc_consent"));
  let context = await launch();
  try {
    const year = Math.floor(Date.now() / 1000) + 300 * 86_400;
    await context.addCookies([
      { name: "_ga", value: "GA1.1.1.1", domain: ".pcc.test", path: "/", expires: year },
      { name: "_clck", value: "old", domain: ".pcc.test", path: "/", expires: year },
    ]);
    const page = context.pages()[0] || (await context.newPage());
    await page.goto(`${http}/discreet.html?q=refuge&postcode=AB1#case-ref`);
    await banner(page).waitFor();
    assert.deepEqual(tracking(await context.cookies()), [], "an earlier visit's _ga and _clck are gone while nothing is granted");
    await page.getByRole("button", { name: "Accept additional cookies" }).click();
    await page.waitForFunction(() => window.__clarityCalls && document.cookie.includes("_ga="));
    await page.waitForTimeout(300);
    const logged = server.requests.filter((r) => r.path === "/consent-log").at(-1);
    assert.equal(JSON.parse(logged.body).page, `${http}/discreet.html`, "no query or fragment, in discreet mode too");
    const clarity = await page.evaluate(() => window.__clarityCalls.filter((c) => c[0] === "consentv2").at(-1)[1]);
    assert.deepEqual(clarity, { ad_Storage: "denied", analytics_Storage: "denied" }, "Clarity runs cookie-less");
    const persistent = (await context.cookies()).filter((c) => /^_(ga|clck|clsk)/.test(c.name) && c.expires !== -1);
    assert.deepEqual(persistent.map((c) => c.name), [], "only session cookies");
    await context.close();
    context = await launch();
    assert.deepEqual(tracking(await context.cookies()), [], "nothing left after the browser closed");
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("swapped or bidi-disguised button labels and url() theme values are refused with a console error; no request before a choice", async () => {
  const page = await newPage(browser);
  await page.goto(`${http}/deceive.html`);
  await banner(page).waitFor();
  await page.waitForTimeout(500);
  const errors = page.messages.filter((m) => m.type === "error").map((m) => m.text);
  for (const key of ["texts.en.accept_additional", "texts.en.reject_all", "theme.bg", "theme.button-bg"]) {
    assert.ok(errors.some((e) => e.includes(key)), `${key}: ${errors.join("\n")}`);
  }
  assert.equal(await page.getByRole("button", { name: "Accept additional cookies" }).count(), 1, "the default label is back");
  assert.equal(await page.getByRole("button", { name: "Reject additional cookies" }).count(), 1, "and only one button says Reject");
  const trackers = server.requests.filter((r) => r.path.startsWith("/tracker-"));
  assert.deepEqual(trackers.map((r) => r.path), [], "no theme request before a choice");
  const theme = await page.evaluate(() => document.getElementById("pcc-consent").getAttribute("style") || "");
  assert.ok(!theme.includes("url(") && theme.includes("Georgia"), theme);
  await page.context().close();
});

test("a 5 MB config block: Escape pressed while the banner starts still leaves at once", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/big.html`, { waitUntil: "commit" });
  // Escape every 10 ms from the first byte on: some presses land while the script
  // starts (the quick exit is armed first, then the config block is read).
  let pressing = true;
  const presses = (async () => {
    while (pressing) {
      await Promise.race([page.keyboard.press("Escape").catch(() => {}), new Promise((r) => setTimeout(r, 10))]);
    }
  })();
  await page.waitForURL(`${server.origin}/exit.html`, { timeout: 15_000 });
  pressing = false;
  await presses;
  const delays = await page.evaluate(() => JSON.parse(sessionStorage.getItem("escapeDelays") || "[]"));
  assert.ok(delays.length > 0, "Escape presses reached the page");
  const worst = Math.max(...delays);
  console.log(`5 MB config block: ${delays.length} Escape presses, longest wait for the page to handle one ${worst.toFixed(1)} ms`);
  // A generous ceiling (the issue asks for 100 ms; 0.4.0 took about a second and more):
  // it catches the block being parsed on the main thread, not machine noise.
  assert.ok(worst < 500, `an Escape waited ${worst.toFixed(0)} ms`);
  await page.context().close();
});
