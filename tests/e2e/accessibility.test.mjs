// Accessibility and layout of the banner, dialog and saved message on a plain page:
// axe-core (WCAG 2.0/2.1/2.2 A and AA), no layout shift, focus never hidden behind the
// banner, reflow at 320 px, target sizes. Screenshots go to tests/e2e/artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startServer, launchBrowser, newPage, banner, hostPage, started, ARTIFACTS, axeViolations, BUNDLE, watchLayoutShifts } from "./harness.mjs";
let server;
let browser;

// Issue 17: long unbroken strings in configured texts (a 52-character e-mail address,
// a long URL, a long Welsh compound) in every piece of UI.
const EMAIL = "information.governance.team@northumbriapcc.police.uk";
const URL_TEXT = "https://www.northumbria-pcc.police.uk/about-us/your-privacy/cookies-and-similar-technologies";
const WELSH = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch";
const longTexts = {
  texts: {
    en: {
      banner_essential: `Questions about cookies? Write to ${EMAIL}.`,
      banner_additional: `Read more at ${URL_TEXT}`,
      policy_link: `${URL_TEXT}`,
      saved: `Saved. Questions? ${EMAIL}`,
      prefs_intro: `Questions? ${EMAIL} or ${URL_TEXT}`,
      performance_title: WELSH,
      performance_description: `Counted by ${EMAIL} at ${URL_TEXT}`,
      blocked_content: `Hidden until you accept {category}. Questions? ${EMAIL}`,
      cookie_settings: `Cookie settings ${WELSH}`,
    },
  },
  cookies: [{ name: `${WELSH}_preference`, category: "functionality", purpose: `Remembers ${URL_TEXT}`, expires: "1 year", setBy: EMAIL }],
};
const longWordsPage = hostPage({
  attrs: 'data-site-name="Example PCC" data-policy-url="/cookies" data-quick-exit="escape" data-settings-button',
  head: `<meta name="viewport" content="width=device-width, initial-scale=1">
    <script type="application/json" id="pcc-consent-config">${JSON.stringify(longTexts)}</script>`,
  body: `<div data-pcc-consent-settings></div><div data-pcc-consent-declaration></div>
    <iframe title="Video" data-pcc-consent="performance" data-src="/no-content"></iframe>`,
});

// Issue 17: a typical page, a skip link and navigation before the content.
const nav = Array.from({ length: 14 }, (_, i) => `<li><a href="#n${i}">Section ${i}</a></li>`).join("");
const typicalBody = `<a class="skip" href="#main">Skip to main content</a><nav><ul>${nav}</ul></nav>
  <main id="main"><h2>Welcome</h2><p>Some <a href="#x">page</a> content.</p></main>`;
const typical = (src, quickExit) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Typical</title></head>
<body>${typicalBody}${src ? `<script src="${src}" defer data-site-name="Example PCC" data-policy-url="/cookies" data-quick-exit="${quickExit}"></script>` : ""}</body></html>`;

const links = Array.from({ length: 40 }, (_, i) => `<p><a href="#l${i}" id="l${i}">Link ${i}</a></p>`).join("");

before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer({
    pages: {
      "/tall.html": hostPage({ body: links, attrs: 'data-site-name="Example PCC" data-policy-url="/cookies" data-quick-exit="escape"' }),
      "/long-words.html": longWordsPage,
      "/typical.html": typical("/dist/pcc-consent/pcc-consent.js", "escape"),
      "/typical-no-exit.html": typical("/dist/pcc-consent/pcc-consent.js", "off"),
      // The script arrives after the page has painted: inserting the banner first in
      // the body must still move nothing.
      "/typical-slow.html": typical("/slow/pcc-consent.js", "escape"),
      "/typical-bare.html": typical(null),
    },
    mounts: { "/slow/": BUNDLE },
    delays: { "/slow/pcc-consent.js": 700 },
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
  await watchLayoutShifts(page);
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
  // Banner and padding read in one task: the module replaces the painted first view with its
  // own banner, and both must keep the padding equal to the banner's height.
  const measure = () =>
    page.evaluate(() => {
      const host = document.getElementById("pcc-consent");
      const region = host.shadowRoot.querySelector(".pcc-consent-banner");
      return {
        painted: host.hasAttribute("data-pcc-consent-first-view"),
        top: region.getBoundingClientRect().top,
        padding: document.documentElement.style.scrollPaddingBottom,
      };
    });
  const first = await measure();
  assert.equal(first.padding, `${Math.round(600 - first.top)}px`, `painted first view: ${first.painted}`);
  await started(page);
  const { top: bannerTop, padding } = await measure();
  assert.equal(padding, `${Math.round(600 - bannerTop)}px`);
  console.log(`scroll-padding ${first.padding} (first view painted: ${first.painted}), then ${padding} on the module's banner`);
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
  await started(page);
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

/**
 * Everything of ours that is wider than the viewport: each element in our shadow roots
 * and the iframe placeholder, and each line of their text, must lie within 0..width.
 */
function outside(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const roots = [...document.querySelectorAll("#pcc-consent-exit, #pcc-consent, [data-pcc-consent-settings], [data-pcc-consent-declaration]")].map((h) => h.shadowRoot);
    roots.push(...document.querySelectorAll("[data-pcc-consent-placeholder]"));
    const bad = [];
    const name = (el) => `${el.tagName.toLowerCase()}.${el.className || ""}`;
    for (const root of roots) {
      for (const el of root.querySelectorAll("*")) {
        for (const r of el.getClientRects()) {
          if (r.width && (r.left < -0.5 || r.right > width + 0.5)) bad.push(`${name(el)} spans ${r.left.toFixed(0)}..${r.right.toFixed(0)}`);
        }
        if (el.clientWidth && el.scrollWidth > el.clientWidth + 1) bad.push(`${name(el)} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`);
      }
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(text);
        for (const r of range.getClientRects()) {
          if (r.width && (r.left < -0.5 || r.right > width + 0.5)) bad.push(`text "${text.data.slice(0, 30)}" spans ${r.left.toFixed(0)}..${r.right.toFixed(0)}`);
        }
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, bad: [...new Set(bad)] };
  });
}

for (const height of [568, 256]) {
  test(`long words (a 52-character e-mail address, a URL, a Welsh compound) wrap in every piece of UI at 320x${height}`, async () => {
    assert.equal(EMAIL.length, 52);
    const page = await newPage(browser, { viewport: { width: 320, height } });
    await page.goto(`${server.origin}/long-words.html`);
    await banner(page).waitFor();
    const check = async (label) => {
      const { scrollWidth, bad } = await outside(page);
      assert.ok(scrollWidth <= 320, `${label}: the page scrolls sideways (scrollWidth ${scrollWidth})`);
      assert.deepEqual(bad, [], `${label}: wider than 320 px`);
    };
    // Banner, quick exit, cookies-page form and declaration, iframe placeholder.
    assert.ok(await page.getByText(EMAIL, { exact: false }).first().isVisible());
    await check("banner");
    await page.getByRole("button", { name: "Customise cookies" }).click();
    await page.getByRole("dialog").waitFor();
    await check("dialog");
    await page.getByRole("button", { name: "Save preferences" }).click();
    await page.getByRole("alert").waitFor();
    await check("saved message");
    await page.getByRole("button", { name: "Hide this message" }).click();
    await page.locator("#pcc-consent").getByRole("button", { name: `Cookie settings ${WELSH}` }).waitFor();
    await check("floating button");
    await page.context().close();
  });
}

test("reading and Tab order: quick exit, then the banner, then the page (skip link first of its own)", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/typical.html`);
  await banner(page).waitFor();
  const focused = () =>
    page.evaluate(() => {
      let el = document.activeElement;
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      const host = el.getRootNode().host;
      return `${host ? `#${host.id} ` : ""}${el.tagName.toLowerCase()} ${el.textContent.trim()}`;
    });
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "#pcc-consent-exit button Leave this site");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "#pcc-consent a Read our cookie policy", "the banner's first control is the second Tab stop");
  for (const expected of ["Accept additional cookies", "Reject additional cookies", "Customise cookies"]) {
    await page.keyboard.press("Tab");
    assert.equal(await focused(), `#pcc-consent button ${expected}`);
  }
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "a Skip to main content", "then the page, from its start");
  // In the document, and so in the accessibility tree: quick exit, banner, page content.
  assert.deepEqual(await page.evaluate(() => [...document.body.children].slice(0, 3).map((e) => e.id || e.className)), ["pcc-consent-exit", "pcc-consent", "skip"]);
  const tree = await page.locator("body").ariaSnapshot();
  const at = (text) => tree.indexOf(text);
  assert.ok(at('button "Leave this site"') >= 0 && at('region "Cookies on Example PCC"') >= 0, tree);
  assert.ok(at('button "Leave this site"') < at('region "Cookies on Example PCC"'), tree);
  assert.ok(at('region "Cookies on Example PCC"') < at('link "Skip to main content"'), tree);
  await page.context().close();

  const noExit = await newPage(browser);
  await noExit.goto(`${server.origin}/typical-no-exit.html`);
  await banner(noExit).waitFor();
  await noExit.keyboard.press("Tab");
  assert.equal(await noExit.evaluate(() => document.activeElement.id), "pcc-consent", "without quick exit the banner is the first Tab stop");
  await noExit.context().close();
});

test("putting the banner first in the body moves nothing on the page (CLS 0, same positions), even when it arrives after the first paint", async () => {
  const positions = (page) =>
    page.evaluate(() => [".skip", "nav", "main", "h2"].map((s) => {
      const r = document.querySelector(s).getBoundingClientRect();
      return `${s} ${r.left},${r.top} ${r.width}x${r.height}`;
    }));
  const bare = await newPage(browser);
  await bare.goto(`${server.origin}/typical-bare.html`);
  const expected = await positions(bare);
  await bare.context().close();
  for (const path of ["/typical.html", "/typical-slow.html"]) {
    const page = await newPage(browser);
    await watchLayoutShifts(page);
    await page.goto(`${server.origin}${path}`);
    await banner(page).waitFor();
    await page.waitForTimeout(300);
    assert.deepEqual(await positions(page), expected, `${path}: the page's content stays where it was`);
    await page.evaluate(() => window.pccConsent.rejectAll());
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__cls), 0, `${path}: CLS`);
    await page.context().close();
  }
});
