// A look at the module's boot, task by task: loads the Lighthouse article page (no
// probe) in headless chromium with a Chrome trace, first visit and returning visit
// (stored accept-all), until `pcc-consent:ready`, and prints every main-thread task
// from DOMContentLoaded on that took over --min ms (default 5), with what ran in it
// (script, wasm lazy compile, microtasks, style, layout). It owns this printout only;
// it never asserts and is not part of bench/run. Lighthouse's mobile preset multiplies
// each task by 4, so a task over ~12 ms here is a long task there.
//   node bench/boot-tasks.mjs [--runs 3] [--min 5]
import { launchBrowser, newPage, mapHostsTo } from "../tests/e2e/harness.mjs";
import { startBenchServer } from "./server.mjs";
import { articlePage, seedPage } from "./pages.mjs";
import { captureStored } from "./visits.mjs";
import path from "node:path";
import { ROOT } from "../tests/e2e/harness.mjs";

const args = process.argv.slice(2);
const opt = (name, d) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const RUNS = opt("--runs", 3);
const MIN = opt("--min", 5);
const DETAIL = opt("--detail", 0);
const CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "v8", "v8.wasm",
  "disabled-by-default-v8.wasm.detailed", "blink.user_timing", "toplevel", "loading", "blink"];
const TASKS = new Set(["RunTask", "ThreadControllerImpl::RunTask"]);
// What to name inside a task (summed wall ms, nested events of one name counted once).
const KINDS = ["wasm.CompileLazy", "wasm.CompileFunction", "FunctionCall", "RunMicrotasks", "TimerFire",
  "EventDispatch", "FireIdleCallback", "EvaluateScript", "v8.compile", "UpdateLayoutTree", "Layout", "Paint",
  "PrePaint", "ParseHTML", "ParseAuthorStyleSheet", "v8.callFunction", "wasm.SyncCompile", "wasm.InstantiateModule"];

const PEER = path.join(ROOT, "bench/scratch/node_modules/vanilla-cookieconsent/dist"); // captureStored visits the peer too
const server = await startBenchServer({ mounts: { "/peer/": PEER }, pages: {
  "/article-ours.html": articlePage("ours", { report: true }),
  "/article-peer.html": articlePage("peer", { report: true }),
  "/lh-ours.html": articlePage("ours", { probe: false }),
} });

const stored = await captureStored(server).catch(() => null);
if (stored) server.pages["/seed-ours.html"] = seedPage(stored.ours);
const browser = await launchBrowser(mapHostsTo(server));

async function load(returning) {
  const p = await newPage(browser);
  if (returning) {
    const id = `seed-${Date.now()}`;
    await p.goto(`${server.origin}/seed-ours.html?id=${id}`);
    await server.report(id);
  }
  await p.addInitScript(() => {
    window.__ready = false;
    document.addEventListener("pcc-consent:ready", () => { window.__ready = true; });
  });
  await browser.startTracing(undefined, { categories: CATEGORIES });
  await p.goto(`${server.origin}/lh-ours.html`, { waitUntil: "commit" });
  await p.waitForFunction(() => window.__ready, null, { timeout: 20_000, polling: 50 });
  await p.waitForTimeout(300);
  const trace = JSON.parse((await browser.stopTracing()).toString());
  await p.context().close();
  return trace.traceEvents || trace;
}

function report(events, label) {
  const dcl = events.find((e) => e.name === "domContentLoadedEventStart" || e.name === "MarkDOMContent");
  const nav = events.filter((e) => e.name === "navigationStart" && e.args?.data?.isLoadingMainFrame).pop();
  if (!nav) return console.log(`${label}: no navigationStart`);
  const { pid } = nav;
  // The renderer main thread: the one with the navigationStart mark.
  const tid = nav.tid;
  const thread = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === "X" && e.ts >= nav.ts)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const from = dcl && dcl.pid === pid ? dcl.ts : nav.ts;
  const tasks = thread.filter((e) => TASKS.has(e.name) && e.ts >= from - 200_000);
  let top = [];
  let until = -Infinity;
  for (const t of tasks) if (t.ts >= until) { top.push(t); until = t.ts + t.dur; }
  const ms = (us) => (us / 1000).toFixed(1);
  console.log(`\n${label}: tasks over ${MIN} ms after navigationStart (DCL at ${ms(from - nav.ts)} ms)`);
  let total = 0;
  for (const t of top) {
    if (t.dur < MIN * 1000) continue;
    total += Math.max(0, t.dur / 1000 * 4 - 50);
    const inside = thread.filter((e) => e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e !== t);
    const parts = [];
    for (const kind of KINDS) {
      let sum = 0, n = 0, end = -Infinity;
      for (const e of inside) if (e.name === kind) { n++; if (e.ts >= end) { sum += e.dur; end = e.ts + e.dur; } }
      if (n) parts.push(`${kind} ${ms(sum)}${n > 1 ? ` (${n})` : ""}`);
    }
    const fn = inside.find((e) => e.name === "FunctionCall" || e.name === "TimerFire" || e.name === "EventDispatch");
    const what = fn?.args?.data ? `${fn.args.data.functionName || fn.args.data.type || ""} ${(fn.args.data.url || "").split("/").pop()}:${fn.args.data.lineNumber ?? ""}` : "";
    console.log(`  +${ms(t.ts - nav.ts).padStart(7)} ${ms(t.dur).padStart(6)} ms [${what.trim()}] ${parts.join(", ")}`);
    if (DETAIL && t.dur >= DETAIL * 1000) {
      // Every event name inside, by summed wall time: what the named kinds miss.
      const all = {};
      for (const e of inside) all[e.name] = (all[e.name] || 0) + e.dur;
      console.log("      " + Object.entries(all).sort((a, b) => b[1] - a[1]).slice(0, 14).map(([n, d]) => `${n} ${ms(d)}`).join(", "));
    }
  }
  console.log(`  (TBT if each were x4: ${total.toFixed(0)} ms)`);
}

try {
  for (let i = 0; i < RUNS; i++) {
    report(await load(false), `first visit #${i + 1}`);
    if (stored) report(await load(true), `returning visit #${i + 1}`);
  }
} finally {
  await browser.close();
  await server.close();
}
