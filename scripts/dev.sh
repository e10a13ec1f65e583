#!/usr/bin/env bash
# The developer loop: builds the banner and the configurator FROM SOURCE and serves them
# with live reload (Trunk) on http://127.0.0.1:8080/. First run: installs Trunk 0.21.x
# and wasm-bindgen-cli (about 10 minutes on 2 cores, once), then a release build of the
# bundle and the configurator (a few minutes). To just see the product, use
# `bash scripts/demo.sh`, which serves the released files with nothing to compile.
# Pages: / (the configurator), /demo/plain.html and /demo/cookies.html (the bundle built
# from your source, dist/pcc-consent/pcc-consent.js), /release/pcc-consent.js.
# The consent log server runs beside it on 127.0.0.1:8081; /log/ is passed on to it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --demo
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
say() { printf 'dev: %s\n' "$*"; }
say "building the bundle from source (release profile; a few minutes the first time)"
bash scripts/bundle.sh
# The bundle's rustc flags for Trunk's release build too, so both share cargo's artifacts.
source scripts/reproducible-flags.sh
PORT="${PORT:-8080}"
LOG_PORT="${LOG_PORT:-8081}"
LOG_DB=target/demo/consent-log.db
mkdir -p target/demo
say "building the consent log server (about 4 minutes the first time)"
cargo build --quiet -p pcc-consent-log --bin pcc-consent-log
target/debug/pcc-consent-log --db "$LOG_DB" serve --listen "127.0.0.1:$LOG_PORT" --log-records \
  --allow-origin "http://127.0.0.1:$PORT" --allow-origin "http://localhost:$PORT" &
LOG_PID=$!
trap 'kill "$LOG_PID" 2>/dev/null' EXIT
say "serving http://127.0.0.1:$PORT/ and http://127.0.0.1:$PORT/demo/plain.html once Trunk has built the configurator"
say "consent log on http://127.0.0.1:$LOG_PORT/consent; look inside with"
say "     target/debug/pcc-consent-log --db $LOG_DB stats   (or: find <consent id>, verify)"
trunk serve --release --port "$PORT" --proxy-backend="http://127.0.0.1:$LOG_PORT/" --proxy-rewrite=/log/ "$@"
