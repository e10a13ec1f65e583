// The configurator end to end: a site team fills the form (target/configurator, built
// by scripts/configurator.sh), copies the snippet, pastes it into a plain page that
// serves the released file (release/pcc-consent.js) and gets the banner it configured.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startServer, launchBrowser, newPage, axeViolations, ROOT } from "./harness.mjs";

const SITE = path.join(ROOT, "target/configurator");
const RELEASE = path.join(ROOT, "release");

let server;
let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(SITE, "index.html")), "no target/configurator: run scripts/configurator.sh");
  server = await startServer({
    mounts: { "/configurator/": SITE, "/assets/pcc-consent/": RELEASE },
    pages: { "/exited.html": "<!doctype html><title>Exited</title><h1>Weather</h1>" },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openConfigurator() {
  const page = await newPage(browser);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
  await page.goto(`${server.origin}/configurator/index.html`);
  await page.getByRole("group", { name: "Your site" }).waitFor({ timeout: 30_000 });
  return page;
}

/** A plain host page: the pasted snippet and nothing else of ours. */
const hostWith = (snippet) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head>
<body><h1>Host page</h1><p><label>Search <input id="search"></label></p>
${snippet}</body></html>`;

test("the configured snippet, pasted into a plain page with the released file, gives Welsh, the theme colour and quick exit", async () => {
  const page = await openConfigurator();
  await page.getByLabel("Site name").fill("Heddlu Enghraifft");
  await page.getByLabel("Google Analytics 4 measurement id").fill("G-TEST1234");
  await page.getByLabel("Microsoft Clarity project id").fill("abcdefghij");
  await page.getByLabel("Quick exit", { exact: true }).selectOption("escape");
  await page.getByLabel("Where quick exit goes").fill(`${server.origin}/exited.html`);
  await page.getByLabel("Language", { exact: true }).selectOption("cy");
  await page.getByText("Texts, in English and Welsh").click();
  await page.getByLabel("Welsh: accept_additional", { exact: true }).fill("Iawn, derbyn cwcis");
  await page.getByLabel(/^Button colour/).fill("#005ea5");

  // The preview shows the real banner, in Welsh, with the site's own texts.
  const preview = page.locator(".cfg-preview-frame");
  await preview.getByRole("region", { name: "Cwcis ar Heddlu Enghraifft" }).waitFor();
  assert.ok(await preview.getByRole("button", { name: "Iawn, derbyn cwcis" }).isVisible());

  await page.getByRole("button", { name: "Copy" }).click();
  await page.getByText("Copied.").waitFor();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(snippet, await page.getByRole("textbox", { name: "Snippet" }).inputValue(), "the clipboard holds the snippet shown");
  const sri = fs.readFileSync(path.join(RELEASE, "pcc-consent.js.sri"), "utf8").trim();
  assert.ok(snippet.includes(`integrity="${sri}" crossorigin="anonymous"`), snippet);
  assert.ok(snippet.includes('data-ga-id="G-TEST1234"') && snippet.includes('data-clarity-id="abcdefghij"'), snippet);
  assert.ok(!snippet.includes("pcc_consent_preview") && !snippet.includes("data-storage"), "no preview settings leak into the snippet");
  await page.context().close();

  server.pages["/pasted.html"] = hostWith(snippet);
  const host = await newPage(browser);
  await host.goto(`${server.origin}/pasted.html`);
  const region = host.getByRole("region", { name: "Cwcis ar Heddlu Enghraifft" });
  await region.waitFor();
  const accept = host.getByRole("button", { name: "Iawn, derbyn cwcis" });
  assert.ok(await accept.isVisible(), "the Welsh text from the config block");
  assert.ok(await host.getByRole("button", { name: "Gwrthod cwcis ychwanegol" }).isVisible(), "built-in Welsh");
  assert.equal(
    await host.evaluate(() => document.getElementById("pcc-consent").style.getPropertyValue("--pcc-consent-button-bg")),
    "#005ea5",
  );
  assert.equal(await accept.evaluate((b) => getComputedStyle(b).backgroundColor), "rgb(0, 94, 165)");
  assert.ok(await host.getByRole("button", { name: "Gadael y wefan hon" }).isVisible(), "quick exit, in Welsh");
  const errors = host.messages.filter((m) => m.type === "error" && !/Failed to load resource/.test(m.text));
  assert.deepEqual(errors, [], "the pasted settings are all accepted");
  await host.locator("#search").focus();
  await host.keyboard.press("Escape");
  await host.waitForURL(`${server.origin}/exited.html`, { timeout: 5000 });
  await host.context().close();
});

test("an invalid GA id shows the parser's message next to the field and no snippet", async () => {
  const page = await openConfigurator();
  assert.ok(await page.getByRole("textbox", { name: "Snippet" }).isVisible(), "a snippet before anything is typed");
  await page.getByLabel("Google Analytics 4 measurement id").fill("UA-1234");
  const field = page.locator(".cfg-field", { has: page.getByLabel("Google Analytics 4 measurement id") });
  await field.getByText('ignoring data-ga-id="UA-1234": expected a GA4 measurement id such as G-XXXXXXXXXX; using the default').waitFor();
  assert.equal(await page.getByLabel("Google Analytics 4 measurement id").getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByRole("textbox", { name: "Snippet" }).count(), 0, "no snippet with a refused value");
  assert.ok(await page.getByText("Fix the settings marked in the form to get your snippet.").isVisible());
  await page.getByLabel("Google Analytics 4 measurement id").fill("G-OK123");
  await page.getByRole("textbox", { name: "Snippet" }).waitFor();
  assert.ok((await page.getByRole("textbox", { name: "Snippet" }).inputValue()).includes('data-ga-id="G-OK123"'));
  await page.context().close();
});

test("a theme colour pair under WCAG AA contrast is flagged on both fields; a good one is not", async () => {
  const page = await openConfigurator();
  const buttonBg = page.locator(".cfg-field", { has: page.getByLabel(/^Button colour/) });
  const buttonText = page.locator(".cfg-field", { has: page.getByLabel(/^Button text colour/) });
  await page.getByLabel(/^Button colour/).fill("#005ea5");
  assert.equal(await page.locator(".cfg-low-contrast").count(), 0, "white on #005ea5 is 6.7:1");
  await page.getByLabel(/^Button colour/).fill("#ffdd00");
  await buttonBg.getByText(/^Low contrast: Contrast 1\.\d+:1 for button text on the button colour/).waitFor();
  assert.ok(await buttonText.getByText(/^Low contrast:/).isVisible(), "the other colour of the pair is flagged too");
  assert.ok(await page.getByRole("textbox", { name: "Snippet" }).isVisible(), "a warning, not a refusal");
  await page.context().close();
});

test("trying the preview records nothing for the site: no consent cookie, no localStorage", async () => {
  const page = await openConfigurator();
  const preview = page.locator(".cfg-preview-frame");
  await preview.getByRole("button", { name: "Accept additional cookies" }).click();
  await preview.getByText(/Your cookie preferences have been saved/).waitFor();
  const stored = await page.evaluate(() => ({
    cookie: document.cookie,
    local: localStorage.length,
    session: sessionStorage.getItem("pcc_consent_preview"),
  }));
  assert.equal(stored.cookie, "");
  assert.equal(stored.local, 0);
  assert.ok(stored.session, "the preview keeps its choice apart, in sessionStorage");
  await page.getByRole("button", { name: "Show the banner again" }).click();
  await preview.getByRole("button", { name: "Accept additional cookies" }).waitFor();
  await page.getByRole("button", { name: "Open the preferences dialog" }).click();
  assert.ok(await page.getByRole("dialog", { name: "Cookie preferences" }).isVisible());
  await page.context().close();
});

test("the configurator, with a refused value shown and the texts open, has no WCAG 2.2 A/AA violation (axe)", async () => {
  const page = await openConfigurator();
  await page.getByLabel("Google Analytics 4 measurement id").fill("UA-1234");
  await page.getByText("Texts, in English and Welsh").click();
  await page.getByLabel("English: customise", { exact: true }).waitFor();
  assert.deepEqual(await axeViolations(page, ["body"]), []);
  await page.context().close();
});
