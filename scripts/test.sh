#!/usr/bin/env bash
# Runs every test, after installing what they need (idempotent; quick when installed):
#   1. lint: cargo fmt --check, cargo clippy -D warnings (host and wasm32)
#   2. native: cargo test (the pure consent core, config, texts; property tests)
#   2b. docs: cargo doc for wasm32 with warnings denied, and the doc examples compiled
#      (cargo test --doc, on the host and for wasm32)
#   3. browser: wasm-bindgen-test in headless Chromium (components, storage)
#   4. release check: the bundle and the configurator just built equal release/, byte for byte
#   5. end-to-end: the built bundle on plain HTML pages, the released file, its npm
#      package, the configurator, and the bundle posting to the consent log server, in
#      headless Chromium (node:test)
#   6. the consent log server (log-server/): cargo test on SQLite and on a local
#      PostgreSQL that scripts/postgres.sh installs and starts
#   6b. the benchmark's arithmetic (bench/*.test.mjs: trace sums, target marking)
#   7. the book (docs/): mdbook build, offline, and scripts/check-book.mjs (links,
#      anchors, images, examples as files); its Rust examples are Cargo example targets,
#      compiled for wasm32 by the clippy step, its HTML examples loaded by
#      tests/e2e/book-examples.test.mjs
# Prints one closing line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser || exit 1
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
LOG=target/test-logs
mkdir -p "$LOG"
passed=0
failed=0
failures=()

step() { printf '\n==> %s\n' "$1"; }
# count <log> <awk program printing "pass fail">
tally() {
  local p f
  read -r p f < <(awk "$2" "$1")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
}
cargo_counts='/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } } END { print p + 0, f + 0 }'

step "lint: cargo fmt --check"
cargo fmt --check || { failed=$((failed + 1)); failures+=("cargo fmt"); }
for target in "" "--target wasm32-unknown-unknown"; do
  step "lint: cargo clippy --all-targets ${target:-(host)}"
  # shellcheck disable=SC2086
  cargo clippy --quiet --all-targets $target -- -D warnings || { failed=$((failed + 1)); failures+=("clippy ${target:-host}"); }
done

step "lint: cargo clippy --all-targets -p pcc-consent-log (the consent log server)"
cargo clippy --quiet --all-targets -p pcc-consent-log -- -D warnings || { failed=$((failed + 1)); failures+=("clippy log server"); }

step "native tests: cargo test"
cargo test 2>&1 | tee "$LOG/native.log"
[ "${PIPESTATUS[0]}" = 0 ] || failures+=("native tests")
tally "$LOG/native.log" "$cargo_counts"

step "docs: cargo doc --no-deps --target wasm32-unknown-unknown (warnings denied)"
if RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps --target wasm32-unknown-unknown; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); failures+=("cargo doc")
fi
# The components' examples exist for wasm32 only (on the host they are cfg'd away):
# cross-compiled doctests (stable since Rust 1.89) compile them there; they are all
# `no_run` (they need a browser), so nothing is run.
for target in "" "--target wasm32-unknown-unknown"; do
  step "docs: cargo test --doc ${target:-(host)} (the examples compile)"
  # shellcheck disable=SC2086
  cargo test --doc $target 2>&1 | tee "$LOG/doctests.log"
  [ "${PIPESTATUS[0]}" = 0 ] || failures+=("doc tests ${target:-host}")
  tally "$LOG/doctests.log" "$cargo_counts"
done

step "log server tests: cargo test -p pcc-consent-log (SQLite and PostgreSQL)"
if PG_URL=$(bash scripts/postgres.sh); then
  export PCC_CONSENT_LOG_TEST_PG="$PG_URL"
else
  failed=$((failed + 1))
  failures+=("start PostgreSQL")
fi
# --show-output: the fault-injection suite prints what it injected and what was lost.
cargo test -p pcc-consent-log -- --show-output 2>&1 | tee "$LOG/log-server.log"
[ "${PIPESTATUS[0]}" = 0 ] || failures+=("log server tests")
tally "$LOG/log-server.log" "$cargo_counts"

step "browser tests: wasm-bindgen-test in headless Chromium"
cargo test --target wasm32-unknown-unknown --test 'browser_*' 2>&1 | tee "$LOG/browser.log"
[ "${PIPESTATUS[0]}" = 0 ] || failures+=("browser tests")
tally "$LOG/browser.log" "$cargo_counts"

step "book: mdbook build docs (offline) and scripts/check-book.mjs"
if mdbook build docs 2>&1 | tee "$LOG/book.log" && node scripts/check-book.mjs; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  failures+=("book")
fi

step "bench's own arithmetic: trace CPU sums and the issue's targets (node:test, no timings)"
node --test --test-reporter=spec bench/trace.test.mjs bench/targets.test.mjs 2>&1 | tee "$LOG/bench.log"
[ "${PIPESTATUS[0]}" = 0 ] || failures+=("bench arithmetic")
tally "$LOG/bench.log" 'NF == 3 && $2 == "pass" { p = $3 } NF == 3 && ($2 == "fail" || $2 == "cancelled") { f += $3 } END { print p + 0, f + 0 }'

step "build the bundle (dist/pcc-consent)"
if bash scripts/bundle.sh; then
  step "build the configurator (target/configurator, release profile)"
  bash scripts/configurator.sh || { failed=$((failed + 1)); failures+=("configurator build"); }
  # The same builds must equal the committed release, byte for byte (no second build).
  step "release check: release/ (bundle and configurator) is the build of this source"
  if bash scripts/release.sh --check; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("release check"); fi
  step "end-to-end tests: the bundle on plain pages in headless Chromium"
  node --test --test-timeout=900000 --test-reporter=spec tests/e2e/ 2>&1 | tee "$LOG/e2e.log"
  [ "${PIPESTATUS[0]}" = 0 ] || failures+=("end-to-end tests")
  tally "$LOG/e2e.log" 'NF == 3 && $2 == "pass" { p = $3 } NF == 3 && ($2 == "fail" || $2 == "cancelled") { f += $3 } END { print p + 0, f + 0 }'
else
  failed=$((failed + 1))
  failures+=("bundle build")
fi

echo
[ ${#failures[@]} = 0 ] || echo "failed steps: ${failures[*]}"
echo "$passed passed, $failed failed"
[ ${#failures[@]} = 0 ]
