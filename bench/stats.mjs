// Small statistics for the benchmark's printouts: medians, spreads, paired ratios and
// the machine's load average. It owns arithmetic only and never measures.
import fs from "node:fs";
import os from "node:os";

/** Median, p10 and p90 of finite values (NaN when there are none). */
export function stats(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return { median: NaN, p10: NaN, p90: NaN, n: 0 };
  const q = (p) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
  const mid = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  const r = (x) => +x.toFixed(2);
  return { median: r(mid), p10: r(q(0.1)), p90: r(q(0.9)), n: v.length };
}

/**
 * The median of per-pair ratios ours[i] / peer[i] (adjacent loads, so both saw the same
 * moment of a shared machine); pairs where the peer's figure is 0 are left out.
 */
export function pairedRatio(ours, peer) {
  const ratios = ours.map((a, i) => a / peer[i]).filter((x) => Number.isFinite(x));
  return stats(ratios).median;
}

/** The 1, 5 and 15 minute load averages and the core count, for printing beside figures. */
export function loadAverage() {
  const [one, five, fifteen] = fs.readFileSync("/proc/loadavg", "utf8").split(" ").map(Number);
  return { one, five, fifteen, cores: os.cpus().length };
}

export const loadText = (l) => `load average ${l.one} / ${l.five} / ${l.fifteen} on ${l.cores} cores`;
