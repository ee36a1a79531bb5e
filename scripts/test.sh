#!/usr/bin/env bash
# `make test`: installs what is missing, then runs every check the project has:
#   1. cargo fmt --check
#   2. cargo clippy, warnings denied, for the ssr build and the wasm32 hydrate build
#   3. cargo test: unit tests, store contract + rollup tests on SQLite and PostgreSQL,
#      HTTP tests against the server on a random port
#   4. cargo leptos build, then Playwright in Chromium (JS off and on, desktop and phone)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS
bash scripts/bootstrap.sh --browser --postgres
source scripts/env.sh
source scripts/build-env.sh

# cargo's build output is kept in a cache directory outside the checkout, so a fresh
# clone on a machine that built before starts warm (the first build on a machine is
# cold either way). A checkout that already has its own target/ keeps it.
# LEDGERLIGHT_BUILD_CACHE=off builds inside the checkout as usual.
build_cache="${LEDGERLIGHT_BUILD_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/ledgerlight/target}"
if [[ "$build_cache" != "off" && ! -e target ]]; then
    mkdir -p "$build_cache"
    ln -s "$build_cache" target
    echo "build output: target -> $build_cache (LEDGERLIGHT_BUILD_CACHE=off to keep it here)"
fi

step() { printf '\n==> %s (%ss elapsed)\n' "$1" "$((SECONDS - started))"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (ssr)"
cargo clippy --features ssr --all-targets -- -D warnings

step "clippy (hydrate, wasm32)"
cargo clippy --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

step "cargo test (SQLite and PostgreSQL store tests, HTTP tests)"
# PostgreSQL tests fail rather than skip when CI is set (see tests/support/mod.rs).
cargo test --features ssr

step "cargo leptos build"
"${CARGO_LEPTOS[@]}" build

step "end-to-end tests in Chromium"
bash scripts/e2e.sh

step "all checks passed"
