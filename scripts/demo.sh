#!/usr/bin/env bash
# Serves the demo on http://127.0.0.1:8080/ from the RELEASED, prebuilt files: nothing is
# compiled before the first page (about a minute on a fresh machine, for `npm ci`).
#   /                   the configurator (release/configurator/, built by scripts/release.sh)
#   /demo/plain.html    the released pcc-consent.js on a plain page with no build step
#   /demo/cookies.html  the cookies page (settings form and cookie declaration)
# The consent log server (pcc-consent-log, SQLite file target/demo/consent-log.db) is
# built in the background the first time (a few minutes on 2 cores; reused after) and
# started on 127.0.0.1:8081 when ready: the pages work before it is up, and their
# choices reach it (through /log/) once it is.
# Building from source with live reload is `bash scripts/dev.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
PORT="${PORT:-8080}"
LOG_PORT="${LOG_PORT:-8081}"
LOG_DB="${LOG_DB:-target/demo/consent-log.db}"
LOG_BIN=target/debug/pcc-consent-log
say() { printf 'demo: %s\n' "$*"; }

[ -f release/configurator/index.html ] || { say "release/configurator/ is missing: run 'bash scripts/release.sh'" >&2; exit 1; }
bash scripts/setup.sh --npm-only
mkdir -p target/demo

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

# The log server: built once in the background, then started. With --tests, as
# `cargo test -p pcc-consent-log` builds it (its dev-dependencies switch features on in
# shared crates): after the test suite has run, nothing is rebuilt (a plain build
# recompiled 20 crates, ~50 s inside the end-to-end tests).
log_server() {
  cargo build -p pcc-consent-log --bin pcc-consent-log --tests >target/demo/log-server-build.log 2>&1 &
  local build=$! started=$SECONDS
  sleep 3
  if kill -0 "$build" 2>/dev/null; then
    say "log server: building pcc-consent-log in the background (first time: about 4 minutes on 2 cores; the pages work meanwhile; output in target/demo/log-server-build.log)"
  fi
  while kill -0 "$build" 2>/dev/null; do
    sleep 20
    kill -0 "$build" 2>/dev/null || break
    say "log server: still building ($((SECONDS - started)) s, $(grep -c '^ *Compiling' target/demo/log-server-build.log) crates compiled)"
  done
  if ! wait "$build"; then
    say "log server: the build failed (see target/demo/log-server-build.log); the pages still work, choices are not logged" >&2
    return 1
  fi
  "$LOG_BIN" --db "$LOG_DB" serve --listen "127.0.0.1:$LOG_PORT" --log-records \
    --allow-origin "http://127.0.0.1:$PORT" --allow-origin "http://localhost:$PORT" &
  local server=$!
  for _ in $(seq 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$LOG_PORT") 2>/dev/null; then
      say "log server: up on http://127.0.0.1:$LOG_PORT/ (the pages post to /log/consent); look inside with"
      say "      $LOG_BIN --db $LOG_DB stats   (or: find <consent id>, verify)"
      break
    fi
    sleep 0.2
  done
  wait "$server"
}
log_server &
pids+=($!)

node scripts/demo-server.mjs --port "$PORT" --log-port "$LOG_PORT" &
pids+=($!)
wait "${pids[-1]}"
