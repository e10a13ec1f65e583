// Every order of three visitor actions among {accept all, reject all, custom with only
// functionality, reload}: the stand-in analytics scripts load exactly as a model of the
// rules says (never before consent), and the dataLayer holds exactly the expected
// consent default/update, js and config entries, in order.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, hostPage, started } from "./harness.mjs";

const ACTIONS = ["accept", "reject", "functionality", "reload"];
const CHOICES = { accept: "PFT", reject: "---", functionality: "-F-" };
let server;
let browser;

before(async () => {
  server = await startServer({
    pages: {
      "/p.html": hostPage({
        attrs:
          'data-ga-id="G-SEQ1" data-ga-src="/demo/stand-ins/gtag.js" ' +
          'data-clarity-id="seq" data-clarity-src="/demo/stand-ins/clarity.js" ' +
          'data-categories="performance,functionality,targeting"',
      }),
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** What the rules say: per page load, the dataLayer; in all, the script loads. */
function model(sequence) {
  let stored = "---";
  let layer = ["default"];
  let loadedThisPage = false;
  let scriptLoads = 0;
  const grant = (from, to) => {
    if (from === to) return;
    layer.push(`update:${to}`);
    if (to[0] === "P" && from[0] !== "P") {
      if (!loadedThisPage) scriptLoads += 1;
      loadedThisPage = true;
      layer.push("js", "config");
    }
  };
  for (const action of sequence) {
    if (action === "reload") {
      layer = ["default"];
      loadedThisPage = false;
      grant("---", stored);
    } else {
      grant(stored, CHOICES[action]);
      stored = CHOICES[action];
    }
  }
  return { layer, scriptLoads };
}

const summarise = (page) =>
  page.evaluate(() =>
    window.dataLayer.map((entry) => {
      const [command, target, params] = Array.from(entry);
      if (command !== "consent") return command;
      if (target === "default") return "default";
      const g = (k) => params[k] === "granted";
      return `update:${g("analytics_storage") ? "P" : "-"}${g("functionality_storage") ? "F" : "-"}${g("ad_storage") ? "T" : "-"}`;
    }),
  );

const sequences = ACTIONS.flatMap((a) => ACTIONS.flatMap((b) => ACTIONS.map((c) => [a, b, c])));

test(`all ${sequences.length} orders of three actions load exactly what the rules say`, async () => {
  for (const sequence of sequences) {
    server.requests.length = 0;
    const page = await newPage(browser);
    await page.goto(`${server.origin}/p.html`);
    await started(page);
    for (const action of sequence) {
      if (action === "reload") {
        await page.reload();
        await started(page);
      } else if (action === "functionality") {
        await page.evaluate(() => window.pccConsent.accept(["functionality"]));
      } else {
        await page.evaluate((a) => (a === "accept" ? window.pccConsent.acceptAll() : window.pccConsent.rejectAll()), action);
      }
    }
    const expected = model(sequence);
    const label = sequence.join(" → ");
    const loads = (name) => server.requests.filter((r) => r.path.endsWith(`/stand-ins/${name}`)).length;
    // Wait for the expected loads (if any), then a little longer to catch extra ones.
    for (let waited = 0; waited < 3000 && loads("clarity.js") < expected.scriptLoads; waited += 25) {
      await page.waitForTimeout(25);
    }
    await page.waitForTimeout(100);
    assert.equal(loads("gtag.js"), expected.scriptLoads, `gtag.js loads after ${label}`);
    assert.equal(loads("clarity.js"), expected.scriptLoads, `clarity.js loads after ${label}`);
    assert.deepEqual(await summarise(page), expected.layer, `dataLayer after ${label}`);
    await page.context().close();
  }
});
