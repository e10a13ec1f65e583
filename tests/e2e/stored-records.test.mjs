// The loader's reading of a stored choice (src/js/returning/record.js, settings.js)
// against the Rust core's verdicts, in Chromium: the hand-written corpus
// (tests/fixtures/stored-records.json, expected verdicts) and the mutated one
// (tests/fixtures/stored-records-mutated.json, generated and judged by
// src/record_corpus.rs). The loader may honour a case only with Rust's exact grant;
// anything else it must leave to the Rust core (null), never grant.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT, startServer, launchBrowser, newPage, hostPage, started } from "./harness.mjs";

let server;
let browser;
const read = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, "tests/fixtures", name), "utf8")).cases;

before(async () => {
  server = await startServer({ tls: true, pages: { "/blank.html": "<!doctype html><title>corpus</title>" } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The loader's answer for every case: granted ids, or null (left to the Rust core). */
async function loaderVerdicts(cases) {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/blank.html`);
  const verdicts = await page.evaluate(async (cases) => {
    const { storedChoice } = await import("/src/js/returning/record.js");
    const { fastSettings } = await import("/src/js/returning/settings.js");
    return cases.map((c) => {
      const facts = fastSettings(Object.entries(c.attrs), c.gated, false);
      return facts && storedChoice(c.storage, c.cookies, { ...facts, now: c.now });
    });
  }, cases);
  await page.context().close();
  return verdicts;
}

test("the hand-written corpus: the loader honours what Rust honours, defers where it must", async () => {
  const cases = read("stored-records.json");
  const got = await loaderVerdicts(cases);
  let honoured = 0;
  let deferred = 0;
  let refused = 0;
  cases.forEach((c, i) => {
    const expected = c.loader_defers ? null : c.granted;
    assert.deepEqual(got[i], expected, c.name);
    if (got[i]) honoured += 1;
    else if (c.granted) deferred += 1;
    else refused += 1;
  });
  console.log(`stored-records.json: ${cases.length} cases; the loader honoured ${honoured}, left ${deferred} valid ones to Rust, refused ${refused}`);
  assert.ok(honoured >= 10 && deferred >= 5 && refused >= 20);
});

test("mutated records: whatever the loader honours, Rust honours with the same grant", async () => {
  const cases = read("stored-records-mutated.json");
  const got = await loaderVerdicts(cases);
  let honoured = 0;
  let deferred = 0;
  let granting = 0;
  cases.forEach((c, i) => {
    if (got[i] === null) {
      if (c.granted) deferred += 1;
      return;
    }
    assert.ok(c.granted, `the loader honours what Rust refuses: ${c.name} -> ${JSON.stringify(got[i])}`);
    assert.deepEqual(got[i], c.granted, c.name);
    honoured += 1;
    if (got[i].length) granting += 1;
  });
  const refused = cases.filter((c) => !c.granted).length;
  console.log(
    `stored-records-mutated.json: ${cases.length} cases; the loader honoured ${honoured} (${granting} granting something), ` +
      `left ${deferred} valid ones to Rust; all ${refused} Rust refuses were refused`,
  );
  // Not a test that cannot fail: the fast path must serve every unmutated choice
  // (the form the banner writes: web storage, with or without its cookie).
  const plain = cases.filter((c, i) => /^#\d+: valid; (no cookie|the seed's cookie|its own cookie)$/.test(c.name) && c.granted);
  assert.ok(plain.length >= 50, `${plain.length} plain cases`);
  for (const c of plain) assert.deepEqual(got[cases.indexOf(c)], c.granted, `the loader must serve ${c.name}`);
  assert.ok(honoured >= 80, `${honoured} honoured`);
});

/**
 * window.pccConsent's answers on a page with `c`'s settings and stored values: first the
 * loader's stub (the module's request held back), then the module's, with the same calls.
 */
async function stubThenModule(c, index) {
  const origin = c.https ? `https://127.0.0.1:${server.tlsPort}` : server.origin;
  const attrs = Object.entries(c.attrs).map(([n, v]) => `${n}="${v}"`).join(" ");
  server.pages[`/case-${index}.html`] = hostPage({ attrs });
  // The test certificate is self-signed (harness.mjs testCertificate).
  const page = await newPage(browser, { ignoreHTTPSErrors: true });
  await page.clock.setFixedTime(c.now);
  let release;
  const held = new Promise((r) => (release = r));
  await page.route("**/pcc-consent.wasm*", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${origin}/blank.html`);
  await page.evaluate(({ storage, cookies, name }) => {
    if (storage !== null) localStorage.setItem(name, storage);
    for (const [n, v] of cookies) document.cookie = `${n}=${v}; Path=/${location.protocol === "https:" ? "; Secure" : ""}`;
  }, { storage: c.storage, cookies: c.cookies, name: c.attrs["data-cookie-name"] || "pcc_consent" });
  await page.goto(`${origin}/case-${index}.html`, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => window.pccConsent);
  const ask = () => {
    const services = ["ga4", "clarity", "gtm"];
    const categories = ["necessary", "performance", "functionality", "targeting", "statistics"];
    const accepted = {};
    for (const c of categories) {
      accepted[c] = window.pccConsent.accepted(c);
      for (const s of services) accepted[`${c}/${s}`] = window.pccConsent.accepted(c, s);
    }
    return { get: window.pccConsent.get(), accepted, booted: !!document.getElementById("pcc-consent"), applied: !!window[Symbol.for("pcc-consent.applied")] };
  };
  const stub = await page.evaluate(ask);
  release();
  await started(page);
  await page.waitForFunction(() => window.pccConsent.get() !== undefined && document.getElementById("pcc-consent"));
  const module = await page.evaluate(ask);
  await page.context().close();
  return { stub, module };
}

test("window.pccConsent before the module: get() and accepted() equal the module's for every case the loader vouches for", async () => {
  const cases = read("stored-records.json");
  const vouched = (await loaderVerdicts(cases)).map((v, i) => (v ? i : -1)).filter((i) => i >= 0);
  let compared = 0;
  let granting = 0;
  for (const i of vouched) {
    const { stub, module } = await stubThenModule(cases[i], i);
    assert.equal(stub.booted, false, `${cases[i].name}: the stub answered before the module booted`);
    assert.equal(stub.applied, true, `${cases[i].name}: the fast path applied the record on the page`);
    assert.deepEqual(stub.get, module.get, `${cases[i].name}: get()`);
    assert.deepEqual(stub.accepted, module.accepted, `${cases[i].name}: accepted()`);
    compared += 1;
    if (Object.values(module.get.categories).filter(Boolean).length > 1) granting += 1;
  }
  console.log(
    `stub vs module: ${compared} vouched cases of stored-records.json (${granting} granting something), ` +
      "get() and accepted(category) / accepted(category, service) for 5 categories x 3 services each",
  );
  assert.ok(compared >= 10 && granting >= 5);
});
