#!/usr/bin/env bash
# Builds the widget into dist/ (release, optimised for size) and writes
# precompressed .br and .gz next to every text and wasm file, which the
# gateway serves as they are.
#
# The wasm32 standard library comes from rustup when it is installed there;
# otherwise from Debian's rustc-web, whose cargo builds std itself
# (see ../shared/notes/toolchain.md and scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[widget] %s\n' "$*"; }

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "toolchain: rustup $(rustc --version | awk '{print $2}') with its wasm32 target"
  trunk build --release --offline
else
  [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ] ||
    { echo "[widget] error: no wasm32 std: run scripts/setup.sh" >&2; exit 1; }
  say "toolchain: Debian $(/usr/bin/rustc --version | awk '{print $2}') building std for wasm32 (build-std)"
  # Debian's cargo with Debian's rustc (PATH first) so their versions match,
  # in a target dir of its own so the native (rustup) builds keep theirs.
  export PATH=/usr/bin:$PATH
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19
  export CARGO_TARGET_DIR=target/wasm
  # std's own dependencies (dlmalloc, …) come from crates.io; Trunk runs
  # cargo offline, so fetch them first (a no-op once they are cached).
  cargo fetch --target wasm32-unknown-unknown --quiet
  trunk build --release --offline
fi

say "precompressing dist/ (brotli -q 11, gzip -9)"
find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) |
  while read -r f; do
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -f -9 -k -n "$f"
  done

for f in dist/*.wasm; do
  say "$(basename "$f"): $(stat -c %s "$f") bytes raw, $(stat -c %s "$f.br") brotli, $(stat -c %s "$f.gz") gzip"
done
