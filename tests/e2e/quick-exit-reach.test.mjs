// Quick exit is always reachable: "Leave this site" can be clicked, tapped and reached
// with Tab in every state of the page (banner, preferences dialog, saved message,
// floating settings button, a site's own overlay), and nothing covers it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, banner, hostPage, started, axeViolations, defineTopmost } from "./harness.mjs";

let server;
let browser;
let exitUrl;

const PHONE = { viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true };
const DESKTOP = { viewport: { width: 1280, height: 720 } };

before(async () => {
  server = await startServer({ pages: { "/exit.html": "<!doctype html><title>Exit</title><h1>Weather</h1>" } });
  exitUrl = `http://exit.test:${server.port}/exit.html`;
  const attrs = `data-site-name="Support" data-quick-exit="escape" data-exit-url="${exitUrl}" data-settings-button`;
  Object.assign(server.pages, {
    "/support.html": hostPage({ attrs }),
    // The site's own full-screen overlay (a chat widget, a modal of its own), at the
    // highest z-index there is, later in the page than the exit button.
    "/overlay.html": hostPage({
      attrs,
      body: '<div id="site-overlay" style="position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.5)"><button>Site button</button></div>',
    }),
  });
  Object.assign(server.pages, {
    // The site's own top-layer pieces, opened after the exit button: a full-screen
    // popover, and a modal dialog (which makes the rest of the page inert).
    "/site-popover.html": hostPage({
      attrs,
      body: `<div id="site-popover" popover="manual" style="inset:0;width:100vw;height:100vh;margin:0;border:0;background:#fff">Site popover</div>
<button id="show" onclick="document.getElementById('site-popover').showPopover()">Show</button>`,
    }),
    "/site-dialog.html": hostPage({
      attrs,
      body: `<dialog id="site-dialog" style="width:100vw;height:100vh;max-width:none;max-height:none;margin:0;padding:0;border:0"><button>Site dialog button</button></dialog>
<button id="show" onclick="document.getElementById('site-dialog').showModal()">Show</button>`,
    }),
  });
  browser = await launchBrowser([`--host-resolver-rules=MAP exit.test 127.0.0.1`]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path, options = DESKTOP) {
  const page = await newPage(browser, options);
  await page.goto(`${server.origin}${path}`);
  await started(page);
  await page.getByRole("button", { name: "Leave this site" }).first().waitFor();
  return page;
}

/** Where the exit button is on screen (the one on the page; any copy sits on it). */
const exitBox = (page) =>
  page.evaluate(() => {
    const r = document.getElementById("pcc-consent-exit").shadowRoot.querySelector("button").getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });

/**
 * What a visitor would hit at the exit button's centre and corners: the topmost element
 * there, looking into shadow roots. Each must be a "Leave this site" button.
 */
async function assertUncovered(page, state) {
  const box = await exitBox(page);
  await defineTopmost(page);
  const hits = await page.evaluate((b) => {
    const topmost = window.__topmost;
    const points = [[b.x + b.width / 2, b.y + b.height / 2], [b.x + 2, b.y + 2], [b.x + b.width - 2, b.y + 2],
      [b.x + 2, b.y + b.height - 2], [b.x + b.width - 2, b.y + b.height - 2]];
    return points.map(([x, y]) => {
      const el = topmost(x, y);
      return el && el.localName === "button" ? el.textContent : el && `${el.localName}.${el.className}#${el.id}`;
    });
  }, box);
  for (const hit of hits) assert.equal(hit, "Leave this site", `${state}: the exit button is covered by ${hit}`);
}

async function clickExit(page, how = "mouse") {
  const box = await exitBox(page);
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  if (how === "touch") await page.touchscreen.tap(x, y);
  else await page.mouse.click(x, y);
  await page.waitForURL(exitUrl, { timeout: 5000 });
}

const openDialog = async (page) => {
  await page.evaluate(() => window.pccConsent.showPreferences());
  await page.getByRole("dialog").waitFor();
};

test("a mouse click on Leave this site leaves with the banner showing", async () => {
  const page = await open("/support.html");
  await banner(page).waitFor();
  await assertUncovered(page, "banner");
  await clickExit(page);
  await page.context().close();
});

test("a mouse click on Leave this site leaves with the preferences dialog open", async () => {
  const page = await open("/support.html");
  await openDialog(page);
  await assertUncovered(page, "dialog");
  await clickExit(page);
  await page.context().close();
});

test("a tap on Leave this site leaves with the preferences dialog open on a phone", async () => {
  const page = await open("/support.html", PHONE);
  await openDialog(page);
  await assertUncovered(page, "dialog, phone");
  await clickExit(page, "touch");
  await page.context().close();
});

test("a mouse click on Leave this site leaves through the site's own full-screen overlay at the top z-index", async () => {
  const page = await open("/overlay.html");
  await assertUncovered(page, "site overlay");
  await clickExit(page);
  await page.context().close();
});

test("with the preferences dialog open, the exit is first in its Tab loop but does not take focus on opening", async () => {
  const page = await open("/support.html");
  await openDialog(page);
  const focused = () =>
    page.evaluate(() => {
      let el = document.activeElement;
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      return el && el.textContent;
    });
  assert.equal(await focused(), "Close", "the dialog opens with focus on Close");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await focused(), "Leave this site", "Shift+Tab from the first control");
  await page.keyboard.press("Shift+Tab");
  assert.notEqual(await focused(), "Leave this site", "Shift+Tab goes on round the loop");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "Leave this site", "Tab from the last control comes round to the exit");
  await page.keyboard.press("Enter");
  await page.waitForURL(exitUrl, { timeout: 5000 });
  await page.context().close();
});

test("nothing of ours covers the exit button, nor it them, in any state, at 1280 and 360 px", async () => {
  for (const options of [DESKTOP, PHONE]) {
    const width = options.viewport.width;
    const page = await open("/support.html", options);
    await banner(page).waitFor();
    await assertUncovered(page, `banner at ${width}px`);
    await openDialog(page);
    await assertUncovered(page, `dialog at ${width}px`);
    // The dialog's own Close button is not under the exit.
    const close = await page.getByRole("button", { name: "Close" }).boundingBox();
    const exit = await exitBox(page);
    assert.ok(close.y >= exit.y + exit.height || close.x + close.width <= exit.x, `Close ${JSON.stringify(close)} under exit ${JSON.stringify(exit)} at ${width}px`);
    await page.getByRole("button", { name: "Reject all" }).click();
    await page.getByText("Your cookie preferences have been saved").waitFor();
    await assertUncovered(page, `saved message at ${width}px`);
    await page.getByRole("button", { name: "Hide this message" }).click();
    await page.getByRole("button", { name: "Cookie settings" }).waitFor();
    await assertUncovered(page, `floating settings button at ${width}px`);
    // On the next page, with the floating button showing, the exit is still the first
    // thing Tab reaches.
    await page.reload();
    await page.getByRole("button", { name: "Cookie settings" }).waitFor();
    await assertUncovered(page, `floating settings button after a reload at ${width}px`);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "pcc-consent-exit", `Tab at ${width}px`);
    await page.context().close();
  }
});

test("a mouse click on Leave this site leaves with the site's own popover or modal dialog open over the whole page", async () => {
  for (const path of ["/site-popover.html", "/site-dialog.html"]) {
    const page = await open(path);
    await page.evaluate(() => document.getElementById("show").click());
    await page.waitForFunction(() => document.querySelector(":popover-open#site-popover, dialog[open]"));
    await assertUncovered(page, path);
    await clickExit(page);
    await page.context().close();
  }
});

test("axe-core finds no WCAG A/AA violation with the exit button inside the open dialog", async () => {
  const page = await open("/support.html");
  await openDialog(page);
  assert.deepEqual(await axeViolations(page, ["#pcc-consent", "#pcc-consent-exit"]), []);
  await page.context().close();
});
