# hcp: two commands on a fresh machine.
#   make run    build everything, serve the widget with the sandbox upstream, print one link per page
#   make test   every test: unit, integration (real HTTP + SQLite, and PostgreSQL on a throwaway cluster) and headless-Chromium end-to-end
# Others:
#   make setup  install what the build needs (idempotent; the targets below call it)
#   make widget build dist/ (release wasm, precompressed)
#   make lint   the code's shape (import cycles, file sizes), rustfmt check + clippy (native and wasm32)
#   make bench  size, cold load on a slow phone, gateway throughput -> docs/BENCHMARKS.md
#   make fuzz   a short fuzz run of the protocol parsers (FUZZ_SECONDS each)
#   make gateway-production  the gateway for release packaging: no sandbox, demo data or dev secrets
#   make check-setup  a clean clone built from every toolchain state this machine can be put in (slow)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

FUZZ_SECONDS ?= 60

.PHONY: help setup widget gateway gateway-production run test test-rust test-postgres test-e2e shape lint bench fuzz clean check-setup

help:
	@sed -n '1,11p' Makefile

setup:
	@scripts/setup.sh

widget: setup
	@scripts/build-widget.sh

gateway:
	cargo build --release -p hcp-gateway

# Release packaging: without the `sandbox` feature (no sandbox mode, demo data,
# dev login or development secret), in its own target directory so that it
# never replaces the development binary `make run` uses.
gateway-production:
	cargo build --release -p hcp-gateway --no-default-features --target-dir target/production
	@echo "target/production/release/hcp-gateway"

run: widget gateway
	HCP_WIDGET_DIR=dist target/release/hcp-gateway serve

test: setup test-rust widget test-e2e

test-rust: shape
	cargo test --workspace --exclude hcp-widget
	# The production build (no sandbox feature) compiles, and its own checks pass.
	cargo test -p hcp-gateway --no-default-features --lib --bins
	$(MAKE) test-postgres

# The PostgreSQL store (its suite, durability, migrations, two gateway
# processes on one database) on a throwaway cluster that pg_virtualenv starts
# and removes; HCP_TEST_POSTGRES=required makes a missing cluster fail, not skip.
# -t and a port of its own: the cluster lives in a temporary directory, not as
# the system's 15/regress, so runs in two checkouts at once do not collide and
# a run killed half-way leaves nothing that makes the next one refuse to start.
test-postgres:
	PGPORT=$$(scripts/free-port.sh) pg_virtualenv -t sh -c 'HCP_TEST_POSTGRES=required cargo test -p hcp-gateway --test api -- postgres'

# The end-to-end tests start the debug gateway binary (built by test-rust) in sandbox mode.
test-e2e:
	cargo build -p hcp-gateway
	cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	cd tests/e2e && HCP_GATEWAY_BIN=$(CURDIR)/target/debug/hcp-gateway npx playwright test

# The code's shape: no import cycle through more than two files, no source
# file over 700 lines (tests aside). scripts/module-graph.py prints the graph's
# cycles; scripts/file-lines.py the files over the budget.
shape:
	python3 scripts/module-graph.py --check 2 crates/gateway/src src
	python3 scripts/file-lines.py 700 crates/gateway/src

lint: setup shape
	@scripts/setup.sh lint
	cargo fmt --all -- --check
	cargo clippy --workspace --exclude hcp-widget --all-targets -- -D warnings
	cargo clippy -p hcp-gateway --no-default-features --all-targets -- -D warnings
	. scripts/wasm-env.sh && cargo clippy -p hcp-widget --target wasm32-unknown-unknown -- -D warnings

bench: setup widget gateway
	@scripts/setup.sh bench
	@bench/run.sh

fuzz:
	cd crates/protocol && cargo +nightly fuzz run query -- -max_total_time=$(FUZZ_SECONDS)
	cd crates/protocol && cargo +nightly fuzz run qr_msg -- -max_total_time=$(FUZZ_SECONDS)

# CHECK_SETUP_ARGS: states (a b c) and/or --full (make test + make run in each).
check-setup:
	@scripts/check-setup.sh $(CHECK_SETUP_ARGS)

clean:
	rm -rf dist target
