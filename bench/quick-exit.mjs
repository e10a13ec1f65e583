// Quick-exit latency: time from the Escape key press to the exit navigation starting,
// in headless Chromium against the built bundle (run `bash scripts/bundle.sh` first).
//   node bench/quick-exit.mjs [--runs 20] [--json]
// The support page records the key press time (performance.timeOrigin + event.timeStamp)
// in sessionStorage from a listener registered before the banner's; the same-origin
// exit page reads it and subtracts it from its own performance.timeOrigin.
import { fileURLToPath } from "node:url";
import { startServer, launchBrowser, newPage, hostPage } from "../tests/e2e/harness.mjs";

/** Median, min and max of key press -> exit navigation start over `runs` presses. */
export async function measureQuickExit(runs = 20) {
const server = await startServer();
const exitUrl = `${server.origin}/exit.html`;
server.pages["/support.html"] = hostPage({
  head: `<script src="/bench/fixtures/mark-keydown.js"></script>`,
  attrs: `data-quick-exit="escape" data-exit-url="${exitUrl}"`,
});
server.pages["/exit.html"] = "<!doctype html><title>Exit</title><h1>Weather</h1>";

const browser = await launchBrowser();
const samples = [];
for (let i = 0; i < runs; i++) {
  const page = await newPage(browser);
  await page.goto(`${server.origin}/support.html`);
  await page.waitForFunction(() => document.getElementById("pcc-consent-exit"));
  await page.keyboard.press("Escape");
  await page.waitForURL(exitUrl);
  const ms = await page.evaluate(() => performance.timeOrigin - Number(sessionStorage.getItem("keyAt")));
  samples.push(ms);
  await page.context().close();
}
await browser.close();
await server.close();

samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)];
return {
  runs,
  median_ms: +median.toFixed(2),
  min_ms: +samples[0].toFixed(2),
  max_ms: +samples[samples.length - 1].toFixed(2),
};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 20;
const result = await measureQuickExit(runs);
if (args.includes("--json")) console.log(JSON.stringify({ quick_exit_latency: result }));
else console.log(`quick exit: key press -> exit navigation start, ${runs} runs: median ${result.median_ms} ms (min ${result.min_ms}, max ${result.max_ms})`);
}
