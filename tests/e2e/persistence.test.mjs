// Persistence as a site sees it: cookie attributes, bad stored values, the evidence log.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started, decided } from "./harness.mjs";

let server;
let browser;
const DAY = 86_400;

before(async () => {
  server = await startServer({
    pages: {
      "/plain.html": hostPage(),
      "/short.html": hostPage({ attrs: 'data-expiry-days="30" data-cookie-name="opcc_choice"' }),
      "/bad-config.html": hostPage({ attrs: 'data-expiry-days="900" data-storage="forever"' }),
      "/logged.html": hostPage({ attrs: 'data-log-url="/consent-log"' }),
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function consentCookie(page, name = "pcc_consent") {
  return (await page.context().cookies()).find((c) => c.name === name);
}

test("the consent cookie is first-party, Path=/, SameSite=Lax, and lasts the expiry", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/plain.html`);
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await decided(page);
  const cookie = await consentCookie(page);
  assert.ok(cookie, "cookie set");
  assert.equal(cookie.path, "/");
  assert.equal(cookie.sameSite, "Lax");
  assert.equal(cookie.domain, "127.0.0.1");
  assert.equal(cookie.httpOnly, false);
  const days = (cookie.expires - Date.now() / 1000) / DAY;
  assert.ok(days > 364.9 && days <= 365, `lasts ${days} days`);
  const record = JSON.parse(decodeURIComponent(cookie.value));
  assert.equal(record.id, undefined, "the consent id stays out of the cookie");
  assert.equal(record.how, "accept_all");
  assert.ok(cookie.value.length < 600, `${cookie.value.length} bytes`);
  await page.context().close();
});

test("data-expiry-days and data-cookie-name are honoured", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/short.html`);
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  await decided(page);
  const cookie = await consentCookie(page, "opcc_choice");
  assert.ok(cookie, "cookie under the configured name");
  const days = (cookie.expires - Date.now() / 1000) / DAY;
  assert.ok(days > 29.9 && days <= 30, `lasts ${days} days`);
  assert.equal(await consentCookie(page), undefined);
  await page.context().close();
});

test("a corrupt consent cookie shows the banner, grants nothing and warns", async () => {
  const page = await newPage(browser);
  await page.context().addCookies([
    { name: "pcc_consent", value: encodeURIComponent('{"v":1,"grant":["performance","targeting"]'), url: server.origin },
  ]);
  await page.goto(`${server.origin}/plain.html`);
  await banner(page).waitFor();
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), false);
  assert.equal(await page.evaluate(() => window.pccConsent.get()), null);
  assert.ok(
    page.messages.some((m) => m.type === "warning" && /ignoring the stored consent in cookie/.test(m.text)),
    JSON.stringify(page.messages),
  );
  // The next save replaces the bad value.
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  await decided(page);
  const record = JSON.parse(decodeURIComponent((await consentCookie(page)).value));
  assert.equal(record.how, "reject_all");
  await page.context().close();
});

test("bad attributes are reported by name and the defaults used", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/bad-config.html`);
  await banner(page).waitFor();
  const errors = page.messages.filter((m) => m.type === "error").map((m) => m.text);
  assert.ok(errors.some((e) => e.includes("data-expiry-days")), errors.join("\n"));
  assert.ok(errors.some((e) => e.includes("data-storage")), errors.join("\n"));
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await decided(page);
  const days = ((await consentCookie(page)).expires - Date.now() / 1000) / DAY;
  assert.ok(days > 364.9, "default expiry used");
  await page.context().close();
});

test("each new record is sent to data-log-url without the site's cookies", async () => {
  const page = await newPage(browser);
  await page.context().addCookies([{ name: "site_session", value: "secret", url: server.origin }]);
  await page.goto(`${server.origin}/logged.html`);
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await page.waitForTimeout(300);
  const logged = server.requests.filter((r) => r.path === "/consent-log");
  assert.equal(logged.length, 1, "one log request");
  assert.equal(logged[0].method, "POST");
  assert.equal(logged[0].headers.cookie, undefined, "no cookies sent");
  const body = JSON.parse(logged[0].body);
  assert.equal(body.record.method, "accept_all");
  assert.equal(body.record.id, (await page.evaluate(() => window.pccConsent.get())).id);
  await page.context().close();
});

test("a failing log endpoint does not undo the choice", async () => {
  const page = await newPage(browser);
  // The log points at a closed port.
  const dead = hostPage({ attrs: 'data-log-url="http://127.0.0.1:9/log"' });
  await page.route("**/dead.html", (route) => route.fulfill({ body: dead, contentType: "text/html" }));
  await page.goto(`${server.origin}/dead.html`);
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  await decided(page);
  await page.reload();
  await started(page);
  assert.equal(await banner(page).count(), 0, "the choice stood");
  await page.context().close();
});
