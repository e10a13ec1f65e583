// When the banner's module (pcc-consent.wasm) cannot load, or loads slowly: the quick
// exit still leaves, nothing reaches a vendor host the visitor has not granted, and the
// console names why. The matrix: {module 404, integrity mismatch, CSP without
// 'wasm-unsafe-eval', module served slowly} x {first visit, returning visitor with a
// valid record} x {quick exit by Escape, by the "Leave this site" button}.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startServer, launchBrowser, newPage, hostPage, BUNDLE } from "./harness.mjs";

let server;
let browser;
let exitUrl;

const DAY = 86_400_000;
const VENDORS = /(googletagmanager|google-analytics|clarity)\./;
// GA under performance (granted by the returning visitor), Clarity under targeting (never granted).
const ATTRS = 'data-site-name="Support" data-quick-exit="escape" data-exit-url="EXIT" data-ga-id="G-TEST123" data-clarity-id="abc123" data-clarity-category="targeting"';
const CSP = "script-src 'self' https://www.googletagmanager.com https://www.clarity.ms https://*.clarity.ms";
const WASM = fs.readFileSync(path.join(BUNDLE, "pcc-consent.wasm"));

const MODULE = {
  "module 404": { why: /could not load the banner's module.*not found next to pcc-consent\.js/ },
  "integrity mismatch": { why: /could not load the banner's module.*is not the file built with this pcc-consent\.js, its integrity does not match/ },
  "CSP without 'wasm-unsafe-eval'": { why: /could not load the banner's module.*wasm-unsafe-eval/, csp: true },
  "module served slowly": { why: null },
};
const VISITOR = {
  "first visit": null,
  "returning, valid record": () => {
    const at = Date.now() - 10 * DAY;
    return `{"v":1,"id":"0123456789abcdef0123456789abcdef","rev":1,"at":${at},"exp":${at + 365 * DAY},"how":"custom","grant":["performance"],"chg":["performance"]}`;
  },
};
const EXIT = ["Escape", "the Leave this site button"];

/** Answers a request for the module as `moduleCase` breaks it: a 404, or its bytes changed (integrity mismatch). */
function failModule(route, moduleCase) {
  if (moduleCase === "module 404") return route.fulfill({ status: 404, body: "not found" });
  const tampered = Buffer.from(WASM);
  tampered[tampered.length - 1] ^= 1;
  return route.fulfill({ status: 200, contentType: "application/wasm", body: tampered });
}

before(async () => {
  server = await startServer({ pages: { "/start.html": "<!doctype html><title>Start</title><h1>Start</h1>", "/exit.html": "<!doctype html><title>Exit</title><h1>Weather</h1>" } });
  exitUrl = `http://exit.test:${new URL(server.origin).port}/exit.html`;
  const body = hostPage({ attrs: ATTRS.replace("EXIT", exitUrl) });
  server.pages["/support.html"] = body;
  server.pages["/support-csp.html"] = { body, headers: { "content-security-policy": CSP } };
  // One the back/forward cache may keep (no `no-store`).
  server.pages["/support-kept.html"] = { body, headers: { "cache-control": "no-cache" } };
  browser = await launchBrowser(["--host-resolver-rules=MAP exit.test 127.0.0.1"]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function run(moduleCase, visitorCase, exitBy) {
  const { why, csp } = MODULE[moduleCase];
  const stored = VISITOR[visitorCase];
  const page = await newPage(browser);
  const vendorUrls = [];
  await page.route((url) => VENDORS.test(url.hostname), (route) => {
    vendorUrls.push(route.request().url());
    return route.abort();
  });
  let release;
  let requested;
  const held = new Promise((r) => (release = r));
  const asked = new Promise((r) => (requested = r));
  await page.route("**/pcc-consent.wasm*", async (route) => {
    requested();
    if (moduleCase === "module 404" || moduleCase === "integrity mismatch") return failModule(route, moduleCase);
    if (moduleCase === "module served slowly") await held;
    return route.continue();
  });
  await page.goto(`${server.origin}/start.html`);
  if (stored) await page.evaluate((v) => localStorage.setItem("pcc_consent", v), stored());
  await page.goto(`${server.origin}/support${csp ? "-csp" : ""}.html`, { waitUntil: "load" });
  if (why) {
    // The console names why (the module is fetched after the first paint: wait for it).
    const said = () => page.messages.some((m) => m.type === "error" && why.test(m.text));
    while (!said()) await page.waitForEvent("console");
  } else {
    // Slowly: the module has been asked for (held back) and has not arrived. A
    // returning visitor's module is asked for when the browser is idle after the load.
    await asked;
    // Only the loader's painted first view (a first visit), never the module's banner.
    const booted = await page.evaluate(() => {
      const host = document.getElementById("pcc-consent");
      return !!host && !host.hasAttribute("data-pcc-consent-first-view");
    });
    assert.equal(booted, false, "the module has not booted");
  }
  const fastPath = await page.evaluate(() => window[Symbol.for("pcc-consent.applied")] || null);
  if (exitBy === "Escape") await page.keyboard.press("Escape");
  else await page.getByRole("button", { name: "Leave this site" }).click();
  await page.waitForURL(exitUrl, { timeout: 5000 });
  release();
  // What reached the vendors: never Clarity (targeting, not granted); GA only for the
  // returning visitor's own grant, where the loader applied it.
  assert.ok(!vendorUrls.some((u) => u.includes("clarity")), `no Clarity request: ${vendorUrls}`);
  if (!stored) assert.deepEqual(vendorUrls, [], "a first visit reaches no vendor");
  if (csp) assert.equal(fastPath, null, "no WebAssembly, nothing optional applied (nothing could withdraw it)");
  if (stored && !csp) assert.deepEqual(fastPath, ["performance"], "the visitor's own stored choice applied");
  if (vendorUrls.length) assert.ok(stored && !csp && vendorUrls.every((u) => u.includes("googletagmanager")), String(vendorUrls));
  await page.context().close();
  return vendorUrls.length;
}

for (const moduleCase of Object.keys(MODULE)) {
  test(`${moduleCase}: the quick exit leaves, nothing ungranted reaches a vendor, the console says why`, async () => {
    const rows = [];
    for (const visitorCase of Object.keys(VISITOR)) {
      for (const exitBy of EXIT) {
        const vendorRequests = await run(moduleCase, visitorCase, exitBy);
        rows.push(`${moduleCase} | ${visitorCase} | ${exitBy} | left; vendor requests ${vendorRequests}`);
      }
    }
    console.log(`covered:\n${rows.join("\n")}`);
  });
}

// decideWithoutModule (src/js/fallback.js): the record it writes when the module cannot
// load is the one the Rust core writes, so the module honours it on the next page with
// the same verdict, and so does the loader's fast path.
const SETTINGS = {
  defaults: ['data-site-name="Fallback"', ["performance", "functionality", "targeting"]],
  "two categories, GA": ['data-site-name="Fallback" data-categories="performance,functionality" data-ga-id="G-TEST123"', ["performance", "functionality"]],
  "revision 4, 30 days, own cookie name": ['data-site-name="Fallback" data-revision="4" data-expiry-days="30" data-cookie-name="site_consent"', ["performance", "functionality", "targeting"]],
};

test("acceptAll() / rejectAll() without the module: the module, booting on the next page, honours the record with the same verdict", async () => {
  const rows = [];
  for (const [label, [attrs, offered]] of Object.entries(SETTINGS)) {
    for (const how of ["acceptAll", "rejectAll"]) {
      for (const before of ["first visit", "returning (continues the id)"]) {
        const url = `${server.origin}/fallback-${Object.keys(SETTINGS).indexOf(label)}.html`;
        server.pages[new URL(url).pathname] = hostPage({ attrs });
        const page = await newPage(browser);
        await page.route((u) => VENDORS.test(u.hostname), (route) => route.abort());
        const name = /data-cookie-name="([^"]+)"/.exec(attrs)?.[1] || "pcc_consent";
        let earlier = null;
        if (before !== "first visit") {
          // A choice made with the module first (reject all), then the module blocked.
          await page.goto(url);
          await page.waitForFunction(() => document.getElementById("pcc-consent"));
          await page.evaluate(() => window.pccConsent.rejectAll());
          earlier = JSON.parse(await page.evaluate((n) => localStorage.getItem(n), name));
        }
        let blocked = true;
        await page.route("**/pcc-consent.wasm*", (route) => (blocked ? route.fulfill({ status: 404, body: "" }) : route.continue()));
        await page.goto(url, { waitUntil: "load" });
        const said = () => page.messages.some((m) => m.type === "error" && /could not load the banner's module/.test(m.text));
        while (!said()) await page.waitForEvent("console");
        await page.evaluate((how) => window.pccConsent[how](), how);
        // The stub runs the call once the module's load has settled (failed).
        const method = how === "acceptAll" ? "accept_all" : "reject_all";
        await page.waitForFunction(
          ({ n, method, at }) => {
            const r = JSON.parse(localStorage.getItem(n) || "null");
            return r && r.how === method && r.at !== at;
          },
          { n: name, method, at: earlier?.at },
        );
        const written = await page.evaluate((n) => ({ stored: localStorage.getItem(n), cookie: document.cookie }), name);
        assert.equal(await page.locator("[data-pcc-consent-first-view]").count(), 0, "the painted question is gone once the choice is recorded");
        const record = JSON.parse(written.stored);
        // The next page, with the module: the module failed on the page before, so the
        // loader's fast path leaves the choice to it (loader.js, module.js `failedBefore`).
        blocked = false;
        await page.goto(url, { waitUntil: "load" });
        assert.equal(await page.evaluate(() => window[Symbol.for("pcc-consent.applied")] || null), null, "the fast path waits for the module after a failure");
        await page.waitForFunction(() => document.getElementById("pcc-consent"));
        await page.waitForFunction(() => window.pccConsent.get() !== null);
        const got = await page.evaluate(() => window.pccConsent.get());
        const bannerShown = await page.evaluate(() => !!document.getElementById("pcc-consent").shadowRoot?.querySelector("[role=region]"));
        assert.equal(got.method, method, `${label}, ${how}, ${before}`);
        assert.equal(got.id, record.id, "the module reads the record the fallback wrote");
        assert.equal(got.givenAt, new Date(record.at).toISOString());
        if (earlier) {
          assert.equal(record.id, earlier.id, "the consent id continues");
          assert.equal(record.seq, (earlier.seq || 1) + 1, "the next decision number");
        }
        assert.deepEqual(record.grant, how === "acceptAll" ? offered : [], "accept all grants what is offered, reject all nothing");
        for (const c of ["performance", "functionality", "targeting"]) {
          assert.equal(got.categories[c], record.grant.includes(c), `${c} in ${JSON.stringify(got.categories)}`);
          assert.equal(await page.evaluate((c) => window.pccConsent.accepted(c), c), record.grant.includes(c), `accepted(${c})`);
        }
        assert.equal(bannerShown, false, "no banner: the choice stands");
        assert.ok(written.cookie.includes(`${name}=`), "the cookie was written");
        // The page after: the module booted, so the fast path vouches for it too, with the same grant.
        await page.goto(url, { waitUntil: "load" });
        const applied = await page.evaluate(() => window[Symbol.for("pcc-consent.applied")] || null);
        assert.deepEqual(applied, record.grant, "the loader's fast path vouches for it too, with the same grant");
        rows.push(`${label} | ${how} | ${before} | module: ${got.method} ${JSON.stringify(got.categories)}`);
        await page.context().close();
      }
    }
  }
  console.log(`covered:\n${rows.join("\n")}`);
  assert.equal(rows.length, 12);
});

test("a Cookie settings link clicked before the module: replayed once it has booted (the dialog opens), followed where it cannot load", async () => {
  const rows = [];
  const attrs = 'data-site-name="Links"';
  server.pages["/links.html"] = hostPage({ attrs, body: '<a href="/start.html" data-pcc-consent-open>Cookie settings</a>' });
  for (const moduleCase of ["module served slowly", "module 404"]) {
    const page = await newPage(browser);
    await page.goto(`${server.origin}/start.html`);
    // A returning visitor: the module waits for idle; the click comes before it.
    await page.evaluate((v) => localStorage.setItem("pcc_consent", v), VISITOR["returning, valid record"]());
    let release;
    const held = new Promise((r) => (release = r));
    let requested;
    const asked = new Promise((r) => (requested = r));
    await page.route("**/pcc-consent.wasm*", async (route) => {
      requested();
      if (moduleCase === "module 404") return route.fulfill({ status: 404, body: "" });
      await held;
      return route.continue();
    });
    await page.goto(`${server.origin}/links.html`, { waitUntil: "domcontentloaded" });
    await page.waitForFunction(() => window[Symbol.for("pcc-consent.applied")]);
    await page.getByRole("link", { name: "Cookie settings" }).click();
    await asked;
    if (moduleCase === "module served slowly") {
      assert.ok(page.url().endsWith("/links.html"), "the click waits for the module, the page stays");
      release();
      await page.getByRole("dialog").waitFor();
      rows.push(`${moduleCase}: the dialog opened after the module booted`);
    } else {
      await page.waitForURL(`${server.origin}/start.html`);
      rows.push(`${moduleCase}: the link was followed`);
    }
    await page.context().close();
  }
  console.log(`covered:\n${rows.join("\n")}`);
});

// The banner's first view (painted by the loader) when the module cannot load: Accept and
// Reject are still recorded (fallback.js), the banner goes, and nothing optional starts on
// that page (only the module could withdraw it); Customise says why it cannot open and
// the banner stays. {404, integrity mismatch, CSP without 'wasm-unsafe-eval'} x {Accept,
// Reject, Customise}.
test("the first view's buttons without the module: Accept/Reject recorded, nothing optional started, Customise says why", async () => {
  const rows = [];
  const BUTTONS = {
    Accept: { name: "Accept additional cookies", how: "accept_all" },
    Reject: { name: "Reject additional cookies", how: "reject_all" },
    Customise: { name: "Customise cookies", how: null },
  };
  for (const moduleCase of ["module 404", "integrity mismatch", "CSP without 'wasm-unsafe-eval'"]) {
    for (const [button, { name, how }] of Object.entries(BUTTONS)) {
      const { why, csp } = MODULE[moduleCase];
      const page = await newPage(browser);
      const vendorUrls = [];
      await page.route((url) => VENDORS.test(url.hostname), (route) => {
        vendorUrls.push(route.request().url());
        return route.abort();
      });
      await page.route("**/pcc-consent.wasm*", (route) => {
        if (moduleCase === "module 404" || moduleCase === "integrity mismatch") return failModule(route, moduleCase);
        return route.continue();
      });
      await page.goto(`${server.origin}/support${csp ? "-csp" : ""}.html`, { waitUntil: "load" });
      const painted = page.locator("[data-pcc-consent-first-view]");
      assert.equal(await painted.count(), 1, `${moduleCase}: the first view is painted`);
      // By keyboard, as a screen reader user would: focus must land on what is said next.
      await page.getByRole("button", { name }).focus();
      await page.keyboard.press("Enter");
      const said = () => page.messages.some((m) => m.type === "error" && why.test(m.text));
      while (!said()) await page.waitForEvent("console");
      const stored = () => page.evaluate(() => localStorage.getItem("pcc_consent"));
      let focusNote = "";
      if (how) {
        // As after a choice on the module's banner: the saved message, focused, then hidden.
        const alert = page.getByRole("alert");
        await alert.waitFor();
        assert.match(await alert.textContent(), /^Your cookie preferences have been saved\./, "the saved message says so");
        const focused = await page.evaluate(() => document.getElementById("pcc-consent")?.shadowRoot?.activeElement?.getAttribute("role") || document.activeElement.tagName);
        assert.equal(focused, "alert", `${moduleCase} ${button}: focus went to ${focused}, not the saved message`);
        assert.equal(await page.getByRole("region", { name: /^Cookies on / }).count(), 1, "in the banner's labelled region");
        await page.getByRole("button", { name: "Hide this message" }).click();
        await page.waitForFunction(() => !document.querySelector("[data-pcc-consent-first-view]"));
        focusNote = ", saved message focused, hidden";
        const record = JSON.parse(await stored());
        assert.equal(record.how, how, `${moduleCase} ${button}: recorded`);
        assert.ok(await page.evaluate(() => document.cookie.includes("pcc_consent=")), "the cookie too");
      } else {
        const cannot = () => page.messages.some((m) => m.type === "error" && /cannot open the cookie settings/.test(m.text));
        while (!cannot()) await page.waitForEvent("console");
        assert.equal(await painted.count(), 1, "the banner stays");
        assert.equal(await stored(), null, "nothing recorded");
      }
      assert.equal(
        await page.evaluate(() => !!document.querySelector('script[src*="googletagmanager"], script[src*="clarity"]')),
        false,
        "no vendor script on this page",
      );
      assert.deepEqual(vendorUrls, [], "nothing sent to a vendor");
      // The quick exit still leaves.
      await page.keyboard.press("Escape");
      await page.waitForURL(exitUrl, { timeout: 5000 });
      rows.push(`${moduleCase} | ${button} (Enter) | ${how ? `recorded ${how}${focusNote}` : "said why, banner stays"} | no vendor | Escape left`);
      await page.context().close();
    }
  }
  console.log(`# covered (first view without the module):\n# ${rows.join("\n# ")}`);
  assert.equal(rows.length, 9);
});

// A site that copied only pcc-consent.js (or a module that fails on this site): on the page
// where the module first fails, the fast path has already applied a returning visitor's
// choice, and nothing there can withdraw it; so on every later page of the site the choice
// waits for the module (nothing optional starts while it fails), and once the module loads
// again it applies the choice itself and the fast path serves the pages after.
// {404, integrity mismatch} x pages 1-4.
test("after the module failed, later pages (this tab or a new one) start nothing optional until it loads again", async () => {
  const rows = [];
  for (const moduleCase of ["module 404", "integrity mismatch"]) {
    const { why } = MODULE[moduleCase];
    let page = await newPage(browser);
    const context = page.context();
    const vendorUrls = [];
    await context.route((url) => VENDORS.test(url.hostname), (route) => {
      vendorUrls.push(route.request().url());
      return route.abort();
    });
    let failing = true;
    await context.route("**/pcc-consent.wasm*", (route) => {
      if (!failing) return route.continue();
      return failModule(route, moduleCase);
    });
    await page.goto(`${server.origin}/start.html`);
    await page.evaluate((v) => localStorage.setItem("pcc_consent", v), VISITOR["returning, valid record"]());
    const failed = async () => {
      const said = () => page.messages.some((m) => m.type === "error" && why.test(m.text));
      while (!said()) await page.waitForEvent("console");
      page.messages.length = 0;
    };
    const visit = async () => {
      vendorUrls.length = 0;
      page.messages.length = 0;
      await page.goto(`${server.origin}/support.html`, { waitUntil: "load" });
      return page.evaluate(() => window[Symbol.for("pcc-consent.applied")] || null);
    };
    // Page 1: the fast path applies the stored choice before the module fails.
    assert.deepEqual(await visit(), ["performance"], "page 1: the fast path applied the choice");
    await failed();
    assert.ok(vendorUrls.some((u) => u.includes("googletagmanager")), "page 1: GA started (granted)");
    rows.push(`${moduleCase} | page 1 | fast path applied, module failed`);
    // Page 2, in a new tab: the module failed, so nothing optional starts before it loads.
    const first = page;
    page = await context.newPage();
    page.messages = [];
    page.on("console", (m) => page.messages.push({ type: m.type(), text: m.text() }));
    await first.close();
    assert.equal(await visit(), null, "page 2: the fast path waits for the module");
    await failed();
    assert.deepEqual(vendorUrls, [], "page 2: nothing sent to a vendor");
    assert.equal(await page.evaluate(() => !!document.querySelector('script[src*="googletagmanager"], script[src*="clarity"]')), false);
    rows.push(`${moduleCase} | page 2 | nothing applied, module failed, no vendor request`);
    // Page 3: the module loads again and applies the choice itself.
    failing = false;
    assert.equal(await visit(), null, "page 3: still waits for the module");
    await page.waitForFunction(() => window.pccConsent.get() !== null);
    await page.waitForFunction(() => !!document.querySelector('script[src*="googletagmanager"]'));
    assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), true);
    assert.equal(await page.evaluate(() => localStorage.getItem("pcc-consent.module-failed")), null, "the failure is forgotten");
    rows.push(`${moduleCase} | page 3 | the module applied the choice`);
    // Page 4: the fast path again.
    assert.deepEqual(await visit(), ["performance"], "page 4: the fast path serves the page again");
    rows.push(`${moduleCase} | page 4 | fast path applied`);
    await context.close();
  }
  console.log(`# covered (after a failed module):\n# ${rows.join("\n# ")}`);
  assert.equal(rows.length, 8);
});

// A withdrawal on a page where the loader started GA from the stored choice and the module
// then failed: nothing there can stop GA but a reload (fallback.js reloadWithoutModule),
// and the reloaded page applies nothing without the module. {rejectAll() on the page,
// rejectAll() in another tab whose module loads} x {module 404, integrity mismatch}.
test("a withdrawal where the module failed after the fast path started GA: the page reloads and starts nothing", async () => {
  const rows = [];
  for (const moduleCase of ["module 404", "integrity mismatch"]) {
    for (const where of ["this page", "another tab"]) {
      const page = await newPage(browser);
      const context = page.context();
      await context.route((url) => VENDORS.test(url.hostname), (route) => route.abort());
      // Only this tab's module fails.
      await page.route("**/pcc-consent.wasm*", (route) => failModule(route, moduleCase));
      await page.goto(`${server.origin}/start.html`);
      await page.evaluate((v) => localStorage.setItem("pcc_consent", v), VISITOR["returning, valid record"]());
      await page.goto(`${server.origin}/support.html`, { waitUntil: "load" });
      assert.deepEqual(await page.evaluate(() => window[Symbol.for("pcc-consent.applied")]), ["performance"]);
      while (!page.messages.some((m) => /could not load the banner's module/.test(m.text))) await page.waitForEvent("console");
      assert.equal(await page.evaluate(() => !!document.querySelector('script[src*="googletagmanager"]')), true, "GA started from the stored choice");
      const reloaded = page.waitForEvent("load");
      if (where === "this page") {
        await page.evaluate(() => window.pccConsent.rejectAll());
      } else {
        const other = await context.newPage();
        await other.goto(`${server.origin}/support.html`, { waitUntil: "load" });
        await other.waitForFunction(() => window.pccConsent.get() !== null);
        await other.evaluate(() => window.pccConsent.rejectAll());
      }
      await reloaded;
      assert.ok(page.messages.some((m) => /reloading the page/.test(m.text)), "the console says why the page reloads");
      assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem("pcc_consent")).how), "reject_all");
      // Nothing, or (where the other tab's module loaded, which clears the failure) the new, empty choice.
      const applied = await page.evaluate(() => window[Symbol.for("pcc-consent.applied")] || null);
      assert.ok(applied === null || applied.length === 0, `${moduleCase}, ${where}: the reloaded page grants nothing: ${JSON.stringify(applied)}`);
      assert.equal(await page.evaluate(() => !!document.querySelector('script[src*="googletagmanager"]')), false, "GA is gone");
      rows.push(`${moduleCase} | withdrawn on ${where} | reloaded, GA gone, reject_all stored`);
      await context.close();
    }
  }
  console.log(`# covered (withdrawal without the module):\n# ${rows.join("\n# ")}`);
  assert.equal(rows.length, 4);
});

// A page kept in the back/forward cache with the painted banner, the module failing there,
// while the visitor chooses on the next page (no module there either, so no other-tab
// message): Back must not show the question again. {Accept, Reject} on the next page.
test("back from a page where a choice was made without the module: the painted banner is not asked again", async () => {
  const bfcache = await launchBrowser([], { bfcache: true });
  const rows = [];
  try {
    for (const button of ["Accept", "Reject"]) {
      const page = await newPage(bfcache);
      await page.context().route((url) => VENDORS.test(url.hostname), (route) => route.abort());
      await page.context().route("**/pcc-consent.wasm*", (route) => failModule(route, "module 404"));
      await page.goto(`${server.origin}/support-kept.html`, { waitUntil: "load" });
      await page.evaluate(() => (window.__kept = true));
      while (!page.messages.some((m) => /could not load the banner's module/.test(m.text))) await page.waitForEvent("console");
      await page.goto(`${server.origin}/support-kept.html?next`, { waitUntil: "load" });
      await page.getByRole("button", { name: `${button} additional cookies` }).click();
      await page.getByRole("alert").waitFor();
      await page.goBack({ waitUntil: "commit" });
      await page.waitForFunction(() => document.readyState === "complete");
      const restored = await page.evaluate(() => window.__kept === true);
      const asking = await page.locator("[data-pcc-consent-first-view]").count();
      rows.push(`${button} on the next page | back: restored from the bfcache ${restored} | painted banner asking ${asking}`);
      await page.context().close();
      assert.equal(restored, true, "the page came back from the bfcache (else this case is not tested)");
      assert.equal(asking, 0, `${button}: the restored page asks again`);
    }
  } finally {
    await bfcache.close();
    console.log(`# covered (bfcache after a choice without the module):\n# ${rows.join("\n# ")}`);
  }
});

// A page that logs each choice (data-log-url): only the module sends the record the site's
// server keeps, so without it no choice is stored (a stored choice the server never got
// would stand without its evidence). {painted Accept, painted Reject, acceptAll(), rejectAll()}.
test("a page with data-log-url without the module: no choice is stored without its log record, and the console says why", async () => {
  server.pages["/logged.html"] = hostPage({ attrs: 'data-site-name="Support" data-log-url="/consent-log"' });
  const rows = [];
  for (const how of ["painted Accept", "painted Reject", "acceptAll()", "rejectAll()"]) {
    const page = await newPage(browser);
    const posts = [];
    page.on("request", (r) => r.method() === "POST" && posts.push(r.url()));
    await page.route((url) => VENDORS.test(url.hostname), (route) => route.abort());
    await page.route("**/pcc-consent.wasm*", (route) => failModule(route, "module 404"));
    await page.goto(`${server.origin}/logged.html`, { waitUntil: "load" });
    while (!page.messages.some((m) => /could not load the banner's module/.test(m.text))) await page.waitForEvent("console");
    const painted = await page.locator("[data-pcc-consent-first-view]").count();
    if (how.startsWith("painted")) await page.getByRole("button", { name: `${how.split(" ")[1]} additional cookies` }).click();
    else await page.evaluate((name) => window.pccConsent[name](), how.slice(0, -2));
    const refused = () => page.messages.some((m) => m.type === "error" && /need the banner's module to record a choice.*nothing recorded/.test(m.text));
    while (!refused()) await page.waitForEvent("console");
    const stored = await page.evaluate(() => ({ local: localStorage.getItem("pcc_consent"), cookie: document.cookie.includes("pcc_consent=") }));
    // The visitor who pressed a button is told it did not work, not left on a banner that does nothing.
    const told = how.startsWith("painted") ? await page.getByRole("alert").textContent() : "-";
    rows.push(`${how} | painted first view: ${painted} | stored: ${stored.local !== null || stored.cookie} | posts ${posts.length} | said: ${told}`);
    if (how.startsWith("painted")) assert.match(told, /^Sorry, there was a technical problem/, `${how}: the visitor is not told`);
    await page.context().close();
    assert.equal(stored.local, null, `${how}: stored without its log record`);
    assert.equal(stored.cookie, false, `${how}: cookie written without its log record`);
  }
  console.log(`# covered (data-log-url without the module):\n# ${rows.join("\n# ")}`);
});
