// Main-thread CPU from a Chrome trace (JSON trace events). It owns the arithmetic only:
// which events are script, which are top-level tasks, and the window from the page's
// navigation start to a performance mark. It never drives a browser and never reads
// timings from anywhere but the trace. Why traces: DevTools' ScriptDuration misses
// promise callbacks (RunMicrotasks), where an async start such as a module fetched
// after first paint does its work.

/** Events that run JavaScript (or compile it) on the main thread; nested ones count once. */
export const SCRIPT_EVENTS = new Set([
  "EvaluateScript",
  "v8.compile",
  "v8.compileModule",
  "v8.evaluateModule",
  "v8.run",
  "v8.callFunction",
  "V8.Execute",
  "FunctionCall",
  "RunMicrotasks",
  "v8.produceCache",
  "v8.produceModuleCache",
]);
/** The scheduler's top-level task events (the name moved between Chrome versions). */
export const TASK_EVENTS = new Set(["RunTask", "ThreadControllerImpl::RunTask", "ThreadPool_RunTask"]);

/**
 * Sums, on the renderer main thread that recorded `mark`, from the last main-frame
 * navigationStart before it up to the mark: CPU (thread time, `tdur`) of top-level script
 * events, CPU and wall time of top-level tasks, and tasks over 50 ms wall. Returns null
 * when the trace has no such mark.
 */
export function mainThreadCpu(events, mark) {
  const markEvent = events.find((e) => e.name === mark && e.cat?.includes("blink.user_timing"));
  if (!markEvent) return null;
  const { pid, tid } = markEvent;
  const end = markEvent.ts;
  const starts = events.filter(
    (e) => e.pid === pid && e.name === "navigationStart" && e.ts <= end && e.args?.data?.isLoadingMainFrame !== false,
  );
  const start = starts.length ? Math.max(...starts.map((e) => e.ts)) : -Infinity;
  const thread = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === "X" && e.ts >= start && e.ts <= end)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const topLevel = (names) => {
    const out = [];
    let until = -Infinity;
    for (const e of thread) {
      if (!names.has(e.name)) continue;
      if (e.ts < until) continue; // nested in (or overlapping) one already counted
      out.push(e);
      until = e.ts + (e.dur || 0);
    }
    return out;
  };
  const ms = (us) => us / 1000;
  const sum = (list, field) => ms(list.reduce((n, e) => n + (e[field] ?? e.dur ?? 0), 0));
  const script = topLevel(SCRIPT_EVENTS);
  const tasks = topLevel(TASK_EVENTS);
  const long = tasks.filter((e) => e.dur > 50_000);
  return {
    window_ms: ms(end - start),
    script_cpu_ms: sum(script, "tdur"),
    microtask_cpu_ms: sum(script.filter((e) => e.name === "RunMicrotasks"), "tdur"),
    task_cpu_ms: sum(tasks, "tdur"),
    task_wall_ms: sum(tasks, "dur"),
    long_tasks: long.length,
    longest_task_ms: long.length ? Math.max(...long.map((e) => ms(e.dur))) : 0,
  };
}
