#!/usr/bin/env bash
# Builds the embeddable bundle: dist/pcc-consent/{pcc-consent.js, pcc-consent.wasm}.
# A site copies that folder to its server and adds one <script> tag (see README).
# The CSS travels inside the .wasm (adopted into the banner's shadow root).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
OUT=dist/pcc-consent
GLUE=target/bundle/glue

cargo build --quiet --lib --release --target wasm32-unknown-unknown
rm -rf "$GLUE" && mkdir -p "$GLUE" "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$GLUE" --out-name pcc_consent \
  target/wasm32-unknown-unknown/release/pcc_consent.wasm
# The features rustc's wasm32 target enables by default, named for older wasm-opt builds.
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-sign-ext \
  --enable-nontrapping-float-to-int --enable-mutable-globals --enable-reference-types \
  --enable-multivalue "$GLUE/pcc_consent_bg.wasm" -o "$OUT/pcc-consent.wasm" 2>"$GLUE/wasm-opt.log" \
  || { tail -n 20 "$GLUE/wasm-opt.log" >&2; exit 1; }
# One classic script (works with defer, async or neither): the loader plus the glue.
node_modules/.bin/esbuild src/js/loader.js --bundle --format=iife --minify --target=es2020 \
  --alias:pcc-consent-glue="./$GLUE/pcc_consent.js" \
  --log-override:empty-import-meta=silent --log-level=warning \
  --outfile="$OUT/pcc-consent.js"
echo "bundle: $(cd "$OUT" && for f in *; do printf '%s %s B (gzip %s B)  ' "$f" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"; done)"
