// Language, site texts, theme and isolation from the host page's CSS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage } from "./harness.mjs";

let server;
let browser;

const configBlock = (json) => `<script type="application/json" id="pcc-consent-config">${JSON.stringify(json)}</script>`;

before(async () => {
  server = await startServer({
    pages: {
      "/cy.html": hostPage({ lang: "cy", attrs: 'data-site-name="Comisiynydd"' }),
      "/texts.html": hostPage({
        head: configBlock({
          texts: { en: { accept_additional: "Accept analytics", performance_title: "Analytics cookies", banner_essential: "<b>bold</b> stays text" } },
          theme: { "button-bg": "rgb(0, 94, 165)" },
        }),
      }),
      "/bad-block.html": hostPage({ head: `<script type="application/json" id="pcc-consent-config">{oops</script>` }),
      "/hostile.html": hostPage({
        head: `<style>* { all: unset !important; } button { display: none !important; } div { font-size: 80px !important; }
               #pcc-consent { display: none; } dialog { display: none !important; }</style>`,
      }),
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("Welsh texts on a page with <html lang=cy>", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/cy.html`);
  const region = page.getByRole("region", { name: "Cwcis ar Comisiynydd" });
  await region.waitFor();
  assert.ok(await page.getByRole("button", { name: "Derbyn cwcis ychwanegol" }).isVisible());
  assert.ok(await page.getByRole("button", { name: "Gwrthod cwcis ychwanegol" }).isVisible());
  await page.getByRole("button", { name: "Addasu cwcis" }).click();
  assert.ok(await page.getByRole("dialog", { name: "Dewisiadau cwcis" }).isVisible());
  await page.context().close();
});

test("the config block overrides texts (as text, never HTML) and sets the theme", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/texts.html`);
  await banner(page).waitFor();
  const accept = page.getByRole("button", { name: "Accept analytics" });
  assert.ok(await accept.isVisible());
  assert.equal(await accept.evaluate((b) => getComputedStyle(b).backgroundColor), "rgb(0, 94, 165)");
  assert.ok(await page.getByText("<b>bold</b> stays text").isVisible());
  await page.getByRole("button", { name: "Customise cookies" }).click();
  assert.ok(await page.getByRole("switch", { name: "Analytics cookies" }).isVisible());
  await page.context().close();
});

test("a malformed config block is reported and the banner still works", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/bad-block.html`);
  await banner(page).waitFor();
  assert.ok(page.messages.some((m) => m.type === "error" && m.text.includes("#pcc-consent-config")));
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  await page.getByRole("alert").waitFor();
  await page.context().close();
});

test("hostile host CSS does not break the banner, and the banner's CSS does not leak", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/hostile.html`);
  const accept = page.getByRole("button", { name: "Accept additional cookies" });
  await accept.waitFor();
  assert.ok(await accept.isVisible());
  const box = await accept.boundingBox();
  assert.ok(box.height >= 44 && box.height < 120, `button height ${box.height}`);
  const size = await accept.evaluate((b) => getComputedStyle(b).fontSize);
  assert.equal(size, "16px");
  // The page's own h1 keeps the page's look: no pcc-consent rule reached it.
  assert.equal(await page.evaluate(() => document.querySelectorAll("style, link[rel=stylesheet]").length), 1);
  await page.getByRole("button", { name: "Customise cookies" }).click();
  assert.ok(await page.getByRole("dialog").isVisible());
  await page.getByRole("button", { name: "Reject all" }).click();
  await page.getByRole("alert").waitFor();
  await page.context().close();
});
