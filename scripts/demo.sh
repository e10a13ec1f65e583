#!/usr/bin/env bash
# Builds and serves the demo site on http://127.0.0.1:8080/ (after installing what it
# needs). Pages: / (the configurator, index.html: a Leptos app using the banner's
# components), /demo/plain.html (the script-tag bundle on a plain HTML page, no build
# step) and /release/pcc-consent.js (the released file the configurator's snippet names).
# The consent log server (pcc-consent-log, SQLite file target/demo/consent-log.db) runs
# beside it on 127.0.0.1:8081; the demo pages post each choice to /log/consent, which
# Trunk passes on to it, and it prints a line for every record it stores.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --demo
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
bash scripts/bundle.sh
# The bundle's rustc flags for Trunk's release build too, so both share cargo's artifacts.
source scripts/reproducible-flags.sh
PORT="${PORT:-8080}"
LOG_PORT="${LOG_PORT:-8081}"
LOG_DB=target/demo/consent-log.db
mkdir -p target/demo
cargo build --quiet -p pcc-consent-log --bin pcc-consent-log
target/debug/pcc-consent-log --db "$LOG_DB" serve --listen "127.0.0.1:$LOG_PORT" --log-records \
  --allow-origin "http://127.0.0.1:$PORT" --allow-origin "http://localhost:$PORT" &
LOG_PID=$!
trap 'kill "$LOG_PID" 2>/dev/null' EXIT
echo "demo: serving http://127.0.0.1:$PORT/ and http://127.0.0.1:$PORT/demo/plain.html"
echo "demo: consent log on http://127.0.0.1:$LOG_PORT/consent; look inside with"
echo "      target/debug/pcc-consent-log --db $LOG_DB stats   (or: find <consent id>, verify)"
trunk serve --release --port "$PORT" --proxy-backend="http://127.0.0.1:$LOG_PORT/" --proxy-rewrite=/log/ "$@"
