// Issue 24 item 2: the language and direction of our parts (WCAG 3.1.2 language of
// parts, 1.3.2 meaningful sequence). Every piece we insert (banner, dialog, saved
// message, settings button, cookies-page form and declaration, quick exit, iframe
// placeholders) declares its own lang and dir whatever the page says. Read from the
// accessibility tree: every text node Chromium exposes (CDP Accessibility domain,
// StaticText) is resolved to its DOM node, and its language is the nearest lang
// across shadow boundaries, as the tree computes it; its direction is the computed
// `direction`, and a sentence's full stop must sit to the right of its last word.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage } from "./harness.mjs";

let server;
let browser;

const HOSTS = [
  { lang: "ur", dir: "rtl", text: "یہ صفحہ اردو میں ہے۔" },
  { lang: "ar", dir: "rtl", text: "هذه الصفحة باللغة العربية." },
  { lang: "en", dir: null, text: "This page is in English." },
  { lang: "cy", dir: null, text: "Mae’r dudalen hon yn Gymraeg." },
];
const BANNER_LANGS = [null, "cy"];
const PIECES = ["banner", "quick exit", "iframe placeholder", "cookies-page form", "declaration", "dialog", "saved message", "settings button"];

const hostPage = (host, dataLang) => `<!doctype html><html lang="${host.lang}"${host.dir ? ` dir="${host.dir}"` : ""}>
<head><meta charset="utf-8"><title>Host</title></head><body>
<h1>${host.text}</h1><p>${host.text}</p>
<iframe title="Map" data-pcc-consent="targeting" data-src="/no-content"></iframe>
<div data-pcc-consent-settings></div><div data-pcc-consent-declaration></div>
<script src="/dist/pcc-consent/pcc-consent.js" defer data-site-name="Example PCC" data-quick-exit="escape"
  data-settings-button${dataLang ? ` data-lang="${dataLang}"` : ""}></script></body></html>`;

before(async () => {
  const pages = {};
  for (const host of HOSTS) for (const lang of BANNER_LANGS) pages[`/${host.lang}-${lang || "page"}.html`] = hostPage(host, lang);
  server = await startServer({ pages });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Every text of ours in the accessibility tree: { piece, text, lang, dir, stopOnLeft }.
 * `piece` names the nearest of our pieces around it; texts of the page are left out.
 */
async function ourTextsInTree(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Accessibility.enable");
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  const found = [];
  for (const node of nodes) {
    if (node.ignored || node.role?.value !== "StaticText" || !node.backendDOMNodeId) continue;
    let object;
    try {
      ({ object } = await cdp.send("DOM.resolveNode", { backendNodeId: node.backendDOMNodeId }));
    } catch {
      continue;
    }
    const { result } = await cdp.send("Runtime.callFunctionOn", {
      objectId: object.objectId,
      returnByValue: true,
      functionDeclaration: `function () {
        const up = (n) => n.parentElement || (n.parentNode && n.parentNode.host) || null;
        const el = this.nodeType === 1 ? this : up(this);
        const marks = [[".pcc-consent-dialog", "dialog"], [".pcc-consent-saved", "saved message"],
          [".pcc-consent-banner", "banner"], [".pcc-consent-floating", "settings button"],
          ["[data-pcc-consent-exit]", "quick exit"], [".pcc-consent-settings", "cookies-page form"],
          [".pcc-consent-declaration", "declaration"], ["[data-pcc-consent-placeholder]", "iframe placeholder"]];
        let piece = null, lang = null;
        for (let n = el; n; n = up(n)) {
          if (lang === null && n.hasAttribute("lang")) lang = n.getAttribute("lang");
          if (!piece) for (const [selector, name] of marks) if (n.matches(selector)) { piece = name; break; }
        }
        if (!piece) return null;
        // Where the sentence's final full stop renders: right of the character before
        // it when laid out left to right, left of it when right to left.
        let stopOnLeft = null;
        const text = this.nodeType === 3 ? this.data : "";
        const end = text.trimEnd().length;
        if (end > 1 && text[end - 1] === "." && /\\w/.test(text[end - 2])) {
          const rect = (i) => { const r = document.createRange(); r.setStart(this, i); r.setEnd(this, i + 1); return r.getBoundingClientRect(); };
          const stop = rect(end - 1), before = rect(end - 2);
          if (stop.width && before.width && Math.abs(stop.top - before.top) < 2) stopOnLeft = stop.left < before.left;
        }
        return { piece, text: text.trim(), lang, dir: getComputedStyle(el).direction, stopOnLeft };
      }`,
    });
    if (result.value) found.push(result.value);
  }
  await cdp.detach();
  return found;
}

test("every piece of ours declares its own language and direction on ur/rtl, ar/rtl, en and cy pages, with and without data-lang=cy", async () => {
  const matrix = [];
  const problems = [];
  for (const host of HOSTS) {
    for (const dataLang of BANNER_LANGS) {
      const want = dataLang || (host.lang === "cy" ? "cy" : "en");
      const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
      await page.goto(`${server.origin}/${host.lang}-${dataLang || "page"}.html`);
      await page.locator("#pcc-consent .pcc-consent-banner").waitFor();
      await page.locator("[data-pcc-consent-placeholder]").waitFor();
      const seen = await ourTextsInTree(page);
      // The dialog (with the quick exit's copy inside it), then the saved message, then
      // the floating settings button.
      await page.locator("#pcc-consent .pcc-consent-banner .pcc-consent-secondary").click();
      await page.locator("#pcc-consent dialog[open]").waitFor();
      seen.push(...(await ourTextsInTree(page)));
      await page.locator("#pcc-consent dialog[open] .pcc-consent-actions .pcc-consent-button").last().click();
      await page.locator("#pcc-consent .pcc-consent-saved").waitFor();
      seen.push(...(await ourTextsInTree(page)));
      await page.locator("#pcc-consent .pcc-consent-saved .pcc-consent-button").click();
      await page.locator("#pcc-consent .pcc-consent-floating").waitFor();
      seen.push(...(await ourTextsInTree(page)));
      const row = { page: `${host.lang}${host.dir ? "/" + host.dir : ""}`, "data-lang": dataLang || "-", want: `${want}/ltr` };
      for (const piece of PIECES) {
        const texts = seen.filter((t) => t.piece === piece);
        const wrong = texts.filter((t) => t.lang !== want || t.dir !== "ltr" || t.stopOnLeft === true);
        row[piece] = texts.length ? (wrong.length ? `${wrong.length}/${texts.length} wrong` : `${texts.length} ok`) : "none";
        if (!texts.length) problems.push(`${row.page} data-lang=${row["data-lang"]}: no text of the ${piece} found in the tree`);
        for (const t of wrong.slice(0, 3)) {
          problems.push(`${row.page} data-lang=${row["data-lang"]}: ${piece} "${t.text}" is lang=${t.lang} dir=${t.dir}${t.stopOnLeft ? ", full stop on the left" : ""}`);
        }
      }
      matrix.push(row);
      await page.context().close();
    }
  }
  console.table(matrix);
  assert.deepEqual(problems, []);
});
