#!/usr/bin/env bash
# Builds the configurator page (index.html + the demo binary, src/configurator/) into
# target/configurator/ WITHOUT Trunk: cargo (release profile, with the bundle's
# reproducible flags, so it reuses the bundle's artifacts and gives the same bytes on any
# machine and in any folder), wasm-bindgen --target web, wasm-opt, and index.html with
# plain links. scripts/release.sh copies the result to release/configurator/ (a
# released artefact a PCC team can host as it is); scripts/test.sh checks the copy
# against a fresh build, byte for byte, and the end-to-end tests use the fresh build.
# Needs release/pcc-consent.js.sri (the snippet's integrity value is built in).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
OUT=target/configurator
GLUE=target/configurator-glue

source scripts/reproducible-flags.sh
cargo build --quiet --release --bin pcc-consent-demo --target wasm32-unknown-unknown
rm -rf "$OUT" "$GLUE" && mkdir -p "$OUT/demo" "$GLUE"
wasm-bindgen --target web --no-typescript --out-dir "$GLUE" --out-name configurator \
  target/wasm32-unknown-unknown/release/pcc-consent-demo.wasm
# The glue and the JS snippets it imports (src/gate/*.js).
cp -r "$GLUE/configurator.js" "$GLUE/snippets" "$OUT/"
# The same wasm-opt settings as the bundle (scripts/bundle.sh).
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-sign-ext \
  --enable-nontrapping-float-to-int --enable-mutable-globals --enable-reference-types \
  --enable-multivalue "$GLUE/configurator_bg.wasm" -o "$OUT/configurator_bg.wasm" 2>"$GLUE/wasm-opt.log" \
  || { tail -n 20 "$GLUE/wasm-opt.log" >&2; exit 1; }
cp demo/site.css demo/configurator.css "$OUT/demo/"
# index.html without Trunk's directives: its stylesheets as links, and a module script
# that starts the app (wasm-bindgen runs the binary's main()).
node -e '
  const fs = require("fs");
  let html = fs.readFileSync("index.html", "utf8");
  html = html.replace(/<link data-trunk rel="css" href="([^"]+)">/g, "<link rel=\"stylesheet\" href=\"$1\">");
  html = html.replace(/\s*<!--[^>]*-->\s*(?=\s*<link data-trunk rel="copy-dir")/g, "\n");
  html = html.replace(/\s*<link data-trunk [^>]*>/g, "");
  html = html.replace("</head>", "  <script type=\"module\">import init from \"./configurator.js\"; init();</script>\n</head>");
  fs.writeFileSync(process.argv[1], html);' "$OUT/index.html"
echo "configurator: $OUT/index.html ($(wc -c <"$OUT/configurator_bg.wasm") B of WebAssembly, gzip -9 $(gzip -9c "$OUT/configurator_bg.wasm" | wc -c) B)"
