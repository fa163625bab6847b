#!/usr/bin/env bash
# Builds the baseline counter (bench/baseline) into bench/baseline/dist with
# scripts/build-widget.sh, exactly as the widget is built: same toolchain and
# rust flags (scripts/wasm-env.sh), same Trunk settings, profile and
# wasm-bindgen pin (copied from the root project by sync.mjs when they
# differ), same post-processing. Its compiled std and Leptos are shared with
# the widget's (target/wasm), so after `make test` this takes about a minute.
# Skipped when dist/ is newer than every input and the toolchain and flags
# are those it was built with (BASELINE_REBUILD=1 forces a build).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

say() { printf '[baseline] %s\n' "$*"; }

node sync.mjs "$root" "$here"

# What decides the build besides the files: the toolchain and its flags.
stamp="$(. "$root/scripts/wasm-env.sh" && echo "$WASM_TOOLCHAIN; $CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS")"
if [ -f dist/index.html ] && [ "${BASELINE_REBUILD:-0}" != 1 ]; then
  inputs=(Cargo.toml Cargo.lock Trunk.toml index.html src "$root/scripts/build-widget.sh"
    "$root/scripts/wasm-env.sh" "$root/scripts/shorten-wasm-names.mjs" "$root/scripts/trim-wasm-glue.mjs"
    "$root/scripts/filter-wasm-ld.mjs")
  [ -f "$root/.cargo/config.toml" ] && inputs+=("$root/.cargo/config.toml")
  newer=$(find "${inputs[@]}" -newer dist/index.html -print -quit)
  if [ -z "$newer" ] && ls dist/*.wasm.br >/dev/null 2>&1 && [ "$(cat dist/.build-flags 2>/dev/null)" = "$stamp" ]; then
    say "dist/ is up to date (BASELINE_REBUILD=1 forces a build)"
    exit 0
  fi
fi

started=$(date +%s)
"$root/scripts/build-widget.sh" "$here"
printf '%s\n' "$stamp" >dist/.build-flags
say "built in $(( $(date +%s) - started )) s"
