// Accessibility and layout of the banner, dialog and saved message on a plain page:
// axe-core (WCAG 2.0/2.1/2.2 A and AA), no layout shift, focus never hidden behind the
// banner, reflow at 320 px, target sizes. Screenshots go to tests/e2e/artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startServer, launchBrowser, newPage, banner, hostPage, ARTIFACTS, axeViolations } from "./harness.mjs";
let server;
let browser;

const links = Array.from({ length: 40 }, (_, i) => `<p><a href="#l${i}" id="l${i}">Link ${i}</a></p>`).join("");

before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer({
    pages: {
      "/tall.html": hostPage({ body: links, attrs: 'data-site-name="Example PCC" data-policy-url="/cookies" data-quick-exit="escape"' }),
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function axe(page, label) {
  // The banner, its dialog and saved message live in #pcc-consent; quick exit beside it.
  assert.deepEqual(await axeViolations(page, ["#pcc-consent", "#pcc-consent-exit"]), [], `axe violations in the ${label}`);
}

test("axe-core finds no WCAG A/AA violation in the banner, the dialog or the saved message", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/demo/plain.html`);
  await banner(page).waitFor();
  await axe(page, "banner");
  await page.getByRole("button", { name: "Customise cookies" }).click();
  await page.getByRole("dialog").waitFor();
  await axe(page, "dialog");
  await page.getByRole("button", { name: "Save preferences" }).click();
  await page.getByRole("alert").waitFor();
  await axe(page, "saved message");
  await page.context().close();
});

test("the banner causes no layout shift (CLS 0), showing or going", async () => {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(`${server.origin}/tall.html`);
  await banner(page).waitFor();
  await page.waitForTimeout(300);
  await page.evaluate(() => window.pccConsent.rejectAll());
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__cls), 0);
  await page.context().close();
});

test("keyboard focus is never hidden behind the banner (scroll-padding follows its height)", async () => {
  const page = await newPage(browser, { viewport: { width: 800, height: 600 } });
  await page.goto(`${server.origin}/tall.html`);
  await banner(page).waitFor();
  const bannerTop = await banner(page).evaluate((b) => b.getBoundingClientRect().top);
  const padding = await page.evaluate(() => document.documentElement.style.scrollPaddingBottom);
  assert.equal(padding, `${Math.round(600 - bannerTop)}px`);
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    const rect = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || !el.id || !el.id.startsWith("l")) return null;
      const r = el.getBoundingClientRect();
      return { id: el.id, bottom: r.bottom };
    });
    if (rect) assert.ok(rect.bottom <= bannerTop + 0.5, `${rect.id} ends at ${rect.bottom}, banner starts at ${bannerTop}`);
  }
  await page.evaluate(() => window.pccConsent.acceptAll());
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => document.documentElement.style.scrollPaddingBottom), "");
  await page.context().close();
});

test("reflows at 320 px: nothing cut off, every target at least 44 px tall", async () => {
  const page = await newPage(browser, { viewport: { width: 320, height: 640 } });
  await page.goto(`${server.origin}/demo/plain.html`);
  await banner(page).waitFor();
  const overflow = await banner(page).evaluate((b) => b.scrollWidth - b.clientWidth);
  assert.equal(overflow, 0, "no horizontal scrolling inside the banner");
  for (const name of ["Accept additional cookies", "Reject additional cookies", "Customise cookies"]) {
    const box = await page.getByRole("button", { name }).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 320, `${name} fits`);
    assert.ok(box.height >= 44 && box.width >= 44, `${name} is ${box.width}x${box.height}`);
  }
  await page.context().close();
});

test("screenshots of the banner and the dialog at 1280 and 360 px (test artefacts)", async () => {
  for (const width of [1280, 360]) {
    const page = await newPage(browser, { viewport: { width, height: width > 400 ? 800 : 740 } });
    await page.goto(`${server.origin}/demo/plain.html`);
    await banner(page).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, `banner-${width}.png`) });
    await page.getByRole("button", { name: "Customise cookies" }).click();
    await page.getByRole("dialog").waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, `dialog-${width}.png`) });
    await page.context().close();
  }
  for (const f of ["banner-1280", "dialog-1280", "banner-360", "dialog-360"]) {
    assert.ok(fs.statSync(path.join(ARTIFACTS, `${f}.png`)).size > 1000);
  }
});
