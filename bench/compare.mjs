// pcc-consent side by side with vanilla-cookieconsent v3 (the most used open-source
// banner), measured as visitors and web teams see it. Run through `bench/run`, which
// builds the bundle and installs the peer and Lighthouse into bench/scratch first.
//   node bench/compare.mjs [--runs 20] [--pairs 7] [--parts side,traced,bare,lighthouse] [--json]
// Parts (all by default):
// - side: two equivalent pages from 127.0.0.1, loaded cold (cache off) through Playwright,
//   alternating (DevTools' ScriptDuration, the Long Tasks API, heap, quick exit);
// - traced: main-thread CPU from Chrome traces on the article page (bench/visits.mjs);
// - bare: the same page with no DevTools client; returning visits in an on-disk profile;
// - lighthouse: Lighthouse 12.2.3, mobile and desktop, first and returning visit.
// Then bytes of every file in dist/pcc-consent/ and the acceptance targets,
// met or missed. It prints figures and never asserts on them.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { execFileSync } from "node:child_process";
import { startServer, launchBrowser, newPage, ROOT, BUNDLE } from "../tests/e2e/harness.mjs";
import { measureQuickExit } from "./quick-exit.mjs";
import { startBenchServer } from "./server.mjs";
import { articlePage, seedPage } from "./pages.mjs";
import { captureStored, tracedRuns, bareRuns } from "./visits.mjs";
import { lighthouseRuns } from "./lighthouse.mjs";
import { loadAverage, loadText } from "./stats.mjs";
import { targets } from "./targets.mjs";
import { printTraced, printBare, printLighthouse, printTargets } from "./print.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(option("--runs", 20)) || 20;
const pairs = Number(option("--pairs", 7)) || 7;
const parts = new Set(option("--parts", "side,traced,bare,lighthouse").split(","));
const PEER = path.join(ROOT, "bench/scratch/node_modules/vanilla-cookieconsent/dist");
const chromiumVersion = () => {
  try {
    return execFileSync(process.env.CHROMIUM || "/usr/bin/chromium", ["--version"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  } catch {
    return "chromium (version unknown)";
  }
};
const machine = { load_start: loadAverage(), chromium: chromiumVersion(), node: process.version, date: new Date().toISOString() };

const content = Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i} about local policing and support for victims.</p>`).join("");
const page = (banner, head, tail) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Benchmark</title><script src="/bench/fixtures/observe-banner.js" data-banner="${banner}"></script>${head}</head>
<body><h1>Example Police and Crime Commissioner</h1>${content}${tail}</body></html>`;

const oursTag = `<script src="/dist/pcc-consent/pcc-consent.js" defer data-site-name="Example PCC" data-policy-url="/cookies"
     data-ga-id="G-BENCH1" data-ga-src="/demo/stand-ins/gtag.js" data-clarity-id="bench" data-clarity-src="/demo/stand-ins/clarity.js"></script>`;
const ours = page("ours", "", oursTag);
// The floor: a .wasm that only shows a region (bench/floor), built and loaded like ours.
const floor = page("ours", "", `<script src="/bench/scratch/floor/floor.js" defer></script>`);
// The same page with no banner: what the page's own first paint costs without either.
const bare = page("none", "", "");
const peer = page(
  "peer",
  `<link rel="stylesheet" href="/peer/cookieconsent.css">`,
  `<script type="text/plain" data-category="analytics" src="/demo/stand-ins/gtag.js?id=G-BENCH1"></script>
   <script type="text/plain" data-category="analytics" src="/demo/stand-ins/clarity.js"></script>
   <script src="/peer/cookieconsent.umd.js" defer></script>
   <script src="/bench/fixtures/peer-config.js" defer></script>`,
);

// 1. Bytes of everything each banner loads (the peer's site-written config excluded,
//    as our data-* attributes are).
function wire(files) {
  const bodies = files.map((f) => fs.readFileSync(f));
  const sum = (f) => bodies.reduce((n, b) => n + f(b), 0);
  return {
    raw: sum((b) => b.length),
    gzip: sum((b) => zlib.gzipSync(b, { level: 9 }).length),
    brotli: sum((b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length),
  };
}

/** Every file in dist/pcc-consent/ (the loader and the module). */
function bundleFiles() {
  return fs.readdirSync(BUNDLE).filter((f) => fs.statSync(path.join(BUNDLE, f)).isFile()).sort().map((f) => {
    const body = fs.readFileSync(path.join(BUNDLE, f));
    return { file: f, raw: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length };
  });
}

const result = { runs, machine, files: bundleFiles() };
result.files_gzip_total = result.files.reduce((n, f) => n + f.gzip, 0);
result.files_raw_total = result.files.reduce((n, f) => n + f.raw, 0);

/** A. The side-by-side run on the original pages (unchanged method, for comparison with earlier figures). */
async function sideBySide() {
  const server = await startServer({ mounts: { "/peer/": PEER }, pages: {
      "/ours.html": ours,
      "/floor.html": floor,
      "/bare.html": bare,
      "/peer.html": peer,
    } });
  const browser = await launchBrowser();

  async function coldLoad(url, { banner = true } = {}) {
    const p = await newPage(browser);
    const cdp = await p.context().newCDPSession(p);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Performance.enable");
    // Wait for the fixture's console message: nothing is evaluated in the page until the
    // banner has shown, so the runner adds no work to the page being measured.
    const shown = banner
      ? p.waitForEvent("console", { predicate: (m) => m.text() === "bench: visible", timeout: 15_000 })
      : p.waitForEvent("load");
    await p.goto(url, { waitUntil: "commit" });
    await shown.catch(async (e) => {
      console.error(url, JSON.stringify(p.messages), await p.evaluate(() => JSON.stringify(window.__bench)));
      throw e;
    });
    const metrics = Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
    const heap = await cdp.send("Runtime.getHeapUsage");
    const inPage = await p.evaluate(() => ({
      ...window.__bench,
      dcl: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
    }));
    await p.waitForTimeout(300);
    const late = await p.evaluate(() => ({
      cls: window.__bench.cls,
      longTasks: window.__bench.longTaskEntries
        .filter(([start]) => start < window.__bench.visibleAt)
        .reduce((sum, [, duration]) => sum + duration, 0),
      fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
    }));
    await p.context().close();
    return {
      visible: inPage.visibleAt,
      afterDcl: inPage.visibleAt - inPage.dcl,
      // The host page's own first contentful paint: what the banner costs the page.
      fcp: late.fcp,
      // Main-thread script time (evaluation + compile) and all task time up to now.
      script: metrics.ScriptDuration * 1000,
      task: metrics.TaskDuration * 1000,
      longTasks: late.longTasks,
      cls: late.cls,
      heap: heap.usedSize + (heap.backingStorageSize || 0) + (heap.embedderHeapUsedSize || 0),
    };
  }

  // A returning visitor who accepted everything: the stored choice each banner wrote itself
  // (captured once by clicking its Accept button), restored before each load.
  async function captureAccepted(url) {
    const p = await newPage(browser);
    await p.goto(url);
    await p.getByRole("button", { name: "Accept additional cookies" }).click();
    await p.waitForTimeout(500);
    const cookies = (await p.context().cookies()).filter((c) => /consent|cc_cookie/.test(c.name));
    const local = await p.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
    await p.context().close();
    return { cookies, local };
  }

  /** Script time and tasks from navigation until the analytics script is inserted. */
  async function returningLoad(url, stored) {
    const p = await newPage(browser);
    await p.context().addCookies(stored.cookies);
    await p.context().addInitScript((local) => {
      for (const [k, v] of Object.entries(local)) localStorage.setItem(k, v);
    }, stored.local);
    const cdp = await p.context().newCDPSession(p);
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Performance.enable");
    const inserted = p.waitForEvent("console", { predicate: (m) => m.text() === "bench: analytics", timeout: 15_000 });
    await p.goto(url, { waitUntil: "commit" });
    await inserted;
    const metrics = Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
    await p.waitForTimeout(300);
    const tasks = await p.evaluate(() => {
      const before = window.__bench.longTaskEntries.filter(([start]) => start < window.__bench.analyticsAt);
      return {
        at: window.__bench.analyticsAt,
        longTasks: before.reduce((sum, [, d]) => sum + d, 0),
        longest: before.reduce((max, [, d]) => Math.max(max, d), 0),
        banner: !!document.getElementById("pcc-consent")?.shadowRoot?.querySelector("[role=region]") || !!document.querySelector("#cc-main .cm"),
      };
    });
    await p.context().close();
    if (tasks.banner) throw new Error(`${url}: the banner showed for a returning visitor`);
    return { script: metrics.ScriptDuration * 1000, analyticsAt: tasks.at, longTasks: tasks.longTasks, longest: tasks.longest };
  }

  const storedOurs = await captureAccepted(`${server.origin}/ours.html`);
  const storedPeer = await captureAccepted(`${server.origin}/peer.html`);
  const samples = { ours: [], floor: [], bare: [], peer: [], oursBack: [], peerBack: [] };
  for (let i = 0; i < runs; i++) {
    // Alternate so neither banner always runs on a warmer machine.
    samples.ours.push(await coldLoad(`${server.origin}/ours.html`));
    samples.peer.push(await coldLoad(`${server.origin}/peer.html`));
    samples.floor.push(await coldLoad(`${server.origin}/floor.html`));
    samples.bare.push(await coldLoad(`${server.origin}/bare.html`, { banner: false }));
    samples.oursBack.push(await returningLoad(`${server.origin}/ours.html`, storedOurs));
    samples.peerBack.push(await returningLoad(`${server.origin}/peer.html`, storedPeer));
  }
  await browser.close();
  await server.close();

  const stats = (values) => {
    const v = [...values].sort((a, b) => a - b);
    const q = (p) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
    return { median: +q(0.5).toFixed(2), p10: +q(0.1).toFixed(2), p90: +q(0.9).toFixed(2) };
  };
  const summarise = (list) => ({
    visible_ms: stats(list.map((s) => s.visible)),
    visible_after_dcl_ms: stats(list.map((s) => s.afterDcl)),
    page_fcp_ms: stats(list.map((s) => s.fcp)),
    script_ms: stats(list.map((s) => s.script)),
    task_ms: stats(list.map((s) => s.task)),
    long_tasks_ms: stats(list.map((s) => s.longTasks)),
    cls_max: Math.max(...list.map((s) => s.cls)),
    heap_bytes: stats(list.map((s) => s.heap)),
  });

  return {
    ours: {
      wire: wire(result.files.map((f) => path.join(BUNDLE, f.file))),
      ...summarise(samples.ours),
    },
    peer: {
      name: `vanilla-cookieconsent ${JSON.parse(fs.readFileSync(path.join(PEER, "../package.json"))).version}`,
      wire: wire([path.join(PEER, "cookieconsent.umd.js"), path.join(PEER, "cookieconsent.css")]),
      ...summarise(samples.peer),
    },
    floor: {
      wire: wire([path.join(ROOT, "bench/scratch/floor/floor.js")]),
      visible_ms: stats(samples.floor.map((s) => s.visible)),
      visible_after_dcl_ms: stats(samples.floor.map((s) => s.afterDcl)),
    },
    no_banner: { page_fcp_ms: stats(samples.bare.map((s) => s.fcp)) },
    returning: Object.fromEntries(
      [["ours", samples.oursBack], ["peer", samples.peerBack]].map(([who, list]) => [who, {
        script_until_analytics_ms: stats(list.map((s) => s.script)),
        analytics_inserted_at_ms: stats(list.map((s) => s.analyticsAt)),
        long_tasks_ms: stats(list.map((s) => s.longTasks)),
        longest_task_ms_max: Math.max(...list.map((s) => s.longest)),
      }]),
    ),
    quick_exit_ms: await measureQuickExit(runs),
  };
}

if (parts.has("side")) result.side = await sideBySide();

// The article-page parts: one server, the stored records captured once.
if (parts.has("traced") || parts.has("bare") || parts.has("lighthouse")) {
  const server = await startBenchServer({ mounts: { "/peer/": PEER }, pages: {
    "/article-ours.html": articlePage("ours", { report: true }),
    "/article-peer.html": articlePage("peer", { report: true }),
    "/lh-ours.html": articlePage("ours", { probe: false }),
    "/lh-peer.html": articlePage("peer", { probe: false }),
  } });
  const stored = await captureStored(server);
  server.pages["/seed-ours.html"] = seedPage(stored.ours);
  server.pages["/seed-peer.html"] = seedPage(stored.peer);
  try {
    if (parts.has("traced")) result.traced = await tracedRuns(server, runs);
    if (parts.has("bare")) result.bare = await bareRuns(server, runs);
    if (parts.has("lighthouse")) result.lighthouse = await lighthouseRuns(server, pairs);
  } finally {
    await server.close();
  }
}
machine.load_end = loadAverage();
result.targets = targets(result);

if (args.includes("--json")) {
  console.log(JSON.stringify(result, null, 2));
} else {
  printAll(result);
}

function printAll(result) {
  console.log(`Benchmark ${result.machine.date}, ${result.machine.chromium}, Node ${result.machine.node}: ${loadText(result.machine.load_start)} at the start, ${loadText(result.machine.load_end)} at the end`);
  printFiles(result);
  if (result.side) printSide(result);
  if (result.traced) printTraced(result.traced);
  if (result.bare) printBare(result.bare);
  if (result.lighthouse) printLighthouse(result.lighthouse);
  printTargets(result.targets);
}

function printFiles(result) {
  console.log("\nFiles in dist/pcc-consent/ (what a site copies), bytes raw / gzip -9:");
  for (const f of result.files) console.log(`  ${f.file.padEnd(40)} ${String(f.raw).padStart(9)} ${String(f.gzip).padStart(9)}`);
  console.log(`  ${"total".padEnd(40)} ${String(result.files_raw_total).padStart(9)} ${String(result.files_gzip_total).padStart(9)}`);
}

function printSide(result) {
  const runs = result.runs;
  const o = result.side.ours;
  const p = result.side.peer;
  const row = (label, a, b, unit = "") => {
    const ratio = b ? (a / b).toFixed(2) : "—";
    console.log(`${label.padEnd(44)} ${String(a + unit).padStart(14)} ${String(b + unit).padStart(14)} ${ratio.padStart(8)}`);
  };
  const spread = (s) => `${s.median} (${s.p10}–${s.p90})`;
  console.log(`\nA. Side by side: pcc-consent vs ${p.name}, ${runs} cold loads each through Playwright (DevTools attached), 127.0.0.1\n`);
  console.log(`${"".padEnd(44)} ${"ours".padStart(14)} ${"peer".padStart(14)} ${"ours/peer".padStart(8)}`);
  row("1. wire bytes, raw", o.wire.raw, p.wire.raw);
  row("   wire bytes, gzip -9", o.wire.gzip, p.wire.gzip);
  row("   wire bytes, brotli", o.wire.brotli, p.wire.brotli);
  row("2. navigation start -> banner visible, ms", o.visible_ms.median, p.visible_ms.median);
  console.log(`${"   (median, p10–p90)".padEnd(44)} ${spread(o.visible_ms).padStart(14)} ${spread(p.visible_ms).padStart(14)}`);
  row("   DOMContentLoaded -> banner visible, ms", o.visible_after_dcl_ms.median, p.visible_after_dcl_ms.median);
  const f = result.side.floor;
  console.log(`   floor: a ${f.wire.gzip} B gzip .wasm that only shows a region (bench/floor)`);
  row("     navigation start -> visible, ms", f.visible_ms.median, p.visible_ms.median);
  row("     DOMContentLoaded -> visible, ms", f.visible_after_dcl_ms.median, p.visible_after_dcl_ms.median);
  row("   the page's first contentful paint, ms", o.page_fcp_ms.median, p.page_fcp_ms.median);
  console.log(`${"     (the same page with no banner)".padEnd(44)} ${String(result.side.no_banner.page_fcp_ms.median).padStart(14)}`);
  row("3. main-thread script (eval+compile), ms", o.script_ms.median, p.script_ms.median);
  row("   main-thread tasks before visible, ms", o.task_ms.median, p.task_ms.median);
  row("   long tasks before visible, ms", o.long_tasks_ms.median, p.long_tasks_ms.median);
  row("4. cumulative layout shift (max)", o.cls_max, p.cls_max);
  row("5. JS heap + backing stores (wasm), bytes", o.heap_bytes.median, p.heap_bytes.median);
  const r = result.side.returning;
  console.log("   returning visitor (stored accept-all; no banner):");
  row("     main-thread script until gtag inserted, ms", r.ours.script_until_analytics_ms.median, r.peer.script_until_analytics_ms.median);
  row("     navigation start -> gtag inserted, ms", r.ours.analytics_inserted_at_ms.median, r.peer.analytics_inserted_at_ms.median);
  row("     long tasks before it, ms", r.ours.long_tasks_ms.median, r.peer.long_tasks_ms.median);
  row("     longest task before it (max), ms", r.ours.longest_task_ms_max, r.peer.longest_task_ms_max);
  const q = result.side.quick_exit_ms;
  console.log(`6. quick exit, key -> navigation start, ms    ${String(q.median_ms).padStart(14)} ${"(none)".padStart(14)}   (min ${q.min_ms}, max ${q.max_ms})`);
}
