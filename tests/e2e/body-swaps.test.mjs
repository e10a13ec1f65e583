// Sites whose navigation swaps <body> without a page load (issue 24 item 3, issue 30
// item 3): a small in-page stand-in doing what Turbo Drive does, and the real libraries
// from npm (package.json pins @hotwired/turbo 8 and htmx.org 2), served from
// node_modules. Each page carries gated scripts (inline and data-src), a gated iframe
// and a footer "Cookie settings" link; the banner tag sits in <head> or at the end of
// <body>, and the site does nothing else for us.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startServer, launchBrowser, newPage, started, ROOT } from "./harness.mjs";

let server;
let browser;

const FRAMEWORKS = {
  // What Turbo Drive does, by hand: fetch, merge <head>, replace <body>, re-run the
  // body's scripts, pushState; Back/Forward fetch and swap again.
  standin: { head: '<script src="/swap-standin.js"></script>', body: "" },
  turbo: { head: '<script src="/npm/@hotwired/turbo/dist/turbo.es2017-umd.js"></script>', body: "" },
  htmx: { head: '<script src="/npm/htmx.org/dist/htmx.min.js"></script>', body: 'hx-boost="true"' },
};

const STANDIN = `
(() => {
  const activate = (old) => {
    const fresh = document.createElement("script");
    for (const { name, value } of old.attributes) fresh.setAttribute(name, value);
    fresh.textContent = old.textContent;
    return fresh;
  };
  async function visit(url, push) {
    const html = await (await fetch(url)).text();
    const doc = new DOMParser().parseFromString(html, "text/html");
    document.title = doc.title;
    const have = new Set([...document.head.children].map((el) => el.outerHTML));
    for (const el of [...doc.head.children]) {
      if (have.has(el.outerHTML)) continue;
      document.head.append(el.tagName === "SCRIPT" ? activate(el) : document.adoptNode(el));
    }
    const body = document.adoptNode(doc.body);
    for (const s of body.querySelectorAll("script")) s.replaceWith(activate(s));
    document.body.replaceWith(body);
    if (push) history.pushState({ standin: true }, "", url);
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link || event.defaultPrevented || link.origin !== location.origin) return;
    event.preventDefault();
    visit(link.href, true);
  });
  addEventListener("popstate", () => visit(location.href, false));
})();`;

const TAG_ATTRS =
  'data-site-name="Example PCC" data-policy-url="/cookies.html" ' +
  'data-ga-id="G-TEST123" data-ga-src="/demo/stand-ins/gtag.js" ' +
  'data-clarity-id="clar1ty" data-clarity-src="/demo/stand-ins/clarity.js"';

function sitePage(framework, placement, name) {
  const fw = FRAMEWORKS[framework];
  const tag = `<script src="/dist/pcc-consent/pcc-consent.js" defer ${TAG_ATTRS}></script>`;
  const link = (to) => `<a href="/${framework}/${placement}/${to.toLowerCase()}.html">Page ${to}</a>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page ${name}</title>
${fw.head}${placement === "head" ? tag : ""}</head>
<body ${fw.body}><h1>Page ${name}</h1>
<nav>${link("A")} ${link("B")} ${link("C")}</nav>
<script type="text/plain" data-pcc-consent="performance">window.__runs = (window.__runs || []).concat("${name}"); fetch("/beacon/${name}", { method: "POST", body: "x" });</script>
<script type="text/plain" data-pcc-consent="performance" data-src="/gated/${name}.js"></script>
<iframe title="Video ${name}" data-pcc-consent="targeting" data-src="/frame/${name}.html"></iframe>
<footer><a href="/cookies.html" data-pcc-consent-open>Cookie settings</a></footer>
${placement === "body" ? tag : ""}</body></html>`;
}

before(async () => {
  const pages = { "/swap-standin.js": { body: STANDIN, headers: { "content-type": "text/javascript" } } };
  for (const framework of Object.keys(FRAMEWORKS)) {
    for (const placement of ["head", "body"]) {
      for (const name of ["A", "B", "C"]) pages[`/${framework}/${placement}/${name.toLowerCase()}.html`] = sitePage(framework, placement, name);
    }
  }
  for (const name of ["A", "B", "C"]) {
    pages[`/gated/${name}.js`] = { body: `window.__extRuns = (window.__extRuns || []).concat("${name}");`, headers: { "content-type": "text/javascript" } };
    pages[`/frame/${name}.html`] = `<!doctype html><title>Frame ${name}</title><p>Frame ${name}</p>`;
  }
  server = await startServer({ pages, mounts: { "/npm/": path.join(ROOT, "node_modules") } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const count = (prefix) => server.requests.filter((r) => r.path.startsWith(prefix)).length;
const since = (mark, prefix) => server.requests.slice(mark).filter((r) => r.path.startsWith(prefix)).map((r) => r.path);

/** Clicks the nav link to `name` and waits for its body. */
async function go(page, name) {
  await page.locator("nav a", { hasText: `Page ${name}` }).click();
  await page.waitForFunction((n) => document.querySelector("h1")?.textContent === `Page ${n}`, name);
  await settle(page);
}

async function settle(page) {
  // Our observers run after the swap; let any script or frame they would start start.
  await page.waitForTimeout(250);
}

async function history(page, direction, name) {
  await (direction === "back" ? page.goBack({ waitUntil: "commit" }) : page.goForward({ waitUntil: "commit" }));
  await page.waitForFunction((n) => document.querySelector("h1")?.textContent === `Page ${n}`, name);
  await settle(page);
}

const banners = (page) => page.evaluate(() => document.querySelectorAll("#pcc-consent").length);
const bannerRegions = (page) => page.getByRole("region", { name: /^Cookies on / }).count();
const runs = (page) => page.evaluate(() => window.__runs || []);

const matrix = [];

/** A fresh browser context for `run(page)`, closed even when the test fails (its
 * analytics stand-ins would otherwise keep sending into the next test). */
async function withPage(run) {
  const page = await newPage(browser);
  try {
    await run(page);
  } finally {
    await page.context().close();
  }
}

for (const framework of Object.keys(FRAMEWORKS)) {
  for (const placement of ["head", "body"]) {
    test(`${framework}, tag in <${placement}>: 3 swaps and Back/Forward keep one banner, the footer link works, a choice after a swap gates as on a full load, withdrawal stops it`, async () => {
      server.requests.length = 0;
      await withPage(async (page) => {
        await page.goto(`${server.origin}/${framework}/${placement}/a.html`);
        await started(page);
        await settle(page);
        for (const name of ["B", "C", "A"]) {
          await go(page, name);
          assert.equal(await banners(page), 1, `one banner host after the swap to ${name}`);
          assert.equal(await bannerRegions(page), 1, `the banner asks after the swap to ${name}`);
        }
        await history(page, "back", "C");
        await history(page, "forward", "A");
        assert.equal(await banners(page), 1, "one banner after Back/Forward");
        assert.equal(await bannerRegions(page), 1);
        assert.ok(await page.getByRole("region", { name: /^Cookies on / }).isVisible());
        assert.deepEqual(await runs(page), [], "nothing gated ran before a choice");
        assert.equal(count("/gated/") + count("/beacon/") + count("/frame/") + count("/demo/stand-ins/gtag.js"), 0);

        // The footer link opens the dialog, and the page stays where it is.
        await page.getByRole("link", { name: "Cookie settings" }).click();
        const dialog = page.getByRole("dialog");
        await dialog.waitFor();
        assert.match(page.url(), /\/a\.html$/, "the link's href is not followed");
        await dialog.getByRole("button", { name: "Accept all" }).click();
        await page.waitForFunction(() => (window.__runs || []).includes("A") && (window.__extRuns || []).includes("A"));
        await page.waitForFunction(() => document.querySelector("iframe").contentWindow.location.pathname === "/frame/A.html");
        await page.waitForFunction(() => window.__clarityCalls);
        await settle(page);
        assert.deepEqual(await runs(page), ["A"]);
        assert.equal(count("/gated/A.js"), 1);
        assert.equal(count("/frame/A.html"), 1);

        // The next swapped page is gated as a fresh load; nothing starts twice.
        await go(page, "B");
        await page.waitForFunction(() => (window.__extRuns || []).includes("B"));
        await page.waitForFunction(() => document.querySelector("iframe").contentWindow.location.pathname === "/frame/B.html");
        assert.deepEqual(await runs(page), ["A", "B"]);
        assert.equal(count("/gated/B.js"), 1);
        assert.equal(count("/demo/stand-ins/gtag.js"), 1, "one gtag.js");
        assert.equal(count("/demo/stand-ins/clarity.js"), 1, "one Clarity");
        assert.equal(await page.evaluate(() => document.querySelectorAll("script[data-pcc-consent-service]").length), 2);
        assert.equal(await banners(page), 1);
        assert.equal(await page.getByRole("button", { name: "Accept additional cookies" }).count(), 0, "not asked once chosen");

        // Withdrawal on a swapped page, from the footer link: the analytics stop, and the
        // next page runs nothing.
        await page.getByRole("link", { name: "Cookie settings" }).click();
        await page.getByRole("dialog").getByRole("button", { name: "Reject all" }).click();
        await page.waitForTimeout(300);
        const mark = server.requests.length;
        await page.waitForTimeout(600);
        assert.deepEqual(since(mark, "/stand-ins/"), [], "no analytics request after the withdrawal");
        await go(page, "C");
        await history(page, "back", "B");
        await history(page, "back", "A");
        assert.deepEqual(since(mark, "/gated/"), []);
        assert.deepEqual(since(mark, "/beacon/"), []);
        assert.deepEqual(since(mark, "/frame/"), []);
        assert.deepEqual(since(mark, "/stand-ins/"), []);
        assert.deepEqual(await runs(page), ["A", "B"], "nothing ran again after the withdrawal");
        assert.equal(await banners(page), 1);
        const errors = page.messages.filter((m) => m.type === "pageerror");
        assert.deepEqual(errors, []);
        matrix.push(`${framework.padEnd(8)} tag in <${placement}>: swaps A→B→C→A, Back, Forward, accept, swap, reject, swap, Back×2: ok`);
      });
    });
  }
}

// Issue 30 item 3: restored and previewed pages (Turbo's cache and preview, htmx's
// history) never re-run a withdrawn script; each gated script runs once per page view.
for (const framework of ["turbo", "htmx", "standin"]) {
  test(`${framework}: accept on B, go to A, reject, back to B (Back and link): B's gated script and iframe send nothing; each ran once per page view before`, async () => {
    server.requests.length = 0;
    await withPage(async (page) => {
      await page.goto(`${server.origin}/${framework}/body/a.html`);
      await started(page);
      await go(page, "B");
      await page.getByRole("button", { name: "Accept additional cookies" }).click();
      await page.waitForFunction(() => (window.__extRuns || []).includes("B"));
      await settle(page);
      const views = ["B"];
      await go(page, "A");
      views.push("A");
      await go(page, "B"); // Turbo: a preview from its cache, then the fresh page
      views.push("B");
      await history(page, "back", "A"); // restored from the library's snapshot
      views.push("A");
      await page.waitForFunction((n) => (window.__extRuns || []).length === n, views.length);
      await page.waitForFunction(() => document.querySelector("iframe").contentWindow.location.pathname === "/frame/A.html");
      assert.deepEqual(await runs(page), views, "each gated inline script ran once per page view");
      assert.deepEqual(await page.evaluate(() => window.__extRuns), views, "each data-src script ran once per page view");
      for (const name of ["A", "B"]) {
        const n = views.filter((v) => v === name).length;
        assert.equal(count(`/beacon/${name}`), n, `${name}'s beacon once per view`);
        assert.equal(count(`/frame/${name}.html`), n, `${name}'s iframe once per view`);
      }

      await page.getByRole("link", { name: "Cookie settings" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Reject all" }).click();
      await settle(page);
      const mark = server.requests.length;
      await history(page, "back", "B");
      await go(page, "A");
      await go(page, "B");
      await history(page, "back", "A");
      await history(page, "forward", "B");
      await page.waitForTimeout(400);
      const fromB = [...since(mark, "/gated/"), ...since(mark, "/beacon/"), ...since(mark, "/frame/")];
      console.log(`  ${framework}: views before the rejection ${views.join(" ")}; requests from gated content after it: ${fromB.length}`);
      assert.deepEqual(fromB, [], "0 requests from B's (or A's) gated script and iframe after the rejection");
      assert.deepEqual(await runs(page), views, "no gated script ran again");
      assert.deepEqual(since(mark, "/stand-ins/"), [], "no analytics either");
      assert.deepEqual(page.messages.filter((m) => m.type === "pageerror"), []);
    });
  });
}

test("print the matrix covered", () => {
  console.log(["body swaps covered (framework x tag placement):", ...matrix.map((l) => `  ${l}`)].join("\n"));
  assert.equal(matrix.length, 6);
});
