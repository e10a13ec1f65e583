// Visits to the article page (bench/pages.mjs), ours and the peer's interleaved in
// adjacent pairs, measured two ways:
// - traced: Playwright with Chrome tracing; main-thread CPU from the trace (promise
//   callbacks included) until the banner is visible (first visit) or gtag is inserted
//   (returning visitor, stored accept-all), cache off;
// - no DevTools: the chromium binary launched directly (no CDP, no remote debugging),
//   one process per load; the page reports its own marks and long tasks to the bench
//   server. First visits in a fresh profile each; returning visits in one on-disk
//   profile per banner (HTTP and JS code caches kept), counted from the third load.
// It owns driving those loads; the arithmetic is in trace.mjs and stats.mjs. It never
// asserts on timings: a load that does not report (or shows the banner to a returning
// visitor) is an error, a slow one is a figure.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { chromium } from "playwright-core";
import { launchBrowser, newPage, mapHostsTo, CHROMIUM_ARGS } from "../tests/e2e/harness.mjs";
import { mainThreadCpu } from "./trace.mjs";
import { stats, pairedRatio, loadAverage } from "./stats.mjs";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TRACE_CATEGORIES = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "v8.execute",
  "v8",
  "blink.user_timing",
  "toplevel",
  "loading",
];
const WHO = ["ours", "peer"];
let seq = 0;
const nextId = (label) => `${label}-${process.pid}-${++seq}`;

/**
 * The accept-all record each banner writes itself (its Accept button clicked once), as
 * { cookies, local } for the seed page.
 */
export async function captureStored(server) {
  const browser = await launchBrowser(mapHostsTo(server));
  const out = {};
  for (const who of WHO) {
    const p = await newPage(browser);
    await p.goto(`${server.origin}/article-${who}.html`);
    await p.getByRole("button", { name: "Accept additional cookies" }).click();
    await p.waitForFunction(() => window.__bench.analyticsAt !== null, null, { timeout: 15_000 });
    const cookies = (await p.context().cookies()).filter((c) => /consent|cc_cookie/.test(c.name));
    const local = await p.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
    if (!cookies.length && !Object.keys(local).length) throw new Error(`${who}: Accept stored nothing`);
    out[who] = { cookies, local };
    await p.context().close();
  }
  await browser.close();
  return out;
}

/** Traced loads, cache off: first visit to visible, returning visitor to gtag inserted. */
export async function tracedRuns(server, runs) {
  const browser = await launchBrowser(mapHostsTo(server));
  const load = async (who, returning) => {
    const p = await newPage(browser);
    const cdp = await p.context().newCDPSession(p);
    if (returning) {
      const id = nextId("seed");
      await p.goto(`${server.origin}/seed-${who}.html?id=${id}`);
      await server.report(id);
    }
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const mark = returning ? "bench:analytics" : "bench:visible";
    const seen = p.waitForEvent("console", { predicate: (m) => m.text() === mark.replace(":", ": "), timeout: 20_000 });
    await browser.startTracing(undefined, { categories: TRACE_CATEGORIES });
    await p.goto(`${server.origin}/article-${who}.html`, { waitUntil: "commit" });
    await seen;
    await p.waitForTimeout(200); // let the task holding the mark end in the trace
    const trace = JSON.parse((await browser.stopTracing()).toString());
    const cpu = mainThreadCpu(trace.traceEvents || trace, mark);
    if (returning && (await p.evaluate(() => !!document.querySelector("#cc-main .cm") ||
      !!document.getElementById("pcc-consent")?.shadowRoot?.querySelector("[role=region]")))) {
      throw new Error(`traced ${who}: the banner showed for a returning visitor`);
    }
    await p.context().close();
    if (!cpu) throw new Error(`traced ${who}: no ${mark} in the trace`);
    return cpu;
  };
  const samples = { first: { ours: [], peer: [] }, returning: { ours: [], peer: [] } };
  const before = loadAverage();
  for (let i = 0; i < runs; i++) {
    for (const visit of ["first", "returning"]) {
      // Alternate which goes first, so neither always follows the other.
      const order = i % 2 ? [...WHO].reverse() : WHO;
      for (const who of order) samples[visit][who].push(await load(who, visit === "returning"));
    }
  }
  await browser.close();
  const sum = (visit) => {
    const s = samples[visit];
    const field = (k) => ({
      ours: stats(s.ours.map((x) => x[k])),
      peer: stats(s.peer.map((x) => x[k])),
      paired_ratio: pairedRatio(s.ours.map((x) => x[k]), s.peer.map((x) => x[k])),
    });
    return {
      script_cpu_ms: field("script_cpu_ms"),
      microtask_cpu_ms: field("microtask_cpu_ms"),
      task_cpu_ms: field("task_cpu_ms"),
      long_tasks: field("long_tasks"),
      longest_task_ms_max: {
        ours: Math.max(...s.ours.map((x) => x.longest_task_ms)),
        peer: Math.max(...s.peer.map((x) => x.longest_task_ms)),
      },
      window_ms: field("window_ms"),
    };
  };
  return { runs, load_before: before, load_after: loadAverage(), first: sum("first"), returning: sum("returning") };
}

/** One page load in a chromium with no DevTools client: resolves with the page's report. */
async function bareLoad(server, profile, url, id) {
  const child = spawn(
    CHROMIUM,
    [...CHROMIUM_ARGS, ...mapHostsTo(server), `--user-data-dir=${profile}`, url],
    { stdio: "ignore", detached: true },
  );
  const exited = new Promise((r) => child.once("exit", r));
  try {
    return await server.report(id, 30_000);
  } finally {
    await stopChromium(child, exited);
  }
}

/** The no-DevTools run: first visits (fresh profiles) and returning visits (on-disk profiles). */
export async function bareRuns(server, runs) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pcc-bench-"));
  const before = loadAverage();
  const first = { ours: [], peer: [] };
  const returning = { ours: [], peer: [] };
  const codeCache = {};
  try {
    for (let i = 0; i < runs; i++) {
      const order = i % 2 ? [...WHO].reverse() : WHO;
      for (const who of order) {
        const profile = fs.mkdtempSync(path.join(tmp, "first-"));
        const id = nextId(`first-${who}`);
        const r = await bareLoad(server, profile, `${server.origin}/article-${who}.html?report&id=${id}`, id);
        if (r.event !== "visible") throw new Error(`no-DevTools first visit ${who}: ${JSON.stringify(r)}`);
        const before = r.longTasks.filter(([start]) => start < r.visibleAt);
        first[who].push({
          visible: r.visibleAt,
          afterDcl: r.visibleAt - r.dcl,
          fcp: r.fcp,
          longTasks: before.reduce((n, [, d]) => n + d, 0),
          longest: before.reduce((m, [, d]) => Math.max(m, d), 0),
        });
        fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
      }
    }
    // The stored choice goes in through Playwright (not measured): it closes the
    // browser cleanly, so the cookie is on disk; a SIGTERMed headless browser may not
    // write it. The measured loads after it have no DevTools client.
    const profiles = {};
    for (const who of WHO) {
      profiles[who] = path.join(tmp, `returning-${who}`);
      const context = await chromium.launchPersistentContext(profiles[who], {
        executablePath: CHROMIUM,
        args: [...CHROMIUM_ARGS, ...mapHostsTo(server)],
      });
      const id = nextId(`seed-${who}`);
      const p = await context.newPage();
      await p.goto(`${server.origin}/seed-${who}.html?id=${id}`);
      await server.report(id);
      await context.close();
    }
    // Loads 1 and 2 fill the HTTP cache and make V8's code cache (made only for a
    // script seen twice); from the third on, a returning visitor's usual load.
    for (let i = 1; i <= runs + 2; i++) {
      const order = i % 2 ? [...WHO].reverse() : WHO;
      for (const who of order) {
        const id = nextId(`back-${who}`);
        const r = await bareLoad(server, profiles[who], `${server.origin}/article-${who}.html?report&id=${id}`, id);
        if (r.event !== "analytics" || r.bannerShown) {
          throw new Error(`no-DevTools returning visit ${who} (load ${i}): ${JSON.stringify(r)}`);
        }
        if (i < 3) continue;
        const before = r.longTasks.filter(([start]) => start < r.analyticsAt);
        returning[who].push({
          analyticsAt: r.analyticsAt,
          longTasks: before.reduce((n, [, d]) => n + d, 0),
          longest: before.reduce((m, [, d]) => Math.max(m, d), 0),
        });
      }
    }
    // Evidence that the returning visits had caches to use: the profiles' on-disk JS
    // code cache entries (V8 writes one for a script seen twice).
    for (const who of WHO) {
      const dir = path.join(profiles[who], "Default", "Code Cache", "js");
      codeCache[who] = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^[0-9a-f]{16}_0$/.test(f)).length : 0;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 });
  }
  const field = (s, k) => ({
    ours: stats(s.ours.map((x) => x[k])),
    peer: stats(s.peer.map((x) => x[k])),
    paired_ratio: pairedRatio(s.ours.map((x) => x[k]), s.peer.map((x) => x[k])),
  });
  const max = (s, k) => ({ ours: Math.max(...s.ours.map((x) => x[k])), peer: Math.max(...s.peer.map((x) => x[k])) });
  return {
    runs,
    load_before: before,
    load_after: loadAverage(),
    first: {
      visible_ms: field(first, "visible"),
      visible_after_dcl_ms: field(first, "afterDcl"),
      page_fcp_ms: field(first, "fcp"),
      long_tasks_before_visible_ms: field(first, "longTasks"),
      longest_task_before_visible_ms_max: max(first, "longest"),
    },
    returning: {
      analytics_inserted_at_ms: field(returning, "analyticsAt"),
      long_tasks_before_ms: field(returning, "longTasks"),
      longest_task_before_ms_max: max(returning, "longest"),
      code_cache_entries: codeCache,
    },
  };
}

/**
 * Stops a chromium started detached (its own process group): SIGTERM to the browser
 * process only, so it shuts down cleanly and writes its caches and cookies to the
 * profile; the group is killed if it hangs, and then anyway, for its helpers (zygote,
 * renderers). `exited`: the child's exit, awaited.
 */
export async function stopChromium(child, exited) {
  child.kill("SIGTERM");
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  }, 10_000);
  await exited;
  clearTimeout(timer);
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {}
}
