// The cookies page (demo/cookies.html): the inline settings form and the declaration.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started, axeViolations } from "./harness.mjs";
let server;
let browser;

before(async () => {
  server = await startServer({
    pages: {
      "/minimal.html": hostPage({
        attrs: 'data-cookie-name="opcc" data-expiry-days="90" data-categories="performance"',
        body: "<div data-pcc-consent-declaration></div>",
      }),
      "/discreet.html": hostPage({
        attrs: 'data-cookie-name="opcc" data-storage="session" data-categories="performance"',
        body: "<div data-pcc-consent-declaration></div>",
      }),
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const form = (page) => page.locator("[data-pcc-consent-settings]");
const radio = (page, name) => form(page).getByRole("radio", { name, exact: true });

test("the form starts at 'do not use', reflects the stored choice, and saving acts like the banner", async () => {
  server.requests.length = 0;
  const page = await newPage(browser);
  await page.goto(`${server.origin}/demo/cookies.html`);
  await banner(page).waitFor();
  for (const c of ["performance cookies", "functionality cookies", "targeting and advertising cookies"]) {
    assert.equal(await radio(page, `Do not use ${c}`).isChecked(), true, c);
  }
  await page.evaluate(() => {
    window.__changes = [];
    document.addEventListener("pcc-consent:change", (e) => window.__changes.push(e.detail));
  });
  await radio(page, "Use performance cookies").check();
  await form(page).getByRole("button", { name: "Save cookie settings" }).click();
  const notice = form(page).getByRole("alert");
  await notice.waitFor();
  assert.equal(await notice.textContent(), "You’ve set your cookie preferences.");
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute("data-pcc-consent-settings")), true, "focus moved into the form's notice");
  assert.equal(await banner(page).count(), 0, "the banner went");
  const changes = await page.evaluate(() => window.__changes);
  assert.equal(changes.length, 1);
  assert.deepEqual(changes[0].changed, ["performance"]);
  assert.equal(changes[0].record.method, "custom");
  await page.waitForFunction(() => window.__clarityCalls);
  const loads = (f) => server.requests.filter((r) => r.path.endsWith(`/stand-ins/${f}`)).length;
  assert.equal(loads("gtag.js"), 1);
  assert.equal(loads("clarity.js"), 1);
  // Reloaded, the form shows the stored choice; switching it off again stops GA.
  await page.reload();
  await started(page);
  assert.equal(await radio(page, "Use performance cookies").isChecked(), true);
  assert.equal(await radio(page, "Do not use functionality cookies").isChecked(), true);
  await radio(page, "Do not use performance cookies").check();
  await form(page).getByRole("button", { name: "Save cookie settings" }).click();
  await form(page).getByRole("alert").waitFor();
  assert.equal(await page.evaluate(() => window["ga-disable-G-DEMO12345"]), true);
  assert.equal((await page.context().cookies()).filter((c) => c.name.startsWith("_ga")).length, 0);
  await page.context().close();
});

test("keyboard only: choose with arrow keys and save with Enter", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/demo/cookies.html`);
  await started(page);
  await radio(page, "Do not use functionality cookies").focus();
  await page.keyboard.press("ArrowUp");
  assert.equal(await radio(page, "Use functionality cookies").isChecked(), true);
  await form(page).getByRole("button", { name: "Save cookie settings" }).focus();
  await page.keyboard.press("Enter");
  await form(page).getByRole("alert").waitFor();
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("functionality")), true);
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), false);
  await page.context().close();
});

test("the declaration lists exactly the configured services' cookies and the consent cookie", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/demo/cookies.html`);
  await started(page);
  const rows = await page.locator("[data-pcc-consent-declaration]").evaluate((host) =>
    [...host.shadowRoot.querySelectorAll("section")].map((s) => [
      s.dataset.category,
      // The cookie table (the services table above it has its own test in services.test.mjs).
      [...s.querySelectorAll("table:not(.pcc-consent-services-table) tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent)),
    ]),
  );
  assert.deepEqual(rows, [
    ["necessary", [["pcc_consent", "This website", "Remembers your cookie choices", "365 days"]]],
    ["performance", [
      ["_ga", "Google Analytics", "Tells visitors apart, so we can count visits", "2 years"],
      ["_ga_DEMO12345", "Google Analytics", "Keeps track of your current visit", "2 years"],
      ["_clck", "Microsoft Clarity", "Keeps the same Clarity visitor ID across visits", "1 year"],
      ["_clsk", "Microsoft Clarity", "Joins the pages of one visit into one recording", "1 day"],
    ]],
    ["functionality", [["font_size", "This website", "Remembers the text size you chose", "1 year"]]],
    ["targeting", []],
  ]);
  await page.context().close();
});

test("changing the config changes the table", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/minimal.html`);
  await started(page);
  const table = page.locator("[data-pcc-consent-declaration]");
  assert.equal(await table.getByRole("rowheader").count(), 1);
  assert.equal(await table.getByRole("rowheader").textContent(), "opcc");
  assert.ok(await table.getByRole("cell", { name: "90 days" }).isVisible());
  assert.equal(await table.getByText("We do not set any cookies of this kind.").count(), 1, "performance has none");
  assert.equal(await table.getByRole("heading", { name: "Targeting and advertising cookies" }).count(), 0);
  await page.context().close();
});

test("in discreet mode the declaration names the sessionStorage entry, and no cookie is set", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/discreet.html`);
  await started(page);
  await page.evaluate(() => window.pccConsent.acceptAll());
  const table = page.locator("[data-pcc-consent-declaration]");
  assert.equal(await table.getByRole("rowheader").first().textContent(), "opcc (sessionStorage)");
  assert.ok(await table.getByRole("cell", { name: "Until you close your browser", exact: false }).first().isVisible());
  assert.deepEqual((await page.context().cookies()).map((c) => c.name), [], "what is declared is what is stored");
  assert.notEqual(await page.evaluate(() => sessionStorage.getItem("opcc")), null);
  await page.context().close();
});

test("axe-core finds no WCAG A/AA violation in the settings form or the declaration", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/demo/cookies.html`);
  await started(page);
  await page.evaluate(() => window.pccConsent.rejectAll());
  await radio(page, "Use performance cookies").check();
  await form(page).getByRole("button", { name: "Save cookie settings" }).click();
  await form(page).getByRole("alert").waitFor();
  assert.deepEqual(await axeViolations(page, ["[data-pcc-consent-settings]", "[data-pcc-consent-declaration]"]), []);
  await page.context().close();
});
