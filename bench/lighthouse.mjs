// The Lighthouse pass: Lighthouse 12.2.3 (installed into bench/scratch/lighthouse by
// bench/run; 13.x needs Node 22) against this machine's chromium, on the article page
// without the probe, mobile and desktop presets, first visit and returning visit (the
// stored accept-all seeded in the profile beforehand, storage reset off), ours and the
// peer's interleaved in pairs. Each Lighthouse run gets a fresh chromium and profile,
// launched here with the vendors' hosts mapped to the stand-ins (no internet).
// It owns driving Lighthouse and reading its report; it never asserts on figures.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, execFile } from "node:child_process";
import { promisify } from "node:util";
import { ROOT, mapHostsTo } from "../tests/e2e/harness.mjs";
import { stats, pairedRatio, loadAverage } from "./stats.mjs";
import { stopChromium } from "./visits.mjs";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const LIGHTHOUSE_VERSION = "12.2.3";
export const LIGHTHOUSE = path.join(ROOT, "bench/scratch/lighthouse/node_modules/lighthouse/cli/index.js");
// The flags the issue names (root, no GPU, no internet), as Lighthouse's own launcher would add them.
export const REPORTS = path.join(ROOT, "bench/scratch/lighthouse/reports");
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run"];
const WHO = ["ours", "peer"];
const run = promisify(execFile);
let seq = 0;

/** A chromium with a DevTools port for Lighthouse; `startUrl` is its first page. */
async function startChromium(server, profile, startUrl) {
  const child = spawn(CHROMIUM, [...FLAGS, ...mapHostsTo(server), "--remote-debugging-port=0",
    `--user-data-dir=${profile}`, startUrl], { stdio: "ignore", detached: true });
  // Listened for from the start: an exit before `stop` is called must not be missed.
  const exited = new Promise((r) => child.once("exit", r));
  const file = path.join(profile, "DevToolsActivePort");
  for (let i = 0; i < 300 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  const port = Number(fs.readFileSync(file, "utf8").split("\n")[0]);
  const stop = () => stopChromium(child, exited);
  return { port, stop };
}

/** One Lighthouse run; returns the figures read from its report. */
async function lighthouseOnce(server, who, preset, visit, tmp) {
  const profile = fs.mkdtempSync(path.join(tmp, `${who}-`));
  const id = `lh-seed-${process.pid}-${++seq}`;
  const start = visit === "returning" ? `${server.origin}/seed-${who}.html?blank&id=${id}` : "about:blank";
  const browser = await startChromium(server, profile, start);
  try {
    if (visit === "returning") {
      const seeded = await server.report(id);
      if (seeded.event !== "seeded") throw new Error(`lighthouse seed ${who}: ${JSON.stringify(seeded)}`);
      await new Promise((r) => setTimeout(r, 300)); // the seed tab leaves for about:blank
    }
    const out = path.join(profile, "report.json");
    const args = [LIGHTHOUSE, `${server.origin}/lh-${who}.html`, `--port=${browser.port}`, "--output=json",
      `--output-path=${out}`, "--only-categories=performance", "--quiet", "--max-wait-for-load=60000"];
    if (preset === "desktop") args.push("--preset=desktop");
    if (visit === "returning") args.push("--disable-storage-reset");
    await run(process.execPath, args, { maxBuffer: 64 << 20 });
    const lhr = JSON.parse(fs.readFileSync(out, "utf8"));
    // The last report of each kind is kept for a look (Lighthouse's own JSON).
    fs.mkdirSync(REPORTS, { recursive: true });
    fs.copyFileSync(out, path.join(REPORTS, `${preset}-${visit}-${who}.json`));
    if (lhr.runtimeError) throw new Error(`lighthouse ${who} ${preset} ${visit}: ${lhr.runtimeError.message}`);
    const audit = (k) => lhr.audits[k]?.numericValue;
    // Long tasks Lighthouse attributes to each script (its "Avoid long main-thread tasks").
    const byScript = {};
    for (const item of lhr.audits["long-tasks"]?.details?.items || []) {
      const name = scriptName(item.url);
      byScript[name] = (byScript[name] || 0) + item.duration;
    }
    const lcpAudit = lhr.audits["largest-contentful-paint-element"];
    const lcpItem = lcpAudit?.details?.items?.[0];
    const lcpNode = lcpItem?.items?.[0]?.node || lcpItem?.node;
    // Lighthouse 12.2.3 cannot read this from Chromium 156's trace (its TraceElements
    // gatherer fails); the LCP time itself is unaffected.
    const lcpUnknown = lcpAudit?.scoreDisplayMode === "error" ? "not available (Lighthouse audit error)" : "?";
    return {
      score: Math.round((lhr.categories.performance.score ?? NaN) * 100),
      tbt: audit("total-blocking-time"),
      lcp: audit("largest-contentful-paint"),
      fcp: audit("first-contentful-paint"),
      longTasks: byScript,
      lcpElement: lcpNode?.nodeLabel || lcpNode?.selector || lcpUnknown,
      warnings: lhr.runWarnings || [],
    };
  } finally {
    await browser.stop();
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  }
}

/** Short names for the scripts Lighthouse names by URL. */
function scriptName(url) {
  if (!url) return "(no script)";
  try {
    const u = new URL(url);
    if (u.hostname === "127.0.0.1") return u.pathname.split("/").pop() || u.pathname;
    return u.hostname + u.pathname;
  } catch {
    return url;
  }
}

/** `pairs` interleaved pairs for each preset and visit; medians and paired ratios. */
export async function lighthouseRuns(server, pairs) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pcc-bench-lh-"));
  const before = loadAverage();
  const samples = {};
  const started = Date.now();
  try {
    for (let i = 0; i < pairs; i++) {
      for (const preset of ["mobile", "desktop"]) {
        for (const visit of ["first", "returning"]) {
          const key = `${preset}_${visit}`;
          samples[key] ||= { ours: [], peer: [] };
          const order = i % 2 ? [...WHO].reverse() : WHO;
          for (const who of order) samples[key][who].push(await lighthouseOnce(server, who, preset, visit, tmp));
        }
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 });
  }
  const result = { version: LIGHTHOUSE_VERSION, pairs, load_before: before, load_after: loadAverage(),
    seconds: Math.round((Date.now() - started) / 1000) };
  for (const [key, s] of Object.entries(samples)) {
    const field = (k) => ({
      ours: stats(s.ours.map((x) => x[k])),
      peer: stats(s.peer.map((x) => x[k])),
      paired_ratio: pairedRatio(s.ours.map((x) => x[k]), s.peer.map((x) => x[k])),
    });
    // Per script: the median (over runs, 0 where it had none) of its long-task ms.
    const tasks = (list) => {
      const names = new Set(list.flatMap((x) => Object.keys(x.longTasks)));
      return Object.fromEntries([...names].map((n) => [n, {
        median_ms: stats(list.map((x) => x.longTasks[n] || 0)).median,
        runs_with: list.filter((x) => x.longTasks[n]).length,
      }]));
    };
    const common = (list) => {
      const counts = {};
      for (const x of list) counts[x.lcpElement] = (counts[x.lcpElement] || 0) + 1;
      return Object.entries(counts).sort((a, b) => b[1] - a[1])[0]?.[0];
    };
    result[key] = {
      score: field("score"),
      tbt_ms: field("tbt"),
      lcp_ms: field("lcp"),
      fcp_ms: field("fcp"),
      long_tasks_by_script: { ours: tasks(s.ours), peer: tasks(s.peer) },
      lcp_element: { ours: common(s.ours), peer: common(s.peer) },
      // Only the TBT difference needs a pairing of its own (the target is peer + 20 ms).
      tbt_paired_difference_ms: stats(s.ours.map((x, i) => x.tbt - s.peer[i].tbt)).median,
      warnings: [...new Set([...s.ours, ...s.peer].flatMap((x) => x.warnings))],
    };
  }
  return result;
}
