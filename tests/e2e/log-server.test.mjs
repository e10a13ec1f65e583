// The consent log server end to end: the built bundle in headless Chromium posts to a
// real pcc-consent-log (SQLite, temporary file, ephemeral port) through data-log-url.
// A visitor accepts, then withdraws; `find` returns both records (each decision has
// its own consent id) as given, and `verify` passes. A page on an origin the server does not list gets nothing stored.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, execFileSync } from "node:child_process";
import { ROOT, startServer, launchBrowser, newPage, hostPage, started } from "./harness.mjs";

const BIN = path.join(ROOT, "target/debug/pcc-consent-log");
let site;
let browser;
let log;
let logUrl;
let dir;

/** Builds the server if needed (quick when `cargo test -p pcc-consent-log` ran first). */
function buildServer() {
  execFileSync("cargo", ["build", "--quiet", "-p", "pcc-consent-log", "--bin", "pcc-consent-log"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** `pcc-consent-log serve` on an ephemeral port; resolves with its base URL. */
function startLog(db, origin) {
  const child = spawn(BIN, ["--db", db, "serve", "--listen", "127.0.0.1:0", "--allow-origin", origin], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve({ child, url: m[1] });
    });
    child.on("exit", (code) => reject(new Error(`pcc-consent-log exited with ${code}`)));
  });
}

/** Runs a subcommand on the test database: { code, out }. */
function cli(...args) {
  try {
    return { code: 0, out: execFileSync(BIN, ["--db", path.join(dir, "log.db"), ...args], { encoding: "utf8" }) };
  } catch (e) {
    return { code: e.status, out: String(e.stdout) };
  }
}

/** `find ids…`, once it returns `n` records (the posts are asynchronous). */
async function records(ids, n) {
  let found = [];
  for (let i = 0; i < 100 && found.length < n; i++) {
    if (i) await new Promise((r) => setTimeout(r, 100));
    const { out } = cli("find", ...ids);
    found = out.trim() ? JSON.parse(out) : [];
  }
  return found;
}

before(async () => {
  buildServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pcc-consent-log-e2e-"));
  site = await startServer({ pages: {} });
  log = await startLog(path.join(dir, "log.db"), site.origin);
  logUrl = `${log.url}/consent`;
  site.pages["/logged.html"] = hostPage({ attrs: `data-site-name="Example PCC" data-log-url="${logUrl}"` });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
  log?.child.kill();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("accepting then withdrawing leaves both records in the log, and the chain verifies", async () => {
  const page = await newPage(browser);
  await page.goto(`${site.origin}/logged.html`);
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  const accepted = await page.evaluate(() => window.pccConsent.get().id);
  assert.match(accepted, /^[0-9a-f]{32}$/);
  assert.equal((await records([accepted], 1)).length, 1);
  await page.evaluate(() => window.pccConsent.rejectAll());
  // Each decision is a new record with its own id; the visitor quotes both.
  const withdrawn = await page.evaluate(() => window.pccConsent.get().id);
  const found = await records([accepted, withdrawn], 2);
  assert.equal(found.length, 2, JSON.stringify(found));
  assert.deepEqual(found.map((r) => r.method), ["accept_all", "reject_all"]);
  assert.deepEqual(found[0].categories, { necessary: true, performance: true, functionality: true, targeting: true });
  assert.deepEqual(found[1].categories, { necessary: true, performance: false, functionality: false, targeting: false });
  assert.deepEqual(found[1].changed, ["performance", "functionality", "targeting"]);
  assert.equal(found[0].page, `${site.origin}/logged.html`);
  const verify = cli("verify");
  assert.equal(verify.code, 0, verify.out);
  assert.match(verify.out, /chain intact/);
  await page.context().close();
});

test("a page on an origin the server does not list gets nothing stored, and the banner still works", async () => {
  const page = await newPage(browser);
  // Same files, another origin: localhost is not 127.0.0.1 to the browser.
  await page.goto(`http://localhost:${site.port}/logged.html`);
  await started(page);
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  const id = await page.evaluate(() => window.pccConsent.get().id);
  assert.equal(await page.evaluate(() => window.pccConsent.accepted("performance")), false);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(cli("find", id).code, 1, "no record for that id");
  await page.context().close();
});
