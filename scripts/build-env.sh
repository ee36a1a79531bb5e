# shellcheck shell=bash
# Sourced by run.sh, test.sh and fuzz.sh. cargo-leptos builds debug code with
# RUSTFLAGS="--cfg erase_components"; plain cargo test/clippy must use the same flags or
# every switch between them recompiles the whole dependency tree.
export RUSTFLAGS="--cfg erase_components"

# cargo-leptos appends its own " --cfg erase_components" to the RUSTFLAGS it finds, so
# with the line above in the environment it would build with the flag twice: different
# flags to cargo, and every crate compiled a second time. It runs without them and adds
# the flag once itself, which is what cargo test and clippy use:
#   "${CARGO_LEPTOS[@]}" build
CARGO_LEPTOS=(env -u RUSTFLAGS cargo leptos)
