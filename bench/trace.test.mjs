// The trace arithmetic of bench/trace.mjs on hand-made traces (no browser, no timings
// measured): microtasks are counted, nested events once, nothing outside the window.
//   node --test bench/trace.test.mjs
import test from "node:test";
import assert from "node:assert/strict";
import { mainThreadCpu } from "./trace.mjs";

const T = { pid: 1, tid: 7 };
const X = (name, ts, dur, tdur, extra = {}) => ({ ...T, ph: "X", cat: "devtools.timeline", name, ts, dur, tdur, ...extra });
const base = [
  { ...T, ph: "R", cat: "blink.user_timing", name: "navigationStart", ts: 1_000, args: { data: { isLoadingMainFrame: true } } },
  { ...T, ph: "R", cat: "blink.user_timing", name: "bench:visible", ts: 200_000 },
];

test("a promise callback's CPU counts as script, once, with its task", () => {
  const events = [
    ...base,
    X("RunTask", 10_000, 60_000, 55_000),
    X("EvaluateScript", 10_100, 20_000, 18_000),
    X("FunctionCall", 12_000, 5_000, 5_000), // nested: already in EvaluateScript
    X("RunMicrotasks", 31_000, 30_000, 29_000), // after the script, same task
    X("RunTask", 100_000, 10_000, 9_000),
    X("RunMicrotasks", 100_500, 4_000, 3_000),
  ];
  const cpu = mainThreadCpu(events, "bench:visible");
  console.log("covered: nested script events, top-level microtasks, one long and one short task", cpu);
  assert.equal(cpu.script_cpu_ms, 18 + 29 + 3);
  assert.equal(cpu.microtask_cpu_ms, 32);
  assert.equal(cpu.task_cpu_ms, 64);
  assert.equal(cpu.long_tasks, 1);
  assert.equal(cpu.longest_task_ms, 60);
});

test("events before navigation start, after the mark, or on other threads are left out", () => {
  const events = [
    ...base,
    X("RunTask", 500, 100_000, 90_000), // before navigationStart (the previous page)
    X("RunTask", 250_000, 80_000, 80_000), // after the mark
    { ...X("RunTask", 20_000, 70_000, 70_000), tid: 8 }, // another thread
    { ...X("EvaluateScript", 20_000, 70_000, 70_000), pid: 2 }, // another renderer
    X("ThreadControllerImpl::RunTask", 50_000, 2_000, 1_500),
    X("v8.compile", 50_100, 1_000, 900),
  ];
  const cpu = mainThreadCpu(events, "bench:visible");
  console.log("covered: previous page, after the mark, other thread, other process, renamed task event", cpu);
  assert.equal(cpu.task_cpu_ms, 1.5);
  assert.equal(cpu.script_cpu_ms, 0.9);
  assert.equal(cpu.long_tasks, 0);
  assert.equal(cpu.window_ms, 199);
});

test("no mark, no figures", () => {
  assert.equal(mainThreadCpu(base, "bench:analytics"), null);
});
