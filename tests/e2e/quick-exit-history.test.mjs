// What the Back button shows after a quick exit, with data-quick-exit-history="single"
// (a visit is one history entry) and without it (the README's description).
// The visitor arrives from another site (elsewhere.test), visits three pages of the
// support site by clicking links, then leaves with Escape.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, hostPage } from "./harness.mjs";

let server;
let browser;
let site;
let elsewhere;
let exitUrl;

const sitePage = (n, history) =>
  hostPage({
    attrs: `data-site-name="Support" data-quick-exit="escape" data-exit-url="EXIT" data-quick-exit-history="${history}"`,
    body: `<h2>Page ${n}</h2>
<p><a id="next" href="/${history}/${n + 1}.html">Next page</a></p>
<p><a id="blank" href="/${history}/2.html" target="_blank">New tab</a></p>
<p><a id="download" href="/${history}/leaflet.txt" download>Leaflet</a></p>
<p><a id="away" href="ELSEWHERE/start.html">Another site</a></p>
<p><a id="routed" href="/${history}/3.html">Routed by the page</a></p>
<script>document.getElementById("routed").addEventListener("click", (e) => { e.preventDefault(); window.routed = true; });</script>`,
  });

before(async () => {
  server = await startServer();
  site = server.origin;
  elsewhere = `http://elsewhere.test:${server.port}`;
  exitUrl = `http://exit.test:${server.port}/exit.html`;
  const pages = {
    "/start.html": `<!doctype html><title>Search</title><a id="go" href="${site}/MODE/1.html">Support site</a>`,
    "/exit.html": "<!doctype html><title>Exit</title><h1>Weather</h1>",
    "/single/leaflet.txt": "leaflet",
  };
  for (const mode of ["single", "default"]) {
    for (const n of [1, 2, 3]) {
      pages[`/${mode}/${n}.html`] = sitePage(n, mode).replace("EXIT", exitUrl).replace("ELSEWHERE", elsewhere);
    }
  }
  Object.assign(server.pages, pages);
  browser = await launchBrowser(["--host-resolver-rules=MAP exit.test 127.0.0.1, MAP elsewhere.test 127.0.0.1"]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** From the other site, into the support site, three pages by clicking, then Escape. */
async function visitAndLeave(mode) {
  server.pages["/start.html"] = server.pages["/start.html"].replace(/\/(MODE|single|default)\//, `/${mode}/`);
  const page = await newPage(browser);
  await page.goto(`${elsewhere}/start.html`);
  await page.click("#go");
  await page.waitForURL(`${site}/${mode}/1.html`);
  const arrived = await page.evaluate(() => history.length);
  for (const n of [2, 3]) {
    await page.click("#next");
    await page.waitForURL(`${site}/${mode}/${n}.html`);
  }
  const visited = await page.evaluate(() => history.length);
  await page.getByRole("button", { name: "Leave this site" }).waitFor();
  await page.keyboard.press("Escape");
  await page.waitForURL(exitUrl);
  return { page, arrived, visited };
}

/** Every page the Back button leads to, most recent first. */
async function backList(page) {
  const urls = [];
  while (urls.length < 10 && (await page.goBack())) urls.push(page.url());
  return urls;
}

test("single: after three pages and a quick exit, Back never shows a page of the site", async () => {
  const { page, arrived, visited } = await visitAndLeave("single");
  assert.equal(visited, arrived, "links replaced the history entry instead of adding one");
  const back = await backList(page);
  assert.equal(back[0], `${elsewhere}/start.html`, "Back goes to the page before the site");
  const ofSite = back.filter((url) => url.startsWith(site));
  assert.deepEqual(ofSite, [], `Back leads to pages of the site: ${back.join(", ")}`);
  await page.context().close();
});

test("default: Back shows the site's earlier pages, but not the page the visitor left (as the README says)", async () => {
  const { page, arrived, visited } = await visitAndLeave("default");
  assert.equal(visited, arrived + 2, "each link added a history entry");
  const back = await backList(page);
  assert.deepEqual(back.slice(0, 3), [`${site}/default/2.html`, `${site}/default/1.html`, `${elsewhere}/start.html`]);
  assert.ok(!back.some((url) => url.endsWith("/3.html")), "the page left is not in Back history");
  await page.context().close();
});

test("single: new-tab clicks, target=_blank, downloads, other sites and links the page routes itself are left alone", async () => {
  const page = await newPage(browser);
  await page.goto(`${elsewhere}/start.html`);
  await page.goto(`${site}/single/1.html`);
  await page.getByRole("button", { name: "Leave this site" }).waitFor();
  const length = () => page.evaluate(() => history.length);
  const start = await length();

  // Ctrl+click and target=_blank open a new tab; this page stays where it is.
  for (const [selector, modifiers] of [["#next", ["Control"]], ["#blank", []]]) {
    const [tab] = await Promise.all([page.context().waitForEvent("page"), page.click(selector, { modifiers })]);
    await tab.waitForLoadState();
    assert.ok(tab.url().startsWith(`${site}/single/2.html`), `${selector} opened ${tab.url()}`);
    await tab.close();
    assert.equal(page.url(), `${site}/single/1.html`, `${selector} left this page alone`);
  }
  // A download stays a download.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  assert.equal(download.suggestedFilename(), "leaflet.txt");
  assert.equal(page.url(), `${site}/single/1.html`);
  // A link the page routes itself (preventDefault) is the page's business.
  await page.click("#routed");
  assert.equal(await page.evaluate(() => window.routed), true);
  assert.equal(page.url(), `${site}/single/1.html`);
  assert.equal(await length(), start);
  // Another site's link adds a history entry as usual.
  await page.click("#away");
  await page.waitForURL(`${elsewhere}/start.html`);
  assert.equal(await length(), start + 1, "a link to another site is pushed");
  await page.context().close();
});
