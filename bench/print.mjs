// Text tables for bench/compare.mjs's traced, no-DevTools and Lighthouse parts and the
// acceptance targets. It owns layout only: every figure comes from the run's result.
import { loadText } from "./stats.mjs";

const f = (x) => (Number.isFinite(x) ? String(+x.toFixed(2)) : "—");
const head = () => console.log(`${"".padEnd(64)} ${"ours".padStart(9)} ${"peer".padStart(9)} ${"paired".padStart(7)}`);
/** One row: medians of ours and peer and the median of paired ratios. */
function row(label, field, pairedText) {
  const paired = pairedText ?? (Number.isFinite(field.paired_ratio) ? f(field.paired_ratio) + "x" : "—");
  console.log(`${label.padEnd(64)} ${f(field.ours.median).padStart(9)} ${f(field.peer.median).padStart(9)} ${paired.padStart(7)}`);
}
const pair = (label, a, b) => console.log(`${label.padEnd(64)} ${f(a).padStart(9)} ${f(b).padStart(9)}`);
const loads = (x) => `(${loadText(x.load_before)} before, ${x.load_after.one} after)`;

export function printTraced(t) {
  console.log(`\nB. Traced (Playwright + Chrome trace, cache off), article page, ${t.runs} pairs, medians ${loads(t)}`);
  head();
  row("first visit: main-thread script CPU until visible, ms", t.first.script_cpu_ms);
  row("  of which promise callbacks (RunMicrotasks), ms", t.first.microtask_cpu_ms);
  row("  all main-thread task CPU until visible, ms", t.first.task_cpu_ms);
  row("  tasks over 50 ms before visible, count", t.first.long_tasks);
  pair("  longest task before visible (max over runs), ms", t.first.longest_task_ms_max.ours, t.first.longest_task_ms_max.peer);
  row("returning: main-thread script CPU until gtag inserted, ms", t.returning.script_cpu_ms);
  row("  of which promise callbacks (RunMicrotasks), ms", t.returning.microtask_cpu_ms);
  row("  all main-thread task CPU until gtag, ms", t.returning.task_cpu_ms);
  row("  tasks over 50 ms before gtag, count", t.returning.long_tasks);
  pair("  longest task before gtag (max over runs), ms", t.returning.longest_task_ms_max.ours, t.returning.longest_task_ms_max.peer);
}

export function printBare(b) {
  console.log(`\nC. No DevTools client (chromium launched directly; the page reports its own marks), ${b.runs} pairs ${loads(b)}`);
  head();
  row("first visit (fresh profile): navigation -> banner visible, ms", b.first.visible_ms);
  row("  DOMContentLoaded -> visible, ms", b.first.visible_after_dcl_ms);
  row("  the page's first contentful paint, ms", b.first.page_fcp_ms);
  row("  long tasks before visible (sum), ms", b.first.long_tasks_before_visible_ms);
  pair("  longest task before visible (max over runs), ms", b.first.longest_task_before_visible_ms_max.ours, b.first.longest_task_before_visible_ms_max.peer);
  row("returning (on-disk profile, loads >= 3): navigation -> gtag, ms", b.returning.analytics_inserted_at_ms);
  row("  long tasks before gtag (sum), ms", b.returning.long_tasks_before_ms);
  pair("  longest task before gtag (max over runs), ms", b.returning.longest_task_before_ms_max.ours, b.returning.longest_task_before_ms_max.peer);
  pair("  JS code cache entries in the profile at the end", b.returning.code_cache_entries.ours, b.returning.code_cache_entries.peer);
}

export function printLighthouse(lh) {
  console.log(`\nD. Lighthouse ${lh.version}, article page, ${lh.pairs} pairs per preset and visit, medians (${lh.seconds} s) ${loads(lh)}`);
  for (const key of ["mobile_first", "mobile_returning", "desktop_first", "desktop_returning"]) {
    const m = lh[key];
    if (!m) continue;
    console.log(`  ${key.replace("_", ", ")} visit`);
    head();
    row("    performance score", m.score);
    // TBT is often 0 for the peer: the paired difference says more than a ratio.
    row("    Total Blocking Time, ms (paired: ours - peer)", m.tbt_ms, `${f(m.tbt_paired_difference_ms)} ms`);
    row("    Largest Contentful Paint, ms", m.lcp_ms);
    row("    First Contentful Paint, ms", m.fcp_ms);
    for (const who of ["ours", "peer"]) {
      const tasks = Object.entries(m.long_tasks_by_script[who])
        .map(([name, t]) => `${name} ${f(t.median_ms)} ms (in ${t.runs_with})`)
        .join("; ");
      console.log(`    long tasks by script, ${who}: ${tasks || "none"}`);
    }
    if (!/not available/.test(m.lcp_element.ours)) console.log(`    LCP element: ours ${m.lcp_element.ours}; peer ${m.lcp_element.peer}`);
    if (m.warnings.length) console.log(`    Lighthouse warned: ${m.warnings.join(" | ")}`);
  }
}

export function printTargets(list) {
  console.log("\nIssue 33's acceptance targets:");
  for (const t of list) {
    const mark = t.met === null ? "not measured" : t.met ? "met" : "MISSED";
    console.log(`  [${mark.padEnd(12)}] ${t.target}: ${t.figure}`);
  }
}
