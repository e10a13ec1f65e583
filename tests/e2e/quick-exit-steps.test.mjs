// Quick exit's steps, one at a time, in real Chromium: each module of src/js/quick_exit/
// is imported as it is (ES modules, no bundle) into a bare page, and driven as a
// visitor would drive it (keys, clicks, a dialog opening).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage } from "./harness.mjs";

let server;
let browser;

const bare = (body = "", lang = "en") =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Step</title></head><body>${body}</body></html>`;

before(async () => {
  server = await startServer({
    pages: {
      "/bare.html": bare('<label>Name <input id="name"></label><button id="page-button">Page</button>'),
      "/cy.html": bare("", "cy-GB"),
      "/links.html": bare(Array.from({ length: 80 }, (_, i) => `<p style="text-align:right;margin:0 0 12px"><a href="#l${i}">Link ${i}</a></p>`).join("")),
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path = "/bare.html", options = {}) {
  const page = await newPage(browser, options);
  await page.goto(`${server.origin}${path}`);
  return page;
}

/** Runs `fn` in the page with the step's module imported as `m`. */
const withModule = (page, name, fn, arg) =>
  page.evaluate(
    async ({ name, fn, arg }) => {
      const m = await import(`/src/js/quick_exit/${name}.js`);
      // eslint-disable-next-line no-new-func
      return new Function("m", "arg", `return (${fn})(m, arg)`)(m, arg);
    },
    { name, fn: fn.toString(), arg },
  );

test("settings: modes, exit URL and language are read from the tag; bad values are reported and defaulted", async () => {
  const page = await open("/cy.html");
  const result = await withModule(page, "settings", (m) => {
    const tag = (attrs) => {
      const s = document.createElement("script");
      for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
      return s;
    };
    const pick = (s) => ({ escape: s.escape, shift: s.shift, single: s.single, exitUrl: s.exitUrl, button: s.texts.button, hint: s.hint });
    return {
      none: pick(m.readSettings(null)),
      both: pick(m.readSettings(tag({ "data-quick-exit": "Shift-3  escape", "data-exit-url": "https://example.org/x", "data-lang": "en-GB", "data-quick-exit-history": "single" }))),
      bad: pick(m.readSettings(tag({ "data-quick-exit": "esc", "data-exit-url": "javascript:alert(1)" }))),
      langs: ["en", "EN-gb", "cy", "CY", "cy-GB", "fr", "", " cy "].map(m.langOf),
    };
  });
  assert.deepEqual(result.none, { escape: false, shift: false, single: false, exitUrl: "https://www.bbc.co.uk/weather", button: "Gadael y wefan hon", hint: "Gadewch y wefan hon yn gyflym drwy bwyso’r fysell Shift 3 gwaith" });
  assert.deepEqual(result.both, { escape: true, shift: true, single: true, exitUrl: "https://example.org/x", button: "Leave this site", hint: "Quickly exit this site by pressing the Escape key, or the Shift key 3 times" });
  assert.equal(result.bad.escape || result.bad.shift, false);
  assert.equal(result.bad.exitUrl, "https://www.bbc.co.uk/weather");
  assert.deepEqual(result.langs, ["en", "en", "cy", "cy", "cy", null, null, "cy"]);
  const errors = page.messages.filter((m) => m.type === "error").map((m) => m.text);
  assert.ok(errors.some((e) => e.startsWith('pcc-consent: ignoring data-quick-exit="esc"')), errors.join("\n"));
  assert.ok(errors.some((e) => e.startsWith('pcc-consent: ignoring data-exit-url="javascript:alert(1)"')), errors.join("\n"));
  await page.context().close();
});

test("keys: the Shift counter finishes on the third press within five seconds, expires, and restarts after another key", async () => {
  const page = await open();
  const log = await withModule(page, "keys", (m) => {
    let t = 0;
    const timers = [];
    const log = [];
    const counter = m.shiftCounter({
      now: () => t,
      setTimer: (fn, ms) => timers.push({ fn, at: t + ms }) - 1,
      clearTimer: (i) => timers[i] && (timers[i].fn = null),
      onCount: (left) => log.push(`left ${left}`),
      onExpire: () => log.push("expired"),
      onDone: () => log.push("done"),
    });
    const advance = (ms) => {
      t += ms;
      for (const timer of timers) if (timer.fn && timer.at <= t) (timer.fn(), (timer.fn = null));
    };
    counter.press(); counter.press(); counter.press();
    log.push("|");
    counter.press(); counter.press(); advance(5000);
    log.push("|");
    counter.press(); log.push(`spoil ${counter.spoil()}`); counter.press(); counter.press();
    counter.spoil();
    log.push("|");
    counter.press(); advance(4000); counter.press(); advance(1500); counter.press();
    return log;
  });
  assert.deepEqual(log, ["left 2", "left 1", "done", "|", "left 2", "left 1", "expired", "|", "left 2", "spoil true", "left 2", "left 1", "|", "left 2", "left 1", "expired", "left 2"]);
  await page.context().close();
});

test("keys: Escape in a text field leaves and the page never sees it; Shift with a letter does not count", async () => {
  const page = await open();
  await withModule(page, "keys", (m) => {
    window.left = 0;
    window.seen = [];
    window.said = [];
    document.addEventListener("keydown", (e) => seen.push(e.key));
    const texts = { more: (n) => `more ${n}`, expired: "expired" };
    m.watchKeys(window, { escape: true, shift: true, texts, leave: () => left++, leaving: () => false, announce: (t) => said.push(t) });
  });
  await page.locator("#name").focus();
  await page.keyboard.press("Escape");
  assert.equal(await page.evaluate(() => window.left), 1);
  assert.deepEqual(await page.evaluate(() => window.seen), [], "the page saw the Escape");
  await page.keyboard.press("Shift");
  await page.keyboard.press("Shift+A");
  await page.keyboard.press("Shift");
  assert.equal(await page.evaluate(() => window.left), 1, "a capital letter broke the count");
  await page.keyboard.press("Shift");
  await page.keyboard.press("Shift");
  assert.equal(await page.evaluate(() => window.left), 2);
  assert.deepEqual(await page.evaluate(() => window.said), ["more 2", "", "more 2", "more 1"]);
  await page.context().close();
});

test("button: first in the body, shown in the top layer, not focused; exactly one after the body is replaced or emptied", async () => {
  const page = await open();
  const state = () =>
    page.evaluate(() => {
      const all = document.querySelectorAll("[data-pcc-consent-exit]");
      const host = document.getElementById("pcc-consent-exit");
      return { count: all.length, first: document.body.firstChild === host, open: !!host && host.matches(":popover-open"), focused: document.activeElement !== document.body };
    });
  await withModule(page, "button", (m) => {
    const host = m.exitButton(document, { texts: { button: "Leave this site" }, hint: "Hint", onLeave: () => (window.left = (window.left || 0) + 1) });
    m.placeButton(window, host);
  });
  assert.deepEqual(await state(), { count: 1, first: true, open: true, focused: false });
  // Turbo: a new <body> (from a snapshot holding a stale copy without its shadow root).
  await page.evaluate(() => {
    const body = document.createElement("body");
    body.innerHTML = '<div id="pcc-consent-exit" data-pcc-consent-exit popover="manual"></div><p>New page</p>';
    document.documentElement.replaceChild(body, document.body);
  });
  await page.waitForFunction(() => document.body.firstChild && document.body.firstChild.shadowRoot);
  assert.deepEqual(await state(), { count: 1, first: true, open: true, focused: false });
  // htmx: the body's content swapped.
  await page.evaluate(() => (document.body.innerHTML = "<p>Swapped</p>"));
  await page.waitForFunction(() => document.getElementById("pcc-consent-exit"));
  assert.deepEqual(await state(), { count: 1, first: true, open: true, focused: false });
  await page.getByRole("button", { name: "Leave this site" }).click();
  assert.equal(await page.evaluate(() => window.left), 1);
  await page.context().close();
});

test("button: Shift+Tab up 80 right-aligned links never leaves one more than half under the exit", async () => {
  for (const viewport of [{ width: 1000, height: 600 }, { width: 390, height: 700 }]) {
    const page = await open("/links.html", { viewport });
    await withModule(page, "button", (m) => {
      const host = m.exitButton(document, { texts: { button: "Leave this site" }, hint: "Quickly exit this site by pressing the Escape key", onLeave: () => {} });
      m.placeButton(window, host);
    });
    await page.locator("a").last().focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    let hidden = 0;
    for (let i = 0; i < 79; i++) {
      await page.keyboard.press("Shift+Tab");
      // Measured once the browser has scrolled and painted the next frame.
      hidden += await page.evaluate(async () => {
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const a = document.activeElement.getBoundingClientRect();
        const e = document.getElementById("pcc-consent-exit").shadowRoot.querySelector(".exit").getBoundingClientRect();
        const w = Math.max(0, Math.min(a.right, e.right) - Math.max(a.left, e.left));
        const h = Math.max(0, Math.min(a.bottom, e.bottom) - Math.max(a.top, e.top));
        return w * h > (a.width * a.height) / 2 ? 1 : 0;
      });
    }
    console.log(`${viewport.width}x${viewport.height}: ${hidden} of 79 focused links more than half under the exit`);
    assert.equal(hidden, 0, `${viewport.width}x${viewport.height}`);
    await page.context().close();
  }
});

test("modals: a dialog opened by a click inside a shadow root gets an exit first inside it, not focused, gone on close", async () => {
  const page = await open();
  await withModule(page, "modals", (m) => {
    const host = document.createElement("div");
    document.body.append(host);
    const root = host.attachShadow({ mode: "open" });
    root.innerHTML = '<button id="opener">Customise</button><dialog><button id="close">Close</button></dialog>';
    const dialog = root.querySelector("dialog");
    root.getElementById("opener").addEventListener("click", () => {
      dialog.showModal();
      root.getElementById("close").focus();
    });
    root.getElementById("close").addEventListener("click", () => dialog.close());
    m.reachIntoModals(window, {
      makeButton: () => {
        const b = document.createElement("button");
        b.setAttribute("data-pcc-consent-exit", "");
        b.setAttribute("popover", "manual");
        b.textContent = "Leave this site";
        b.style.cssText = "position:fixed;inset:0 0 auto auto;margin:0";
        b.onclick = () => (window.left = (window.left || 0) + 1);
        return b;
      },
    });
  });
  const look = () =>
    page.evaluate(() => {
      const root = document.querySelector("div").shadowRoot;
      const dialog = root.querySelector("dialog");
      return { first: dialog.firstChild && dialog.firstChild.textContent, open: !!dialog.querySelector(":popover-open"), focus: root.activeElement && root.activeElement.textContent };
    });
  await page.getByRole("button", { name: "Customise" }).click();
  assert.deepEqual(await look(), { first: "Leave this site", open: true, focus: "Close" });
  await page.getByRole("button", { name: "Close" }).click();
  // The dialog's close event is queued as a task: the exit goes when it runs.
  await page
    .waitForFunction(() => !document.querySelector("div").shadowRoot.querySelector("dialog [data-pcc-consent-exit]"), null, { timeout: 2000 })
    .catch(() => {});
  assert.deepEqual(await look(), { first: "Close", open: false, focus: "Customise" });
  // Reopened: a new exit, and it works.
  await page.getByRole("button", { name: "Customise" }).click();
  assert.deepEqual(await look(), { first: "Leave this site", open: true, focus: "Close" });
  await page.getByRole("button", { name: "Leave this site" }).click();
  assert.equal(await page.evaluate(() => window.left), 1);
  await page.context().close();
});

test("leave: covers the page at once, navigates once, swallows the page's clicks and stops history.back()", async () => {
  const page = await open();
  const hits = () => server.requests.filter((r) => r.path === "/no-content").length;
  const before = hits();
  await withModule(page, "leave", (m, url) => {
    window.seen = 0;
    document.getElementById("page-button").addEventListener("click", () => seen++);
    window.leaver = m.createLeaver({ exitUrl: url, texts: { loading: "Loading." } });
    window.leaver.leave();
    window.leaver.leave();
  }, `${server.origin}/no-content`);
  await page.waitForFunction(() => document.body.style.visibility === "hidden");
  await page.evaluate(() => document.getElementById("page-button").click());
  await page.evaluate(() => history.back());
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.seen), 0);
  assert.equal(await page.evaluate(() => document.querySelector("[data-pcc-consent-cover]").textContent), "Loading.");
  assert.ok(page.url().endsWith("/bare.html"));
  assert.equal(hits() - before, 1, "one navigation");
  await page.context().close();
});
