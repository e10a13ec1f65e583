// The README's demo command as a new user runs it: `bash scripts/demo.sh` serves the
// released, prebuilt files (release/pcc-consent.js and .wasm, release/configurator/) with nothing
// to compile, the pages work before the consent log server is up, and a choice made
// once it is up is stored in it (`pcc-consent-log stats`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import crypto from "node:crypto";
import { spawn, execFileSync } from "node:child_process";
import { ROOT, launchBrowser, newPage, banner } from "./harness.mjs";

let demo;
let browser;
let dir;
let out = "";
let origin;

/** A free port on loopback. */
function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves when the demo's output matches `pattern` (within `ms`). */
async function printed(pattern, ms) {
  for (let waited = 0; waited < ms; waited += 100) {
    if (pattern.test(out)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`the demo never printed ${pattern}; it printed:\n${out}`);
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pcc-demo-"));
  const port = await freePort();
  const logPort = await freePort();
  origin = `http://127.0.0.1:${port}`;
  demo = spawn("bash", ["scripts/demo.sh"], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, PORT: String(port), LOG_PORT: String(logPort), LOG_DB: path.join(dir, "log.db") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  demo.stdout.on("data", (chunk) => (out += chunk));
  demo.stderr.on("data", (chunk) => (out += chunk));
  browser = await launchBrowser();
  await printed(/demo: serving http:/, 60_000);
});

after(async () => {
  await browser?.close();
  if (demo) process.kill(-demo.pid, "SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Loads `url`; returns the page with its failed responses (favicon aside). */
async function load(url) {
  const page = await newPage(browser);
  const failed = [];
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${origin}${url}`);
  return { page, failed };
}

// Failed loads are checked by URL above (the console's message names none; the favicon is
// the one 404 allowed).
const consoleErrors = (page) =>
  page.messages.filter((m) => (m.type === "error" || m.type === "pageerror") && !/Failed to load resource/.test(m.text));

test("the demo serves the configurator, the plain page and the cookies page from the released files", async () => {
  const { page: cfg, failed: cfgFailed } = await load("/");
  await cfg.getByRole("heading", { name: "Set up your cookie banner" }).waitFor();
  // The configurator is the released build, running: its form is drawn by the
  // WebAssembly, and its snippet names the released file's hash.
  await cfg.getByRole("group", { name: "Your site" }).waitFor({ timeout: 30_000 });
  const sri = fs.readFileSync(path.join(ROOT, "release/pcc-consent.js.sri"), "utf8").trim();
  const snippet = await cfg.evaluate(() => [...document.querySelectorAll("textarea, pre, code")].map((e) => e.value ?? e.textContent).join("\n"));
  assert.ok(snippet.includes(sri), "the configurator's snippet carries release/pcc-consent.js.sri");
  assert.deepEqual(cfgFailed, []);
  assert.deepEqual(consoleErrors(cfg), []);

  const { page: plain, failed: plainFailed } = await load("/demo/plain.html");
  await banner(plain).waitFor();
  for (const file of ["pcc-consent.js", "pcc-consent.wasm"]) {
    const served = await plain.evaluate(async (file) => {
      const bytes = await (await fetch(`../dist/pcc-consent/${file}`)).arrayBuffer();
      return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
    }, file);
    const released = crypto.createHash("sha256").update(fs.readFileSync(path.join(ROOT, "release", file))).digest("hex");
    assert.equal(served, released, `the plain page runs the released ${file}, byte for byte`);
  }
  assert.deepEqual(plainFailed, []);
  assert.deepEqual(consoleErrors(plain), []);

  const { page: cookies, failed: cookiesFailed } = await load("/demo/cookies.html");
  await cookies.getByRole("heading", { level: 1 }).waitFor();
  await cookies.locator("#pcc-consent-settings, [data-pcc-consent-settings]").first().waitFor({ state: "attached" });
  assert.deepEqual(cookiesFailed, []);
  assert.deepEqual(consoleErrors(cookies), []);
  for (const p of [cfg, plain, cookies]) await p.context().close();
});

test("a choice made on the plain page once the log server is up is stored in it", async () => {
  // The log server was built by the log server's tests before this file runs (or is
  // built now, in the background, as on a fresh clone).
  await printed(/log server: up on/, 600_000);
  const { page } = await load("/demo/plain.html");
  await page.getByRole("button", { name: "Accept additional cookies" }).click();
  await page.getByRole("alert").waitFor();
  const bin = path.join(ROOT, "target/debug/pcc-consent-log");
  let stats = "";
  // One day's row: total 1, accept_all 1.
  const oneAccept = /^\d{4}-\d{2}-\d{2}\s+1\s+1\s/m;
  for (let i = 0; i < 50 && !oneAccept.test(stats); i++) {
    await new Promise((r) => setTimeout(r, 100));
    stats = execFileSync(bin, ["--db", path.join(dir, "log.db"), "stats"], { encoding: "utf8" });
  }
  console.log(`pcc-consent-log stats after one Accept on the demo:\n${stats}`);
  assert.match(stats, oneAccept, "one accept_all record stored");
  await page.context().close();
});
