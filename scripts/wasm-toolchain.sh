# Which wasm32 toolchain this machine has: sourced by scripts/setup.sh (which
# completes one) and scripts/wasm-env.sh (which builds with it), so both
# decide alike. Defines functions only; changes nothing.
#
# The widget's std is always compiled here from source (build-std) with the
# widget's flags, so a toolchain is usable when it has the std sources:
#   rustup: the wasm32-unknown-unknown target and the rust-src component, on a
#           rustc new enough for -Cpanic=immediate-abort (WASM_MIN_RUSTC);
#   Debian: rustc-web (/usr/bin/rustc, cargo), rust-web-src
#           (/usr/lib/rustlib/src/rust/library) and lld-19 (/usr/bin/wasm-ld-19).

# immediate-abort became a panic strategy of its own in 1.92.
WASM_MIN_RUSTC=1.92

# version_ge A B: A >= B, as versions.
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

rustup_rustc() { command -v rustup >/dev/null 2>&1 && rustup which rustc 2>/dev/null; }
rustup_rustc_version() { local r; r=$(rustup_rustc) && "$r" --version | awk '{print $2}'; }
rustup_has_target() { rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; }
rustup_has_src() {
  local r; r=$(rustup_rustc) || return 1
  [ -d "$("$r" --print sysroot)/lib/rustlib/src/rust/library" ]
}
rustup_recent_enough() { local v; v=$(rustup_rustc_version) && version_ge "$v" "$WASM_MIN_RUSTC"; }
# What rustup lacks, in words ("the wasm32 target and rust-src", …); empty when nothing.
rustup_wasm_missing() {
  local m=()
  rustup_has_target || m+=("the wasm32 target")
  rustup_has_src || m+=("rust-src")
  local IFS=+
  local s="${m[*]}"
  printf '%s' "${s//+/ and }"
}
rustup_wasm_ready() { rustup_rustc >/dev/null && rustup_recent_enough && rustup_has_target && rustup_has_src; }

# Where Debian's packages put the toolchain. make check-setup points it at a
# directory without one, to check the rustup states on a machine that has it.
WASM_DEBIAN_PREFIX=${WASM_DEBIAN_PREFIX:-/usr}
debian_rustc_version() { "$WASM_DEBIAN_PREFIX/bin/rustc" --version 2>/dev/null | awk '{print $2}'; }
debian_wasm_ready() {
  local p=$WASM_DEBIAN_PREFIX
  [ -x "$p/bin/rustc" ] && [ -x "$p/bin/cargo" ] && [ -d "$p/lib/rustlib/src/rust/library" ] &&
    [ -x "$p/bin/wasm-ld-19" ]
}
