// data-cookie-domain: one consent for www. and sub-sites. Chromium resolves *.pcc.test
// to the local server, so the cookies here are real parent-domain cookies.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started, decided } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer({
    pages: { "/p.html": hostPage({ attrs: 'data-cookie-domain="pcc.test"' }) },
  });
  browser = await launchBrowser(["--host-resolver-rules=MAP *.pcc.test 127.0.0.1"]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("a choice made on www.pcc.test stands on victims.pcc.test", async () => {
  const port = new URL(server.origin).port;
  const page = await newPage(browser);
  await page.goto(`http://www.pcc.test:${port}/p.html`);
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  await decided(page);
  const cookie = (await page.context().cookies()).find((c) => c.name === "pcc_consent");
  assert.equal(cookie.domain, ".pcc.test");
  await page.goto(`http://victims.pcc.test:${port}/p.html`);
  await started(page);
  assert.equal(await banner(page).count(), 0, "no banner on the sub-site");
  assert.equal(await page.evaluate(() => window.pccConsent.get().method), "reject_all");
  await page.context().close();
});
