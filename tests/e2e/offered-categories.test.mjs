// Only the categories a site uses are offered (issue 31 item 4): without data-categories,
// the banner, the preferences dialog and the cookies page offer the categories of the
// configured services and of gated content in the page at start; gated content added
// later naming another category stays blocked and is named on the console.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started } from "./harness.mjs";

let server;
let browser;

const analytics =
  'data-site-name="Example PCC" data-ga-id="G-OFFER1" data-ga-src="/demo/stand-ins/gtag.js" ' +
  'data-clarity-id="offer1" data-clarity-src="/demo/stand-ins/clarity.js"';
const form = "<div data-pcc-consent-settings></div>";
const video = '<iframe title="Video" data-pcc-consent="targeting" data-src="/video.html"></iframe>';

before(async () => {
  server = await startServer({
    pages: {
      "/analytics.html": hostPage({ attrs: analytics, body: form }),
      "/analytics-video.html": hostPage({ attrs: analytics, body: form + video }),
      "/video.html": "<!doctype html><p>video</p>",
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const SWITCHES = ["Performance cookies", "Functionality cookies", "Targeting and advertising cookies"];

/** The category switches the dialog shows, by name. */
async function dialogSwitches(page) {
  await page.getByRole("button", { name: "Customise cookies" }).click();
  const dialog = page.getByRole("dialog", { name: "Cookie preferences" });
  await dialog.waitFor();
  const shown = [];
  for (const name of SWITCHES) if (await dialog.getByRole("switch", { name }).count()) shown.push(name);
  await dialog.getByRole("button", { name: "Close" }).click();
  return shown;
}

/** The categories the cookies-page form has "Use …" radios for. */
async function formChoices(page) {
  const radios = page.locator("[data-pcc-consent-settings]").getByRole("radio", { name: /^Use / });
  await radios.first().waitFor();
  // Categories only: a category with more than one service has a radio pair per service too.
  return radios.evaluateAll((els) =>
    els.map((el) => el.name.replace("pcc-consent-settings-", "")).filter((n) => !n.startsWith("service-")),
  );
}

async function open(path) {
  const page = await newPage(browser);
  await page.goto(`${server.origin}${path}`);
  await started(page);
  await banner(page).waitFor();
  return page;
}

test("only data-ga-id and data-clarity-id: the banner, the dialog and the cookies page offer performance only", async () => {
  const page = await open("/analytics.html");
  assert.deepEqual(await dialogSwitches(page), ["Performance cookies"]);
  assert.deepEqual(await formChoices(page), ["performance"]);
  await banner(page).getByRole("button", { name: "Accept additional cookies" }).click();
  assert.deepEqual(await page.evaluate(() => window.pccConsent.get().categories), {
    necessary: true, performance: true, functionality: false, targeting: false,
  });
  await page.context().close();
});

test("the same page with a targeting iframe offers targeting too; a choice made where it was not offered is asked again", async () => {
  const page = await open("/analytics-video.html");
  assert.deepEqual(await dialogSwitches(page), ["Performance cookies", "Targeting and advertising cookies"]);
  assert.deepEqual(await formChoices(page), ["performance", "targeting"]);
  // Chosen on the performance-only page...
  await page.goto(`${server.origin}/analytics.html`);
  await started(page);
  await banner(page).getByRole("button", { name: "Accept additional cookies" }).click();
  await page.reload();
  await started(page);
  assert.equal(await banner(page).count(), 0, "a page offering no more keeps the choice");
  // ...the video page asks again (targeting was never offered), from the last choice.
  await page.goto(`${server.origin}/analytics-video.html`);
  await started(page);
  await banner(page).waitFor();
  await page.getByRole("button", { name: "Customise cookies" }).click();
  const dialog = page.getByRole("dialog", { name: "Cookie preferences" });
  assert.equal(await dialog.getByRole("switch", { name: "Performance cookies" }).isChecked(), true);
  assert.equal(await dialog.getByRole("switch", { name: "Targeting and advertising cookies" }).isChecked(), false);
  await dialog.getByRole("button", { name: "Accept all" }).click();
  await page.waitForFunction(() => document.querySelector("iframe").contentWindow.location.pathname === "/video.html");
  await page.context().close();
});

test("gated content added later naming a category not offered stays blocked, and the console says how to fix it", async () => {
  const page = await open("/analytics.html");
  await banner(page).getByRole("button", { name: "Accept additional cookies" }).click();
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.type = "text/plain";
    s.dataset.pccConsent = "targeting";
    s.text = "window.__ranTargeting = true;";
    document.body.append(s);
  });
  const expected =
    'pcc-consent: <script data-pcc-consent="targeting"> stays blocked: "targeting" is not a category this site offers (performance). ' +
    'Add it to data-categories on the pcc-consent script tag (data-categories="performance,targeting").';
  const said = () => page.messages.some((m) => m.type === "error" && m.text === expected);
  for (let i = 0; i < 100 && !said(); i += 1) await page.waitForTimeout(50);
  assert.ok(page.messages.some((m) => m.type === "error" && m.text === expected), page.messages.map((m) => m.text).join("\n"));
  await page.evaluate(() => window.pccConsent.acceptAll());
  assert.equal(await page.evaluate(() => window.__ranTargeting), undefined);
  assert.equal(page.messages.filter((m) => m.text === expected).length, 1, "said once");
  await page.context().close();
});
