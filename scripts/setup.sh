#!/usr/bin/env bash
# Installs every tool the demo and the tests need, idempotently: quick when all is
# present, and it never downloads a binary from GitHub (all from crates.io, npm, apt).
#   bash scripts/setup.sh            # build tools (wasm target, wasm-bindgen, npm tools incl. wasm-opt)
#   bash scripts/setup.sh --demo     # also Trunk, for the demo site
#   bash scripts/setup.sh --browser  # also Debian's chromium + chromium-driver and mdBook, for the tests
#   bash scripts/setup.sh --book     # also mdBook, to build the book in docs/ (mdbook build docs)
#   bash scripts/setup.sh --npm-only # only the npm tools (scripts/demo.sh: nothing to compile)
# Every long step prints one line first: what it does and about how long it takes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION_REQ="^0.21"
MDBOOK_VERSION="0.5.4"
say() { printf 'setup: %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if [[ " $* " != *" --npm-only "* ]]; then
# 1. The WebAssembly target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target (rustup download, under a minute)"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$WBG_VERSION" ]; then echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1; fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ]; then
  say "installing wasm-bindgen-cli $WBG_VERSION: compiling from crates.io, about 3 minutes on 2 cores, once"
  # Not --locked: its lock file names a webpki-roots release crates.io no longer serves.
  cargo install --quiet --force wasm-bindgen-cli --version "=$WBG_VERSION"
fi

# 2b. Trunk 0.21.x (0.22 needs a newer rustc than this machine's), for the demo only:
#     the tests do not need it, which keeps a first CI run on a new machine short.
if [[ " $* " == *" --demo "* ]] && ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  say "installing trunk $TRUNK_VERSION_REQ: compiling from crates.io, about 8 minutes on 2 cores, once"
  cargo install --quiet --locked trunk --version "$TRUNK_VERSION_REQ"
fi

# 2c. mdBook at exactly $MDBOOK_VERSION, for the book in docs/ (scripts/test.sh builds it
#     offline and checks its links). Only the search feature: no live-reload server.
if [[ " $* " == *" --book "* || " $* " == *" --browser "* ]] \
  && [ "$(mdbook --version 2>/dev/null | awk '{print $2}')" != "v$MDBOOK_VERSION" ]; then
  say "installing mdbook $MDBOOK_VERSION: compiling from crates.io, about 4 minutes on 2 cores, once"
  cargo install --quiet --locked mdbook --version "=$MDBOOK_VERSION" --no-default-features --features search
fi

fi

# 3. From package-lock.json: binaryen (wasm-opt 132: Debian's 108 corrupts wasm-bindgen's
#    externref table), esbuild (bundles the script-tag entry), playwright-core and
#    axe-core (tests). No install scripts run: none of these needs one.
npm_in_sync() {
  node -e '
    const fs = require("fs");
    const want = JSON.parse(fs.readFileSync("package-lock.json")).packages;
    const have = JSON.parse(fs.readFileSync("node_modules/.package-lock.json")).packages;
    delete want[""];
    const same = Object.keys(want).every((k) => have[k] && have[k].version === want[k].version);
    process.exit(same ? 0 : 1);' 2>/dev/null
}
if ! npm_in_sync; then
  say "installing the npm tools from package-lock.json (npm ci, under a minute)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi

# 4. Debian's Chromium and ChromeDriver (and openssl), for the browser tests.
if [[ " $* " == *" --browser "* ]]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing chromium and chromium-driver from Debian (apt, about 1 to 2 minutes, once)"
    apt_install chromium chromium-driver
  fi
  # The end-to-end harness makes its throwaway TLS certificate with openssl.
  command -v openssl >/dev/null || apt_install openssl
fi
if [[ " $* " == *" --npm-only "* ]]; then say "npm tools ready"; exit 0; fi
say "tools ready: $(wasm-bindgen --version), $(trunk --version 2>/dev/null || echo 'no trunk (demo only)'), $(mdbook --version 2>/dev/null || echo 'no mdbook (book and tests only)'), wasm-opt $(node_modules/.bin/wasm-opt --version | awk '{print $3}')"
