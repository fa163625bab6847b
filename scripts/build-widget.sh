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

# Size flags for the wasm build, on top of .cargo/config.toml's (which keeps
# only flags every toolchain accepts, so `cargo check` and `trunk serve` work
# on a stable compiler). They are unstable (-Z) flags: this script, and only
# it, makes the compiler accept them with RUSTC_BOOTSTRAP=1, in both paths.
#   -Zlocation-detail=none   no file/line/column strings for panics
#   -Zfmt-debug=none         `{:?}` prints nothing: no Debug code or strings
# and, only where std itself is compiled here (build-std: a prebuilt std is
# refused with it):
#   -Cpanic=immediate-abort  a panic traps at once: no unwinding or panic-message machinery
# Measured on the widget: 138.0 -> 124.0 KB brotli first load, together.
size_flags="-Zlocation-detail=none -Zfmt-debug=none"
immediate_abort="-Zunstable-options -Cpanic=immediate-abort"
export RUSTC_BOOTSTRAP=1

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  std_src="$(rustc --print sysroot)/lib/rustlib/src/rust/library"
  if [ -d "$std_src" ]; then
    # rust-src is installed: build std too, with the same flags.
    say "toolchain: rustup $(rustc --version | awk '{print $2}'), building std for wasm32 (build-std)"
    export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    size_flags="$size_flags $immediate_abort"
    cargo fetch --target wasm32-unknown-unknown --quiet
  else
    say "toolchain: rustup $(rustc --version | awk '{print $2}') with its prebuilt wasm32 std"
    say "note: \`rustup component add rust-src\` lets this build std itself, for a smaller wasm"
  fi
else
  [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ] ||
    { echo "[widget] error: no wasm32 std: run scripts/setup.sh" >&2; exit 1; }
  say "toolchain: Debian $(/usr/bin/rustc --version | awk '{print $2}') building std for wasm32 (build-std)"
  # Debian's cargo with Debian's rustc (PATH first) so their versions match,
  # in a target dir of its own so the native (rustup) builds keep theirs.
  export PATH=/usr/bin:$PATH
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19
  export CARGO_TARGET_DIR=target/wasm
  size_flags="$size_flags $immediate_abort"
  # std's own dependencies (dlmalloc, …) come from crates.io; Trunk runs
  # cargo offline, so fetch them first (a no-op once they are cached).
  cargo fetch --target wasm32-unknown-unknown --quiet
fi
# Cargo adds these to .cargo/config.toml's [target.wasm32-unknown-unknown] rustflags.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$size_flags"
say "wasm rust flags: $size_flags"
trunk build --release --offline

# ~3.7 KB less brotli: see the script. (scripts/setup.sh installs Node.js.)
say "shortening wasm-bindgen's import and export names"
node scripts/shorten-wasm-names.mjs dist/*.js dist/*_bg.wasm

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
for f in dist/index.html dist/*.js dist/*.wasm dist/*.css; do total=$((total + $(stat -c %s "$f.br"))); done
say "first load (html + js + wasm + css): $total bytes brotli"
