# shellcheck shell=bash
# Sourced by the other scripts (and by hand: `source scripts/env.sh`) so that
# cargo-leptos finds tailwindcss, wasm-opt and wasm-bindgen on PATH instead of trying to
# download them from GitHub, which this kind of machine cannot reach.
# Safe under `set -euo pipefail` and safe to source twice.

LEDGERLIGHT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LEDGERLIGHT_ROOT

# Moves (or adds) a directory to the front of PATH, so sourcing twice changes nothing.
_ledgerlight_path_prepend() {
    local dir="$1" rest="" entry
    local IFS=:
    for entry in ${PATH:-}; do
        [[ -n "$entry" && "$entry" != "$dir" ]] && rest="${rest:+$rest:}$entry"
    done
    PATH="$dir${rest:+:$rest}"
}
# Prepended in reverse order: node_modules/.bin ends up first.
_ledgerlight_path_prepend "${HOME:-/root}/.cargo/bin"
_ledgerlight_path_prepend "$LEDGERLIGHT_ROOT/node_modules/.bin"
unset -f _ledgerlight_path_prepend
export PATH

# Playwright drives the Debian chromium (/usr/bin/chromium); never fetch its own browsers.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
