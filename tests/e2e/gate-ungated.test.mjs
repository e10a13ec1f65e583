// Analytics left outside the gate (issue 31 item 3): Google's and Microsoft's own snippets
// left in a page beside our tag are named on the console with the fix, and announced
// with a `pcc-consent:problem` event; the banner's own scripts and the site's gated ones
// never are. Google's and Microsoft's hosts are mapped to the local stand-ins.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, hostPage, started, mapHostsTo } from "./harness.mjs";

let server;
let browser;
let site;

// Google's gtag.js snippet and Microsoft's Clarity snippet, as their consoles give them.
const LEFT_IN_HEAD = `
<script async src="https://www.googletagmanager.com/gtag/js?id=G-LEFT1"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', 'G-LEFT1');
</script>
<script type="text/javascript">
  (function(c,l,a,r,i,t,y){
    c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)};
    t=l.createElement(r);t.async=1;t.src="https://www.clarity.ms/tag/"+i;
    y=l.getElementsByTagName(r)[0];y.parentNode.insertBefore(t,y);
  })(window, document, "clarity", "script", "leftproj");
</script>`;

const services = 'data-ga-id="G-REAL1" data-clarity-id="realproj"';

// A gated copy of the same loaders: the right way, never reported.
const GATED = `
<script type="text/plain" data-pcc-consent="performance" data-src="https://www.googletagmanager.com/gtag/js?id=G-GATED"></script>
<script type="text/plain" data-pcc-consent="performance">
  (function(c,l,a,r,i,t,y){
    t=l.createElement(r);t.async=1;t.src="https://www.clarity.ms/tag/"+i;
    y=l.getElementsByTagName(r)[0];y.parentNode.insertBefore(t,y);
  })(window, document, "clarity", "script", "gatedproj");
</script>`;

before(async () => {
  server = await startServer({
    tls: true,
    pages: {
      "/left.html": hostPage({ attrs: services, head: LEFT_IN_HEAD }),
      "/clean.html": hostPage({ attrs: services, body: GATED }),
    },
  });
  browser = await launchBrowser(mapHostsTo(server));
  site = `http://www.pcc.test:${server.port}`;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `path` with every `pcc-consent:problem` event (heard on window) kept in `window.__problems`. */
async function open(path) {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__problems = [];
    window.addEventListener("pcc-consent:problem", (e) => {
      const { kind, vendor, element, message } = e.detail;
      window.__problems.push({ kind, vendor, element: element ? element.outerHTML.slice(0, 80) : null, message });
    });
    document.addEventListener("pcc-consent:ready", () => {
      window.__problemsAtReady = window.__problems.length;
    });
  });
  await page.goto(`${site}${path}`);
  await started(page);
  return page;
}

const errors = (page) => page.messages.filter((m) => m.type === "error").map((m) => m.text);

test("Google's gtag snippet and Clarity's snippet left in <head>: a console error for each and the event, as the banner starts", async () => {
  const page = await open("/left.html");
  await page.waitForFunction(() => window.__problemsAtReady !== undefined);
  const problems = await page.evaluate(() => window.__problems);
  // Reported while the banner started, before its ready event: well inside the first second.
  assert.equal(await page.evaluate(() => window.__problemsAtReady), problems.length);
  const vendors = [...new Set(problems.map((p) => p.vendor))].sort();
  assert.deepEqual(vendors, ["clarity", "ga4"]);
  for (const p of problems) assert.equal(p.kind, "ungated-vendor");
  const gtagScript = problems.find((p) => p.element && p.element.includes("gtag/js?id=G-LEFT1"));
  assert.ok(gtagScript, JSON.stringify(problems));
  assert.equal(
    gtagScript.message,
    'pcc-consent: a Google Analytics snippet outside the banner loads before consent: <script src="https://www.googletagmanager.com/gtag/js?id=G-LEFT1">. Remove this snippet; data-ga-id replaces it.',
  );
  assert.ok(problems.some((p) => p.vendor === "clarity" && /data-clarity-id replaces it/.test(p.message)), JSON.stringify(problems));
  // Each on the console too, exactly as in the event.
  for (const p of problems) assert.ok(errors(page).includes(p.message), `${p.message} on the console: ${errors(page)}`);
  // Each element once: a reload of the banner's state (Accept) adds no repeat.
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await page.waitForFunction(() => document.querySelector('script[data-pcc-consent-service="google-analytics"]'));
  assert.equal(await page.evaluate(() => window.__problems.length), problems.length);
  await page.context().close();
});

test("a vendor script added to the page later is reported; the banner's own and the site's gated loaders never are", async () => {
  const page = await open("/clean.html");
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  // The banner's gtag.js and Clarity tag, the gated gtag.js and the gated Clarity loader's tag.
  await page.waitForFunction(() => [...document.scripts].filter((s) => /gtag\/js|clarity\.ms\/tag/.test(s.src)).length >= 4);
  await page.evaluate(() => window.pccConsent.rejectAll());
  assert.deepEqual(await page.evaluate(() => window.__problems), []);
  assert.deepEqual(errors(page).filter((e) => /outside the banner/.test(e)), []);
  // Someone's script adds GTM by hand after the banner started: still reported.
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.src = "https://www.googletagmanager.com/gtm.js?id=GTM-LATE123";
    document.body.append(s);
  });
  await page.waitForFunction(() => window.__problems.length === 1);
  const [late] = await page.evaluate(() => window.__problems);
  assert.equal(late.vendor, "gtm");
  assert.equal(
    late.message,
    'pcc-consent: a Google Tag Manager snippet outside the banner loads before consent: <script src="https://www.googletagmanager.com/gtm.js?id=GTM-LATE123">. Remove this snippet; data-gtm-id replaces it.',
  );
  await page.context().close();
});
