# The environment in which cargo (and Trunk, which runs it) builds for wasm32
# on this machine. Sourced, not run: `. scripts/wasm-env.sh`, by
# scripts/build-widget.sh (the widget and the bench baseline) and by
# `make lint` (clippy on the widget), so all three compile alike.
#
# The wasm32 standard library comes from rustup when its target is installed
# there; otherwise from Debian's rustc-web, whose cargo builds std itself
# (see ../shared/notes/toolchain.md and scripts/setup.sh). Either way the
# build goes to target/wasm (absolute, so the baseline, another workspace,
# shares the compiled std and Leptos), away from the native builds' target/.
#
# Size flags, on top of .cargo/config.toml's (which keeps only flags every
# toolchain accepts, so a plain `cargo check` works on a stable compiler):
#   -Zlocation-detail=none   no file/line/column strings for panics
#   -Zfmt-debug=none         `{:?}` prints nothing: no Debug code or strings
#   -Cpanic=immediate-abort  a panic traps at once: no unwinding or panic-message
#                            machinery (only where std is compiled here: a
#                            prebuilt std is refused with it)
# They are unstable (-Z) flags, accepted here with RUSTC_BOOTSTRAP=1.
# Measured on the widget: 138.0 -> 124.0 KB brotli first load, together.
#
# Sets WASM_TOOLCHAIN (a line saying which toolchain) or, with no wasm32 std
# at all, prints an error and returns 1.

wasm_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
wasm_flags="-Zlocation-detail=none -Zfmt-debug=none"
wasm_immediate_abort="-Zunstable-options -Cpanic=immediate-abort"
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="$wasm_root/target/wasm"

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  if [ -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
    WASM_TOOLCHAIN="rustup $(rustc --version | awk '{print $2}'), building std for wasm32 (build-std)"
    export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    wasm_flags="$wasm_flags $wasm_immediate_abort"
  else
    WASM_TOOLCHAIN="rustup $(rustc --version | awk '{print $2}') with its prebuilt wasm32 std (\`rustup component add rust-src\` lets std be built here, for a smaller wasm)"
  fi
elif [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ]; then
  WASM_TOOLCHAIN="Debian $(/usr/bin/rustc --version | awk '{print $2}'), building std for wasm32 (build-std)"
  # Debian's cargo with Debian's rustc (PATH first) so their versions match.
  export PATH=/usr/bin:$PATH
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19
  wasm_flags="$wasm_flags $wasm_immediate_abort"
else
  echo "error: no wasm32 standard library: run scripts/setup.sh" >&2
  return 1
fi
# Cargo adds these to .cargo/config.toml's [target.wasm32-unknown-unknown] rustflags.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$wasm_flags"
