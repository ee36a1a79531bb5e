# shellcheck shell=bash
# Sourced by run.sh and test.sh. cargo-leptos builds debug code with
# RUSTFLAGS="--cfg erase_components"; plain cargo test/clippy must use the same flags or
# every switch between them recompiles the whole dependency tree.
export RUSTFLAGS="--cfg erase_components"
