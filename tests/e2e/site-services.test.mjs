// A site's own gated content named with data-pcc-service (issue 31 item 2): two services
// declared under targeting (a video iframe, a maps script) and one under functionality
// (a chat script: one service, so no sub-switch). For every subset of {video, maps}
// switched on in the dialog, on the page and after a reload, exactly the content of the
// services left on runs; content naming a service that is not declared never runs and is
// named on the console; switching one service off later deletes its declared cookies
// and keeps the other's; the declaration lists each service with its purpose, cookies
// and legal basis.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, hostPage, started } from "./harness.mjs";

const config = `<script type="application/json" id="pcc-consent-config">${JSON.stringify({
  services: [
    { id: "video", category: "targeting", name: "Example Video", purpose: "Plays the videos embedded in our pages", cookies: ["video_pref"] },
    { id: "maps", category: "targeting", name: "Example Maps", purpose: "Shows where our offices are", cookies: ["maps_id"] },
    { id: "chat", category: "functionality", name: "Example Chat", purpose: "Lets you talk to our team" },
  ],
})}</script>`;
const content = `
<iframe title="Video" data-pcc-consent="targeting" data-pcc-service="video" data-src="/video.html"></iframe>
<script type="text/plain" data-pcc-consent="targeting" data-pcc-service="maps">window.__maps = (window.__maps || 0) + 1;</script>
<script type="text/plain" data-pcc-consent="targeting" data-pcc-service="undeclared">window.__undeclared = 1;</script>
<script type="text/plain" data-pcc-consent="functionality" data-pcc-service="chat">window.__chat = 1;</script>`;
const attrs = 'data-site-name="Example PCC" data-categories="functionality targeting"';
const SERVICES = ["video", "maps"];
const NAMES = { video: "Example Video", maps: "Example Maps" };

let server;
let browser;
let site;

before(async () => {
  server = await startServer({
    pages: {
      "/p.html": hostPage({ attrs, head: config, body: content }),
      "/cookies.html": hostPage({ attrs, head: config, body: `${content}<div data-pcc-consent-declaration></div>` }),
      "/video.html": "<!doctype html><title>Video</title><p>Video</p>",
    },
  });
  browser = await launchBrowser();
  site = `http://127.0.0.1:${server.port}`;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const videoLoads = (mark) => server.requests.slice(mark).filter((r) => r.path === "/video.html").length;

/** After the gate has had its pass: what ran. */
async function ran(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100))));
  return page.evaluate(() => ({ maps: window.__maps || 0, undeclared: window.__undeclared || 0, chat: window.__chat || 0 }));
}

async function choose(page, on) {
  await page.getByRole("button", { name: "Customise cookies" }).click();
  for (const s of SERVICES) {
    assert.equal(await page.getByRole("switch", { name: NAMES[s] }).isChecked(), false, `${s} starts off`);
  }
  // One service in functionality: its category switch alone.
  assert.equal(await page.getByRole("switch", { name: "Example Chat" }).count(), 0, "no sub-switch for a lone service");
  for (const s of on) await page.getByRole("switch", { name: NAMES[s] }).check();
  await page.getByRole("button", { name: "Save preferences" }).click();
}

test("every subset of {video, maps}: exactly the content of the services left on runs, on the page and after reload; undeclared content never", async () => {
  const cells = [];
  for (let mask = 0; mask < 4; mask++) {
    const on = SERVICES.filter((_, i) => mask & (1 << i));
    const cell = `{${on.join(",") || "none"}}`;
    const page = await newPage(browser);
    await page.goto(`${site}/p.html`);
    await started(page);
    let mark = server.requests.length;
    assert.deepEqual(await ran(page), { maps: 0, undeclared: 0, chat: 0 }, `${cell}: nothing runs before a choice`);
    await choose(page, on);
    if (on.includes("video")) await page.waitForFunction(() => document.querySelector("iframe").contentWindow.location.pathname === "/video.html");
    if (on.includes("maps")) await page.waitForFunction(() => window.__maps === 1);
    for (const where of ["page", "reload"]) {
      const r = await ran(page);
      assert.equal(videoLoads(mark), on.includes("video") ? 1 : 0, `${cell} ${where}: video`);
      assert.equal(r.maps, on.includes("maps") ? 1 : 0, `${cell} ${where}: maps`);
      assert.equal(r.undeclared, 0, `${cell} ${where}: content naming an undeclared service never runs`);
      assert.equal(r.chat, 0, `${cell} ${where}: functionality was not granted`);
      assert.deepEqual(
        await page.evaluate((ids) => ids.map((s) => window.pccConsent.accepted("targeting", s)), SERVICES),
        SERVICES.map((s) => on.includes(s)),
        `${cell} ${where}: the API`,
      );
      cells.push(`${cell} x ${where}`);
      if (where === "page") {
        mark = server.requests.length;
        await page.reload();
        await started(page);
        if (on.includes("maps")) await page.waitForFunction(() => window.__maps === 1);
        if (on.includes("video")) await page.waitForFunction(() => document.querySelector("iframe").contentWindow.location.pathname === "/video.html");
      }
    }
    const errors = page.messages.filter((m) => m.type === "error" && m.text.includes('data-pcc-service="undeclared"'));
    assert.ok(errors.length >= 1, `${cell}: the undeclared service is named on the console`);
    assert.ok(errors[0].text.includes("video, maps"), errors[0].text);
    await page.context().close();
  }
  console.log(`covered ${cells.length} cells: ${cells.join("; ")}`);
  assert.equal(cells.length, 4 * 2);
});

test("switching one declared service off deletes its cookies and keeps the other's; the declaration lists each service", async () => {
  const page = await newPage(browser);
  await page.goto(`${site}/cookies.html`);
  await started(page);
  await page.evaluate(() => window.pccConsent.accept(["targeting"]));
  await page.waitForFunction(() => window.__maps === 1);
  await page.evaluate(() => {
    document.cookie = "video_pref=1; path=/";
    document.cookie = "maps_id=1; path=/";
  });
  assert.deepEqual(await page.evaluate(() => window.pccConsent.get().services.targeting), { video: true, maps: true });
  await page.evaluate(() => window.pccConsent.showPreferences());
  await page.getByRole("switch", { name: "Example Video" }).uncheck();
  await page.getByRole("button", { name: "Save preferences" }).click();
  await page.waitForFunction(() => !document.cookie.includes("video_pref"));
  assert.ok((await page.evaluate(() => document.cookie)).includes("maps_id=1"), "the other service's cookie stays");
  assert.deepEqual(await page.evaluate(() => window.pccConsent.get().services.targeting), { video: false, maps: true });
  // The declaration is mounted in the element's open shadow root.
  const text = await page.evaluate(() => document.querySelector("[data-pcc-consent-declaration]").shadowRoot?.textContent ?? "");
  for (const want of ["Example Video", "Plays the videos embedded in our pages", "video_pref", "Example Maps", "maps_id", "Example Chat"]) {
    assert.ok(text.includes(want), `the declaration names ${want}:\n${text}`);
  }
  await page.context().close();
});
