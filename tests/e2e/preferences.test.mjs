// The preferences dialog on a plain host page, driven by keyboard and by the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const dialog = (page) => page.getByRole("dialog", { name: "Cookie preferences" });

test("a data-pcc-consent-open link opens the dialog; Escape closes it and focus returns", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/demo/plain.html`);
  await started(page);
  const link = page.getByRole("link", { name: "Cookie settings" });
  await link.focus();
  await page.keyboard.press("Enter");
  await dialog(page).waitFor();
  assert.equal(new URL(page.url()).pathname, "/demo/plain.html", "the link did not navigate");
  await page.keyboard.press("Escape");
  await dialog(page).waitFor({ state: "hidden" });
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Cookie settings");
  await page.context().close();
});

test("Tab and Shift+Tab stay inside the open dialog", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/demo/plain.html`);
  await started(page);
  await page.evaluate(() => window.pccConsent.showPreferences());
  await dialog(page).waitFor();
  const inside = () =>
    page.evaluate(() => {
      const root = document.getElementById("pcc-consent").shadowRoot;
      return root.querySelector("dialog").contains(root.activeElement);
    });
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    assert.ok(await inside(), `focus left the dialog after ${i + 1} Tab presses`);
  }
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Shift+Tab");
    assert.ok(await inside(), `focus left the dialog after ${i + 1} Shift+Tab presses`);
  }
  await page.context().close();
});

test("keyboard only: switch on performance with Space, save, and it sticks across a reload", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/demo/plain.html`);
  await page.getByRole("button", { name: "Customise cookies" }).click();
  await dialog(page).waitFor();
  const sw = page.getByRole("switch", { name: "Performance cookies" });
  await sw.focus();
  await page.keyboard.press("Space");
  assert.equal(await sw.isChecked(), true);
  await page.getByRole("button", { name: "Save preferences" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("alert").waitFor();
  await page.reload();
  await started(page);
  assert.equal(await banner(page).count(), 0);
  assert.deepEqual(
    await page.evaluate(() => window.pccConsent.get().categories),
    { necessary: true, performance: true, functionality: false, targeting: false },
  );
  await page.evaluate(() => window.pccConsent.showPreferences());
  assert.equal(await page.getByRole("switch", { name: "Performance cookies" }).isChecked(), true);
  assert.equal(await page.getByRole("switch", { name: "Targeting and advertising cookies" }).isChecked(), false);
  await page.context().close();
});

test("accept() with an unknown category changes nothing and says why", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/demo/plain.html`);
  await started(page);
  await page.evaluate(() => window.pccConsent.accept(["performance", "marketing"]));
  assert.equal(await page.evaluate(() => window.pccConsent.get()), null);
  assert.ok(page.messages.some((m) => m.type === "error" && /unknown category/.test(m.text)));
  await page.evaluate(() => window.pccConsent.accept(["functionality"]));
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("functionality")), true);
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), false);
  assert.equal(await banner(page).count(), 0, "an API choice also ends the banner");
  await page.evaluate(() => window.pccConsent.reset());
  await banner(page).waitFor();
  assert.equal(await page.evaluate(() => window.pccConsent.get()), null);
  await page.context().close();
});

test("data-settings-button: a floating Cookie settings button after the choice reopens the dialog", async () => {
  const s = await startServer({
    pages: { "/f.html": hostPage({ attrs: 'data-site-name="Example PCC" data-settings-button' }) },
  });
  const page = await newPage(browser);
  await page.goto(`${s.origin}/f.html`);
  await banner(page).waitFor();
  const floating = page.getByRole("button", { name: "Cookie settings" });
  assert.equal(await floating.count(), 0, "not while the banner asks");
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  await page.getByRole("button", { name: "Hide this message" }).click();
  await floating.click();
  await dialog(page).waitFor();
  await page.getByRole("button", { name: "Accept all" }).click();
  await dialog(page).waitFor({ state: "hidden" });
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("targeting")), true);
  const focused = await page.evaluate(() => document.getElementById("pcc-consent").shadowRoot.activeElement?.textContent);
  assert.equal(focused, "Cookie settings", "focus returned to the floating button");
  await page.context().close();
  await s.close();
});
