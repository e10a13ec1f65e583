// The quick exit's data-exit-url check (src/js/quick_exit/settings.js, plain JavaScript
// so it works before the WebAssembly) follows the banner's one rule for absolute URLs
// (`is_absolute_http_url` in src/config/validate.rs, also used by the configurator):
// both are run on the same cases, tests/fixtures/absolute-urls.json (the Rust side in
// `cargo test`). And the rule decides what the exit does: a refused URL leaves the
// default in place.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { isExitUrl, readSettings, DEFAULT_EXIT_URL } from "../../src/js/quick_exit/settings.js";

const cases = JSON.parse(readFileSync(new URL("../fixtures/absolute-urls.json", import.meta.url), "utf8"));

test("the quick exit decides the shared URL cases as the banner's Rust rule does", () => {
  assert.ok(cases.length >= 10);
  for (const { url, absolute } of cases) {
    assert.equal(isExitUrl(url), absolute, JSON.stringify(url));
  }
});

test("a data-exit-url the rule refuses leaves the default exit, and says so", () => {
  const errors = [];
  const original = console.error;
  console.error = (message) => errors.push(message);
  try {
    const tag = (url) => ({ getAttribute: (name) => (name === "data-exit-url" ? url : name === "data-quick-exit" ? "escape" : null) });
    const doc = { documentElement: { getAttribute: () => "en" } };
    assert.equal(readSettings(tag("https://www.example.org/away"), doc).exitUrl, "https://www.example.org/away");
    assert.equal(errors.length, 0);
    assert.equal(readSettings(tag("https:example.org"), doc).exitUrl, DEFAULT_EXIT_URL);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /data-exit-url/);
  } finally {
    console.error = original;
  }
});
