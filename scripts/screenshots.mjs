// Remakes the book's six pictures (docs/src/images/*.png) from the demo pages (demo/),
// with the released pcc-consent.js and the tests' headless Chromium (tests/e2e/harness.mjs):
//   node scripts/screenshots.mjs
// banner, dialog, saved message, cookies page, quick exit, Welsh banner; 800 px wide.
// Run it after changing the look or the texts, and commit the PNGs.
import fs from "node:fs";
import path from "node:path";
import { startServer, launchBrowser, newPage, banner, started, ROOT } from "../tests/e2e/harness.mjs";

const OUT = path.join(ROOT, "docs/src/images");
const VIEWPORT = { width: 800, height: 600 };
const plain = fs.readFileSync(path.join(ROOT, "demo/plain.html"), "utf8");
/** demo/plain.html with extra attributes on its script tag. */
const plainWith = (attrs) => plain.replace('data-site-name="Example PCC"', `data-site-name="Example PCC" ${attrs}`);

const server = await startServer({
  // The demo pages load ../dist/pcc-consent/pcc-consent.js: serve the released file there.
  mounts: { "/dist/pcc-consent/": path.join(ROOT, "release") },
  pages: {
    "/demo/quick-exit.html": plainWith('data-quick-exit="escape"'),
    "/demo/welsh.html": plainWith('data-lang="cy"'),
  },
});
const browser = await launchBrowser();
fs.mkdirSync(OUT, { recursive: true });
const written = [];

async function shot(name, url, act, { fullPage = false } = {}) {
  const page = await newPage(browser, { viewport: VIEWPORT, deviceScaleFactor: 1, reducedMotion: "reduce" });
  await page.goto(`${server.origin}${url}`);
  await started(page);
  await act(page);
  // Let fonts and layout settle (no timing is asserted: this only makes a picture).
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(200);
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: "disabled", caret: "hide" });
  written.push(`${path.relative(ROOT, file)} (${fs.statSync(file).size} B)`);
  await page.context().close();
}

try {
  await shot("banner", "/demo/plain.html", (page) => banner(page).waitFor());
  await shot("dialog", "/demo/plain.html", async (page) => {
    await banner(page).getByRole("button", { name: "Customise cookies" }).click();
    await page.getByRole("dialog").waitFor();
  });
  await shot("saved-message", "/demo/plain.html", async (page) => {
    await banner(page).getByRole("button", { name: "Accept additional cookies" }).click();
    await page.getByRole("button", { name: "Hide this message" }).waitFor();
  });
  await shot("cookies-page", "/demo/cookies.html", async (page) => {
    // A choice made first, so the banner does not cover the page.
    await page.evaluate(() => window.pccConsent.rejectAll());
    await page.reload();
    await started(page);
    await page.getByRole("button", { name: "Save cookie settings" }).waitFor();
    await page.locator("[data-pcc-consent-declaration] table").first().waitFor();
  }, { fullPage: true });
  await shot("quick-exit", "/demo/quick-exit.html", async (page) => {
    await banner(page).getByRole("button", { name: "Reject additional cookies" }).click();
    await page.getByRole("button", { name: "Hide this message" }).click();
    await page.getByRole("button", { name: "Leave this site" }).waitFor();
  });
  await shot("welsh-banner", "/demo/welsh.html", (page) => page.getByRole("region", { name: "Cwcis ar Example PCC" }).waitFor());
} finally {
  await browser.close();
  await server.close();
}
console.log(`screenshots: wrote\n  ${written.join("\n  ")}`);
