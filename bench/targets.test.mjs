// The acceptance targets of bench/targets.mjs on hand-made results (no browser, no
// timings measured): each target is met exactly up to its bound and missed past it,
// and "not measured" when its part did not run.   node --test bench/targets.test.mjs
import test from "node:test";
import assert from "node:assert/strict";
import { targets } from "./targets.mjs";

const field = (ours, peer, paired = ours / peer) => ({ ours: { median: ours }, peer: { median: peer }, paired_ratio: paired });
const lhVisit = (tbtOurs, tbtPeer, lcpOurs, lcpPeer, score) => ({
  tbt_ms: field(tbtOurs, tbtPeer), lcp_ms: field(lcpOurs, lcpPeer), score: field(score, 100), tbt_paired_difference_ms: tbtOurs - tbtPeer,
});
function result({ cpuRatio = 1, longest = 50, firstRatio = 1, firstLongest = 0, tag = 20_000, total = 150_000, tbt = 20, lcp = 1.1, score = 99 } = {}) {
  return {
    files: [{ file: "pcc-consent.js", gzip: tag }, { file: "module.wasm", gzip: total - tag }],
    files_gzip_total: total,
    traced: {
      returning: { script_cpu_ms: field(10 * cpuRatio, 10, cpuRatio), longest_task_ms_max: { ours: longest, peer: 0 } },
      first: { longest_task_ms_max: { ours: firstLongest, peer: 0 } },
    },
    bare: {
      first: { visible_ms: field(100 * firstRatio, 100, firstRatio), longest_task_before_visible_ms_max: { ours: firstLongest, peer: 0 } },
      returning: { longest_task_before_ms_max: { ours: longest, peer: 0 } },
    },
    lighthouse: {
      mobile_first: lhVisit(10 + tbt, 10, 1000 * lcp, 1000, score),
      mobile_returning: lhVisit(10 + tbt, 10, 1000 * lcp, 1000, score),
    },
  };
}

test("every target is met at its bound", () => {
  const list = targets(result());
  console.log(`covered: ${list.length} targets at their bounds`);
  assert.equal(list.length, 12);
  assert.deepEqual(list.filter((t) => t.met !== true).map((t) => t.target), []);
});

test("each target is missed just past its bound, and only that one", () => {
  const cases = [
    [{ cpuRatio: 1.01 }, /CPU until gtag/],
    [{ longest: 51 }, /no task over 50 ms/],
    [{ firstRatio: 1.01 }, /banner visible <= 1.0x/],
    [{ firstLongest: 51 }, /no long task before the banner/],
    [{ tag: 20_001, total: 150_000 }, /the tag's file/],
    [{ total: 150_001 }, /together <= 150,000/],
    [{ tbt: 21 }, /TBT/],
    [{ lcp: 1.11 }, /LCP/],
    [{ score: 98 }, /score >= 99/],
  ];
  for (const [change, which] of cases) {
    const missed = targets(result(change)).filter((t) => t.met === false).map((t) => t.target);
    assert.ok(missed.length > 0 && missed.every((t) => which.test(t)), `${JSON.stringify(change)}: ${missed.join(" | ")}`);
  }
  console.log(`covered: ${cases.length} single-target misses`);
});

test("parts that did not run are not measured, not met", () => {
  const r = result();
  delete r.traced;
  delete r.bare;
  delete r.lighthouse;
  const list = targets(r);
  assert.equal(list.filter((t) => t.met === null).length, 10);
  assert.equal(list.filter((t) => t.met === true).length, 2); // the two size targets
});
