#!/usr/bin/env bash
# make bench: size, cold load on a slow phone, gateway throughput.
# Prints the tables and writes them to docs/BENCHMARKS.md (between its
# generated-section markers; the prose around them is kept).
#
#   1. size        dist/ (raw, gzip -9, brotli -q 11), each entry's bundle, and
#                  each page's first-load transfer (its HTML, fetched from a
#                  running gateway, and the files it names);
#                  the baseline counter (bench/baseline) alongside.
#   2. cold load   headless Chromium, Slow 4G + 4x CPU throttling, a new context
#                  per run: navigation start -> first star clickable (bench/coldload.mjs).
#   3. throughput  hcp-loadgen at fixed concurrency against the sandbox, nginx
#                  proxy_pass -> sandbox, and hcp-gateway -> sandbox; tag list
#                  and guide submissions.
#   4. pads        hcp-loadgen pads: BENCH_PADS (1000) hall pads connected to
#                  one gateway over WebSockets, BENCH_PAD_REPORTS (300) signed
#                  case reports one after another, each timed until its
#                  window's pad has it; the gateway's memory (VmRSS) before
#                  and with the pads.
#
# Loopback only; every server is started here on a free port, with its data in
# a temporary directory, and stopped (by its pid) on exit. Tunables:
#   BENCH_RUNS=5 BENCH_CONCURRENCY=16 BENCH_DURATION=10 BENCH_WARMUP=2
#   BENCH_SELECTOR='[role=radiogroup] input[type=radio]'  (the first star)
#   BENCH_PARTS="size coldload load pads"   (a subset for a quick look; the
#                                            report keeps the other parts' last figures)
#   BENCH_PADS=1000 BENCH_PAD_REPORTS=300
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# The PostgreSQL rows need a server: the run goes inside a throwaway cluster
# (Debian's pg_virtualenv, removed afterwards) with fsync on, as in production
# (pg_virtualenv's own default is off, for tests).
if [[ " ${BENCH_PARTS:-load} " == *" load "* ]] && [ -z "${PGHOST:-}" ] && [ -z "${HCP_BENCH_IN_PG:-}" ] &&
  command -v pg_virtualenv >/dev/null; then
  # -t and a port of its own: see the Makefile's test-postgres.
  exec env HCP_BENCH_IN_PG=1 PGPORT="$("$ROOT"/scripts/free-port.sh)" pg_virtualenv -t -o fsync=on "$0" "$@"
fi

RUNS=${BENCH_RUNS:-5}
CONC=${BENCH_CONCURRENCY:-16}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-2}
SELECTOR=${BENCH_SELECTOR:-'[role=radiogroup] input[type=radio]'}
BASELINE_SELECTOR='#counter'
PARTS=${BENCH_PARTS:-"size coldload load pads"}
PADS=${BENCH_PADS:-1000}
PAD_REPORTS=${BENCH_PAD_REPORTS:-300}

OUT=$ROOT/bench/out
rm -rf "$OUT"
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/hcp-bench.XXXXXX)
STARTED=$(date +%s)
NOTES=$OUT/notes.txt
: >"$NOTES"

say() { printf '[bench] %s\n' "$*" >&2; }
note() { say "$*"; printf '%s\n' "$*" >>"$NOTES"; }
has_part() { [[ " $PARTS " == *" $1 "* ]]; }
# The machine's load when a part starts: other work running (a compile) skews everything.
LOADS=$OUT/loadavg.txt
: >"$LOADS"
loadavg() { printf '%s %s\n' "$1" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$LOADS"; }

# --- processes: started here, stopped here (by pid) ---------------------------
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}
SHM=""
trap 'cleanup; rm -rf "$WORK" ${SHM:+"$SHM"}' EXIT
trap 'exit 130' INT TERM

stop() { # stop one process started here
  local pid=$1 p
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local keep=()
  for p in "${PIDS[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  PIDS=("${keep[@]}")
}

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

wait_for_line() { # FILE REGEX TIMEOUT_S PID: prints the first matching line
  local file=$1 re=$2 limit=$3 pid=$4 i
  for ((i = 0; i < limit * 10; i++)); do
    if grep -Eq "$re" "$file" 2>/dev/null; then
      grep -Em1 "$re" "$file"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# --- builds ------------------------------------------------------------------------
GATEWAY=$ROOT/target/release/hcp-gateway
SANDBOX=$ROOT/target/release/hcp-sandbox
LOADGEN=$ROOT/target/release/hcp-loadgen
T_BUILD=$(date +%s)
say "building the release binaries (hcp-gateway, hcp-sandbox, hcp-loadgen)"
if ! cargo build --release -q -p hcp-gateway -p hcp-sandbox -p hcp-loadgen 2>"$OUT/cargo.log"; then
  note "cargo build --release failed (see bench/out/cargo.log); parts needing a missing binary are skipped"
  tail -n 20 "$OUT/cargo.log" >&2 || true
fi
T_RELEASE=$(($(date +%s) - T_BUILD))
GATEWAY_OK=0; [ -x "$GATEWAY" ] && "$GATEWAY" --help >/dev/null 2>&1 && GATEWAY_OK=1
SANDBOX_OK=0; [ -x "$SANDBOX" ] && SANDBOX_OK=1
LOADGEN_OK=0; [ -x "$LOADGEN" ] && LOADGEN_OK=1

T_BASELINE=0
if has_part size || has_part coldload; then
  T_BASELINE=$(date +%s)
  say "baseline counter (bench/baseline)"
  # Built like the widget, by the same script (bench/baseline/build.sh).
  if ! bench/baseline/build.sh >"$OUT/baseline-build.log" 2>&1; then
    note "the baseline counter did not build (see bench/out/baseline-build.log)"
    tail -n 20 "$OUT/baseline-build.log" >&2 || true
  fi
  T_BASELINE=$(($(date +%s) - T_BASELINE))
fi
T_MEASURE=$(date +%s)

if has_part coldload || has_part size; then
  if [ ! -d bench/node_modules/playwright-core ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
    say "npm ci (playwright-core; no browser download)"
    (cd bench && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
fi

[ -f dist/index.html ] || { say "error: dist/ is not built: run make widget"; exit 1; }

# A snapshot of dist/: a rebuild during the run (Trunk swaps in new hashed
# names) must not leave the gateway's page pointing at files that are gone.
# Taken when every file index.html names is there (Trunk may be mid-swap).
DIST=$WORK/dist
snapshot_ok=0
for _ in $(seq 1 30); do
  rm -rf "$DIST"
  mkdir -p "$DIST"
  cp -a dist/. "$DIST/" 2>/dev/null || true
  rm -rf "$DIST/.stage"
  missing=$(grep -Eo '/[A-Za-z0-9._/-]+\.(js|wasm|css)' "$DIST/index.html" | sort -u |
    while read -r f; do [ -f "$DIST$f" ] || echo "$f"; done)
  if [ -z "$missing" ]; then snapshot_ok=1; break; fi
  sleep 2
done
[ $snapshot_ok = 1 ] || note "dist/ kept changing (a widget build running?): its index.html names files that are missing: $missing"


# --- a gateway in sandbox mode, for the pages ----------------------------------------
GW_LOG=$OUT/gateway-sandbox-mode.log
GW_BASE=""
declare -A LINKS=()
LINK_NAMES=()
if [ $GATEWAY_OK = 1 ] && { has_part size || has_part coldload; }; then
  say "starting hcp-gateway in sandbox mode"
  mkdir -p "$WORK/gw-sandbox"
  env HCP_LISTEN=127.0.0.1:0 HCP_DATA_DIR="$WORK/gw-sandbox" HCP_WIDGET_DIR="$DIST" \
    HCP_UPSTREAM=sandbox RUST_LOG=warn "$GATEWAY" serve >"$GW_LOG" 2>&1 &
  GW_PID=$!
  PIDS+=("$GW_PID")
  if line=$(wait_for_line "$GW_LOG" 'listening on http://' 60 "$GW_PID"); then
    GW_BASE=$(grep -Eo 'http://[0-9.:]+' <<<"$line" | head -n1)
    # The printed demo links: "  NAME   http://…" (wait for the last one).
    wait_for_line "$GW_LOG" '^ +dynamic +http://' 10 "$GW_PID" >/dev/null || true
    sleep 0.3
    # The pad's lines come last ("  pad  http://…", "  card  http://…"):
    # wait for them; the window card is a printed page, not a widget page.
    wait_for_line "$GW_LOG" '^ +pad +http://' 10 "$GW_PID" >/dev/null || true
    while read -r name url; do
      [ "$name" = card ] && continue
      LINKS[$name]=$url
      LINK_NAMES+=("$name")
    done < <(grep -E '^ +[a-z-]+ +http://' "$GW_LOG" | awk '{print $1, $2}')
    say "gateway at $GW_BASE, ${#LINKS[@]} demo links"
  else
    note "hcp-gateway (sandbox mode) did not start; see bench/out/gateway-sandbox-mode.log"
    tail -n 20 "$GW_LOG" >&2 || true
  fi
elif [ $GATEWAY_OK = 0 ]; then
  note "no hcp-gateway binary: pages measured from dist/index.html without the config block, served by bench's static server"
fi

# Fallback page URLs (no gateway): the same parameters, served statically.
b64() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }
FALLBACK_GUIDE="/guide/?appCode=cTPyv9r6&channel=web&affairCode=$(b64 11210000001099516A2210100004000)&affairName=$(b64 '居民身份证换领')&departmentCode=$(b64 11210000001099516A)&evalEntityCode=egovGuide&evalProcess=2"
FALLBACK_DYNAMIC="/rating-dynamic/?msg=cTPyv9r6_0204_JXU1RjIwJXU0RTA5_39357010579292161_210000-210100009000-20200603093755953_11210000001099516A2210100009000_2"

# --- 1. size -------------------------------------------------------------------------------
if has_part size; then
  loadavg size
  say "sizes"
  args=(--bundle widget="$DIST" --bundle baseline=bench/baseline/dist)
  if [ -n "$GW_BASE" ] && [ ${#LINKS[@]} -gt 0 ]; then
    for name in "${LINK_NAMES[@]}"; do args+=(--page "$name=${LINKS[$name]}"); done
    # The test entry (sandbox mode only): its own bundle, next to the rating pages'.
    args+=(--page "codec-check (test entry)=$GW_BASE/test/codec/")
  else
    args+=(--page-file "every page (dist/index.html)=$DIST/index.html")
  fi
  [ -f bench/baseline/dist/index.html ] && args+=(--page-file "baseline=bench/baseline/dist/index.html")
  node bench/sizes.mjs "$OUT/sizes.json" "${args[@]}"
fi

# --- 2. cold load -------------------------------------------------------------------------
if has_part coldload; then
  loadavg coldload
  say "cold load: $RUNS runs per page, Slow 4G, CPU x4 (about $((RUNS * 3 * 6 / 60 + 1)) min)"
  pages=()
  if [ -n "$GW_BASE" ] && [ -n "${LINKS[guide]:-}" ]; then
    pages+=("{\"name\":\"guide\",\"url\":$(node -e 'console.log(JSON.stringify(process.argv[1]))' "${LINKS[guide]}")}")
    dyn=${LINKS[dynamic]:-}
    [ -n "$dyn" ] && pages+=("{\"name\":\"dynamic\",\"url\":$(node -e 'console.log(JSON.stringify(process.argv[1]))' "$dyn")}")
    # The pad (its own bundle): until its window's QR code is drawn (which
    # needs its live connection's first answer too).
    pad=${LINKS[pad]:-}
    [ -n "$pad" ] && pages+=("{\"name\":\"pad\",\"url\":$(node -e 'console.log(JSON.stringify(process.argv[1]))' "$pad"),\"selector\":\".pad-qr\"}")
  else
    pages+=("{\"name\":\"guide\",\"dir\":\"$DIST\",\"path\":$(node -e 'console.log(JSON.stringify(process.argv[1]))' "$FALLBACK_GUIDE")}")
    pages+=("{\"name\":\"dynamic\",\"dir\":\"$DIST\",\"path\":$(node -e 'console.log(JSON.stringify(process.argv[1]))' "$FALLBACK_DYNAMIC")}")
  fi
  if [ -f bench/baseline/dist/index.html ]; then
    pages+=("{\"name\":\"baseline\",\"dir\":\"bench/baseline/dist\",\"path\":\"/\",\"selector\":\"$BASELINE_SELECTOR\"}")
  fi
  SEL_JSON=$(node -e 'console.log(JSON.stringify(process.argv[1]))' "$SELECTOR")
  {
    printf '{"chromium":"/usr/bin/chromium","runs":%s,"timeoutMs":20000,"cpuRate":4,' "$RUNS"
    printf '"network":{"latencyMs":562.5,"downloadBps":180000,"uploadBps":84375},'
    printf '"screenshotDir":"%s","pages":[' "$OUT"
    (IFS=,; printf '%s' "${pages[*]}")
    printf ']}\n'
  } >"$WORK/coldload.json"
  # Pages without their own selector use the star's.
  node -e '
    const fs=require("fs"); const c=JSON.parse(fs.readFileSync(process.argv[1]));
    for (const p of c.pages) p.selector ??= JSON.parse(process.argv[2]);
    fs.writeFileSync(process.argv[1], JSON.stringify(c));' "$WORK/coldload.json" "$SEL_JSON"
  if ! timeout 600 node bench/coldload.mjs "$WORK/coldload.json" "$OUT/coldload.json"; then
    note "the cold-load driver failed; see the lines above"
  fi
fi
[ -n "${GW_PID:-}" ] && stop "$GW_PID"

# --- 3. throughput ----------------------------------------------------------------------
start_sandbox() { # -> SB_PID, SB_BASE
  local dir log line
  dir=$(mktemp -d "$WORK/sandbox.XXXX")
  log=$OUT/sandbox-$1.log
  rm -f "$log"
  RUST_LOG=${BENCH_SANDBOX_LOG:-info} "$SANDBOX" --listen 127.0.0.1:0 --data-dir "$dir" >"$log" 2>&1 &
  SB_PID=$!
  PIDS+=("$SB_PID")
  line=$(wait_for_line "$log" '^http://' 30 "$SB_PID") || { note "hcp-sandbox did not start (bench/out/sandbox-$1.log)"; return 1; }
  SB_BASE=$line
  SB_PORT=$(sed -E 's#http://[^:]+:([0-9]+)/.*#\1#' <<<"$line")
}

start_nginx() { # sandbox port -> NG_PID, NG_BASE
  local dir=$WORK/nginx port user_line=""
  mkdir -p "$dir"
  port=$(free_port)
  [ "$(id -u)" = 0 ] && user_line="user $(id -un) $(id -gn);"
  cat >"$dir/nginx.conf" <<EOF
# Generated by bench/run.sh: nginx as a plain reverse proxy in front of the sandbox.
$user_line
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/client_body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  upstream sandbox {
    server 127.0.0.1:$1;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$port;
    location /ebus/ping/ {
      proxy_pass http://sandbox;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' >"$OUT/nginx.log" 2>&1 &
  NG_PID=$!
  PIDS+=("$NG_PID")
  NG_BASE=http://127.0.0.1:$port/ebus/ping/
  local i
  for ((i = 0; i < 50; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    kill -0 "$NG_PID" 2>/dev/null || break
    sleep 0.1
  done
  note "nginx did not start: $(tail -n 3 "$dir/error.log" "$OUT/nginx.log" 2>/dev/null | tr '\n' ' ')"
  return 1
}

start_gateway_remote() { # upstream base, data dir, label [, database URL] -> GR_PID, GR_BASE
  local log=$OUT/gateway-$3.log line data=$2
  rm -f "$log"
  mkdir -p "$data"
  # Not sandbox mode: every secret given (the sandbox's dev identity), and no
  # per-client rate limit (all load comes from one address).
  env $("$LOADGEN" dev-env) HCP_UPSTREAM="$1" HCP_LISTEN=127.0.0.1:0 \
    HCP_DATA_DIR="$data" HCP_WIDGET_DIR="$DIST" HCP_LOGIN_URL=/dev/login \
    HCP_RATE_LIMIT_PER_SECOND=1000000 HCP_RATE_LIMIT_BURST=1000000 \
    ${4:+HCP_DATABASE_URL=$4} \
    RUST_LOG=${BENCH_GATEWAY_LOG:-info} "$GATEWAY" serve >"$log" 2>&1 &
  GR_PID=$!
  PIDS+=("$GR_PID")
  line=$(wait_for_line "$log" 'listening on http://' 30 "$GR_PID") || { note "hcp-gateway (remote mode) did not start (bench/out/gateway-$3.log): $(tail -n 3 "$log" | tr '\n' ' ')"; return 1; }
  GR_BASE=$(grep -Eo 'http://[0-9.:]+' <<<"$line" | head -n1)/
}

loadgen() { # LABEL TARGET WORKLOAD BASE [extra args]
  local label=$1 target=$2 workload=$3 base=$4
  shift 4
  if ! timeout $((WARMUP + DURATION + 60)) "$LOADGEN" run --target "$target" --workload "$workload" --base "$base" \
    --concurrency "$CONC" --duration-secs "$DURATION" --warmup-secs "$WARMUP" \
    --label "$label" --json "$OUT/load-$label.json" "$@"; then
    note "load run $label failed"
  fi
}

if has_part load; then
  if [ $SANDBOX_OK = 1 ] && [ $LOADGEN_OK = 1 ]; then
    loadavg load
    say "throughput: concurrency $CONC, ${WARMUP}s warm-up + ${DURATION}s per run; a fresh sandbox per path"
    # (a) the sandbox directly
    if start_sandbox direct; then
      loadgen direct-tags upstream tags "$SB_BASE"
      loadgen direct-guide upstream guide "$SB_BASE"
      stop "$SB_PID"
    fi
    # (c) nginx proxy_pass -> sandbox
    if start_sandbox nginx; then
      if start_nginx "$SB_PORT"; then
        loadgen nginx-tags upstream tags "$NG_BASE"
        loadgen nginx-guide upstream guide "$NG_BASE"
        stop "$NG_PID"
      fi
      stop "$SB_PID"
    fi
    # (b) hcp-gateway -> sandbox
    if [ $GATEWAY_OK = 1 ] && start_sandbox gateway; then
      if start_gateway_remote "$SB_BASE" "$WORK/gw-remote" remote; then
        loadgen gateway-tags gateway tags "$GR_BASE"
        loadgen gateway-guide gateway guide "$GR_BASE"
        stop "$GR_PID"
      fi
      stop "$SB_PID"
      # The same with gateway.db on tmpfs, where a commit's fsync costs
      # nothing: how much of the submit path is durable commits (not a target).
      if [ "${BENCH_TMPFS_VARIANT:-1}" = 1 ] && [ -d /dev/shm ] && [ -w /dev/shm ] && start_sandbox gateway-tmpfs; then
        SHM=$(mktemp -d /dev/shm/hcp-bench.XXXXXX)
        if start_gateway_remote "$SB_BASE" "$SHM" remote-tmpfs; then
          loadgen gateway-guide-tmpfs gateway guide "$GR_BASE"
          stop "$GR_PID"
        fi
        stop "$SB_PID"
        rm -rf "$SHM"
      fi
    elif [ $GATEWAY_OK = 0 ]; then
      note "no hcp-gateway binary: the gateway path was not measured"
    fi
    # (d) the store on PostgreSQL: one gateway, then two gateways on one
    # database (the generator alternating between them), each on a fresh database.
    if [ $GATEWAY_OK = 1 ] && [ -n "${PGHOST:-}" ]; then
      pg_url() { printf 'postgres://%s:%s@%s:%s/%s' "$PGUSER" "$PGPASSWORD" "$PGHOST" "${PGPORT:-5432}" "$1"; }
      note "PostgreSQL: $(psql -Atc 'SELECT version()' | cut -d' ' -f1-2), fsync $(psql -Atc 'SHOW fsync'), synchronous_commit $(psql -Atc 'SHOW synchronous_commit')"
      psql -qc 'CREATE DATABASE hcp_bench_one' && psql -qc 'CREATE DATABASE hcp_bench_two'
      if start_sandbox gateway-pg; then
        if start_gateway_remote "$SB_BASE" "$WORK/gw-pg" remote-pg "$(pg_url hcp_bench_one)"; then
          loadgen gateway-guide-pg gateway guide "$GR_BASE"
          stop "$GR_PID"
        fi
        stop "$SB_PID"
      fi
      if start_sandbox gateway-pg2; then
        if start_gateway_remote "$SB_BASE" "$WORK/gw-pg2a" remote-pg2a "$(pg_url hcp_bench_two)"; then
          PG2A_PID=$GR_PID PG2A_BASE=$GR_BASE
          if start_gateway_remote "$SB_BASE" "$WORK/gw-pg2b" remote-pg2b "$(pg_url hcp_bench_two)"; then
            loadgen gateway-guide-pg2 gateway guide "$PG2A_BASE" --base "$GR_BASE"
            stop "$GR_PID"
          fi
          stop "$PG2A_PID"
        fi
        stop "$SB_PID"
      fi
    elif [ $GATEWAY_OK = 1 ]; then
      note "no PostgreSQL (pg_virtualenv is missing: scripts/setup.sh installs it): the PostgreSQL rows were not measured"
    fi
  else
    note "hcp-sandbox or hcp-loadgen is not built: throughput was not measured"
  fi
fi

# --- 4. pads ------------------------------------------------------------------------------
if has_part pads; then
  if [ $SANDBOX_OK = 1 ] && [ $LOADGEN_OK = 1 ] && [ $GATEWAY_OK = 1 ]; then
    loadavg pads
    say "pads: $PADS pads connected to one gateway, $PAD_REPORTS case reports timed to their pad"
    if start_sandbox pads; then
      if start_gateway_remote "$SB_BASE" "$WORK/gw-pads" pads; then
        if ! timeout 600 "$LOADGEN" pads --base "$GR_BASE" --data-dir "$WORK/gw-pads" \
          --pads "$PADS" --reports "$PAD_REPORTS" --gateway-pid "$GR_PID" --json "$OUT/pads.json"; then
          note "the pads run failed (see above and bench/out/gateway-pads.log)"
        fi
        stop "$GR_PID"
      fi
      stop "$SB_PID"
    fi
  else
    note "hcp-gateway, hcp-sandbox or hcp-loadgen is not built: the pads were not measured"
  fi
fi

# Server logs have a line per request (hundreds of MB): keep their ends.
for f in "$OUT"/*.log; do
  if [ "$(stat -c %s "$f")" -gt 1000000 ]; then
    { head -n 50 "$f"; echo "… ($(wc -l <"$f") lines; the middle was dropped by bench/run.sh) …"; tail -n 200 "$f"; } >"$f.tmp"
    mv "$f.tmp" "$f"
  fi
done

# --- report ------------------------------------------------------------------------------
{
  printf '{"date":"%s","nproc":%s,' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(nproc)"
  printf '"cpu":%s,' "$(node -e 'console.log(JSON.stringify(require("os").cpus()[0]?.model ?? "?"))')"
  printf '"git":"%s",' "$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo '+dirty')"
  printf '"nginx":"%s",' "$(if command -v nginx >/dev/null; then nginx -v 2>&1 | sed 's#.*/##'; else echo 'not installed'; fi)"
  printf '"rustc":"%s",' "$(rustc --version | awk '{print $2}')"
  # (Neither text holds a double quote or a backslash: printed as JSON strings as they are.)
  printf '"wasmToolchain":"%s",' "$(. scripts/wasm-env.sh && echo "$WASM_TOOLCHAIN")"
  printf '"wasmOpt":"%s",' "$(grep -o 'data-wasm-opt="[^"]*"[^>]*data-wasm-opt-params="[^"]*"' index.html |
    sed -E 's/data-wasm-opt="([^"]*)".*data-wasm-opt-params="([^"]*)"/-O\1 \2/')"
  printf '"concurrency":%s,"duration":%s,"warmup":%s,"runs":%s,' "$CONC" "$DURATION" "$WARMUP" "$RUNS"
  printf '"selector":%s,"baselineSelector":"%s",' "$(node -e 'console.log(JSON.stringify(process.argv[1]))' "$SELECTOR")" "$BASELINE_SELECTOR"
  printf '"parts":"%s","elapsed":%s,' "$PARTS" "$(($(date +%s) - STARTED))"
  printf '"releaseBuild":%s,"baselineBuild":%s,"measuring":%s}\n' "$T_RELEASE" "$T_BASELINE" "$(($(date +%s) - T_MEASURE))"
} >"$OUT/meta.json"
node bench/report.mjs "$OUT" docs/BENCHMARKS.md
say "done in $(($(date +%s) - STARTED)) s; results in bench/out/, report in docs/BENCHMARKS.md"
