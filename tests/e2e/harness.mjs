// The end-to-end harness: a static server on 127.0.0.1 that records every request, and
// Debian's headless Chromium driven by playwright-core. The tests use the built bundle
// (dist/pcc-consent) exactly as a site would.
import http from "node:http";
import https from "node:https";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BUNDLE = path.join(ROOT, "dist/pcc-consent");
export const ARTIFACTS = path.join(ROOT, "tests/e2e/artifacts");

/**
 * The file a request path names: under the repository, or under a mount (`{prefix: dir}`);
 * null for a path that escapes both (the server answers 403). The bench's server too.
 */
export function servedFile(pathname, mounts = {}) {
  let file = path.join(ROOT, decodeURIComponent(pathname));
  for (const [prefix, dir] of Object.entries(mounts)) {
    if (pathname.startsWith(prefix)) file = path.join(dir, pathname.slice(prefix.length));
  }
  return file.startsWith(ROOT) || Object.values(mounts).some((d) => file.startsWith(d)) ? file : null;
}

/** Content types by extension (the bench's server serves with the same). */
export const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

/** The analytics hosts the banner contacts with its default, unmodified URLs. */
export const VENDOR_HOSTS = [
  "www.googletagmanager.com",
  "www.google-analytics.com",
  "*.google-analytics.com",
  "www.clarity.ms",
  "*.clarity.ms",
];

/** Default vendor URLs answered with the stand-ins in demo/stand-ins/. */
function vendorStandIn(host, pathname) {
  if (host.startsWith("www.googletagmanager.com") && pathname === "/gtag/js") return "gtag.js";
  if (host.startsWith("www.googletagmanager.com") && pathname === "/gtm.js") return "gtm.js";
  if (host.startsWith("www.clarity.ms") && pathname.startsWith("/tag/")) return "clarity.js";
  return null;
}

/** A throwaway self-signed certificate (openssl), made once per machine. */
export function testCertificate() {
  const dir = path.join(os.tmpdir(), "pcc-consent-test-cert");
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  if (!fs.existsSync(cert)) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
      "-subj", "/CN=pcc-consent test", "-keyout", key, "-out", cert], { stdio: "ignore" });
  }
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

/**
 * Chromium flags that send the vendors' hosts (and *.pcc.test) to the test server, so
 * the banner runs with its default script URLs and every attempt to reach them is seen.
 */
export function mapHostsTo(server) {
  const tls = `127.0.0.1:${server.tlsPort}`;
  const rules = [...VENDOR_HOSTS.map((h) => `MAP ${h} ${tls}`), "MAP *.pcc.test 127.0.0.1"];
  return [`--host-resolver-rules=${rules.join(", ")}`, "--ignore-certificate-errors"];
}

/**
 * Starts a server for the repository's files.
 * - `mounts`: URL prefix -> folder, e.g. { "/somewhere/else/": BUNDLE }.
 * - `pages`: URL path -> HTML text (or { body, headers }), for pages a test writes itself.
 * - `delays`: URL path suffix -> milliseconds to hold the response.
 * - `tls`: also listen with TLS (a self-signed certificate) on `server.tlsPort`.
 * Every request is kept in `server.requests` ({ method, host, path, search, headers, body }),
 * every TCP connection in `server.connections` ({ tls, host }: for TLS the SNI host name,
 * which names the host the browser meant to reach); a POST is answered 204 with its
 * body recorded.
 */
export async function startServer({ mounts = {}, pages = {}, delays = {}, tls = false } = {}) {
  const requests = [];
  const connections = [];
  const handler = async (req, res) => {
    const url = new URL(req.url, "http://x");
    const host = req.headers.host || "";
    const entry = { method: req.method, host, path: url.pathname, search: url.search, headers: req.headers, body: "" };
    requests.push(entry);
    const standIn = vendorStandIn(host, url.pathname);
    if (standIn) url.pathname = `/demo/stand-ins/${standIn}`;
    // A navigation answered 204 is abandoned: the page stays (tests use it to look at
    // a page mid-exit).
    if (req.method === "POST" || url.pathname === "/no-content") {
      for await (const chunk of req) entry.body += chunk;
      res.writeHead(204, { "access-control-allow-origin": "*" });
      return res.end();
    }
    const delay = Object.entries(delays).find(([suffix]) => url.pathname.endsWith(suffix));
    if (delay) await new Promise((r) => setTimeout(r, delay[1]));
    if (pages[url.pathname] !== undefined) {
      // A page is its HTML, or { body, headers } for pages that need headers (CSP).
      const page = pages[url.pathname];
      const { body, headers = {} } = typeof page === "string" ? { body: page } : page;
      res.writeHead(200, { "content-type": TYPES[".html"], "cache-control": "no-store", ...headers });
      return res.end(body);
    }
    const file = servedFile(url.pathname, mounts);
    if (!file) {
      res.writeHead(403);
      return res.end();
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404);
        return res.end("not found");
      }
      const type = TYPES[path.extname(file)] || "application/octet-stream";
      res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    });
  };
  const server = http.createServer(handler);
  server.on("connection", () => connections.push({ tls: false, host: "" }));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  let tlsServer = null;
  if (tls) {
    tlsServer = https.createServer(testCertificate(), handler);
    tlsServer.on("secureConnection", (socket) => connections.push({ tls: true, host: socket.servername || "" }));
    await new Promise((r) => tlsServer.listen(0, "127.0.0.1", r));
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    tlsPort: tlsServer && tlsServer.address().port,
    pages,
    requests,
    connections,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      if (tlsServer) {
        tlsServer.closeAllConnections();
        await new Promise((r) => tlsServer.close(r));
      }
    },
  };
}

/** Flags headless Chromium needs here: root, no GPU, no internet. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

/**
 * Headless Chromium. `bfcache: true` keeps the back/forward cache on (Playwright turns
 * it off by default), for tests of pages restored from it.
 */
export async function launchBrowser(extraArgs = [], { bfcache = false } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, ...extraArgs],
    ignoreDefaultArgs: bfcache ? ["--disable-back-forward-cache"] : [],
  });
}

/** A new page whose console messages are collected in `page.messages`. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.messages = [];
  page.on("console", (m) => page.messages.push({ type: m.type(), text: m.text() }));
  page.on("pageerror", (e) => page.messages.push({ type: "pageerror", text: String(e) }));
  return page;
}

/**
 * Resolves once the banner's module has started (its shadow host is on the page; not
 * the loader's painted first view, which the module takes over when the browser is idle
 * after the page's load).
 */
export function started(page) {
  return page.waitForFunction(
    () => {
      const host = document.getElementById("pcc-consent");
      return host && !host.hasAttribute("data-pcc-consent-first-view");
    },
    null,
    { timeout: 10_000 },
  );
}

/**
 * Resolves once a choice is in force through the module (its get() answers a record). A
 * click on the painted first view is held until the module has taken it over, so what
 * the choice stores is read after this, not straight after the click.
 */
export function decided(page) {
  return page.waitForFunction(() => window.pccConsent?.get?.() != null, null, { timeout: 10_000 });
}

/**
 * Holds back pcc-consent.wasm on `target` (a page or a context) as a slow network would:
 * `requested` resolves when the loader asks for it, `release()` lets it through.
 */
export async function holdModule(target) {
  let release;
  let asked;
  const held = new Promise((r) => (release = r));
  const requested = new Promise((r) => (asked = r));
  await target.route("**/pcc-consent.wasm*", async (route) => {
    asked();
    await held;
    return route.continue();
  });
  return { release, requested };
}

/** The banner's region, found through its open shadow root. */
export function banner(page) {
  return page.getByRole("region", { name: /^Cookies on / });
}

/** A plain host page embedding the bundle with one script tag. */
export function hostPage({ src = "/dist/pcc-consent/pcc-consent.js", attrs = 'data-site-name="Example PCC" data-policy-url="/cookies"', head = "", body = "", lang = "en", scriptAttrs = "defer" } = {}) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Host</title>${head}</head>
<body><h1>Host page</h1><p>Content.</p>${body}
<script src="${src}" ${scriptAttrs} ${attrs}></script></body></html>`;
}

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/**
 * axe-core's WCAG 2.0/2.1/2.2 A and AA violations in the parts of the page matched by
 * `include` (CSS selectors of shadow hosts), as "rule: targets" strings.
 */
export async function axeViolations(page, include) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(
    async ({ include, tags }) => {
      const result = await window.axe.run(
        { include: include.map((selector) => [selector]) },
        { runOnly: { type: "tag", values: tags } },
      );
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(" ")}`);
    },
    { include, tags: WCAG_TAGS },
  );
}

/** Counts layout shifts on `page` from its next navigation on, in `window.__cls`. */
export function watchLayoutShifts(page) {
  return page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
}

/**
 * Defines `window.__topmost(x, y)` on `page`: the element a visitor would hit at that
 * point, looking into shadow roots.
 */
export function defineTopmost(page) {
  return page.evaluate(() => {
    window.__topmost = (x, y) => {
      let el = document.elementFromPoint(x, y);
      while (el && el.shadowRoot) {
        const inner = el.shadowRoot.elementFromPoint(x, y);
        if (!inner || inner === el) break;
        el = inner;
      }
      return el;
    };
  });
}
