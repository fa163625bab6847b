#!/usr/bin/env bash
# Makes this machine able to build, test and benchmark hcp.
#
# Idempotent: every step checks first and skips what is already installed at the
# right version, so `make test` can call it on every run. Versions come from the
# project's own files (Cargo.toml pins wasm-bindgen, Trunk.toml names the tools),
# so there is one place to change them.
#
#   scripts/setup.sh          build + test prerequisites
#   scripts/setup.sh bench    also nginx and wrk for `make bench`
#   scripts/setup.sh lint     also clippy for the Debian wasm toolchain (`make lint`)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

# --- versions, read from the project ---------------------------------------
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen *= *{ *version *= *"=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen *= *"=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
[ -n "$WASM_BINDGEN_VERSION" ] || die "Cargo.toml must pin wasm-bindgen with '=x.y.z'"
TRUNK_TOML_WB=$(sed -n 's/^wasm_bindgen *= *"\([0-9.]*\)".*/\1/p' Trunk.toml)
[ "$TRUNK_TOML_WB" = "$WASM_BINDGEN_VERSION" ] ||
  die "Trunk.toml [tools] wasm_bindgen ($TRUNK_TOML_WB) differs from Cargo.toml's wasm-bindgen ($WASM_BINDGEN_VERSION)"
TRUNK_VERSION=0.21.14   # 0.22 needs rustc >= 1.96.1, newer than these machines have

# --- Debian packages ---------------------------------------------------------
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
APT_UPDATED=0
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "need these packages but apt-get is missing: ${missing[*]}"
  if [ $APT_UPDATED = 0 ]; then
    say "apt-get update"
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

# binaryen: wasm-opt for the release build; brotli: size reports;
# chromium + chromium-driver: the browser tests; fonts-wqy-microhei: a CJK font,
# so layout tests measure real Chinese glyphs, not fallback boxes.
apt_install binaryen brotli chromium chromium-driver fonts-wqy-microhei
say "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"
# Node.js runs the Playwright end-to-end tests (tests/e2e); any Node >= 18 will do.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || die "Node.js >= 18 is needed for the browser tests (found $(node --version))"
say "node: $(node --version), npm $(npm --version)"

# --- the wasm32 standard library ----------------------------------------------
# rustup first (a developer laptop); when its server is unreachable (our
# machines), Debian's rustc-web ships the std sources and cargo builds std
# itself (scripts/build-widget.sh picks the matching mode at build time).
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "wasm32 target: rustup (already installed)"
elif [ -d /usr/lib/rustlib/src/rust/library ] && command -v wasm-ld-19 >/dev/null; then
  say "wasm32 target: Debian rustc-web + build-std (already installed)"
else
  say "wasm32 target: trying rustup (60 s timeout)"
  if command -v rustup >/dev/null && timeout 60 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
    say "wasm32 target: rustup"
  else
    say "rustup could not download it; using Debian's rustc-web with build-std"
    apt_install rustc-web cargo-web rust-web-src lld-19
  fi
fi

# --- cargo-installed tools -----------------------------------------------------
installed_version() { "$1" --version 2>/dev/null | awk '{print $2}'; }

if [ "$(installed_version wasm-bindgen)" = "$WASM_BINDGEN_VERSION" ]; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION (already installed)"
else
  say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 min)"
  # No --locked: the registry mirror lacks one of its locked dependency versions.
  cargo install -q wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "$(installed_version trunk)" = "$TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION (already installed)"
else
  say "cargo install trunk $TRUNK_VERSION (about 10 min)"
  cargo install -q --locked trunk --version "$TRUNK_VERSION"
fi

# --- clippy for the wasm build (make lint only) ---------------------------------
if [ "${1:-}" = lint ] && ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  apt_install rust-web-clippy
fi

# --- benchmark tools (make bench only) ----------------------------------------
if [ "${1:-}" = bench ]; then
  apt_install nginx-light wrk
  say "nginx: $(nginx -v 2>&1)"
fi

say "ready"
