// Conditions real sites create: storage that is blocked or throws, a slow network, the
// script in <head> without defer or included twice, and a large page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startServer, launchBrowser, newPage, banner, hostPage, started, BUNDLE, decided } from "./harness.mjs";

let server;
let slow;
let browser;

const bigBody = Array.from({ length: 1000 }, (_, i) => `<div><span>Item ${i}</span></div>`).join("");
const pages = {
  "/p.html": hostPage({ attrs: 'data-site-name="Example PCC" data-quick-exit="escape" data-exit-url="http://127.0.0.1:9/"' }),
  "/framed.html": `<!doctype html><title>Frame host</title><iframe sandbox="allow-scripts" src="/p.html" title="Sandboxed" style="width:800px;height:600px"></iframe>`,
  // A browser that refuses to compile this much WebAssembly synchronously on the main
  // thread (as Chrome once did above 4 KB): the loader never asks it to (the module is
  // fetched and compiled asynchronously; only the 8-byte probe is synchronous).
  "/sync-refused.html": hostPage({
    head: `<script>
      const RealModule = WebAssembly.Module;
      WebAssembly.Module = function (bytes) {
        if (bytes.byteLength > 4096) {
          window.syncRefused = true;
          throw new RangeError("WebAssembly.Module(): buffer too large for synchronous compile (test)");
        }
        return new RealModule(bytes);
      };
    </script>`,
  }),
  "/head.html": `<!doctype html><html lang="en"><head><title>Head</title>
    <script src="/dist/pcc-consent/pcc-consent.js" data-site-name="Head PCC"></script></head>
    <body><h1>Script in head, no defer</h1></body></html>`,
  // The page's own element named like the API: window.pccConsent is that element by
  // named access until a script defines the property.
  "/named.html": hostPage({ body: '<div id="pccConsent">Our consent notes</div>' }),
  "/once.html": hostPage({ attrs: 'data-quick-exit="escape"', body: bigBody }),
  "/big.html": hostPage({
    attrs: 'data-quick-exit="escape"',
    body: bigBody + '<script src="/dist/pcc-consent/pcc-consent.js" defer data-quick-exit="escape"></script>',
  }),
};

before(async () => {
  // A sandboxed frame (no allow-same-origin) has an opaque origin: its fetch of the
  // module is cross-origin, so the server must send CORS headers (as the book says).
  pages["/dist/pcc-consent/pcc-consent.wasm"] = {
    body: fs.readFileSync(path.join(BUNDLE, "pcc-consent.wasm")),
    headers: { "content-type": "application/wasm", "access-control-allow-origin": "*" },
  };
  server = await startServer({ pages });
  slow = await startServer({ pages, delays: { "pcc-consent.js": 3000 } });
  // Quick exit on the slow server leaves for a real page there.
  slow.pages["/exit.html"] = "<!doctype html><title>Exit</title><h1>Weather</h1>";
  slow.pages["/leave.html"] = hostPage({ attrs: `data-quick-exit="escape" data-exit-url="${slow.origin}/exit.html"` });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await slow?.close();
});

test("a sandboxed frame (cookies and storage blocked): the banner works, nothing is granted, a warning names the problem", async () => {
  const page = await newPage(browser);
  const frameMessages = [];
  page.on("console", (m) => frameMessages.push(`${m.type()}: ${m.text()}`));
  await page.goto(`${server.origin}/framed.html`);
  const frame = page.frameLocator("iframe");
  await frame.getByRole("region", { name: "Cookies on Example PCC" }).waitFor();
  await frame.getByRole("button", { name: "Accept additional cookies" }).click();
  await frame.getByText("Sorry, there was a technical problem. Please try again.").waitFor();
  assert.ok(frameMessages.some((m) => m.startsWith("warning: pcc-consent: cannot read cookie")), frameMessages.join("\n"));
  assert.ok(frameMessages.some((m) => m.includes("could not save the consent choice")), frameMessages.join("\n"));
  assert.ok(!frameMessages.some((m) => m.includes("panicked") || m.includes("RuntimeError")), frameMessages.join("\n"));
  await page.context().close();
});

test("localStorage that throws: the banner works from the cookie, with a warning", async () => {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    Object.defineProperty(window, "localStorage", {
      configurable: true,
      get() {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
  });
  await page.goto(`${server.origin}/p.html`);
  await banner(page).waitFor();
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), false);
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await decided(page);
  await page.reload();
  await started(page);
  assert.equal(await banner(page).count(), 0, "the cookie copy kept the choice");
  assert.ok(page.messages.some((m) => m.type === "warning" && m.text.includes("localStorage")));
  await page.context().close();
});

test("the script delayed by 3 s: the page is painted at once, then the banner and quick exit arrive", async () => {
  const page = await newPage(browser);
  const t0 = Date.now();
  await page.goto(`${slow.origin}/leave.html`, { waitUntil: "commit" });
  await page.getByRole("heading", { name: "Host page" }).waitFor();
  assert.equal(await page.evaluate(() => !!document.getElementById("pcc-consent")), false, "the script is still on its way");
  await banner(page).waitFor();
  const arrived = Date.now() - t0;
  assert.ok(arrived >= 3000, `banner after ${arrived} ms`);
  // A defer script does not hold up the first paint: the page was on screen long before.
  const painted = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime);
  assert.ok(painted < 2000, `first contentful paint at ${painted} ms`);
  await page.keyboard.press("Escape");
  await page.waitForURL(`${slow.origin}/exit.html`, { timeout: 2500 });
  await page.context().close();
});

/** Event listeners on window and document, by type, through the DevTools protocol. */
async function listenerCounts(page) {
  const cdp = await page.context().newCDPSession(page);
  const counts = {};
  for (const expr of ["window", "document"]) {
    const { result } = await cdp.send("Runtime.evaluate", { expression: expr });
    const { listeners } = await cdp.send("DOMDebugger.getEventListeners", { objectId: result.objectId });
    for (const l of listeners) counts[`${expr}.${l.type}`] = (counts[`${expr}.${l.type}`] || 0) + 1;
  }
  return counts;
}

test("a browser that refuses a synchronous compile gets the banner: the module is never compiled synchronously", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/sync-refused.html`);
  await banner(page).waitFor();
  assert.equal(await page.evaluate(() => window.syncRefused), undefined, "no synchronous compile of the module was attempted");
  assert.equal(await page.evaluate(() => typeof window.pccConsent.get), "function");
  assert.deepEqual(page.messages.filter((m) => /pcc-consent/.test(m.text)), []);
  await page.context().close();
});

test("script in <head> without defer: one banner once the page is parsed", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/head.html`);
  await page.getByRole("region", { name: "Cookies on Head PCC" }).waitFor();
  assert.equal(await page.evaluate(() => document.querySelectorAll("#pcc-consent").length), 1);
  await page.context().close();
});

test("a page with 2,000 elements and the script twice: one banner, one set of listeners", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/big.html`);
  await banner(page).waitFor();
  await page.waitForTimeout(300);
  assert.ok((await page.evaluate(() => document.getElementsByTagName("*").length)) > 2000);
  assert.equal(await banner(page).count(), 1);
  assert.equal(await page.evaluate(() => document.querySelectorAll("#pcc-consent, #pcc-consent-exit").length), 2);
  const counts = await listenerCounts(page);
  // Exactly the listeners of the same page with the script once: the second copy adds none.
  const single = await newPage(browser);
  await single.goto(`${server.origin}/once.html`);
  await banner(single).waitFor();
  await single.waitForTimeout(300);
  const once = await listenerCounts(single);
  await single.context().close();
  assert.deepEqual(counts, once);
  assert.equal(counts["window.keydown"], 1, JSON.stringify(counts));
  await page.context().close();
});

test("an element with id=\"pccConsent\" on the page: the API is there before and after the module", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/named.html`, { waitUntil: "domcontentloaded" });
  const before = await page.evaluate(() => typeof window.pccConsent.rejectAll);
  await page.evaluate(() => window.pccConsent.rejectAll());
  await decided(page);
  const how = await page.evaluate(() => window.pccConsent.get().method);
  console.log(`before the module: rejectAll is a ${before}; after: ${how}`);
  assert.equal(before, "function", "window.pccConsent is the page's element, not the API");
  assert.equal(how, "reject_all");
  assert.equal(await page.locator("#pccConsent").textContent(), "Our consent notes", "the page's element is left alone");
  await page.context().close();
});
