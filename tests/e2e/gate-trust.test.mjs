// The gate at a trust boundary (issue 34 items 3 and 5): a gated iframe's or script's
// data-src becomes a load only when it is http(s) or a relative URL on this host; and a
// page with 10,000 gated scripts never keeps the quick exit's Escape waiting.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, hostPage, started } from "./harness.mjs";

let server;
let browser;
let base;

// [element, attribute value]: each must never load (nor run), with a console error.
const REFUSED = [
  ["iframe", "javascript:parent.__pwned = 'iframe javascript:'"],
  ["iframe", " JavaScript:parent.__pwned = 'iframe spaced javascript:'"],
  ["iframe", "java\tscript:parent.__pwned = 'iframe tabbed javascript:'"],
  ["iframe", "data:text/html,<script>parent.__pwned = 'iframe data:'</script>"],
  ["iframe", "//evil.pcc.test/frame.html"],
  ["iframe", "/\\evil.pcc.test/frame.html"],
  ["iframe", "\\\\evil.pcc.test/frame.html"],
  ["script", "javascript:window.__pwned = 'script javascript:'"],
  ["script", "data:text/javascript,window.__pwned = 'script data:'"],
  ["script", "//evil.pcc.test/evil.js"],
  ["script", "/\\evil.pcc.test/evil.js"],
  ["script src", "data:text/javascript,window.__pwned = 'script src data:'"],
];
// What a site means: these load.
const LOADED = [
  ["iframe", "/ok/frame.html"],
  ["script", "/ok/script.js"],
];

const escapeAttr = (v) => v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/\t/g, "&#9;");

function element([kind, value], i) {
  const attr = kind === "script src" ? "src" : "data-src";
  return kind === "iframe"
    ? `<iframe title="Frame ${i}" data-pcc-consent="targeting" ${attr}="${escapeAttr(value)}"></iframe>`
    : `<script type="text/plain" data-pcc-consent="targeting" ${attr}="${escapeAttr(value)}"></script>`;
}

const MANY = 10_000;

before(async () => {
  server = await startServer({
    pages: {
      "/urls.html": hostPage({ body: [...REFUSED, ...LOADED].map(element).join("\n") }),
      "/ok/frame.html": "<!doctype html><p>ok</p>",
      "/ok/script.js": { body: "window.__ok = true;", headers: { "content-type": "text/javascript" } },
      "/frame.html": "<!doctype html><script>parent.__pwned = 'evil frame'</script>",
      "/evil.js": { body: "window.__pwned = 'evil host';", headers: { "content-type": "text/javascript" } },
      "/exit.html": "<!doctype html><title>Exit</title><h1>Weather</h1>",
    },
  });
  browser = await launchBrowser(["--host-resolver-rules=MAP *.pcc.test 127.0.0.1"]);
  base = `http://www.pcc.test:${new URL(server.origin).port}`;
  const keydownProbe = `<script>
    addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      const lag = Math.round(performance.now() - e.timeStamp);
      navigator.sendBeacon("/keydown/" + (window.__n || 0) + "/" + lag);
    }, true);
  </script>`;
  const gated = `<script type="text/plain" data-pcc-consent="performance">window.__n = (window.__n || 0) + 1;</script>\n`.repeat(MANY);
  server.pages["/many.html"] = hostPage({
    attrs: `data-site-name="Example PCC" data-quick-exit="escape" data-exit-url="${base}/exit.html"`,
    head: keydownProbe,
    body: gated,
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("data-src (and src) on gated iframes and scripts: only http(s) or relative URLs on this host load; the rest never load and each is named on the console", async () => {
  server.requests.length = 0;
  const page = await newPage(browser);
  await page.goto(`${base}/urls.html`);
  await started(page);
  await page.evaluate(() => window.pccConsent.acceptAll());
  await page.waitForFunction(() => window.__ok === true);
  await page.waitForFunction(() => [...document.querySelectorAll("iframe")].some((f) => f.contentWindow.location.pathname === "/ok/frame.html"));
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, "nothing ran");
  const evil = server.requests.filter((r) => r.host.startsWith("evil.") || r.path === "/frame.html" || r.path === "/evil.js");
  assert.deepEqual(evil.map((r) => r.host + r.path), [], "no request to another host");
  const errors = page.messages.filter((m) => m.type === "error" && m.text.startsWith("pcc-consent: not loading")).map((m) => m.text);
  const rows = [];
  for (const [kind, value] of REFUSED) {
    const named = errors.find((e) => e.includes(JSON.stringify(value)));
    rows.push(`  ${kind.padEnd(10)} ${JSON.stringify(value).padEnd(72)} refused${named ? ", named on the console" : ""}`);
    assert.ok(named, `${kind} ${JSON.stringify(value)} is named: ${errors.join("\n")}`);
  }
  for (const [kind, value] of LOADED) rows.push(`  ${kind.padEnd(10)} ${JSON.stringify(value).padEnd(72)} loaded`);
  assert.equal(errors.length, REFUSED.length, errors.join("\n"));
  console.log(["data-src values covered:", ...rows].join("\n"));
  await page.context().close();
});

test(`${MANY.toLocaleString("en")} gated scripts on Accept: Escape is handled while they run, and leaves`, async () => {
  server.requests.length = 0;
  const page = await newPage(browser);
  await page.goto(`${base}/many.html`);
  await started(page);
  // A plain mouse click, then the key at once, as a visitor would: a locator's click()
  // also waits for the page to settle, which would let the whole batch finish first.
  const box = await page.getByRole("button", { name: "Accept additional cookies" }).boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.keyboard.press("Escape");
  await page.waitForURL(`${base}/exit.html`, { timeout: 10_000 });
  for (let i = 0; i < 40 && !server.requests.some((r) => r.path.startsWith("/keydown/")); i++) await page.waitForTimeout(50);
  const beacon = server.requests.filter((r) => r.method === "POST" && r.path.startsWith("/keydown/"));
  assert.equal(beacon.length, 1, "the page heard the key once");
  const [ran, lag] = beacon[0].path.split("/").slice(2).map(Number);
  console.log(`  Escape pressed after Accept: handled with ${ran} of ${MANY} gated scripts run, ${lag} ms after the key press`);
  // Handled in the middle of the work, not after it: the gate yields between scripts.
  assert.ok(ran < MANY, `Escape waited for all ${MANY} gated scripts`);
  await page.context().close();
});
