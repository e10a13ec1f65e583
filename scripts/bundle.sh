#!/usr/bin/env bash
# Builds the embeddable bundle, two files a site copies into one folder (see README):
# - dist/pcc-consent/pcc-consent.js: the loader (quick exit, the returning-visitor fast
#   path, window.pccConsent's stub) and wasm-bindgen's glue, with the module's
#   Subresource Integrity value written in, so the <script> tag's integrity attribute
#   covers both files;
# - dist/pcc-consent/pcc-consent.wasm: the module (the CSS travels inside it, adopted
#   into the banner's shadow root), fetched by the loader after the page's first paint.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
OUT=dist/pcc-consent
BUILD=target/bundle
GLUE=$BUILD/glue

# Reproducible: the same source gives the same bytes on any machine, in any folder
# (machine paths remapped; see the file).
source scripts/reproducible-flags.sh
cargo build --quiet --lib --release --target wasm32-unknown-unknown
rm -rf "$GLUE" "$OUT" && mkdir -p "$GLUE" "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$GLUE" --out-name pcc_consent \
  target/wasm32-unknown-unknown/release/pcc_consent.wasm
# The loader's returning-visitor fast path (src/js/returning/) calls the gate's JS too:
# each file wasm-bindgen copied becomes a re-export of its source, so the loader and the
# WebAssembly share one module instance (one "inserted once" check, one vendor watch).
for snippet in "$GLUE"/snippets/*/src/gate/*.js; do
  source_file="src/gate/$(basename "$snippet")"
  cmp -s "$snippet" "$source_file" || { echo "bundle: $snippet is not a copy of $source_file" >&2; exit 1; }
  printf 'export * from "%s";\n' "$(realpath --relative-to="$(dirname "$snippet")" "$source_file")" >"$snippet"
done
# Short names for what the .wasm and the glue call each other (both files shrink: the
# tag's file by about 3 KB gzip, the module by about 4 KB).
node scripts/minify-wasm-names.mjs "$GLUE/pcc_consent.js" "$GLUE/pcc_consent_bg.wasm"
# The features rustc's wasm32 target enables by default, named for older wasm-opt builds.
# --low-memory-unused: Rust never touches the first 1 KB of memory (the stack ends at
# 1 MiB and grows down; the data follows it), so wasm-opt may fold constant addresses
# (-0.9 KB gzip). -iit (--ignore-implicit-traps): Rust never reaches an implicit trap (out-of-
# bounds access, division by zero: it checks and panics explicitly first), so wasm-opt may
# move and drop loads as if none can trap (-0.4 KB gzip).
node_modules/.bin/wasm-opt -Oz -iit --low-memory-unused --strip-debug --strip-producers --enable-bulk-memory --enable-sign-ext \
  --enable-nontrapping-float-to-int --enable-mutable-globals --enable-reference-types \
  --enable-multivalue "$GLUE/pcc_consent_bg.wasm" -o "$BUILD/pcc-consent.wasm" 2>"$GLUE/wasm-opt.log" \
  || { tail -n 20 "$GLUE/wasm-opt.log" >&2; exit 1; }
# The glue's code this bundle never runs (the stream classes Leptos' server_fn exports,
# init paths for arguments module.js never passes, a TextEncoder fallback, shims for
# imports wasm-opt took out): -0.6 KB gzip.
node scripts/trim-glue.mjs "$GLUE/pcc_consent.js" "$BUILD/pcc-consent.wasm"
# The banner's first view, which the loader paints before the WebAssembly: rendered to
# HTML natively by Leptos from src/ui/banner_view.rs (tools/first-view, a debug build:
# ~1.5 min cold on 2 cores, seconds warm), then made the element trees the loader builds.
cargo run --quiet -p first-view >"$BUILD/first-view.json"
node scripts/first-view.mjs "$BUILD/first-view.json" "$BUILD/first-view.js"
# One classic script (works with defer, async or neither): the loader plus the glue
# (--metafile: what is in it, for size work).
node_modules/.bin/esbuild src/js/loader.js --bundle --format=iife --minify --target=es2020 \
  --alias:pcc-consent-glue="./$GLUE/pcc_consent.js" \
  --alias:pcc-consent-first-view="./$BUILD/first-view.js" \
  --log-override:empty-import-meta=silent --log-level=warning \
  --metafile="$BUILD/loader.meta.json" --outfile="$BUILD/loader.js"
# The module's integrity value goes into the loader (src/js/module.js), exactly once.
cp "$BUILD/pcc-consent.wasm" "$OUT/pcc-consent.wasm"
SRI="sha384-$(openssl dgst -sha384 -binary "$OUT/pcc-consent.wasm" | openssl base64 -A)"
[ "$(grep -o '__PCC_CONSENT_WASM_SRI__' "$BUILD/loader.js" | wc -l)" = 1 ] \
  || { echo "bundle: the loader must contain __PCC_CONSENT_WASM_SRI__ exactly once" >&2; exit 1; }
sed "s|__PCC_CONSENT_WASM_SRI__|$SRI|" "$BUILD/loader.js" >"$OUT/pcc-consent.js"
size() { printf '%s B (gzip -9 %s B)' "$(wc -c <"$1")" "$(gzip -9c "$1" | wc -c)"; }
echo "bundle: $OUT/pcc-consent.js $(size "$OUT/pcc-consent.js"); $OUT/pcc-consent.wasm $(size "$OUT/pcc-consent.wasm")"
