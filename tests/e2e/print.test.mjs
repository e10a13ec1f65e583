// Issue 24 item 1: printing. None of our consent or quick-exit UI appears on paper (a
// fixed banner would print over the text of every page), and the page's own content
// prints whole. The cookies page's settings form does not print; its declaration does
// (README, "Printing"). Each PDF's text layer is read with pdfjs-dist.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { startServer, launchBrowser, newPage, banner } from "./harness.mjs";

let server;
let browser;

// Enough paragraphs for three printed pages; none repeats any of our texts.
const PARAGRAPHS = Array.from({ length: 90 }, (_, i) => `Paragraph ${i + 1} of the commissioner's annual report, kept whole.`);
const page = ({ attrs = "", body = "" } = {}) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Report</title></head>
<body><h1>Annual report</h1>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join("")}${body}
<script src="/dist/pcc-consent/pcc-consent.js" defer data-site-name="Print PCC" data-policy-url="/cookies" ${attrs}></script></body></html>`;
const FRAME = `<iframe title="Map" data-pcc-consent="targeting" data-src="/no-content"></iframe>`;

before(async () => {
  server = await startServer({
    pages: {
      "/banner.html": page({ attrs: 'data-quick-exit="escape shift-3"', body: FRAME }),
      "/button.html": page({ attrs: 'data-quick-exit="escape" data-settings-button', body: FRAME }),
      "/cookies.html": page({ body: "<div data-pcc-consent-settings></div><div data-pcc-consent-declaration></div>" }),
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The PDF's text layer, whitespace collapsed. */
async function pdfText(bytes) {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: true, verbosity: 0 }).promise;
  let text = "";
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    text += ` ${content.items.map((item) => item.str).join(" ")}`;
  }
  return text.replace(/\s+/g, " ");
}

/** Every text of ours now rendered: our shadow roots and the iframe placeholders. */
function ourTexts(p) {
  return p.evaluate(() => {
    const texts = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll("*")) {
        if (el.shadowRoot) walk(el.shadowRoot);
        for (const node of el.childNodes) if (node.nodeType === 3 && node.data.trim()) texts.push(node.data.trim());
      }
    };
    for (const host of document.querySelectorAll("#pcc-consent, [data-pcc-consent-exit], [data-pcc-consent-settings]")) walk(host.shadowRoot);
    for (const holder of document.querySelectorAll("[data-pcc-consent-placeholder]")) walk(holder);
    return [...new Set(texts)];
  });
}

async function assertPrintsClean(p, label, mustHide) {
  const ours = await ourTexts(p);
  for (const text of mustHide) assert.ok(ours.includes(text), `${label}: "${text}" is on screen before printing`);
  const printed = await pdfText(await p.pdf({ format: "A4" }));
  const leaked = ours.filter((text) => printed.includes(text.replace(/\s+/g, " ")));
  assert.deepEqual(leaked, [], `${label}: our texts on paper`);
  const missing = PARAGRAPHS.filter((text) => !printed.includes(text));
  assert.deepEqual(missing, [], `${label}: the page's paragraphs missing from paper`);
  console.log(`${label}: ${ours.length} texts of ours on screen, 0 on paper; ${PARAGRAPHS.length}/${PARAGRAPHS.length} paragraphs printed`);
  return printed;
}

test("printing a page with the banner, quick exit and an iframe placeholder: none of them on paper, every paragraph is", async () => {
  const p = await newPage(browser);
  await p.goto(`${server.origin}/banner.html`);
  await banner(p).waitFor();
  await assertPrintsClean(p, "banner", [
    "Cookies on Print PCC", "Accept additional cookies", "Leave this site",
    "Quickly exit this site by pressing the Escape key, or the Shift key 3 times", "Cookie settings",
  ]);
  await p.context().close();
});

test("printing after a choice: the saved message, then the floating settings button, are not on paper", async () => {
  const p = await newPage(browser);
  await p.goto(`${server.origin}/button.html`);
  await banner(p).waitFor();
  await p.getByRole("button", { name: "Reject additional cookies" }).click();
  await p.getByRole("button", { name: "Hide this message" }).waitFor();
  await assertPrintsClean(p, "saved message", ["Hide this message", "Leave this site"]);
  await p.getByRole("button", { name: "Hide this message" }).click();
  await p.locator("#pcc-consent").getByRole("button", { name: "Cookie settings" }).waitFor();
  await assertPrintsClean(p, "settings button", ["Cookie settings", "Leave this site"]);
  await p.context().close();
});

test("printing the cookies page: the settings form is left off, the declaration of cookies prints", async () => {
  const p = await newPage(browser);
  await p.goto(`${server.origin}/cookies.html`);
  await p.getByRole("button", { name: "Save cookie settings" }).waitFor();
  await p.evaluate(() => window.pccConsent.rejectAll());
  const textsOf = (selector) =>
    p.evaluate((selector) => {
      const root = document.querySelector(selector).shadowRoot;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const texts = [];
      while (walker.nextNode()) if (walker.currentNode.data.trim()) texts.push(walker.currentNode.data.trim());
      return texts;
    }, selector);
  const form = await textsOf("[data-pcc-consent-settings]");
  const declaration = await textsOf("[data-pcc-consent-declaration]");
  assert.ok(form.includes("Save cookie settings") && declaration.length > 3);
  const printed = await pdfText(await p.pdf({ format: "A4" }));
  // The category titles are in both: the declaration's headings print.
  const formOnly = form.filter((text) => !declaration.includes(text));
  assert.deepEqual(formOnly.filter((text) => printed.includes(text)), [], "the settings form on paper");
  assert.deepEqual(declaration.filter((text) => !printed.includes(text)), [], "the declaration missing from paper");
  console.log(`cookies page: ${formOnly.length} texts of the form alone, 0 on paper; ${declaration.length}/${declaration.length} of the declaration printed`);
  await p.context().close();
});
