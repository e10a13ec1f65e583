# Sourced by scripts/bundle.sh (and scripts/demo.sh, so Trunk's release build shares
# cargo's artifacts instead of rebuilding them with other flags). Exports the rustc
# flags that make the bundle reproducible: the same source gives the same bytes on any
# machine, in any folder (scripts/release.sh, and scripts/test.sh's check of
# release/pcc-consent.js). The toolchain is pinned by rust-toolchain.toml; these remaps
# keep machine paths (this folder, cargo's registry sources, the toolchain) out of
# panic locations. Set here, not in .cargo/config.toml: they name this machine's paths.
# Run from the repository's root.
CARGO_HOME_DIR=$(cd "${CARGO_HOME:-$HOME/.cargo}" && pwd -P)
SYSROOT=$(rustc --print sysroot)
remaps=(
  "--remap-path-prefix=$CARGO_HOME_DIR=/cargo"
  "--remap-path-prefix=$SYSROOT=/rustc-sysroot"
  "--remap-path-prefix=$(pwd -P)=/pcc-consent"
)
[ "$PWD" = "$(pwd -P)" ] || remaps+=("--remap-path-prefix=$PWD=/pcc-consent")
# Cargo's form for flags that may contain spaces: separated by 0x1f.
CARGO_ENCODED_RUSTFLAGS=$(IFS=$'\x1f'; echo "${remaps[*]}")
export CARGO_ENCODED_RUSTFLAGS
