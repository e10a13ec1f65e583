// The released file as a site gets it: the README's embed example copied as it stands
// (with its integrity value, which the browser checks), and the npm package installed
// from the tarball `npm pack` makes of release/, in an empty folder, with no registry.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startServer, launchBrowser, newPage, banner, ROOT } from "./harness.mjs";

const RELEASE = path.join(ROOT, "release");

let server;
let browser;
let scratch;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pcc-consent-npm-"));
  server = await startServer({ mounts: { "/assets/pcc-consent/": RELEASE } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** The README's embed example: the html code block between the embed-example markers. */
function readmeExample() {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const marked = /<!-- embed-example:start -->\s*```html\n([\s\S]*?)```\s*<!-- embed-example:end -->/.exec(readme);
  assert.ok(marked, "README.md has an html block between <!-- embed-example:start/end --> markers");
  return marked[1];
}

const hostWith = (snippet) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head>
<body><h1>Host page</h1><p>Content.</p>
${snippet}</body></html>`;

const consoleErrors = (page) =>
  page.messages.filter((m) => m.type === "error" && !/Failed to load resource/.test(m.text)).map((m) => m.text);

test("the README's embed example, copied as it stands, shows the banner from the released file with its integrity checked", async () => {
  const example = readmeExample();
  const sri = fs.readFileSync(path.join(RELEASE, "pcc-consent.js.sri"), "utf8").trim();
  assert.match(example, new RegExp(`integrity="${sri.replace(/[+/]/g, "\\$&")}" crossorigin="anonymous"`));
  server.pages["/readme.html"] = hostWith(example);
  const page = await newPage(browser);
  await page.goto(`${server.origin}/readme.html`);
  await banner(page).waitFor();
  assert.equal(await banner(page).getAttribute("aria-label"), "Cookies on Example PCC");
  assert.equal(await page.evaluate(() => document.querySelector("script[integrity]").integrity), sri);
  assert.deepEqual(consoleErrors(page), []);
  await page.context().close();
});

test("the same example with a wrong integrity value is blocked by the browser: no banner", async () => {
  const wrong = `sha384-${Buffer.alloc(48, 7).toString("base64")}`;
  server.pages["/tampered.html"] = hostWith(readmeExample().replace(/integrity="[^"]*"/, `integrity="${wrong}"`));
  const page = await newPage(browser);
  await page.goto(`${server.origin}/tampered.html`);
  await page.waitForLoadState("load");
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => !!document.getElementById("pcc-consent") || !!window.pccConsent), false);
  assert.ok(
    consoleErrors(page).some((t) => /integrity/i.test(t)),
    `the console names the integrity failure: ${JSON.stringify(page.messages)}`,
  );
  await page.context().close();
});

test("npm pack of release/ installs into an empty folder with no registry, and the installed file shows the banner", async () => {
  const packed = execFileSync("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: RELEASE, encoding: "utf8" });
  const [{ filename, files, version }] = JSON.parse(packed);
  const cargo = fs.readFileSync(path.join(ROOT, "Cargo.toml"), "utf8");
  assert.equal(version, /^version = "([^"]+)"/m.exec(cargo)[1], "the package has the crate's version");
  assert.deepEqual(
    files.map((f) => f.path).sort(),
    [
      "CHANGELOG.md", "LICENSE", "README.md", "package.json", "pcc-consent.js", "pcc-consent.js.sri", "pcc-consent.wasm",
      // The configurator, ready to host (every file of release/configurator/).
      ...fs.readdirSync(path.join(RELEASE, "configurator"), { recursive: true })
        .filter((f) => fs.statSync(path.join(RELEASE, "configurator", f)).isFile())
        .map((f) => `configurator/${f}`),
    ].sort(),
  );
  const site = path.join(scratch, "site");
  fs.mkdirSync(site);
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", path.join(scratch, filename)], {
    cwd: site,
    encoding: "utf8",
  });
  const installed = path.join(site, "node_modules/pcc-consent");
  const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
  assert.equal(pkg.main, "pcc-consent.js");
  assert.equal(pkg.license, "MIT");
  for (const file of ["pcc-consent.js", "pcc-consent.wasm"]) {
    assert.ok(fs.readFileSync(path.join(installed, file)).equals(fs.readFileSync(path.join(RELEASE, file))), file);
  }

  const sri = fs.readFileSync(path.join(installed, "pcc-consent.js.sri"), "utf8").trim();
  const vendor = await startServer({ mounts: { "/vendor/pcc-consent/": installed } });
  try {
    vendor.pages["/npm.html"] = hostWith(
      `<script src="/vendor/pcc-consent/${pkg.main}" defer integrity="${sri}" crossorigin="anonymous" data-site-name="Installed PCC"></script>`,
    );
    const page = await newPage(browser);
    await page.goto(`${vendor.origin}/npm.html`);
    await banner(page).waitFor();
    assert.equal(await banner(page).getAttribute("aria-label"), "Cookies on Installed PCC");
    await page.context().close();
  } finally {
    await vendor.close();
  }
});
