#!/usr/bin/env bash
# make check-setup: proves that a clean clone builds from every toolchain state
# this machine can be put in (README.md, "Toolchain notes"):
#   a  rustup with the wasm32 target and rust-src
#   b  rustup with the wasm32 target but no rust-src (setup installs rust-src)
#   c  rustup that cannot reach its server (setup falls back to Debian's rustc-web)
#
#   scripts/check-setup.sh [--full] [a] [b] [c]      (default: all three)
#
# Each state runs `make setup` and `make widget` (with --full: `make test`, then
# `make run` and a fetch of every page link it prints) in a fresh clone of the
# committed HEAD, and prints one line with the outcome, the times and the
# widget's first load. Run it before touching scripts/setup.sh, wasm-env.sh,
# wasm-toolchain.sh, build-widget.sh, .cargo/config.toml, Trunk.toml,
# index.html's build attributes or the widget profile. It takes about 7 minutes
# a state (a clean clone compiles std and Leptos from scratch), 15-20 with --full.
#
# The machine's own rustup is never changed: each state gets a copy of its
# active toolchain (RUSTUP_HOME pointing at the copy), which the state's
# removals and setup's installs then change; an unreachable server is
# RUSTUP_DIST_SERVER=http://127.0.0.1:9. In states a and b, a Debian toolchain
# the machine may have is hidden (WASM_DEBIAN_PREFIX). Only state c touches the
# machine: Debian's rustc-web packages are removed first, so that setup has to
# install them, and are removed again afterwards if they were not there before
# (reinstalled if they were and setup failed).
# Logs: target/check-setup/<state>.log.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
. scripts/wasm-toolchain.sh

say() { printf '[check-setup] %s\n' "$*"; }
die() { printf '[check-setup] error: %s\n' "$*" >&2; exit 1; }

FULL=0
STATES=()
for arg in "$@"; do
  case "$arg" in
    --full) FULL=1 ;;
    a | b | c) STATES+=("$arg") ;;
    *) die "unknown argument '$arg' (states: a b c; option: --full)" ;;
  esac
done
[ ${#STATES[@]} -gt 0 ] || STATES=(a b c)

command -v rustup >/dev/null || die "this check needs rustup (it puts copies of rustup's toolchain in each state)"
git diff --quiet HEAD -- || say "note: uncommitted changes are not checked (the clone is of HEAD, $(git rev-parse --short HEAD))"

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
REAL_RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
TOOLCHAIN=$(rustup show active-toolchain | awk '{print $1}')
TOOLCHAIN_DIR=$(cd "$REAL_RUSTUP_HOME/toolchains/$TOOLCHAIN" && pwd -P)
DEBIAN_PKGS=(rustc-web cargo-web rust-web-src lld-19)
LOGS="$ROOT/target/check-setup"
mkdir -p "$LOGS"
WORK=$(mktemp -d "$ROOT/target/check-setup/work.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

debian_installed() {
  local p
  for p in "${DEBIAN_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || return 1
  done
}

# A private RUSTUP_HOME holding a copy of the active toolchain (not the
# machine's other toolchains: they are not used and are large).
fresh_rustup_home() { # DIR
  local dir=$1
  mkdir -p "$dir/toolchains" "$dir/update-hashes"
  cp "$REAL_RUSTUP_HOME/settings.toml" "$dir/" 2>/dev/null || true
  cp -a "$TOOLCHAIN_DIR" "$dir/toolchains/$TOOLCHAIN"
  cp -a "$REAL_RUSTUP_HOME/update-hashes/$TOOLCHAIN" "$dir/update-hashes/" 2>/dev/null || true
  # The copy is the default, whatever the machine's settings name.
  RUSTUP_HOME=$dir rustup default "$TOOLCHAIN" >/dev/null 2>&1
}

secs() { local s=$1; printf '%dm%02ds' $((s / 60)) $((s % 60)); }

# Runs a command in the clone with the state's environment, into the log.
in_clone() { # LOG CMD…
  local log=$1
  shift
  (cd "$WORK/clone" && env "${STATE_ENV[@]}" "$@") >>"$log" 2>&1
}

# Starts `make run` and fetches every page link it prints, with the files
# each page loads.
check_run() { # LOG
  local log=$1 out="$WORK/run.out" pid n=0 bad=0 url origin page asset
  setsid bash -c 'cd "$1" && shift && exec env "$@" HCP_LISTEN=127.0.0.1:0 make run' _ \
    "$WORK/clone" "${STATE_ENV[@]}" >"$out" 2>&1 &
  pid=$!
  # The release gateway is built first: up to 30 minutes.
  for _ in $(seq 1 1800); do
    grep -q 'dynamic-gd' "$out" && break
    kill -0 $pid 2>/dev/null || break
    sleep 1
  done
  # Only the demo-link lines ("  name  URL"), not log lines that name a base URL.
  for url in $(grep -E '^  [a-z-]+ +http://' "$out" | grep -Eo 'http://127\.0\.0\.1:[0-9]+/[^ ]+' | grep -v '/dev/' || true); do
    n=$((n + 1))
    origin=$(printf '%s' "$url" | grep -Eo '^http://[^/]+')
    if ! page=$(curl -fsS "$url"); then
      bad=$((bad + 1))
      echo "page failed: ${url%%\?*}" >>"$log"
      continue
    fi
    for asset in $(printf '%s' "$page" | grep -Eo '/[A-Za-z0-9_./-]+\.(wasm|js|css)' | sort -u); do
      curl -fsS -o /dev/null "$origin$asset" || { bad=$((bad + 1)); echo "asset failed: $asset" >>"$log"; }
    done
  done
  cat "$out" >>"$log"
  kill -- -$pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  RUN_NOTE="make run: $((n - bad)) of $n page links served"
  [ $n -gt 0 ] && [ $bad = 0 ]
}

check_state() { # a|b|c
  local state=$1 log="$LOGS/$1.log" home="$WORK/rustup-$1"
  : >"$log"
  local desc
  case $state in
    a) desc="rustup, wasm32 target + rust-src" ;;
    b) desc="rustup, wasm32 target, no rust-src" ;;
    c) desc="rustup cannot reach its server" ;;
  esac
  say "state $state ($desc): preparing (log: ${log#"$ROOT"/})"
  fresh_rustup_home "$home"
  STATE_ENV=(RUSTUP_HOME="$home")
  local had_debian=0
  case $state in
    a | b)
      # Debian's toolchain, if this machine has it, is hidden from setup and
      # build, which would otherwise use it rather than complete rustup.
      STATE_ENV+=(WASM_DEBIAN_PREFIX=/nonexistent)
      if ! RUSTUP_HOME=$home rustup_has_target; then
        RUSTUP_HOME=$home timeout 180 rustup target add wasm32-unknown-unknown >>"$log" 2>&1 || {
          printf '%-3s %-40s skipped: rustup cannot download the wasm32 target here, so the machine cannot be put in this state\n' "$state" "$desc"
          return 0
        }
      fi
      if [ "$state" = a ] && ! RUSTUP_HOME=$home rustup_has_src; then
        RUSTUP_HOME=$home timeout 180 rustup component add rust-src >>"$log" 2>&1 || {
          printf '%-3s %-40s skipped: rustup cannot download rust-src here\n' "$state" "$desc"
          return 0
        }
      fi
      if [ "$state" = b ] && RUSTUP_HOME=$home rustup_has_src; then
        RUSTUP_HOME=$home rustup component remove rust-src >>"$log" 2>&1
      fi
      ;;
    c)
      RUSTUP_HOME=$home rustup target remove wasm32-unknown-unknown >>"$log" 2>&1 || true
      RUSTUP_HOME=$home rustup component remove rust-src >>"$log" 2>&1 || true
      STATE_ENV+=(RUSTUP_DIST_SERVER=http://127.0.0.1:9 RUSTUP_UPDATE_ROOT=http://127.0.0.1:9/rustup)
      if debian_installed; then
        had_debian=1
        echo "+ apt-get remove ${DEBIAN_PKGS[*]} (setup must install them)" >>"$log"
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq "${DEBIAN_PKGS[@]}" >>"$log" 2>&1
      fi
      ;;
  esac

  rm -rf "$WORK/clone"
  git clone -q "$ROOT" "$WORK/clone"
  local t0 t1 t2 status=ok detail=""
  t0=$(date +%s)
  if ! in_clone "$log" make setup; then
    status="FAILED in make setup"
  fi
  t1=$(date +%s)
  local target=widget
  [ $FULL = 1 ] && target=test
  if [ "$status" = ok ] && ! in_clone "$log" make "$target"; then
    status="FAILED in make $target"
  fi
  t2=$(date +%s)
  RUN_NOTE=""
  if [ "$status" = ok ] && [ $FULL = 1 ] && ! check_run "$log"; then
    status="FAILED in make run"
  fi
  local toolchain first
  toolchain=$(grep -m1 -o 'toolchain: .*' "$log" | sed 's/^toolchain: //; s/ (build-std)//; s/, building std for wasm32//' || true)
  first=$(grep -o 'first load (html + js + wasm + css): [0-9]* bytes brotli' "$log" | tail -n1 | grep -o '[0-9]* bytes' || true)
  detail="setup $(secs $((t1 - t0))), make $target $(secs $((t2 - t1)))"
  [ -n "$toolchain" ] && detail="$detail, $toolchain"
  [ -n "$first" ] && detail="$detail, first load $first brotli"
  [ -n "$RUN_NOTE" ] && detail="$detail, $RUN_NOTE"
  printf '%-3s %-40s %s: %s\n' "$state" "$desc" "$status" "$detail" | tee -a "$LOGS/summary.txt"
  [ "$status" = ok ] || tail -n 15 "$log" | sed 's/^/      /'

  # Restore: Debian's packages as they were before the check.
  if [ "$state" = c ] && [ $had_debian = 0 ] && debian_installed; then
    echo "+ apt-get remove ${DEBIAN_PKGS[*]} (restoring the machine)" >>"$log"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq "${DEBIAN_PKGS[@]}" >>"$log" 2>&1 || true
  elif [ "$state" = c ] && [ $had_debian = 1 ] && ! debian_installed; then
    echo "+ apt-get install ${DEBIAN_PKGS[*]} (restoring the machine)" >>"$log"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${DEBIAN_PKGS[@]}" >>"$log" 2>&1 ||
      say "warning: could not reinstall ${DEBIAN_PKGS[*]}, which were installed before the check: apt-get install ${DEBIAN_PKGS[*]}"
  fi
  rm -rf "$home" "$WORK/clone"
  [ "$status" = ok ]
}

# Everything runs from here, once the whole file is read: editing this script
# while it runs (it runs for a while) cannot change what it does.
main() {
  local what="make setup + make widget" failed=0 s
  [ $FULL = 0 ] || what="make setup + make test + make run"
  say "checking states ${STATES[*]} at $(git rev-parse --short HEAD), rustup toolchain $TOOLCHAIN: $what"
  : >"$LOGS/summary.txt"
  for s in "${STATES[@]}"; do
    check_state "$s" || failed=1
  done
  return $failed
}
main; exit $?
