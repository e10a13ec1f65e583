// Quick exit end to end: Escape or "Leave this site" replaces the page with the exit
// page (a stand-in on another host name, so its Referer can be inspected).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started, defineTopmost } from "./harness.mjs";

let server;
let browser;
let exitUrl;

const support = (mode, extra = "", script = "") =>
  hostPage({
    attrs: `data-site-name="Support" data-quick-exit="${mode}" data-exit-url="EXIT" ${extra}`,
    body: `<label>Search <input id="search"></label><button id="page-button">Page button</button>${script}`,
  });

const PAGE_UNDOES = `<script>
  document.addEventListener("keydown", () => history.back());
  window.addEventListener("keydown", () => history.back());
  document.addEventListener("click", () => history.back());
</script>`;
const PAGE_COUNTS = `<script>
  window.seen = [];
  for (const type of ["keydown", "keyup", "click", "pointerdown", "touchstart"]) {
    document.addEventListener(type, (e) => seen.push(type + ":" + (e.key || "")));
    window.addEventListener(type, (e) => seen.push("window " + type + ":" + (e.key || "")));
  }
</script>`;

before(async () => {
  const pages = {
    "/start.html": "<!doctype html><title>Start</title><h1>Start</h1>",
    "/exit.html": "<!doctype html><title>Exit</title><h1>Weather</h1>",
    "/exit-once.html": "<!doctype html><title>Exit</title><h1>Weather</h1>",
  };
  // The exit page of the five-Escapes test answers slowly, so the later presses land
  // while the support page is still showing.
  server = await startServer({ pages, delays: { "/exit-once.html": 1000 } });
  const port = new URL(server.origin).port;
  exitUrl = `http://exit.test:${port}/exit.html`;
  // Pages added once the port (and so the exit URL) is known.
  Object.assign(server.pages, {
    "/escape.html": support("escape").replace("EXIT", exitUrl),
    "/shift.html": support("shift-3").replace("EXIT", exitUrl),
    "/off.html": hostPage({ body: '<input id="search">' }),
    "/both.html": support("escape shift-3").replace("EXIT", exitUrl),
    // A page whose own handlers would undo the exit: history.back() on every key.
    "/undo.html": support("escape", "", PAGE_UNDOES).replace("EXIT", `http://exit.test:${port}/exit-once.html`),
    // The same handlers, counting instead, and an exit that never arrives (204).
    "/count.html": support("escape", "", PAGE_COUNTS).replace("EXIT", `${server.origin}/no-content`),
    "/hang.html": support("escape").replace("EXIT", `${server.origin}/no-content`),
    // A CSP that forgot 'wasm-unsafe-eval': the WebAssembly cannot start.
    "/no-wasm.html": {
      body: support("escape").replace("EXIT", exitUrl),
      headers: { "content-security-policy": "script-src 'self'" },
    },
  });
  browser = await launchBrowser(["--host-resolver-rules=MAP exit.test 127.0.0.1"]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens start.html then the support page, so Back has somewhere to go. */
async function openSupport(origin, path, { wait = true, touch = false } = {}) {
  const page = await newPage(browser, touch ? { hasTouch: true } : {});
  await page.goto(`${origin}/start.html`);
  await page.goto(`${origin}${path}`, { waitUntil: wait ? "load" : "commit" });
  if (wait) await started(page);
  return page;
}

async function assertLeft(page, historyBefore) {
  await page.waitForURL(exitUrl, { timeout: 5000 });
  assert.equal(await page.evaluate(() => history.length), historyBefore, "history did not grow");
  await page.goBack();
  assert.ok(!page.url().includes("escape.html") && !page.url().includes("shift.html"), `Back went to ${page.url()}`);
}

test("Escape with the banner showing leaves for the exit page; Back skips the support page", async () => {
  const page = await openSupport(server.origin, "/escape.html");
  await banner(page).waitFor();
  const before = await page.evaluate(() => history.length);
  await page.keyboard.press("Escape");
  await assertLeft(page, before);
  await page.context().close();
});

test("Escape with the preferences dialog open still leaves", async () => {
  const page = await openSupport(server.origin, "/escape.html");
  await page.getByRole("button", { name: "Customise cookies" }).click();
  await page.getByRole("dialog").waitFor();
  const before = await page.evaluate(() => history.length);
  await page.keyboard.press("Escape");
  await assertLeft(page, before);
  await page.context().close();
});

test("Escape after consent, typed in a text field with Ctrl held, leaves; the exit page gets no Referer", async () => {
  const page = await openSupport(server.origin, "/escape.html");
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  await page.locator("#search").fill("help");
  const before = await page.evaluate(() => history.length);
  await page.keyboard.press("Control+Escape");
  await page.keyboard.press("Escape").catch(() => {});
  await assertLeft(page, before);
  const hits = server.requests.filter((r) => r.path === "/exit.html");
  assert.ok(hits.length > 0);
  for (const hit of hits) {
    // Not even the origin: it would name the support site.
    assert.equal(hit.headers.referer, undefined, `Referer: ${hit.headers.referer}`);
  }
  assert.ok(!page.messages.some((m) => m.type === "pageerror"), JSON.stringify(page.messages));
  await page.context().close();
});

test("the Leave this site button is the first thing Tab reaches and leaves when activated", async () => {
  const page = await openSupport(server.origin, "/escape.html");
  const before = await page.evaluate(() => history.length);
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => {
    const host = document.activeElement;
    return host.id + ":" + (host.shadowRoot && host.shadowRoot.activeElement.textContent);
  });
  assert.equal(focused, "pcc-consent-exit:Leave this site");
  assert.ok(await page.getByText("Quickly exit this site by pressing the Escape key").isVisible());
  await page.keyboard.press("Enter");
  await assertLeft(page, before);
  await page.context().close();
});

test("Escape leaves even when the WebAssembly cannot start (a CSP without 'wasm-unsafe-eval')", async () => {
  const page = await openSupport(server.origin, "/no-wasm.html", { wait: false });
  await page.getByRole("button", { name: "Leave this site" }).waitFor();
  await page.waitForFunction(() => document.readyState === "complete");
  // Only the loader's painted first view: the module's banner never comes.
  assert.equal(
    await page.evaluate(() => document.getElementById("pcc-consent")?.hasAttribute("data-pcc-consent-first-view") ?? true),
    true,
    "no banner but the first view",
  );
  // The module is fetched after the first paint: wait for its console error (or time out).
  const said = () => page.messages.some((m) => m.type === "error" && /pcc-consent: could not load the banner.s module .*wasm-unsafe-eval/.test(m.text));
  while (!said()) await page.waitForEvent("console");
  const before = await page.evaluate(() => history.length);
  await page.keyboard.press("Escape");
  await assertLeft(page, before);
  await page.context().close();
});

test("shift-3: one or two presses do nothing, three leave; Shift with another key does not count", async () => {
  const page = await openSupport(server.origin, "/shift.html");
  const status = page.getByRole("status");
  await page.keyboard.press("Shift");
  assert.equal(await status.textContent(), "Shift, press 2 more times to exit.");
  await page.keyboard.press("Shift");
  assert.equal(await status.textContent(), "Shift, press 1 more time to exit.");
  await page.waitForTimeout(200);
  assert.ok(page.url().endsWith("/shift.html"), "two presses do not leave");
  // A capital letter (Shift held with another key) breaks the sequence.
  await page.locator("#search").focus();
  await page.keyboard.press("Shift+A");
  await page.keyboard.press("Shift");
  assert.equal(await status.textContent(), "Shift, press 2 more times to exit.");
  await page.waitForTimeout(100);
  assert.ok(page.url().endsWith("/shift.html"));
  // Escape is not the exit key here: it closes the dialog instead.
  await page.getByRole("button", { name: "Customise cookies" }).click();
  await page.getByRole("dialog").waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "hidden" });
  assert.ok(page.url().endsWith("/shift.html"));
  const before = await page.evaluate(() => history.length);
  for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
  await assertLeft(page, before);
  await page.context().close();
});

test("off (the default): no button, and Escape does nothing special", async () => {
  const page = await openSupport(server.origin, "/off.html");
  assert.equal(await page.evaluate(() => !!document.getElementById("pcc-consent-exit")), false);
  await page.keyboard.press("Escape");
  await page.waitForTimeout(300);
  assert.ok(page.url().endsWith("/off.html"));
  await page.context().close();
});

test("leaving hides the page at once and a back/forward-cache restore makes it usable again", async () => {
  const page = await openSupport(server.origin, "/hang.html");
  // The exit URL answers 204 here, so the navigation is abandoned and the hidden page
  // can be inspected.
  await page.keyboard.press("Escape");
  // Locators would wait for the abandoned navigation; read the DOM directly.
  const look = () =>
    page.evaluate(() => ({
      alert: [...document.querySelectorAll("[role=alert]")].map((e) => e.textContent).join("|"),
      visibility: document.body.style.visibility,
    }));
  await page.waitForFunction(() => document.body.style.visibility === "hidden");
  assert.deepEqual(await look(), { alert: "Loading.", visibility: "hidden" });
  await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent("pageshow", { persisted: true })));
  assert.deepEqual(await look(), { alert: "", visibility: "" });
  await page.context().close();
});

test("Escape pressed five times quickly leaves once, and the page's history.back() handlers never run", async () => {
  const page = await openSupport(server.origin, "/undo.html");
  const once = `http://exit.test:${new URL(server.origin).port}/exit-once.html`;
  const requests = () => server.requests.filter((r) => r.path === "/exit-once.html").length;
  const before = requests();
  for (let i = 0; i < 5; i++) await page.keyboard.press("Escape").catch(() => {});
  await page.waitForURL(once, { timeout: 5000 });
  await page.waitForTimeout(500);
  assert.equal(page.url(), once, "nothing took the visitor back");
  assert.equal(requests() - before, 1, "one request to the exit page");
  await page.goBack();
  assert.ok(page.url().endsWith("/start.html"), `Back went to ${page.url()}`);
  await page.context().close();
});

test("once leaving has started, keys, clicks and taps never reach the page, and it cannot go back or stop", async () => {
  const page = await openSupport(server.origin, "/count.html", { touch: true });
  const requests = () => server.requests.filter((r) => r.path === "/no-content").length;
  const before = requests();
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => document.body.style.visibility === "hidden");
  for (let i = 0; i < 4; i++) await page.keyboard.press("Escape");
  for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
  await page.keyboard.press("Enter");
  const box = await page.evaluate(() => {
    const r = document.getElementById("page-button").getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  await page.mouse.click(box.x, box.y);
  await page.mouse.click(10, 10);
  await page.touchscreen.tap(box.x, box.y);
  assert.deepEqual(await page.evaluate(() => window.seen), [], "the page's own handlers saw nothing");
  // The page's scripts can no longer take the visitor back or stop the exit.
  await page.evaluate(() => {
    history.back();
    history.go(-1);
    window.stop();
  });
  await page.waitForTimeout(300);
  assert.ok(page.url().endsWith("/count.html"), `the page went to ${page.url()}`);
  assert.equal(requests() - before, 1, "one exit navigation");
  await page.context().close();
});

test("escape shift-3: Escape leaves, and so do three presses of Shift", async () => {
  let page = await openSupport(server.origin, "/both.html");
  assert.ok(await page.getByText("Quickly exit this site by pressing the Escape key, or the Shift key 3 times").isVisible());
  let before = await page.evaluate(() => history.length);
  await page.keyboard.press("Escape");
  await assertLeft(page, before);
  await page.context().close();

  page = await openSupport(server.origin, "/both.html");
  before = await page.evaluate(() => history.length);
  await page.keyboard.press("Shift");
  assert.equal(await page.getByRole("status").textContent(), "Shift, press 2 more times to exit.");
  await page.keyboard.press("Shift");
  await page.keyboard.press("Shift");
  await assertLeft(page, before);
  await page.context().close();
});

test("language: the banner and the exit button agree for en, en-GB, cy, CY, cy-GB in data-lang or <html lang>", async () => {
  const WELSH = { region: "Cwcis ar Support", button: "Gadael y wefan hon", hint: "Gadewch y wefan hon yn gyflym drwy bwyso’r fysell Escape" };
  const ENGLISH = { region: "Cookies on Support", button: "Leave this site", hint: "Quickly exit this site by pressing the Escape key" };
  for (const tag of ["en", "en-GB", "cy", "CY", "cy-GB"]) {
    const expected = tag.toLowerCase().startsWith("cy") ? WELSH : ENGLISH;
    const other = expected === WELSH ? "en" : "cy";
    // data-lang wins over the page's language; without it, <html lang> decides.
    for (const [where, html] of [
      ["data-lang", hostPage({ lang: other, attrs: `data-site-name="Support" data-quick-exit="escape" data-lang="${tag}"` })],
      ["html lang", hostPage({ lang: tag, attrs: 'data-site-name="Support" data-quick-exit="escape"' })],
    ]) {
      const path = `/lang-${where.replace(" ", "-")}-${tag}.html`;
      server.pages[path] = html;
      const page = await newPage(browser);
      await page.goto(`${server.origin}${path}`);
      await started(page);
      const shown = await page.evaluate(() => {
        const exit = document.getElementById("pcc-consent-exit").shadowRoot;
        const region = document.getElementById("pcc-consent").shadowRoot.querySelector("[role=region]");
        return {
          region: region.getAttribute("aria-label"),
          button: exit.querySelector("button").textContent,
          hint: exit.querySelector(".hint").textContent,
        };
      });
      assert.deepEqual(shown, expected, `${where}="${tag}"`);
      await page.context().close();
    }
  }
});

test("leaving with the preferences dialog open hides the dialog and the banner too", async () => {
  const page = await openSupport(server.origin, "/hang.html");
  await page.evaluate(() => window.pccConsent.showPreferences());
  await page.getByRole("dialog").waitFor();
  await defineTopmost(page);
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => document.body.style.visibility === "hidden");
  // What is on top at the dialog's centre and at the banner: only the "Loading." cover.
  const onTop = await page.evaluate(() => {
    const topmost = window.__topmost;
    return [[innerWidth / 2, innerHeight / 2], [innerWidth / 2, innerHeight - 5], [innerWidth - 20, 20]].map(([x, y]) => {
      const el = topmost(x, y);
      return el && (el.getAttribute("role") === "alert" || el.localName === "button" ? el.textContent : el.outerHTML.slice(0, 60));
    });
  });
  // Only the "Loading." cover, and the exit button on it (top right), which keeps working
  // in case the exit is held up (a "Leave site?" prompt answered Stay).
  assert.deepEqual(onTop, ["Loading.", "Loading.", "Leave this site"]);
  await page.context().close();
});
