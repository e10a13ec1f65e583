#!/usr/bin/env bash
# Builds and serves the demo site on http://127.0.0.1:8080/ (after installing what it
# needs). Pages: / (the configurator, index.html: a Leptos app using the banner's
# components), /demo/plain.html (the script-tag bundle on a plain HTML page, no build
# step) and /release/pcc-consent.js (the released file the configurator's snippet names).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --demo
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
bash scripts/bundle.sh
# The bundle's rustc flags for Trunk's release build too, so both share cargo's artifacts.
source scripts/reproducible-flags.sh
echo "demo: serving http://127.0.0.1:${PORT:-8080}/ and http://127.0.0.1:${PORT:-8080}/demo/plain.html"
exec trunk serve --release --port "${PORT:-8080}" "$@"
