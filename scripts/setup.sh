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
# apt_try PKG…: installs the packages that are missing; returns non-zero if apt-get fails.
apt_try() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { say "need these Debian packages but apt-get is missing: ${missing[*]}"; return 1; }
  if [ $APT_UPDATED = 0 ]; then
    say "apt-get update"
    $SUDO apt-get update -qq || say "apt-get update failed; trying the install with the lists already here"
    APT_UPDATED=1
  fi
  say "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}
# apt_install PKG…: the same, or stops naming the packages and the command.
apt_install() {
  apt_try "$@" || die "could not install the Debian packages $* (apt-get's message is above).
  Install them by hand, then run make again:  ${SUDO:+sudo }apt-get install $*"
}

# binaryen: wasm-opt for the release build; brotli: size reports;
# chromium + chromium-driver: the browser tests; fonts-wqy-microhei: a CJK font,
# so layout tests measure real Chinese glyphs, not fallback boxes.
apt_install binaryen brotli chromium chromium-driver fonts-wqy-microhei
say "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"
# postgresql (the server, with postgresql-common's pg_virtualenv): make test
# runs the PostgreSQL store's tests on a throwaway cluster it starts and removes.
apt_install postgresql postgresql-common
# Node.js runs the Playwright end-to-end tests (tests/e2e); any Node >= 18 will do.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || die "Node.js >= 18 is needed for the browser tests (found $(node --version))"
say "node: $(node --version), npm $(npm --version)"

# --- the wasm32 standard library ------------------------------------------------
# std is always compiled here, from its sources, with the widget's own flags
# (build-std): .cargo/config.toml turns reference types off and
# scripts/wasm-env.sh adds the size flags, and rustup's *prebuilt* wasm32 std
# has reference types on, which wasm-bindgen then refuses ("failed to find the
# `__wbindgen_externref_table_alloc` function"). The sources come from one of
# the three states a machine can be in (README.md, "Toolchain notes"):
#   (a) rustup with the wasm32 target and rust-src      -> used as it is
#   (b) rustup lacking the target or rust-src, and able
#       to reach its server                             -> the missing ones installed
#   (c) rustup that cannot reach its server, or none    -> Debian's rustc-web with its
#                                                          std sources and lld-19
# scripts/wasm-env.sh makes the same choice when it builds.
. scripts/wasm-toolchain.sh
rustup_server=${RUSTUP_DIST_SERVER:-https://static.rust-lang.org}
rustup_reachable() { # a quick probe, so an unreachable server costs seconds, not a hung download
  command -v curl >/dev/null || return 0 # cannot tell: let rustup try (with its timeout)
  curl -s -o /dev/null --connect-timeout 5 --max-time 15 "$rustup_server/dist/channel-rust-stable.toml.sha256"
}
use_debian() { # $1: why
  say "wasm32 std: $1"
  if debian_wasm_ready; then
    say "wasm32 std: using Debian's rustc-web $(debian_rustc_version) with its std sources (already installed)"
    return 0
  fi
  say "wasm32 std: installing Debian's rustc-web, cargo-web, rust-web-src and lld-19 (about 1-2 min)"
  apt_try rustc-web cargo-web rust-web-src lld-19 ||
    die "could not install Debian's rustc-web. The widget needs a wasm32 std built from source: either
    rustup target add wasm32-unknown-unknown && rustup component add rust-src   (needs $rustup_server)
  or
    apt-get install rustc-web cargo-web rust-web-src lld-19                     (Debian bookworm-security)"
  debian_wasm_ready || die "Debian's rustc-web is installed but its std sources (/usr/lib/rustlib/src/rust/library) or wasm-ld-19 are missing: apt-get install --reinstall rust-web-src lld-19"
  say "wasm32 std: Debian's rustc-web $(debian_rustc_version) installed"
}

if rustup_wasm_ready; then
  say "wasm32 std: rustup $(rustup_rustc_version) has the wasm32 target and rust-src (state a): std is built from them"
elif ! command -v rustup >/dev/null; then
  use_debian "no rustup on this machine (state c)"
elif ! rustup_recent_enough; then
  use_debian "rustup's rustc $(rustup_rustc_version) is older than $WASM_MIN_RUSTC, which the size flags need (\`rustup update stable\` would let rustup be used)"
elif debian_wasm_ready; then
  # Debian's was installed because rustup could not provide its part before:
  # no network needed to keep using it.
  use_debian "rustup $(rustup_rustc_version) lacks $(rustup_wasm_missing), and Debian's toolchain is here (\`rustup target add wasm32-unknown-unknown && rustup component add rust-src\` would let rustup be used)"
else
  missing=$(rustup_wasm_missing)
  say "wasm32 std: rustup $(rustup_rustc_version) lacks $missing"
  if rustup_reachable; then
    say "wasm32 std: installing $missing with rustup (state b; about 100 MB, usually under a minute; gives up after 3 min)"
    t0=$(date +%s)
    ok=1
    case "$missing" in *target*) timeout 180 rustup target add wasm32-unknown-unknown || ok=0 ;; esac
    case "$missing" in *rust-src*) [ $ok = 0 ] || timeout 180 rustup component add rust-src || ok=0 ;; esac
    if [ $ok = 1 ] && rustup_wasm_ready; then
      say "wasm32 std: rustup now has $missing ($(($(date +%s) - t0)) s)"
    else
      use_debian "rustup could not install $missing (state c)"
    fi
  else
    use_debian "rustup's server $rustup_server cannot be reached (state c)"
  fi
fi

# --- cargo-installed tools -----------------------------------------------------
# cargo installs here; it may not be on PATH (Debian's cargo without rustup).
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
installed_version() { "$1" --version 2>/dev/null | awk '{print $2}'; }

if [ "$(installed_version wasm-bindgen)" = "$WASM_BINDGEN_VERSION" ]; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION (already installed)"
else
  say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 min)"
  # No --locked: the registry mirror lacks one of its locked dependency versions.
  cargo install -q wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" ||
    die "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION failed (its message is above); it needs crates.io.
  Retry by hand: cargo install wasm-bindgen-cli --version $WASM_BINDGEN_VERSION"
fi

if [ "$(installed_version trunk)" = "$TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION (already installed)"
else
  # From crates.io with its lock file, as before, but without the two things
  # that made it take 10 min on 2 cores: trunk's own release profile (fat LTO,
  # one codegen unit: the speed of a tool that only runs cargo, wasm-bindgen and
  # wasm-opt does not depend on them) and the update check (which we run
  # --offline anyway). No faster trustworthy source was found: trunk is not
  # packaged by Debian, npm or PyPI, and its prebuilt binaries are on GitHub,
  # which these machines cannot reach.
  say "cargo install trunk $TRUNK_VERSION (about 4 min on 2 cores)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install -q --locked trunk --version "$TRUNK_VERSION" --no-default-features --features rustls ||
    die "cargo install trunk $TRUNK_VERSION failed (its message is above); it needs crates.io.
  Retry by hand: cargo install --locked trunk --version $TRUNK_VERSION"
fi

# --- clippy for the wasm build (make lint only) ---------------------------------
if [ "${1:-}" = lint ] && ! rustup_wasm_ready; then
  apt_install rust-web-clippy
fi

# --- benchmark tools (make bench only) ----------------------------------------
if [ "${1:-}" = bench ]; then
  apt_install nginx-light wrk
  say "nginx: $(nginx -v 2>&1)"
fi

say "ready"
