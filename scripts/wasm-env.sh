# The environment in which cargo (and Trunk, which runs it) builds for wasm32
# on this machine. Sourced, not run: `. scripts/wasm-env.sh`, by
# scripts/build-widget.sh (the widget and the bench baseline) and by
# `make lint` (clippy on the widget), so all three compile alike.
#
# The wasm32 standard library is compiled here from its sources, taken from
# rustup (wasm32 target + rust-src) when it has them, otherwise from Debian's
# rustc-web + rust-web-src (scripts/wasm-toolchain.sh decides, as
# scripts/setup.sh did when it installed them). Either way the build goes to
# target/wasm (absolute, so the baseline, another workspace,
# shares the compiled std and Leptos), away from the native builds' target/.
#
# Size flags, on top of .cargo/config.toml's (which keeps only flags every
# toolchain accepts, so a plain `cargo check` works on a stable compiler):
#   -Zlocation-detail=none   no file/line/column strings for panics
#   -Zfmt-debug=none         `{:?}` prints nothing: no Debug code or strings
#   -Cpanic=immediate-abort  a panic traps at once: no unwinding or panic-message
#                            machinery (needs std compiled with it, as it is here)
# They are unstable (-Z) flags, accepted here with RUSTC_BOOTSTRAP=1.
# Measured on the widget: 138.0 -> 124.0 KB brotli first load, together.
#
# Sets WASM_TOOLCHAIN (a line saying which toolchain) or, with no wasm32 std
# at all, prints an error and returns 1.

wasm_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$wasm_root/scripts/wasm-toolchain.sh"
wasm_flags="-Zlocation-detail=none -Zfmt-debug=none -Zunstable-options -Cpanic=immediate-abort"
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="$wasm_root/target/wasm"
# std is built here with the flags below and .cargo/config.toml's (never
# rustup's prebuilt wasm32 std: it has reference types on; scripts/wasm-toolchain.sh).
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort

if rustup_wasm_ready; then
  WASM_TOOLCHAIN="rustup $(rustup_rustc_version), building std for wasm32 (build-std)"
elif debian_wasm_ready; then
  WASM_TOOLCHAIN="Debian $(debian_rustc_version), building std for wasm32 (build-std)"
  # Debian's cargo with Debian's rustc (PATH first) so their versions match.
  export PATH=$WASM_DEBIAN_PREFIX/bin:$PATH
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=$WASM_DEBIAN_PREFIX/bin/wasm-ld-19
else
  if command -v rustup >/dev/null 2>&1 && rustup_has_target && ! rustup_has_src; then
    echo "error: rustup has the wasm32 target but not rust-src. The widget's std must be built here with its own flags (rustup's prebuilt one has reference types on, which wasm-bindgen then refuses): run \`rustup component add rust-src\`, or scripts/setup.sh, which installs what is missing." >&2
  elif command -v rustup >/dev/null 2>&1 && ! rustup_recent_enough; then
    echo "error: rustup's rustc $(rustup_rustc_version) is older than $WASM_MIN_RUSTC, which the widget's size flags need: run \`rustup update stable\`, or scripts/setup.sh (which falls back to Debian's rustc-web)." >&2
  else
    echo "error: no wasm32 toolchain with std sources (rustup's wasm32 target + rust-src, or Debian's rustc-web + rust-web-src + lld-19): run scripts/setup.sh." >&2
  fi
  return 1
fi
# Cargo adds these to .cargo/config.toml's [target.wasm32-unknown-unknown] rustflags.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$wasm_flags"
