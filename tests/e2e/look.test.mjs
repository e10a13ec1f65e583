// Language, site texts, theme and isolation from the host page's CSS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started } from "./harness.mjs";

let server;
let browser;

// Issue 17: what host pages commonly set on html and body. Inside a shadow root rem is
// the host page's root size, and inherited properties flow in unless reset.
const HOST_BASE = `<style>
  html { font-size: 62.5%; }
  body { font-size: 1.6rem; line-height: 2.2; letter-spacing: 0.12em; word-spacing: 0.3em; }
  *, *::before, *::after { box-sizing: content-box; }
</style>`;
const everyPiece = {
  attrs: 'data-site-name="Example PCC" data-policy-url="/cookies" data-quick-exit="escape"',
  body: "<div data-pcc-consent-settings></div><div data-pcc-consent-declaration></div>",
};

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
      "/plain-base.html": hostPage(everyPiece),
      "/host-base.html": hostPage({ ...everyPiece, head: HOST_BASE }),
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
  // The module's banner (a painted first view is taken over: measured on the one that stays).
  await started(page);
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

/**
 * How every element of our UI looks: for each shadow host, each element's font size,
 * line height, letter and word spacing, box sizing and rendered size.
 */
function looks(page) {
  return page.evaluate(() => {
    const hosts = ["#pcc-consent-exit", "#pcc-consent", "[data-pcc-consent-settings]", "[data-pcc-consent-declaration]"];
    const out = {};
    for (const selector of hosts) {
      const root = document.querySelector(selector).shadowRoot;
      out[selector] = [...root.querySelectorAll("*")].map((el) => {
        const s = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        const name = `${el.tagName.toLowerCase()}.${el.className}`;
        return `${name} ${s.fontSize} ${s.lineHeight} ${s.letterSpacing} ${s.wordSpacing} ${s.boxSizing} ${r.width.toFixed(1)}x${r.height.toFixed(1)}`;
      });
    }
    return out;
  });
}

const fontSize = (page, selector, inner) =>
  page.evaluate(([selector, inner]) => getComputedStyle(document.querySelector(selector).shadowRoot.querySelector(inner)).fontSize, [selector, inner]);

test("the host page's root font size, line height, letter spacing and box sizing change nothing in our UI", async () => {
  const seen = {};
  for (const name of ["plain-base", "host-base"]) {
    const page = await newPage(browser);
    await page.goto(`${server.origin}/${name}.html`);
    await banner(page).waitFor();
    if (name === "host-base") {
      // The values: 20 px banner heading (larger than its 16 px text), 19.2 px legends.
      assert.equal(await fontSize(page, "#pcc-consent", ".pcc-consent-heading"), "20px", "banner heading");
      assert.equal(await fontSize(page, "#pcc-consent", ".pcc-consent-text"), "16px", "banner text");
      assert.equal(await fontSize(page, "[data-pcc-consent-settings]", ".pcc-consent-legend"), "19.2px", "cookies-page legend");
      assert.equal(await fontSize(page, "[data-pcc-consent-declaration]", ".pcc-consent-heading"), "20px", "declaration heading");
      assert.equal(await fontSize(page, "#pcc-consent-exit", "button"), "18px", "quick exit");
    }
    const closed = await looks(page);
    await page.getByRole("button", { name: "Customise cookies" }).click();
    await page.getByRole("dialog").waitFor();
    if (name === "host-base") {
      assert.equal(await fontSize(page, "#pcc-consent", "dialog .pcc-consent-heading"), "20px", "dialog heading");
    }
    const dialog = await looks(page);
    seen[name] = { closed, dialog };
    await page.context().close();
  }
  // Everything else, element by element: the banner, the dialog, the settings form, the
  // declaration and the quick exit look exactly as on a page that sets nothing.
  for (const state of ["closed", "dialog"]) {
    for (const [host, elements] of Object.entries(seen["plain-base"][state])) {
      assert.deepEqual(seen["host-base"][state][host], elements, `${host} (${state})`);
    }
  }
});
