#!/usr/bin/env bash
# Builds the widget into dist/ (release, optimised for size) and writes
# precompressed .br and .gz next to every text and wasm file, which the
# gateway serves as they are.
#
#   scripts/build-widget.sh [PROJECT_DIR]
#
# PROJECT_DIR (default: the repository root) is any Trunk project; bench/
# baseline/build.sh builds the benchmark's baseline counter with it, so the
# floor `make bench` compares against is built exactly like the widget.
# The toolchain and its flags: scripts/wasm-env.sh.
set -euo pipefail
scripts="$(cd "$(dirname "$0")" && pwd)"
project="$(cd "${1:-$scripts/..}" && pwd)"
tag=widget
[ "$project" = "$(cd "$scripts/.." && pwd)" ] || tag=$(basename "$project")
say() { printf '[%s] %s\n' "$tag" "$*"; }

# cargo-installed tools (trunk, wasm-bindgen) live here, on PATH or not.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
. "$scripts/wasm-env.sh" || exit 1
say "toolchain: $WASM_TOOLCHAIN"
# The tools Trunk runs offline, at the versions Trunk.toml names: say which is
# missing rather than letting Trunk fail deep inside.
need() { # TOOL VERSION
  local v
  v=$("$1" --version 2>/dev/null | awk '{print $2}') || v=""
  [ "$v" = "$2" ] || { say "error: $1 $2 is needed (found: ${v:-none}); run scripts/setup.sh"; exit 1; }
}
need trunk "$(sed -n 's/^TRUNK_VERSION=\([0-9.]*\).*/\1/p' "$scripts/setup.sh")"
need wasm-bindgen "$(sed -n 's/^wasm_bindgen *= *"\([0-9.]*\)".*/\1/p' "$scripts/../Trunk.toml")"
command -v wasm-opt >/dev/null || { say "error: wasm-opt (Debian's binaryen) is missing; run scripts/setup.sh"; exit 1; }
say "wasm rust flags: $CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS"
cd "$project"
# std's own dependencies (dlmalloc, …) come from crates.io; Trunk runs
# cargo offline, so fetch them first (a no-op once they are cached).
[ -z "${CARGO_UNSTABLE_BUILD_STD:-}" ] || cargo fetch --target wasm32-unknown-unknown --quiet
trunk build --release --offline || {
  say "error: trunk could not build the widget (its message is above), with $WASM_TOOLCHAIN."
  say "A toolchain problem? scripts/setup.sh completes the toolchain; make check-setup tries every toolchain path."
  exit 1
}

# ~3.7 KB less brotli: see the script. (scripts/setup.sh installs Node.js.)
say "shortening wasm-bindgen's import and export names"
node "$scripts/shorten-wasm-names.mjs" dist/*.js dist/*_bg.wasm

say "precompressing dist/ (brotli -q 11, gzip -9)"
find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) |
  while read -r f; do
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -f -9 -k -n "$f"
  done

for f in dist/*.wasm; do
  say "$(basename "$f"): $(stat -c %s "$f") bytes raw, $(stat -c %s "$f.br") brotli, $(stat -c %s "$f.gz") gzip"
done
total=0
shopt -s nullglob
for f in dist/index.html dist/*.js dist/*.wasm dist/*.css; do total=$((total + $(stat -c %s "$f.br"))); done
say "first load (html + js + wasm + css): $total bytes brotli"
