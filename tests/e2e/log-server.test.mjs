// The consent log server end to end: the built bundle in headless Chromium posts to a
// real pcc-consent-log (SQLite, temporary file, ephemeral port) through data-log-url.
// A visitor accepts, then withdraws in the preferences dialog: `find <id>` returns both
// records under ONE consent id, in order, with `decision` 1 and 2 and the same
// `noticeHash`, whose notice (`pcc-consent-log notice <hash>`) holds the texts shown;
// the notice is posted once per page; a later page continues the id (decision 3) and a
// reset starts a new one; `verify` passes. A notice post that fails still leaves the
// record stored (without noticeHash). A page on an origin the server does not list gets
// nothing stored.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, execFileSync } from "node:child_process";
import { ROOT, startServer, launchBrowser, newPage, hostPage, started, decided } from "./harness.mjs";

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

test("accept then withdraw in the dialog: one consent id, decisions 1 and 2, the notice shown; the chain verifies", async () => {
  const page = await newPage(browser);
  const noticePosts = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname === "/notice") noticePosts.push(r.postData());
  });
  await page.goto(`${site.origin}/logged.html`);
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await decided(page);
  const id = await page.evaluate(() => window.pccConsent.get().id);
  assert.match(id, /^[0-9a-f]{32}$/);
  assert.equal((await records([id], 1)).length, 1);
  await page.evaluate(() => window.pccConsent.showPreferences());
  await page.getByRole("dialog", { name: "Cookie preferences" }).getByRole("button", { name: "Reject all" }).click();
  assert.equal(await page.evaluate(() => window.pccConsent.get().id), id, "the withdrawal keeps the visitor's id");
  const found = await records([id], 2);
  assert.equal(found.length, 2, JSON.stringify(found));
  assert.deepEqual(found.map((r) => [r.id, r.decision, r.method]), [
    [id, 1, "accept_all"],
    [id, 2, "reject_all"],
  ]);
  assert.deepEqual(found[0].categories, { necessary: true, performance: true, functionality: true, targeting: true });
  assert.deepEqual(found[1].categories, { necessary: true, performance: false, functionality: false, targeting: false });
  assert.deepEqual(found[1].changed, ["performance", "functionality", "targeting"]);
  assert.equal(found[0].page, `${site.origin}/logged.html`);
  assert.match(found[0].noticeHash ?? "", /^[0-9a-f]{64}$/, JSON.stringify(found[0]));
  assert.equal(found[1].noticeHash, found[0].noticeHash, "the same notice for both");
  assert.equal(noticePosts.length, 1, "the notice is posted once per page");
  // The notice the DPO can show: the exact texts, categories, revision and language.
  const shown = cli("notice", found[0].noticeHash);
  assert.equal(shown.code, 0, shown.out);
  const notice = JSON.parse(shown.out);
  assert.equal(notice.siteName, "Example PCC");
  assert.equal(notice.lang, "en");
  assert.equal(notice.revision, 1);
  assert.deepEqual(notice.categories, ["necessary", "performance", "functionality", "targeting"]);
  assert.equal(notice.texts.accept_additional, "Accept additional cookies");
  assert.equal(notice.texts.reject_all, "Reject all");
  assert.equal(notice.texts.banner_essential, "We use some essential cookies to make our website work.");
  // The next page continues the same id; a reset starts a new one at 1.
  await page.reload();
  await started(page);
  await page.evaluate(() => window.pccConsent.accept(["performance"]));
  const again = await records([id], 3);
  assert.deepEqual(again.map((r) => [r.id, r.decision, r.method]).at(-1), [id, 3, "custom"]);
  assert.equal(again.at(-1).noticeHash, found[0].noticeHash, "same config, same notice");
  await page.evaluate(() => window.pccConsent.reset());
  await page.getByRole("button", { name: "Reject additional cookies" }).click();
  const fresh = await page.evaluate(() => window.pccConsent.get().id);
  assert.notEqual(fresh, id, "a reset starts a new consent id");
  assert.deepEqual((await records([fresh], 1)).map((r) => r.decision), [1]);
  const verify = cli("verify");
  assert.equal(verify.code, 0, verify.out);
  assert.match(verify.out, /chain intact/);
  await page.context().close();
});

test("when the notice cannot be stored the record is still logged, without noticeHash", async () => {
  const page = await newPage(browser);
  let refused = 0;
  await page.route(`${log.url}/notice`, (route) => {
    refused += 1;
    return route.abort();
  });
  await page.goto(`${site.origin}/logged.html`);
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  // A click on the painted first view is made by the module once it has taken over.
  await page.waitForFunction(() => window.pccConsent.get() !== null);
  const id = await page.evaluate(() => window.pccConsent.get().id);
  const found = await records([id], 1);
  assert.equal(found.length, 1, "the record is not lost");
  assert.equal(found[0].decision, 1);
  assert.equal(found[0].noticeHash, null);
  assert.equal(refused, 1);
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
