// Trusted Types pages (issue 30 item 4): CSP `require-trusted-types-for 'script'`. With
// `trusted-types pcc-consent` allowed, every script goes through our one policy; with
// the name not allowed, nothing throws: the choice is in force and shown, the banner,
// API and footer link work, and the console names what was refused and the fix.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started } from "./harness.mjs";

let server;
let browser;

const NONCE = "tt-n0nce";
const BASE_CSP = `script-src 'self' 'nonce-${NONCE}' 'wasm-unsafe-eval'; require-trusted-types-for 'script'`;
const POLICIES = {
  allowed: `${BASE_CSP}; trusted-types pcc-consent`,
  // The site allows only its own policy.
  refused: `${BASE_CSP}; trusted-types site-policy`,
};

const attrs =
  'data-site-name="Example PCC" data-policy-url="/cookies" ' +
  'data-ga-id="G-TEST123" data-ga-src="/demo/stand-ins/gtag.js" ' +
  'data-clarity-id="clar1ty" data-clarity-src="/demo/stand-ins/clarity.js" data-quick-exit="escape"';
const body = `
  <a href="/cookies" data-pcc-consent-open>Cookie settings</a>
  <script type="text/plain" data-pcc-consent="performance" data-src="/js/gated.js"></script>
  <script type="text/plain" data-pcc-consent="performance" nonce="${NONCE}">window.__inline = (window.__inline || 0) + 1;</script>`;

before(async () => {
  const pages = {
    "/js/gated.js": { body: "window.__external = (window.__external || 0) + 1;", headers: { "content-type": "text/javascript" } },
  };
  for (const [name, csp] of Object.entries(POLICIES)) {
    for (const n of [1, 2, 3]) pages[`/${name}/${n}.html`] = { body: hostPage({ attrs, body }), headers: { "content-security-policy": csp } };
  }
  server = await startServer({ pages });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const acceptButton = (page) => page.getByRole("button", { name: "Accept additional cookies" });
const count = (suffix) => server.requests.filter((r) => r.path.endsWith(suffix)).length;

async function open(page, url) {
  await page.goto(url);
  await started(page);
  await page.waitForFunction(() => window.pccConsent);
}

for (const [name, csp] of Object.entries(POLICIES)) {
  test(`require-trusted-types-for 'script', pcc-consent ${name}: accept, next page, withdraw, next page`, async () => {
    server.requests.length = 0;
    const page = await newPage(browser);
    try {
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    await open(page, `${server.origin}/${name}/1.html`);
    await banner(page).waitFor();
    await acceptButton(page).click();
    await acceptButton(page).waitFor({ state: "detached" });
    assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), true, "the choice is in force");
    assert.equal(await acceptButton(page).count(), 0, "the banner went");
    if (name === "allowed") {
      await page.waitForFunction(() => window.__clarityCalls && window.__external === 1 && window.__inline === 1);
      await page.waitForTimeout(300);
      assert.equal(count("/stand-ins/gtag.js"), 1, "GA once");
      assert.equal(count("/stand-ins/clarity.js"), 1, "Clarity once");
      assert.equal(count("/js/gated.js"), 1, "the gated script once");
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
    } else {
      await page.waitForTimeout(400);
      assert.equal(count("/stand-ins/gtag.js") + count("/stand-ins/clarity.js") + count("/js/gated.js"), 0);
      const errors = page.messages.filter((m) => m.type === "error" && m.text.startsWith("pcc-consent:")).map((m) => m.text);
      for (const what of ["Google Analytics script", "Microsoft Clarity script", 'src "/js/gated.js"', "inline"]) {
        const e = errors.find((t) => t.includes(what));
        assert.ok(e, `the console names ${what}: ${errors.join("\n")}`);
        assert.match(e, /add pcc-consent to the CSP's trusted-types directive \(trusted-types pcc-consent\)/);
      }
    }

    // The next page: the stored choice is in force, the API and footer link work.
    await open(page, `${server.origin}/${name}/2.html`);
    assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), true);
    assert.equal(await acceptButton(page).count(), 0, "not asked again");
    if (name === "allowed") await page.waitForFunction(() => window.__external === 1 && window.__inline === 1);
    await page.getByRole("link", { name: "Cookie settings" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Reject all" }).click();
    assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), false, "withdrawn");

    // And the page after: nothing runs, the banner stays away, the exit works.
    const mark = server.requests.length;
    await open(page, `${server.origin}/${name}/3.html`);
    await page.waitForTimeout(400);
    assert.equal(await page.evaluate(() => window.pccConsent.get().method), "reject_all");
    assert.equal(await acceptButton(page).count(), 0, "not asked again");
    assert.deepEqual(server.requests.slice(mark).filter((r) => /gtag|clarity|gated/.test(r.path)).map((r) => r.path), []);
    assert.ok(await page.getByRole("button", { name: "Leave this site" }).isVisible());
    const thrown = page.messages.filter((m) => m.type === "pageerror");
    assert.deepEqual(thrown, [], "no exception on any page");
    const consoleErrors = page.messages.filter((m) => m.type === "error").map((m) => `    ${m.text.slice(0, 160)}`);
    console.log([`  pcc-consent ${name}: ${consoleErrors.length} console errors, 0 exceptions`, ...consoleErrors].join("\n"));
    } catch (error) {
      console.log(page.messages.map((m) => `${m.type}: ${m.text}`).join("\n"));
      console.log(await page.evaluate(() => window.__violations).catch(() => "?"));
      throw error;
    } finally {
      await page.context().close();
    }
  });
}
