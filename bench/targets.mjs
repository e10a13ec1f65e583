// Issue 33's acceptance targets, checked against the figures of one bench run. It owns
// the comparisons only (met / missed / not measured); it never measures and never fails
// the run: the targets are printed beside the figures.

const fmt = (x, unit = "") => (Number.isFinite(x) ? `${+x.toFixed(2)}${unit}` : "—");

/** [{ target, figure, met }] where met is true, false or null (not measured in this run). */
export function targets(result) {
  const out = [];
  const add = (target, figure, met) => out.push({ target, figure, met });
  const t = result.traced;
  const b = result.bare;
  const back = t?.returning;
  add(
    "returning visitor: main-thread script CPU until gtag (trace, cache off) <= 1.0x the peer, paired",
    back ? `${fmt(back.script_cpu_ms.ours.median, " ms")} vs ${fmt(back.script_cpu_ms.peer.median, " ms")}, paired ${fmt(back.script_cpu_ms.paired_ratio, "x")}` : "—",
    back ? back.script_cpu_ms.paired_ratio <= 1.0 : null,
  );
  const longestBack = [back?.longest_task_ms_max.ours, b?.returning.longest_task_before_ms_max.ours].filter(Number.isFinite);
  add(
    "returning visitor: no task over 50 ms before gtag (trace; no DevTools, on-disk profile)",
    `longest ${back ? fmt(back.longest_task_ms_max.ours, " ms") : "—"} traced; ${b ? fmt(b.returning.longest_task_before_ms_max.ours, " ms") : "—"} no DevTools`,
    longestBack.length ? Math.max(...longestBack) <= 50 : null,
  );
  const first = b?.first;
  add(
    "first visit: banner visible <= 1.0x the peer (no DevTools, paired)",
    first ? `${fmt(first.visible_ms.ours.median, " ms")} vs ${fmt(first.visible_ms.peer.median, " ms")}, paired ${fmt(first.visible_ms.paired_ratio, "x")}` : "—",
    first ? first.visible_ms.paired_ratio <= 1.0 : null,
  );
  const firstLong = [first?.longest_task_before_visible_ms_max.ours, t?.first.longest_task_ms_max.ours].filter(Number.isFinite);
  add(
    "first visit: no long task before the banner is visible (no DevTools; trace)",
    `longest ${first ? fmt(first.longest_task_before_visible_ms_max.ours, " ms") : "—"} no DevTools; ${t ? fmt(t.first.longest_task_ms_max.ours, " ms") : "—"} traced`,
    firstLong.length ? Math.max(...firstLong) === 0 : null,
  );
  const tag = result.files.find((f) => f.file === "pcc-consent.js");
  add("the tag's file (pcc-consent.js) <= 20,000 B gzip -9", tag ? `${tag.gzip} B` : "missing", tag ? tag.gzip <= 20_000 : false);
  add("every file in dist/pcc-consent/ together <= 150,000 B gzip -9", `${result.files_gzip_total} B`, result.files_gzip_total <= 150_000);
  const lh = result.lighthouse;
  for (const visit of ["first", "returning"]) {
    const m = lh?.[`mobile_${visit}`];
    add(
      `Lighthouse mobile, ${visit} visit: TBT <= the peer's + 20 ms (medians)`,
      m ? `${fmt(m.tbt_ms.ours.median, " ms")} vs ${fmt(m.tbt_ms.peer.median, " ms")} (paired difference ${fmt(m.tbt_paired_difference_ms, " ms")})` : "—",
      m ? m.tbt_ms.ours.median <= m.tbt_ms.peer.median + 20 : null,
    );
    const ratio = m && m.lcp_ms.ours.median / m.lcp_ms.peer.median;
    add(
      `Lighthouse mobile, ${visit} visit: LCP <= 1.1x the peer (medians)`,
      m ? `${fmt(m.lcp_ms.ours.median, " ms")} vs ${fmt(m.lcp_ms.peer.median, " ms")} = ${fmt(ratio, "x")} (paired ${fmt(m.lcp_ms.paired_ratio, "x")})` : "—",
      m ? ratio <= 1.1 : null,
    );
    add(
      `Lighthouse mobile, ${visit} visit: performance score >= 99 (median)`,
      m ? `${fmt(m.score.ours.median)} (peer ${fmt(m.score.peer.median)})` : "—",
      m ? m.score.ours.median >= 99 : null,
    );
  }
  return out;
}
