#!/usr/bin/env bash
# The released bundle, checked into release/ so a site needs no build tools:
#   bash scripts/release.sh          builds the bundle (scripts/bundle.sh) and writes
#                                    release/pcc-consent.js, pcc-consent.wasm, .sri, package.json, CHANGELOG.md,
#                                    and the integrity value in the README's embed example
#                                    and in the book's examples (docs/src/examples/*.html);
#                                    then builds the configurator (scripts/configurator.sh,
#                                    which builds in the new .sri) into release/configurator/
#   bash scripts/release.sh --check  builds nothing: compares release/ with the bundle and
#                                    the configurator that scripts/bundle.sh and
#                                    scripts/configurator.sh already built (scripts/test.sh
#                                    uses it); fails if a single byte differs
# The build is reproducible (rust-toolchain.toml, the pinned wasm-bindgen-cli and npm
# tools, machine paths remapped in scripts/bundle.sh), so a clone at any path writes the
# same bytes. release/README.md and release/LICENSE are written by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILT=dist/pcc-consent/pcc-consent.js

if [ "${1:-}" = "--check" ]; then
  [ -f "$BUILT" ] || { echo "release check: no $BUILT; run scripts/bundle.sh first" >&2; exit 1; }
  [ -f target/configurator/index.html ] || { echo "release check: no target/configurator; run scripts/configurator.sh first" >&2; exit 1; }
  fresh=$(mktemp -d)
  trap 'rm -rf "$fresh"' EXIT
  stale=()
  node scripts/release-files.mjs "$BUILT" "$fresh" --check-readme || stale+=("README.md or docs/src/examples (integrity value)")
  [ -f "${BUILT%.js}.wasm" ] || { echo "release check: no ${BUILT%.js}.wasm; run scripts/bundle.sh first" >&2; exit 1; }
  for f in pcc-consent.js pcc-consent.wasm pcc-consent.js.sri package.json CHANGELOG.md; do
    cmp -s "$fresh/$f" "release/$f" || stale+=("release/$f")
  done
  diff -rq target/configurator release/configurator >&2 || stale+=("release/configurator/")
  if [ ${#stale[@]} != 0 ]; then
    echo "release check: FAILED: ${stale[*]} differ from a build of this source." >&2
    for f in pcc-consent.js pcc-consent.wasm; do
      if ! cmp -s "$fresh/$f" "release/$f"; then
        echo "  $f built:     $(sha256sum <"$fresh/$f" | cut -c1-64)  $(wc -c <"$fresh/$f") B" >&2
        echo "  $f committed: $(sha256sum <"release/$f" 2>/dev/null | cut -c1-64)  $(wc -c <"release/$f" 2>/dev/null || echo 0) B" >&2
      fi
    done
    echo "  To fix: run 'bash scripts/release.sh' and commit release/, README.md and docs/src/examples/." >&2
    exit 1
  fi
  echo "release check: release/ (bundle and configurator) is exactly the build of this source ($(cat release/pcc-consent.js.sri))"
  exit 0
fi

bash scripts/setup.sh
bash scripts/bundle.sh
node scripts/release-files.mjs "$BUILT" release
# The configurator builds in the .sri just written, so it comes second.
bash scripts/configurator.sh
rm -rf release/configurator && cp -r target/configurator release/configurator
echo "release: wrote release/ for version $(node -p 'require("./release/package.json").version'): $(cat release/pcc-consent.js.sri)"
sha256sum release/pcc-consent.js release/pcc-consent.wasm
