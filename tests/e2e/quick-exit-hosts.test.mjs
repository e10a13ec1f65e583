// Quick exit on the pages PCC sites really have: forms in same-origin frames (with and
// without our tag), a sandboxed frame, a third-party frame that grabs focus, a form's
// own "Leave site?" guard, 400% zoom, and a body swapped by Turbo or htmx. Each leaves
// the whole tab for the exit URL with no Referer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, hostPage, started, banner, defineTopmost } from "./harness.mjs";

let server;
let browser;
let exitUrl;
const BUNDLE = "/dist/pcc-consent/pcc-consent.js";

before(async () => {
  server = await startServer({ pages: { "/start.html": "<!doctype html><title>Start</title><h1>Start</h1>" } });
  exitUrl = `http://exit.test:${server.port}/exit.html`;
  const tag = (mode = "escape", extra = "") => `<script src="${BUNDLE}" defer data-site-name="Support" data-quick-exit="${mode}" data-exit-url="${exitUrl}" ${extra}></script>`;
  const form = '<label>Message <textarea id="message"></textarea></label>';
  const links = (n) => Array.from({ length: n }, (_, i) => `<p><a href="#l${i}">Link ${i}</a></p>`).join("");
  const guard = `<script>
    window.addEventListener("beforeunload", (e) => {
      if (document.getElementById("message")?.value) { e.preventDefault(); e.returnValue = ""; }
    }, true);
  </script>`;
  Object.assign(server.pages, {
    "/exit.html": "<!doctype html><title>Exit</title><h1>Weather</h1>",
    "/frame-tag.html": `<!doctype html><html lang="en"><body>${form}<script src="${BUNDLE}" defer data-site-name="Form" data-quick-exit="escape shift-3" data-exit-url="${exitUrl}"></script></body></html>`,
    "/frame-plain.html": `<!doctype html><html lang="en"><body>${form}</body></html>`,
    "/with-tagged-frame.html": hostPage({ attrs: `data-site-name="Support" data-quick-exit="escape shift-3" data-exit-url="${exitUrl}"`, body: '<iframe src="/frame-tag.html" title="Referral form" style="width:600px;height:300px"></iframe>' }),
    "/untagged-with-tagged-frame.html": '<!doctype html><html lang="en"><body><h1>Support</h1><iframe src="/frame-tag.html" title="Referral form" style="width:600px;height:300px"></iframe></body></html>',
    "/with-plain-frame.html": hostPage({ attrs: `data-site-name="Support" data-quick-exit="escape shift-3" data-exit-url="${exitUrl}"`, body: '<iframe src="/frame-plain.html" title="Referral form"></iframe>' }),
    "/with-sandboxed-frame.html": '<!doctype html><html lang="en"><body><h1>Support</h1><iframe sandbox="allow-scripts" src="/frame-tag.html" title="Referral form" style="width:600px;height:300px"></iframe></body></html>',
    // The page's "Leave site?" guard, registered after our tag (tag in <head>)...
    "/guard-head.html": `<!doctype html><html lang="en"><head>${tag().replace(" defer", "")}</head><body><h1>Report</h1>${form}${guard}</body></html>`,
    // ...and before it (tag at the end of <body>).
    "/guard-late.html": `<!doctype html><html lang="en"><head>${guard}</head><body><h1>Report</h1>${form}${tag()}</body></html>`,
    "/zoom.html": `<!doctype html><html lang="en"><body><h1>Support</h1>${links(20)}${tag()}</body></html>`,
    "/steal.html": '<!doctype html><html lang="en"><body><input id="ad" aria-label="Ad"><script>setTimeout(() => document.getElementById("ad").focus(), 800)</script></body></html>',
    "/swap.html": hostPage({ attrs: `data-site-name="Support" data-quick-exit="escape shift-3" data-exit-url="${exitUrl}"`, body: "<p>First body</p>" }),
  });
  server.pages["/with-greedy-frame.html"] = hostPage({
    attrs: `data-site-name="Support" data-quick-exit="escape shift-3" data-exit-url="${exitUrl}"`,
    body: `<iframe src="http://ads.test:${server.port}/steal.html" title="Advert"></iframe>`,
  });
  browser = await launchBrowser(["--host-resolver-rules=MAP exit.test 127.0.0.1, MAP ads.test 127.0.0.1"]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path, options = {}) {
  const page = await newPage(browser, options);
  await page.goto(`${server.origin}/start.html`);
  await page.goto(`${server.origin}${path}`);
  return page;
}

/** The top window is on the exit page, with no Referer and no new history entry. */
async function assertTabLeft(page, historyBefore) {
  await page.waitForURL(exitUrl, { timeout: 5000 });
  assert.equal(await page.evaluate(() => history.length), historyBefore, "one history entry");
  for (const hit of server.requests.filter((r) => r.path === "/exit.html")) assert.equal(hit.headers.referer, undefined);
}

const frameReady = async (page) => {
  const frame = page.frameLocator("iframe");
  await frame.locator("#message").waitFor();
  return frame;
};

test("same-origin frame with our tag: Escape in its text box and its Leave this site button take the whole tab", async () => {
  for (const path of ["/with-tagged-frame.html", "/untagged-with-tagged-frame.html"]) {
    for (const how of ["Escape", "button", "Shift x3"]) {
      const page = await open(path);
      const frame = await frameReady(page);
      await frame.getByRole("button", { name: "Leave this site" }).waitFor();
      const before = await page.evaluate(() => history.length);
      await frame.locator("#message").fill("I need help");
      if (how === "Escape") await page.keyboard.press("Escape");
      else if (how === "button") await frame.getByRole("button", { name: "Leave this site" }).click();
      else for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
      await assertTabLeft(page, before);
      await page.context().close();
    }
  }
});

test("same-origin frame without our tag: Escape and Shift x3 typed in it take the whole tab", async () => {
  for (const how of ["Escape", "Shift x3"]) {
    const page = await open("/with-plain-frame.html");
    await started(page);
    const frame = await frameReady(page);
    const before = await page.evaluate(() => history.length);
    await frame.locator("#message").click();
    await page.keyboard.type("help");
    if (how === "Escape") await page.keyboard.press("Escape");
    else for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
    await assertTabLeft(page, before);
    await page.context().close();
  }
});

test("a sandboxed frame without top navigation leaves itself and says why on the console", async () => {
  const page = await open("/with-sandboxed-frame.html");
  const frame = await frameReady(page);
  await frame.getByRole("button", { name: "Leave this site" }).waitFor();
  await frame.locator("#message").fill("help");
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => true);
  const child = page.frames()[1];
  for (let i = 0; i < 50 && !child.url().startsWith(exitUrl); i++) await page.waitForTimeout(100);
  assert.equal(child.url(), exitUrl, "the frame left");
  assert.ok(page.url().endsWith("/with-sandboxed-frame.html"), "the top window cannot be reached");
  assert.ok(page.messages.some((m) => m.type === "error" && /pcc-consent: quick exit left only this frame/.test(m.text)), JSON.stringify(page.messages));
  await page.context().close();
});

test("a page's Leave site? guard: tag in <head> -> no prompt; tag later, answered Stay -> cover and a working exit stay, the next try leaves", async () => {
  let page = await open("/guard-head.html");
  let prompts = 0;
  page.on("dialog", (d) => (prompts++, d.dismiss()));
  await started(page);
  await page.locator("#message").click();
  await page.keyboard.type("Someone is looking over my shoulder.");
  let before = await page.evaluate(() => history.length);
  await page.keyboard.press("Escape");
  await assertTabLeft(page, before);
  assert.equal(prompts, 0, "no Leave site? prompt");
  await page.context().close();

  page = await open("/guard-late.html");
  const answers = ["stay", "stay", "leave"];
  const asked = [];
  page.on("dialog", (d) => {
    asked.push(d.type());
    return answers.shift() === "leave" ? d.accept() : d.dismiss();
  });
  await started(page);
  await page.locator("#message").click();
  await page.keyboard.type("Someone is looking over my shoulder.");
  before = await page.evaluate(() => history.length);
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => document.querySelector("[data-pcc-consent-cover]"));
  await page.waitForTimeout(300);
  assert.deepEqual(asked, ["beforeunload"]);
  // Stayed: the cover is up (the site is not shown again) and the exit is on it.
  await defineTopmost(page);
  const look = await page.evaluate(() => {
    const r = document.getElementById("pcc-consent-exit").shadowRoot.querySelector("button").getBoundingClientRect();
    const atExit = window.__topmost(r.x + r.width / 2, r.y + r.height / 2);
    const atPage = window.__topmost(innerWidth / 2, innerHeight / 2);
    return { exit: atExit && atExit.textContent, page: atPage && atPage.textContent, body: document.body.style.visibility };
  });
  assert.deepEqual(look, { exit: "Leave this site", page: "Loading.", body: "hidden" });
  // The button tries again (answered Stay once more), then Escape (answered Leave).
  await page.getByRole("button", { name: "Leave this site" }).click();
  await page.waitForTimeout(300);
  assert.deepEqual(asked, ["beforeunload", "beforeunload"]);
  assert.ok(page.url().endsWith("/guard-late.html"));
  await page.keyboard.press("Escape");
  await assertTabLeft(page, before);
  assert.deepEqual(asked, ["beforeunload", "beforeunload", "beforeunload"]);
  await page.context().close();
});

test("400% zoom (320x256): a quarter of the page visible with the exit and the banner, no focused link entirely hidden, one click leaves", async () => {
  const page = await open("/zoom.html", { viewport: { width: 320, height: 256 } });
  await started(page);
  await banner(page).waitFor();
  await page.waitForTimeout(200);
  const fixed = () =>
    page.evaluate(() => {
      const exit = document.getElementById("pcc-consent-exit").shadowRoot.querySelector(".exit").getBoundingClientRect();
      const b = document.getElementById("pcc-consent").shadowRoot.querySelector(".pcc-consent-banner").getBoundingClientRect();
      return { exitBottom: exit.bottom, bannerTop: b.top, exitLeft: exit.left };
    });
  const { exitBottom, bannerTop } = await fixed();
  const visible = bannerTop - exitBottom;
  console.log(`320x256: exit 0-${exitBottom} px, banner ${bannerTop}-256 px: ${visible} px of the page visible`);
  assert.ok(visible >= 64, `${visible} px of the page visible`);
  let hidden = 0;
  let seen = 0;
  for (let i = 0; i < 80 && seen < 20; i++) {
    await page.keyboard.press("Tab");
    const r = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a || a.localName !== "a") return null;
      const r = a.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom };
    });
    if (!r) continue;
    seen++;
    const f = await fixed();
    // Entirely hidden: no part of it between the exit and the banner.
    if (Math.min(r.bottom, f.bannerTop) - Math.max(r.top, f.exitBottom) <= 0) hidden++;
  }
  assert.equal(seen, 20);
  assert.equal(hidden, 0, "focused links entirely hidden");
  const before = await page.evaluate(() => history.length);
  await page.getByRole("button", { name: "Leave this site" }).click();
  await assertTabLeft(page, before);
  await page.context().close();
});

test("a cross-origin frame that focuses itself on load does not switch off Escape; one the visitor clicks keeps focus", async () => {
  // No page.evaluate() until the frame has taken focus: Playwright runs it as a user
  // gesture, which would count as the visitor's action.
  let page = await open("/with-greedy-frame.html");
  await page.waitForTimeout(2000);
  assert.notEqual(await page.evaluate(() => document.activeElement.localName), "iframe", "the frame kept the focus it took");
  assert.ok(page.messages.some((m) => /pcc-consent: a frame took focus without a click or tap/.test(m.text)), JSON.stringify(page.messages));
  const before = await page.evaluate(() => history.length);
  await page.keyboard.press("Escape");
  await assertTabLeft(page, before);
  await page.context().close();

  page = await open("/with-greedy-frame.html");
  await started(page);
  await page.waitForTimeout(1200);
  await page.frameLocator("iframe").locator("#ad").click();
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.activeElement.localName), "iframe", "the visitor's click into the frame is respected");
  await page.context().close();
});

test("after the page replaces document.body (Turbo, htmx), there is exactly one exit button and the keys still leave", async () => {
  for (const how of ["Escape", "button"]) {
    const page = await open("/swap.html");
    await started(page);
    await page.evaluate(() => {
      // What Turbo does: a new <body> from the next page (here carrying a stale snapshot
      // copy of the exit host), put in place of the old one.
      const body = document.createElement("body");
      body.innerHTML = '<div id="pcc-consent-exit" data-pcc-consent-exit popover="manual"></div><h1>Next page</h1><input id="q">';
      document.documentElement.replaceChild(body, document.body);
    });
    await page.waitForFunction(() => document.body.firstChild && document.body.firstChild.shadowRoot);
    assert.equal(await page.evaluate(() => document.querySelectorAll("[data-pcc-consent-exit]").length), 1);
    const before = await page.evaluate(() => history.length);
    if (how === "Escape") {
      await page.locator("#q").focus();
      await page.keyboard.press("Escape");
    } else await page.getByRole("button", { name: "Leave this site" }).click();
    await assertTabLeft(page, before);
    await page.context().close();
  }
});
