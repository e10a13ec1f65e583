// Issue 24 item 4 (WCAG 2.2 2.4.11 focus not obscured): a page whose document does not
// scroll but an inner wrapper does (`html, body { height: 100%; overflow: hidden }`
// and a scrolling `div.page`, common in app-like sites). Tabbing through 40 links with
// the banner (or the saved message) up never leaves a focused link more than half
// covered, and the wrapper's last lines can be scrolled clear of the banner.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner } from "./harness.mjs";

let server;
let browser;

const LINKS = 40;
const links = Array.from({ length: LINKS }, (_, i) => `<p><a href="#l${i}" id="l${i}">Link ${i}</a></p>`).join("");
const wrapperPage = (layout) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>App</title>
<style>html, body { height: 100%; margin: 0; overflow: hidden; }
.page { height: 100%; overflow-y: auto; ${layout} }</style></head>
<body><div class="page"><h1>App-like page</h1>${links}<p id="last">The last line of the page.</p></div>
<script src="/dist/pcc-consent/pcc-consent.js" defer data-site-name="Example PCC"></script></body></html>`;

before(async () => {
  server = await startServer({
    pages: {
      "/wrapper.html": wrapperPage(""),
      // The wrapper as a flex column: a spacer in it must not shrink away.
      "/wrapper-flex.html": wrapperPage("display: flex; flex-direction: column;"),
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Tabs until every link has had focus; returns the links more than half covered by `fixed`. */
async function tabThroughLinks(page, fixedSelector) {
  const covered = [];
  const focused = new Set();
  for (let presses = 0; focused.size < LINKS && presses < LINKS + 20; presses++) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate((selector) => {
      const el = document.activeElement;
      if (!el || !/^l\d+$/.test(el.id)) return null;
      const fixed = document.querySelector("#pcc-consent").shadowRoot.querySelector(selector).getBoundingClientRect();
      const r = el.getBoundingClientRect();
      const overlap = Math.max(0, Math.min(r.bottom, fixed.bottom) - Math.max(r.top, fixed.top));
      // Out of the viewport counts as covered too.
      const outside = Math.max(0, r.bottom - innerHeight) + Math.max(0, -r.top);
      return { id: el.id, share: Math.min(1, (overlap + outside) / r.height) };
    }, fixedSelector);
    if (!hit) continue;
    focused.add(hit.id);
    if (hit.share > 0.5) covered.push(`${hit.id} ${Math.round(hit.share * 100)}%`);
  }
  assert.equal(focused.size, LINKS, "every link had focus");
  return covered;
}

for (const path of ["/wrapper.html", "/wrapper-flex.html"]) {
  for (const viewport of [{ width: 1280, height: 720 }, { width: 390, height: 844 }]) {
    const size = `${viewport.width}x${viewport.height}`;
    test(`${path} at ${size}: no focused link more than half behind the banner, and the last line scrolls clear`, async () => {
      const page = await newPage(browser, { viewport });
      await page.goto(`${server.origin}${path}`);
      await banner(page).waitFor();
      const covered = await tabThroughLinks(page, ".pcc-consent-banner");
      console.log(`${path} ${size}, banner up: ${covered.length} of ${LINKS} focused links more than half covered`, covered);
      assert.deepEqual(covered, []);
      // The end of the wrapper, scrolled as far as it goes, clears the banner.
      const gap = await page.evaluate(() => {
        const wrapper = document.querySelector(".page");
        wrapper.scrollTop = wrapper.scrollHeight;
        const top = document.querySelector("#pcc-consent").shadowRoot.querySelector(".pcc-consent-banner").getBoundingClientRect().top;
        return top - document.getElementById("last").getBoundingClientRect().bottom;
      });
      console.log(`${path} ${size}: the last line ends ${gap.toFixed(0)} px above the banner`);
      assert.ok(gap >= 0, `the last line stays ${-gap} px behind the banner`);
      // The saved message after a choice: the same.
      await page.evaluate(() => document.querySelector(".page").scrollTo(0, 0));
      await page.getByRole("button", { name: "Reject additional cookies" }).click();
      await page.getByRole("button", { name: "Hide this message" }).waitFor();
      const behindSaved = await tabThroughLinks(page, ".pcc-consent-saved");
      console.log(`${path} ${size}, saved message up: ${behindSaved.length} of ${LINKS} covered`);
      assert.deepEqual(behindSaved, []);
      await page.context().close();
    });
  }
}
