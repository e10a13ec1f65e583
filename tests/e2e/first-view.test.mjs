// The banner's first view (issue 33): on a first visit the loader paints the banner from
// templates Leptos rendered at build time (src/js/first_view.js), and the WebAssembly
// takes it over. Proven here in Chromium: the painted markup is the WebAssembly's
// banner markup, with every computed style equal (en, cy; with and without a policy
// link; a site name with < & and quotes), and for every action {Accept, Reject, Customise, Tab then Enter, Tab only}
// x {before the WebAssembly has started, after}: the action happens exactly once (one
// pcc-consent:change, the record's method), vendor requests come only after Accept,
// focus stays on the same control, and no frame of the takeover is without a banner.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, hostPage } from "./harness.mjs";

let server;
let browser;
const VENDOR = /(googletagmanager|google-analytics|clarity)\./;
const PAINTED = "data-pcc-consent-first-view";
const covered = [];

// Counts animation frames in which no banner (painted or the WebAssembly's, the saved
// message, or the open dialog) is on screen, from the first frame that had one.
const SAMPLER = () => {
  window.__frames = { seen: 0, empty: 0 };
  const hosts = () => document.querySelectorAll(`#pcc-consent, [data-pcc-consent-first-view]`);
  const shown = () =>
    [...hosts()].some((h) => h.shadowRoot && h.shadowRoot.querySelector(".pcc-consent-banner, dialog[open]"));
  const tick = () => {
    if (shown()) window.__frames.seen += 1;
    else if (window.__frames.seen) window.__frames.empty += 1;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__changes = [];
  document.addEventListener("pcc-consent:change", (e) => window.__changes.push(e.detail.record && e.detail.record.method));
};

const SITES = { plain: "Example PCC", hostile: `A<b> & "Q's" $& </h2>` };
const attr = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

before(async () => {
  const pages = {};
  for (const lang of ["en", "cy"]) {
    for (const policy of [true, false]) {
      for (const [name, site] of Object.entries(SITES)) {
        const attrs = `data-site-name="${attr(site)}"${policy ? ' data-policy-url="/cookies?a=1&amp;b=2"' : ""}`;
        pages[`/markup-${lang}-${policy ? "policy" : "plain"}-${name}.html`] = hostPage({
          lang,
          attrs,
          body: '<img src="/held.png" alt="">',
        });
      }
    }
  }
  const ga = 'data-site-name="Example PCC" data-ga-id="G-TEST123"';
  pages["/held.html"] = hostPage({ attrs: ga, body: '<a id="page-link" href="#x">A link</a><img src="/held.png" alt="">' });
  pages["/free.html"] = hostPage({ attrs: ga });
  server = await startServer({ pages, delays: { "/held.png": 20_000 } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  console.log(`first view: covered ${covered.length} cases:\n  ${covered.join("\n  ")}`);
});

/** The banner markup in the shadow root of `selector`, Leptos' empty-child comments removed. */
function markup(page, selector) {
  return page.evaluate((selector) => {
    const host = document.querySelector(selector);
    const banner = host && host.shadowRoot && host.shadowRoot.querySelector(".pcc-consent-banner");
    return banner ? banner.outerHTML.replace(/<!---->/g, "") : null;
  }, selector);
}

/**
 * Every computed style property of the host, its root and each element of the banner in
 * the shadow root of `selector` (the painted copy carries only the rules it can match:
 * scripts/first-view.mjs), as [element, property, value] strings.
 */
function styles(page, selector) {
  return page.evaluate((selector) => {
    const host = document.querySelector(selector);
    const banner = host && host.shadowRoot && host.shadowRoot.querySelector(".pcc-consent-banner");
    if (!banner) return null;
    const out = [];
    const els = [host, banner.parentElement, banner, ...banner.querySelectorAll("*")];
    els.forEach((el, i) => {
      const style = getComputedStyle(el);
      for (let k = 0; k < style.length; k++) {
        out.push(`${i} ${el.localName} ${style[k]}: ${style.getPropertyValue(style[k])}`);
      }
    });
    return out;
  }, selector);
}

async function open(path) {
  const page = await newPage(browser);
  await page.addInitScript(SAMPLER);
  // Vendor requests are recorded and refused: the page must not reach them before consent.
  page.vendorRequests = [];
  page.on("request", (r) => VENDOR.test(new URL(r.url()).host) && page.vendorRequests.push(r.url()));
  await page.route((url) => VENDOR.test(url.host), (route) => route.abort());
  await page.goto(`${server.origin}${path}`, { waitUntil: "domcontentloaded" });
  return page;
}

/**
 * Starts the WebAssembly at once (the visitor's first scroll, which leaves focus where
 * it is; window.pccConsent is a stub that answers without it) and waits until it has
 * taken over.
 */
async function takeOver(page) {
  await page.evaluate(() => window.dispatchEvent(new Event("scroll")));
  await page.waitForFunction(
    (painted) => document.getElementById("pcc-consent") && !document.querySelector(`[${painted}]`),
    PAINTED,
  );
}

for (const lang of ["en", "cy"]) {
  for (const policy of ["policy", "plain"]) {
    for (const [name, site] of Object.entries(SITES)) {
      test(`the painted first view is the WebAssembly's banner: ${lang}, ${policy}, site name ${name}`, async () => {
        const page = await open(`/markup-${lang}-${policy}-${name}.html`);
        try {
          const painted = await markup(page, `[${PAINTED}]`);
          assert.ok(painted, "painted before the WebAssembly");
          const paintedStyles = await styles(page, `[${PAINTED}]`);
          const heading = await page.evaluate(
            (p) => document.querySelector(`[${p}]`).shadowRoot.querySelector("h2").textContent,
            PAINTED,
          );
          assert.equal(heading, `${lang === "cy" ? "Cwcis ar" : "Cookies on"} ${site}`);
          await takeOver(page);
          const mounted = await markup(page, "#pcc-consent");
          assert.equal(painted, mounted);
          const mountedStyles = await styles(page, "#pcc-consent");
          assert.ok(mountedStyles.length > 300, `computed styles read: ${mountedStyles.length}`);
          assert.deepEqual(paintedStyles, mountedStyles);
          assert.equal(await page.evaluate(() => window.__frames.empty), 0, "a frame without a banner");
          assert.deepEqual(page.messages.filter((m) => m.type === "error" || m.type === "pageerror"), []);
          covered.push(`markup ${lang} ${policy} ${name}: equal, ${mountedStyles.length} computed styles equal`);
        } finally {
          await page.context().close();
        }
      });
    }
  }
}

// Where the module cannot load, a choice on the painted banner shows the saved message
// from the templates too (src/js/first_view.js `fallback`): it must be the module's saved
// message, markup and every computed style, in both languages, hostile site name included.
for (const lang of ["en", "cy"]) {
  for (const [name, site] of Object.entries(SITES)) {
    test(`the saved message without the module is the WebAssembly's: ${lang}, site name ${name}`, async () => {
      const reject = lang === "cy" ? "Gwrthod cwcis ychwanegol" : "Reject additional cookies";
      const saved = async (blocked) => {
        const page = await open(`/markup-${lang}-policy-${name}.html`);
        try {
          if (blocked) await page.route("**/pcc-consent.wasm*", (route) => route.fulfill({ status: 404, body: "" }));
          else await takeOver(page);
          await page.getByRole("button", { name: reject }).click();
          await page.getByRole("alert").waitFor();
          const host = await page.evaluate((p) => (document.querySelector(`[${p}]`) ? "painted" : "module"), PAINTED);
          return { host, markup: await markup(page, "#pcc-consent"), styles: await styles(page, "#pcc-consent") };
        } finally {
          await page.context().close();
        }
      };
      const without = await saved(true);
      const withModule = await saved(false);
      assert.equal(without.host, "painted", "shown by the loader (the module could not load)");
      assert.equal(withModule.host, "module");
      assert.equal(without.markup, withModule.markup);
      assert.ok(withModule.styles.length > 100, `computed styles read: ${withModule.styles.length}`);
      assert.deepEqual(without.styles, withModule.styles);
      covered.push(`saved message without the module ${lang} ${name}: markup equal, ${withModule.styles.length} computed styles equal`);
    });
  }
}

const ACTIONS = {
  accept: { how: "accept_all", vendors: true },
  reject: { how: "reject_all", vendors: false },
  customise: { how: null, vendors: false, dialog: true },
  "tab+enter": { how: "accept_all", vendors: true },
  "tab only": { how: null, vendors: false, focus: "Accept additional cookies" },
};

/** Does `action` on whichever banner is showing, as a visitor would. */
async function act(page, action) {
  const region = page.getByRole("region", { name: "Cookies on Example PCC" });
  if (action === "accept") await region.getByRole("button", { name: "Accept additional cookies" }).click();
  else if (action === "reject") await region.getByRole("button", { name: "Reject additional cookies" }).click();
  else if (action === "customise") await region.getByRole("button", { name: "Customise cookies" }).click();
  else {
    await page.keyboard.press("Tab");
    if (action === "tab+enter") await page.keyboard.press("Enter");
  }
}

for (const [action, expected] of Object.entries(ACTIONS)) {
  for (const when of ["before the module", "after the module"]) {
    test(`first view: ${action}, ${when}`, async () => {
      const page = await open(when === "before the module" ? "/held.html" : "/free.html");
      try {
        if (when === "after the module") {
          await page.waitForFunction((p) => document.getElementById("pcc-consent") && !document.querySelector(`[${p}]`), PAINTED);
        } else {
          assert.ok(await page.evaluate((p) => !!document.querySelector(`[${p}]`), PAINTED), "painted");
        }
        assert.deepEqual(page.vendorRequests, [], "nothing sent to the vendors before consent");
        const vendorRequest = expected.vendors ? page.waitForRequest((r) => VENDOR.test(new URL(r.url()).host)) : null;
        await act(page, action);
        if (action === "tab only") {
          // Focus is on the painted Accept (which does not start the module); the
          // module then starts and takes over.
          if (when === "before the module") {
            assert.ok(await page.evaluate((p) => !!document.querySelector(`[${p}]`), PAINTED), "still painted");
            await takeOver(page);
          }
        } else {
          // The held click started the module at once: it took over and did the action.
          await page.waitForFunction((p) => !document.querySelector(`[${p}]`), PAINTED);
        }
        if (expected.how) {
          await page.waitForFunction(() => window.__changes.length > 0);
          const record = await page.evaluate(() => JSON.parse(localStorage.getItem("pcc_consent")));
          assert.equal(record.how, expected.how);
          // The saved message took focus, as after a click on the WebAssembly's own banner.
          await page.waitForFunction(() =>
            document.getElementById("pcc-consent").shadowRoot.activeElement?.getAttribute("role") === "alert",
          );
        }
        if (expected.dialog) {
          await page.getByRole("dialog").waitFor();
        }
        if (expected.focus) {
          const focused = await page.evaluate(() => document.getElementById("pcc-consent").shadowRoot.activeElement?.textContent);
          assert.equal(focused, expected.focus, "focus kept on the same control");
        }
        if (vendorRequest) await vendorRequest;
        const changes = await page.evaluate(() => window.__changes);
        assert.deepEqual(changes, expected.how ? [expected.how] : [], "the action happened exactly once");
        const inserted = await page.evaluate(() => !!document.querySelector('script[src*="googletagmanager"]'));
        assert.equal(inserted, expected.vendors, "the vendor script only after Accept");
        assert.equal(page.vendorRequests.length > 0, expected.vendors, "vendor requests only after Accept");
        assert.equal(await page.evaluate(() => window.__frames.empty), 0, "a frame without a banner");
        assert.ok((await page.evaluate(() => window.__frames.seen)) > 0, "the sampler saw the banner");
        covered.push(`${action} ${when}: ${expected.how || (expected.dialog ? "dialog" : "focus kept")}, once`);
      } finally {
        await page.context().close();
      }
    });
  }
}

test("first view: focus moved into the page starts the WebAssembly (it keeps focus clear of the banner)", async () => {
  const page = await open("/held.html");
  try {
    assert.ok(await page.evaluate((p) => !!document.querySelector(`[${p}]`), PAINTED), "painted");
    await page.evaluate(() => document.getElementById("page-link").focus());
    await page.waitForFunction((p) => document.getElementById("pcc-consent") && !document.querySelector(`[${p}]`), PAINTED);
    assert.equal(await page.evaluate(() => document.activeElement.id), "page-link", "focus stays in the page");
    assert.deepEqual(await page.evaluate(() => window.__changes), [], "nothing decided");
    assert.equal(await page.evaluate(() => window.__frames.empty), 0, "a frame without a banner");
    covered.push("focus into the page before the module: module started, focus kept, nothing decided");
  } finally {
    await page.context().close();
  }
});

// Where the loader may not vouch for the banner the WebAssembly will show, it paints
// nothing (the WebAssembly draws the banner at once, as before); the first row is the
// control that it does paint otherwise.
const NOT_PAINTED = {
  "nothing special (control: painted)": { paints: true },
  "a config block": { body: '<script type="application/json" id="pcc-consent-config">{"texts":{"en":{"customise":"Choose"}}}</script>' },
  "gated content": { body: '<script type="text/plain" data-pcc-consent="performance">window.x = 1</script>' },
  "a cookies page": { body: "<div data-pcc-consent-settings></div>" },
  "statistics offered (an opt-out line)": { attrs: 'data-categories="performance statistics"' },
  "data-opt-out": { attrs: 'data-opt-out="functionality"' },
  "a data-lang the config refuses": { attrs: 'data-lang="fr"' },
  "a data-policy-url the config refuses": { attrs: 'data-policy-url="javascript:alert(1)"' },
  "a stored value the loader does not know": { init: () => localStorage.setItem("pcc_consent", "{not a record") },
  "a consent cookie": { init: () => (document.cookie = "pcc_consent=x; path=/") },
  "the privacy signal": { init: () => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }) },
};

for (const [name, { attrs = "", body = "", init, paints = false }] of Object.entries(NOT_PAINTED)) {
  test(`first view: ${paints ? "painted" : "not painted"} with ${name}`, async () => {
    const path = `/not-painted-${Object.keys(NOT_PAINTED).indexOf(name)}.html`;
    server.pages[path] = hostPage({ attrs: `data-site-name="Example PCC" ${attrs}`, body });
    const page = await newPage(browser);
    await page.addInitScript(() => {
      window.__painted = false;
      new MutationObserver(() => {
        if (document.querySelector("[data-pcc-consent-first-view]")) window.__painted = true;
      }).observe(document, { childList: true, subtree: true });
    });
    if (init) await page.addInitScript(init);
    try {
      await page.goto(`${server.origin}${path}`);
      await page.waitForFunction(() => document.getElementById("pcc-consent"));
      if (paints) await page.evaluate(() => void window.pccConsent);
      await page.waitForFunction((p) => !document.querySelector(`[${p}]`), PAINTED);
      assert.equal(await page.evaluate(() => window.__painted), paints);
      covered.push(`${paints ? "painted" : "not painted"}: ${name}`);
    } finally {
      await page.context().close();
    }
  });
}
