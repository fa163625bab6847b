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
# Linked without wasm-streams' exports (~4 KB brotli less): see the script.
# It runs the linker wasm-env.sh chose (rustc's own rust-lld if none).
if [ "${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER:-}" != "$scripts/filter-wasm-ld.mjs" ]; then
  export HCP_WASM_LD="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER:-rust-lld}"
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$scripts/filter-wasm-ld.mjs"
fi
cd "$project"
# std's own dependencies (dlmalloc, …) come from crates.io; Trunk runs
# cargo offline, so fetch them first (a no-op once they are cached).
[ -z "${CARGO_UNSTABLE_BUILD_STD:-}" ] || cargo fetch --target wasm32-unknown-unknown --quiet

# One bundle per entry: every *.html at the project's root is an entry
# (index.html: the rating pages; codec-check.html: the codec test page; each
# names its bin), built by its own Trunk run into its own directory, so an
# entry's page loads only its own files. They are put together in dist/.
# (docs/ARCHITECTURE.md, "Widget": adding an entry.)
stage="$CARGO_TARGET_DIR/trunk-dist/$tag"
rm -rf "$stage"
mkdir -p "$stage"
for html in *.html; do
  entry=${html%.html}
  say "entry $entry ($html)"
  trunk build --release --offline=true --dist "$stage/$entry" "$html" || {
    say "error: trunk could not build $html (its message is above), with $WASM_TOOLCHAIN."
    say "A toolchain problem? scripts/setup.sh completes the toolchain; make check-setup tries every toolchain path."
    exit 1
  }
  # ~3.7 KB less brotli: see the script (scripts/setup.sh installs Node.js).
  # Then wasm-opt again, with the entry's own flags (20 B less on the rating pages).
  node "$scripts/shorten-wasm-names.mjs" "$stage/$entry"/*.js "$stage/$entry"/*_bg.wasm
  # initSync and the glue's console warnings, which no page runs (~0.17 KB less): see the script.
  node "$scripts/trim-wasm-glue.mjs" "$stage/$entry"/*.js
  level=$(sed -n 's/.*data-wasm-opt="\([^"]*\)".*/\1/p' "$html")
  params=$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' "$html")
  if [ -n "$level" ] && [ "$level" != 0 ]; then
    # shellcheck disable=SC2086 # the params are several flags
    wasm-opt "-O$level" $params "$stage/$entry"/*_bg.wasm -o "$stage/$entry/opt.wasm"
    mv "$stage/$entry/opt.wasm" "$stage/$entry"/*_bg.wasm
  fi
  # Trunk always writes index.html: the entry keeps its own name.
  [ "$entry" = index ] || mv "$stage/$entry/index.html" "$stage/$entry/$html"
done
say "shortened wasm-bindgen's import and export names"
rm -rf dist.new
mkdir dist.new
for d in "$stage"/*/; do cp -a "$d". dist.new/; done
rm -rf dist
mv dist.new dist

say "precompressing dist/ (brotli -q 11, gzip -9)"
find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) |
  while read -r f; do
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -f -9 -k -n "$f"
  done

for f in dist/*.wasm; do
  say "$(basename "$f"): $(stat -c %s "$f") bytes raw, $(stat -c %s "$f.br") brotli, $(stat -c %s "$f.gz") gzip"
done
# An entry's first load: its HTML and the files it names (scripts, wasm, stylesheet).
for html in dist/*.html; do
  total=$(stat -c %s "$html.br")
  for f in $(grep -oE '/[A-Za-z0-9._-]+\.(js|wasm|css)' "$html" | sort -u); do
    total=$((total + $(stat -c %s "dist$f.br")))
  done
  entry=$(basename "$html" .html)
  # The rating pages' line keeps its old wording (scripts/check-setup.sh reads it).
  if [ "$entry" = index ]; then
    say "first load (html + js + wasm + css): $total bytes brotli (index.html: the rating pages)"
  else
    say "first load of $entry (html + js + wasm + css): $total bytes brotli"
  fi
done
