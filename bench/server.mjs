// The benchmark's own web server (127.0.0.1): what a real site does that the test
// harness's server does not. It owns serving the pages and files of the traced,
// no-DevTools and Lighthouse runs: gzip when the browser asks for it, files cacheable
// (an on-disk profile then has an HTTP and a JS code cache, as a returning visitor
// has), the vendors' hosts answered over TLS with the stand-ins in demo/stand-ins/,
// and POST /report, where the pages send their own marks (sendBeacon). It never
// measures anything itself and never serves outside the repository and its mounts.
import http from "node:http";
import https from "node:https";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { ROOT, TYPES, servedFile, testCertificate } from "../tests/e2e/harness.mjs";

/** Default vendor URLs answered with the stand-ins (as the test harness maps them). */
function standIn(host, pathname) {
  if (host.startsWith("www.googletagmanager.com") && pathname === "/gtag/js") return "gtag.js";
  if (host.startsWith("www.googletagmanager.com") && pathname === "/gtm.js") return "gtm.js";
  if (host.startsWith("www.clarity.ms") && pathname.startsWith("/tag/")) return "clarity.js";
  return null;
}

/**
 * The stand-ins send a collect request every 150 ms (the tests count them); the real
 * tags send a few at load. Repeating ones would keep Lighthouse waiting for the network
 * to go quiet, so the bench serves them sending once.
 */
function oneShot(body, name) {
  const text = body.toString();
  const once = text.replace(/(window\.__collector = )?setInterval\(send, \d+\);/, "");
  if (once === text && /setInterval/.test(text)) console.error(`bench: the stand-in ${name} repeats in a way the bench did not expect`);
  return Buffer.from(once);
}

/**
 * Starts the server. `mounts`: URL prefix -> folder; `pages`: URL path -> HTML.
 * `server.report(id)` resolves with the JSON a page POSTed to /report?id=<id>
 * (rejects after `timeout` ms).
 */
export async function startBenchServer({ mounts = {}, pages = {} } = {}) {
  const reports = new Map();
  const waiters = new Map();
  const gzipCache = new Map();
  const handler = async (req, res) => {
    const url = new URL(req.url, "http://x");
    const host = req.headers.host || "";
    if (req.method === "POST") {
      let body = "";
      for await (const chunk of req) body += chunk;
      res.writeHead(204, { "access-control-allow-origin": "*" });
      res.end();
      const id = url.searchParams.get("id");
      if (url.pathname === "/report" && id) {
        let value;
        try {
          value = JSON.parse(body);
        } catch {
          value = { error: `unparsable report: ${body.slice(0, 200)}` };
        }
        reports.set(id, value);
        waiters.get(id)?.(value);
      }
      return;
    }
    const vendor = standIn(host, url.pathname);
    if (vendor) url.pathname = `/demo/stand-ins/${vendor}`;
    else if (!/^127\.0\.0\.1(:\d+)?$/.test(host)) {
      // Collect requests and anything else to a vendor host: answered, never forwarded.
      res.writeHead(204, { "access-control-allow-origin": "*" });
      return res.end();
    }
    let body;
    let type;
    let cache = "public, max-age=86400";
    if (pages[url.pathname] !== undefined) {
      body = Buffer.from(pages[url.pathname]);
      type = TYPES[".html"];
      cache = "no-cache";
    } else {
      const file = servedFile(url.pathname, mounts);
      if (!file) {
        res.writeHead(403);
        return res.end();
      }
      try {
        body = await fs.promises.readFile(file);
      } catch {
        res.writeHead(404);
        return res.end("not found");
      }
      type = TYPES[path.extname(file)] || "application/octet-stream";
      if (vendor) body = oneShot(body, vendor);
    }
    const headers = { "content-type": type, "cache-control": cache, "access-control-allow-origin": "*" };
    if (/\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      const key = `${url.pathname}\0${body.length}`;
      if (!gzipCache.has(key)) gzipCache.set(key, zlib.gzipSync(body, { level: 9 }));
      body = gzipCache.get(key);
      headers["content-encoding"] = "gzip";
      headers.vary = "accept-encoding";
    }
    headers["content-length"] = body.length;
    res.writeHead(200, headers);
    res.end(body);
  };
  const plain = http.createServer(handler);
  const tls = https.createServer(testCertificate(), handler);
  await new Promise((r) => plain.listen(0, "127.0.0.1", r));
  await new Promise((r) => tls.listen(0, "127.0.0.1", r));
  return {
    origin: `http://127.0.0.1:${plain.address().port}`,
    tlsPort: tls.address().port,
    pages,
    report(id, timeout = 30_000) {
      if (reports.has(id)) return Promise.resolve(reports.get(id));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(id);
          reject(new Error(`no report ${id} within ${timeout} ms`));
        }, timeout);
        waiters.set(id, (value) => {
          clearTimeout(timer);
          waiters.delete(id);
          resolve(value);
        });
      });
    },
    close: async () => {
      for (const s of [plain, tls]) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    },
  };
}
