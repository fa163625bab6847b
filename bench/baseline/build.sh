#!/usr/bin/env bash
# Builds the baseline counter (bench/baseline) into bench/baseline/dist the way
# scripts/build-widget.sh builds the widget: Trunk, release, the `widget`
# profile, wasm-opt -Oz, then brotli -q 11 and gzip -9 siblings.
#
# Toolchain as in build-widget.sh (keep the two in step): rustup's wasm32 target when installed,
# otherwise Debian's rustc-web building std (build-std). Its own target dir
# (target/wasm-baseline), so neither the widget's nor the native builds are
# disturbed. Skipped when dist/ is newer than every source.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

say() { printf '[baseline] %s\n' "$*"; }

# --- the baseline must be built like the widget -------------------------------
# The rust link's attributes (index.html), Trunk's [tools] and the Cargo
# [profile.widget] + wasm-bindgen pin are copied from the root project when
# they differ (sync.mjs), which also makes dist/ stale below.
node sync.mjs "$root" "$here"

# Rust flags the widget build exports (scripts/build-widget.sh; a root
# .cargo/config.toml applies here by itself) are the baseline's too.
eval "$(grep -E '^[[:space:]]*export[[:space:]]+(RUSTFLAGS|CARGO_ENCODED_RUSTFLAGS|CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS)=' "$root/scripts/build-widget.sh" || true)"
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then mode=rustup; else mode=debian-build-std; fi
# What decides the build besides the files: the toolchain and the effective
# wasm32 rust flags (cargo's precedence), so a change rebuilds.
flags=${CARGO_ENCODED_RUSTFLAGS:-${RUSTFLAGS:-${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-}}}
stamp="mode=$mode rustflags=$flags"

# --- up to date? ---------------------------------------------------------------
if [ -f dist/index.html ] && [ "${BASELINE_REBUILD:-0}" != 1 ]; then
  inputs=(Cargo.toml Cargo.lock Trunk.toml index.html src)
  # The root's cargo config (found by cargo from here too: rust flags) counts.
  [ -f "$root/.cargo/config.toml" ] && inputs+=("$root/.cargo/config.toml")
  newer=$(find "${inputs[@]}" -newer dist/index.html -print -quit)
  if [ -z "$newer" ] && ls dist/*.wasm.br >/dev/null 2>&1 && [ "$(cat dist/.build-flags 2>/dev/null)" = "$stamp" ]; then
    say "dist/ is up to date (BASELINE_REBUILD=1 forces a build)"
    exit 0
  fi
fi

# --- build ------------------------------------------------------------------------
export CARGO_TARGET_DIR="$root/target/wasm-baseline"
started=$(date +%s)
[ -z "$flags" ] || say "rust flags: $flags"
if [ $mode = rustup ]; then
  say "toolchain: rustup $(rustc --version | awk '{print $2}') with its wasm32 target"
  trunk build --release --offline
else
  [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ] ||
    { echo "[baseline] error: no wasm32 std: run scripts/setup.sh" >&2; exit 1; }
  say "toolchain: Debian $(/usr/bin/rustc --version | awk '{print $2}') building std for wasm32 (build-std; the first build takes ~6 min)"
  export PATH=/usr/bin:$PATH
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19
  cargo fetch --target wasm32-unknown-unknown --quiet
  trunk build --release --offline
fi

say "precompressing dist/ (brotli -q 11, gzip -9)"
find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) |
  while read -r f; do
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -f -9 -k -n "$f"
  done
printf '%s\n' "$stamp" >dist/.build-flags
for f in dist/*.wasm; do
  say "$(basename "$f"): $(stat -c %s "$f") bytes raw, $(stat -c %s "$f.br") brotli ($(( $(date +%s) - started )) s)"
done
