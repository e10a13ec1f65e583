// The returning-visitor fast path (src/js/returning/): a valid stored choice applied by
// the loader without the WebAssembly must do exactly what the WebAssembly's gate does,
// and the WebAssembly, once it starts, must insert nothing twice. Each page and stored
// choice is loaded twice: with the value the banner writes (the fast path) and with the
// same choice written with a space (the loader does not vouch for it: the Rust path).
// Vendor script requests are recorded and aborted, so window.dataLayer holds only
// what the banner pushed. Also: what Rust refuses is never applied by either path, the
// JS API and a "Cookie settings" click start the WebAssembly at once, and the quick
// exit works before it has started.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, hostPage } from "./harness.mjs";

let server;
let browser;
const DAY = 86_400_000;
const ID = "0123456789abcdef0123456789abcdef";
const VENDORS = /(googletagmanager|google-analytics|clarity)\./;
const PAGES = {
  "/ga-clarity.html": 'data-revision="3" data-ga-id="G-TEST123" data-clarity-id="abcdefghij"',
  "/gtm.html": 'data-revision="3" data-gtm-id="GTM-ABCD123"',
  "/all.html":
    'data-revision="3" data-categories="performance functionality targeting" data-ga-id="G-TEST123" ' +
    'data-gtm-id="GTM-ABCD123" data-gtm-category="targeting" data-clarity-id="abcdefghij" data-clarity-category="functionality"',
};
const CHOICES = {
  "accept all": ["accept_all", ["performance", "functionality", "targeting"]],
  performance: ["custom", ["performance"]],
  targeting: ["custom", ["targeting"]],
  "reject all": ["reject_all", []],
};

before(async () => {
  const pages = { "/blank.html": "<!doctype html><title>blank</title>" };
  for (const [path, attrs] of Object.entries(PAGES)) pages[path] = hostPage({ attrs });
  // A page whose load event waits for a held image: the WebAssembly is not started at
  // idle before the test acts.
  pages["/held.html"] = hostPage({
    attrs: PAGES["/ga-clarity.html"],
    body: '<a href="#nowhere" data-pcc-consent-open>Cookie settings</a><img src="/held.png" alt="">',
  });
  // A page that may not compile WebAssembly (its CSP has no 'wasm-unsafe-eval') but
  // allows the vendors' hosts: what the fast path would start there, nothing could stop.
  pages["/no-wasm.html"] = {
    body: hostPage({ attrs: PAGES["/ga-clarity.html"] }),
    headers: {
      "content-security-policy":
        "script-src 'self' 'unsafe-inline' https://www.googletagmanager.com https://www.clarity.ms https://*.clarity.ms",
    },
  };
  // A page's own script that acts at DOMContentLoaded (as a site's does: "if analytics
  // are accepted, ..."): what window.pccConsent answers then, and what the dataLayer holds.
  const atDcl = `<script>document.addEventListener("DOMContentLoaded", () => {
    const api = window.pccConsent;
    window.__atDcl = { performance: api ? api.accepted("performance") : "no API", targeting: api ? api.accepted("targeting") : "no API",
      method: api && api.get() ? api.get().method : null,
      consent: (window.dataLayer || []).filter((e) => e[0] === "consent").map((e) => e[1]) };
  });</script>`;
  for (const scriptAttrs of ["defer", "async", ""]) {
    pages[`/dcl-${scriptAttrs || "classic"}.html`] = hostPage({ attrs: PAGES["/ga-clarity.html"], head: atDcl, scriptAttrs });
  }
  server = await startServer({ pages, delays: { "/held.png": 20_000 } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function stored(how, grant, { rev = 3, at = Date.now() - 10 * DAY, spaced = false } = {}) {
  const list = JSON.stringify(grant);
  const value = `{"v":1,"id":"${ID}","rev":${rev},"at":${at},"exp":${at + 365 * DAY},"how":"${how}","grant":${list},"chg":${list}}`;
  return spaced ? value.replace(',"rev"', ', "rev"') : value;
}

/** Opens `path` with `value` in localStorage; returns the page and the vendor URLs it requested. */
async function visit(path, value, { waitReady = true } = {}) {
  const page = await newPage(browser);
  const urls = [];
  await page.route((url) => VENDORS.test(url.hostname), (route) => {
    urls.push(route.request().url());
    return route.abort();
  });
  await page.goto(`${server.origin}/blank.html`);
  if (value) await page.evaluate((v) => localStorage.setItem("pcc_consent", v), value);
  await page.addInitScript(() => document.addEventListener("pcc-consent:ready", () => (window.__ready = true)));
  await page.goto(`${server.origin}${path}`, { waitUntil: waitReady ? "load" : "domcontentloaded" });
  if (waitReady) await page.waitForFunction(() => window.__ready === true);
  return { page, urls };
}

/** What the banner did: dataLayer, Clarity's queue, scripts inserted, ga-disable, fast path taken. */
function effects(page) {
  return page.evaluate(() => {
    const plain = (v) => (v instanceof Date ? "a Date" : v);
    const args = (e) => (Object.prototype.toString.call(e) === "[object Arguments]" ? ["args", ...Array.from(e, plain)] : e);
    const layer = (window.dataLayer || []).map((e) => {
      const out = args(e);
      if (out && typeof out === "object" && "gtm.start" in out) return { ...out, "gtm.start": typeof out["gtm.start"] };
      return out;
    });
    return {
      dataLayer: layer,
      clarity: ((window.clarity && window.clarity.q) || []).map((e) => Array.from(e)),
      scripts: [...document.querySelectorAll("script[data-pcc-consent-service]")].map((s) => `${s.dataset.pccConsentService} ${s.src}`),
      gaDisabled: window["ga-disable-G-TEST123"],
      fastPath: window[Symbol.for("pcc-consent.applied")] || null,
    };
  });
}

test("the fast path does what the WebAssembly's gate does, in the same order, and nothing twice", async () => {
  let covered = 0;
  for (const path of Object.keys(PAGES)) {
    for (const [name, [how, grant]] of Object.entries(CHOICES)) {
      const fast = await visit(path, stored(how, grant));
      const slow = await visit(path, stored(how, grant, { spaced: true }));
      const a = await effects(fast.page);
      const b = await effects(slow.page);
      const what = `${path}, ${name}`;
      assert.ok(Array.isArray(a.fastPath), `${what}: the loader applied the choice itself`);
      assert.equal(b.fastPath, null, `${what}: the spaced value went the Rust path`);
      const { fastPath, ...sameA } = a;
      const { fastPath: _, ...sameB } = b;
      assert.deepEqual(sameA, sameB, `${what}: the same pushes, queue, scripts and switches`);
      assert.deepEqual(fast.urls.sort(), slow.urls.sort(), `${what}: the same vendor requests`);
      assert.equal(new Set(a.scripts).size, a.scripts.length, `${what}: no script inserted twice`);
      assert.equal(new Set(fast.urls).size, fast.urls.length, `${what}: no script requested twice`);
      // The banner stays hidden: the choice stands.
      assert.equal(await fast.page.getByRole("region", { name: /^Cookies on / }).count(), 0, what);
      if (name === "reject all") assert.deepEqual(fast.urls, [], `${what}: nothing loaded`);
      await fast.page.context().close();
      await slow.page.context().close();
      covered += 1;
    }
  }
  console.log(`fast path vs Rust path: ${covered} page x stored-choice pairs compared`);
});

test("a page's own DOMContentLoaded script sees the stored choice in force: window.pccConsent answers it, Consent Mode is updated", async () => {
  // The tag deferred (the usual embed), classic (it then starts at DOMContentLoaded too,
  // its listener after the page's) and async (it may run before or after the parse ends).
  const seen = [];
  for (const kind of ["defer", "async", "classic"]) {
    for (const [name, [how, grant]] of Object.entries({ performance: CHOICES.performance, "reject all": CHOICES["reject all"] })) {
      const { page } = await visit(`/dcl-${kind}.html`, stored(how, grant));
      const at = await page.evaluate(() => window.__atDcl);
      const what = `${kind} tag, ${name}`;
      const applied = await page.evaluate(() => window[Symbol.for("pcc-consent.applied")] || null);
      assert.ok(Array.isArray(applied), `${what}: the loader applied the choice itself`);
      if (kind === "defer") {
        // A deferred tag has run, and applied the choice, before DOMContentLoaded.
        assert.deepEqual(at, {
          performance: grant.includes("performance"),
          targeting: false,
          method: how,
          consent: grant.length ? ["default", "update"] : ["default"],
        }, what);
      } else if (at.performance !== "no API") {
        // Where the page's listener ran after the tag had started: the same answers.
        assert.equal(at.performance, grant.includes("performance"), what);
        assert.equal(at.method, how, what);
      }
      seen.push(`${what}: ${JSON.stringify(at)}`);
      await page.context().close();
    }
  }
  console.log(`at the page's DOMContentLoaded:\n  ${seen.join("\n  ")}`);
});

test("a stored choice the Rust core refuses is applied by neither path: nothing loads, the banner asks", async () => {
  const refused = {
    expired: stored("accept_all", ["performance"], { at: Date.now() - 400 * DAY }),
    "an older revision": stored("accept_all", ["performance"], { rev: 2 }),
    "dated in the future": stored("accept_all", ["performance"], { at: Date.now() + DAY }),
    "an unknown version": stored("accept_all", ["performance"]).replace('"v":1', '"v":3'),
    "an unknown category": stored("custom", ["performance", "marketing"]),
    corrupt: stored("accept_all", ["performance"]).slice(0, -1),
  };
  for (const [name, value] of Object.entries(refused)) {
    const { page, urls } = await visit("/ga-clarity.html", value);
    const e = await effects(page);
    assert.equal(e.fastPath, null, name);
    assert.deepEqual(urls, [], `${name}: no vendor request`);
    assert.deepEqual(e.scripts, [], name);
    await page.getByRole("region", { name: /^Cookies on / }).waitFor();
    await page.context().close();
  }
  console.log(`refused stored values checked: ${Object.keys(refused).length}`);
});

test("before the WebAssembly starts: the JS API starts it at once, a settings click is not lost, quick exit works", async () => {
  const value = stored("custom", ["performance"]);
  // The JS API.
  {
    const { page } = await visit("/held.html", value, { waitReady: false });
    await page.waitForFunction(() => Array.isArray(window[Symbol.for("pcc-consent.applied")]));
    assert.equal(await page.evaluate(() => !!document.getElementById("pcc-consent")), false, "not started yet");
    const record = await page.evaluate(() => window.pccConsent.get());
    assert.equal(record && record.categories.performance, true);
    assert.equal(record.categories.targeting, false);
    await page.context().close();
  }
  // A "Cookie settings" click.
  {
    const { page } = await visit("/held.html", value, { waitReady: false });
    await page.waitForFunction(() => Array.isArray(window[Symbol.for("pcc-consent.applied")]));
    assert.equal(await page.evaluate(() => !!document.getElementById("pcc-consent")), false, "not started yet");
    await page.getByRole("link", { name: "Cookie settings" }).click();
    await page.getByRole("dialog").waitFor();
    assert.equal(new URL(page.url()).hash, "", "the click opened the dialog instead of following the link");
    await page.context().close();
  }
});

test("before the WebAssembly starts: a withdrawal in another open tab applies here at once, not after the page's load", async () => {
  const value = stored("custom", ["performance"]);
  const { page } = await visit("/held.html", value, { waitReady: false });
  await page.waitForFunction(() => Array.isArray(window[Symbol.for("pcc-consent.applied")]));
  assert.equal(await page.evaluate(() => window["ga-disable-G-TEST123"]), false, "GA4 runs from the fast path");
  assert.equal(await page.evaluate(() => !!document.getElementById("pcc-consent")), false, "not started yet");
  // Another tab of the same browser withdraws, while this page's load is still held (20 s).
  const other = await page.context().newPage();
  await other.goto(`${server.origin}/ga-clarity.html`);
  await other.waitForFunction(() => typeof window.pccConsent?.rejectAll === "function");
  await other.evaluate(() => window.pccConsent.rejectAll());
  await page.waitForFunction(() => window["ga-disable-G-TEST123"] === true, null, { timeout: 10_000 });
  assert.equal(await page.evaluate(() => document.readyState), "interactive", "before the page's load");
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), false);
  await page.context().close();
});

test("a page that may not compile WebAssembly: the stored choice starts nothing (nothing could withdraw it) and the console says why", async () => {
  const { page, urls } = await visit("/no-wasm.html", stored("accept_all", ["performance", "functionality", "targeting"]), { waitReady: false });
  await page.waitForLoadState("load");
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  assert.deepEqual(urls, [], "no vendor request");
  assert.equal(await page.evaluate(() => window[Symbol.for("pcc-consent.applied")] || null), null, "the fast path did not apply");
  // The module is fetched after the first paint: wait for its console error (or time out).
  const said = () => page.messages.some((m) => m.type === "error" && m.text.includes("could not load the banner's module") && m.text.includes("wasm-unsafe-eval"));
  while (!said()) await page.waitForEvent("console");
  await page.context().close();
});
