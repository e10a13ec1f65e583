// Strict Content Security Policy: no 'unsafe-inline', no 'unsafe-eval'. The banner, the
// gate and quick exit must work without a single violation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started } from "./harness.mjs";

let server;
let browser;

const services =
  'data-ga-id="G-TEST123" data-ga-src="/demo/stand-ins/gtag.js" ' +
  'data-clarity-id="clar1ty" data-clarity-src="/demo/stand-ins/clarity.js" data-quick-exit="escape"';
const STRICT =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' https://www.googletagmanager.com https://www.clarity.ms; " +
  "style-src 'self'; connect-src 'self'; img-src 'self'; frame-src 'self'";
const NONCE = "r4nd0mN0nce";
const WITH_NONCE = `default-src 'self'; script-src 'nonce-${NONCE}' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'`;
// Issue 17: the banner's nonce is not lent to gated scripts; each needs its own.
const GATED_NONCE = "abc";
const gatedNonceCsp = `script-src 'nonce-${GATED_NONCE}' 'wasm-unsafe-eval'`;
const gatedNoncePage = hostPage({
  attrs: `nonce="${GATED_NONCE}" data-site-name="Example PCC"`,
  body: `
    <script type="text/plain" data-pcc-consent="performance">window.ran = 1</script>
    <script type="text/plain" data-pcc-consent="performance" data-src="/demo/stand-ins/site-script.js"></script>
    <script type="text/plain" data-pcc-consent="performance" nonce="${GATED_NONCE}">window.ranWithNonce = 1</script>
    <script type="text/plain" data-pcc-consent="performance" nonce="${GATED_NONCE}" data-src="/js/with-nonce.js"></script>`,
});

before(async () => {
  server = await startServer({
    pages: {
      "/strict.html": {
        body: hostPage({ attrs: services, head: '<link rel="stylesheet" href="/demo/site.css">' }),
        headers: { "content-security-policy": STRICT },
      },
      "/nonce.html": {
        body: hostPage({
          attrs: `nonce="${NONCE}" ${services}`,
          body: `<script type="text/plain" nonce="${NONCE}" data-pcc-consent="performance">window.__ranWithNonce = true;</script>`,
        }),
        headers: { "content-security-policy": WITH_NONCE },
      },
      // A host-based policy that forgot Google's host.
      "/no-vendor-host.html": {
        body: hostPage({ attrs: 'data-ga-id="G-TEST123"' }),
        headers: { "content-security-policy": "script-src 'self' 'wasm-unsafe-eval'" },
      },
      "/gated-nonce.html": { body: gatedNoncePage, headers: { "content-security-policy": gatedNonceCsp } },
      "/js/with-nonce.js": { body: "window.externalWithNonce = 1;", headers: { "content-type": "text/javascript" } },
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function pageWatchingViolations() {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return page;
}

test("a strict CSP page: banner, dialog, consent and analytics work with no violation", async () => {
  const page = await pageWatchingViolations();
  await page.goto(`${server.origin}/strict.html`);
  await banner(page).waitFor();
  await page.getByRole("button", { name: "Customise cookies" }).click();
  await page.getByRole("button", { name: "Accept all" }).click();
  await page.waitForFunction(() => window.__clarityCalls && window.dataLayer.length >= 4);
  await page.evaluate(() => window.pccConsent.rejectAll());
  assert.ok(await page.getByRole("button", { name: "Leave this site" }).isVisible());
  const accept = await page.evaluate(() => {
    const b = document.getElementById("pcc-consent").shadowRoot.querySelector("button");
    return b ? getComputedStyle(b).minHeight : "none";
  });
  assert.notEqual(accept, "none");
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await page.context().close();
});

test("with a nonce-only CSP, inserted scripts carry the banner script's nonce", async () => {
  const page = await pageWatchingViolations();
  await page.goto(`${server.origin}/nonce.html`);
  await started(page);
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await page.waitForFunction(() => window.__clarityCalls && window.__ranWithNonce);
  const nonces = await page.evaluate(() =>
    [...document.querySelectorAll("script[data-pcc-consent-service]")].map((s) => s.nonce),
  );
  assert.deepEqual(nonces, [NONCE, NONCE]);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await page.context().close();
});

test("gated scripts run with their own nonce; one without is blocked and named in a console error with the fix", async () => {
  const page = await pageWatchingViolations();
  await page.goto(`${server.origin}/gated-nonce.html`);
  await started(page);
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  // The working case: the site's nonce on the gated script (inline and data-src).
  await page.waitForFunction(() => window.ranWithNonce === 1 && window.externalWithNonce === 1);
  // The blocked case: no nonce of its own, so the CSP refuses it (the banner's nonce is
  // never lent), and the console says which script and what to do.
  await page.waitForFunction(() => window.__violations.length >= 2);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.ran), undefined, "the inline script without a nonce did not run");
  assert.equal(await page.evaluate(() => window.__ran), undefined, "the data-src script without a nonce did not run");
  const errors = page.messages.filter((m) => m.type === "error" && m.text.startsWith("pcc-consent:")).map((m) => m.text);
  assert.equal(errors.length, 2, errors.join("\n"));
  const inline = errors.find((e) => e.includes('"window.ran = 1"'));
  const external = errors.find((e) => e.includes('"/demo/stand-ins/site-script.js"'));
  assert.ok(inline, `the inline script is named: ${errors}`);
  assert.ok(external, `the external script is named by its URL: ${errors}`);
  for (const e of [inline, external]) assert.match(e, /put the page's CSP nonce on that <script type="text\/plain"> itself/i);
  await page.context().close();
});

test("an analytics script the CSP blocks is named in a console error with the fix", async () => {
  const page = await pageWatchingViolations();
  await page.goto(`${server.origin}/no-vendor-host.html`);
  await started(page);
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await page.waitForFunction(() => window.__violations.length >= 1);
  await page.waitForTimeout(100);
  const errors = page.messages.filter((m) => m.type === "error" && m.text.startsWith("pcc-consent:")).map((m) => m.text);
  assert.equal(errors.length, 1, errors.join("\n"));
  assert.match(errors[0], /blocked the Google Analytics script https:\/\/www\.googletagmanager\.com\/gtag\/js\?id=G-TEST123/);
  assert.match(errors[0], /Allow https:\/\/www\.googletagmanager\.com in script-src/);
  await page.context().close();
});
