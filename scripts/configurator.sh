#!/usr/bin/env bash
# Builds the configurator page (index.html + the demo binary, src/configurator/) into
# target/configurator/ WITHOUT Trunk, for the end-to-end tests: cargo (dev profile, which
# reuses what the browser tests built), then wasm-bindgen --target web, as for the
# bundle. `bash scripts/demo.sh` builds the same page with Trunk for people.
# Needs release/pcc-consent.js.sri (the snippet's integrity value is built in).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
OUT=target/configurator

cargo build --quiet --bin pcc-consent-demo --target wasm32-unknown-unknown
rm -rf "$OUT" && mkdir -p "$OUT/demo"
wasm-bindgen --target web --no-typescript --out-dir "$OUT" --out-name configurator \
  target/wasm32-unknown-unknown/debug/pcc-consent-demo.wasm
cp demo/site.css demo/configurator.css "$OUT/demo/"
# index.html without Trunk's directives: its stylesheets as links, and a module script
# that starts the app (wasm-bindgen runs the binary's main()).
node -e '
  const fs = require("fs");
  let html = fs.readFileSync("index.html", "utf8");
  html = html.replace(/<link data-trunk rel="css" href="([^"]+)">/g, "<link rel=\"stylesheet\" href=\"$1\">");
  html = html.replace(/\s*<link data-trunk [^>]*>/g, "");
  html = html.replace("</head>", "  <script type=\"module\">import init from \"./configurator.js\"; init();</script>\n</head>");
  fs.writeFileSync(process.argv[1], html);' "$OUT/index.html"
echo "configurator: $OUT/index.html ($(du -k "$OUT/configurator_bg.wasm" | cut -f1) KB of WebAssembly, unoptimised)"
