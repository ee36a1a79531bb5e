#!/usr/bin/env bash
# Installs what building and testing Ledgerlight needs and skips what is already there.
# Safe to run again at any time. One line per step: "ok: ...", "installing: ...",
# "skipped: ...", "ERROR: ...".
#
#   scripts/bootstrap.sh [--browser] [--postgres]
#
#   --browser    also install Debian's chromium for the end-to-end tests (needs root)
#   --postgres   also make sure the local PostgreSQL on 127.0.0.1:5432 is running
#
# SKIP_CARGO_TOOLS=1 skips the cargo-leptos and wasm-bindgen-cli installs (for example
# while another install of them is still running).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

CARGO_LEPTOS_VERSION=0.3.10
want_browser=0
want_postgres=0
failed=0

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }

for arg in "$@"; do
    case "$arg" in
        --browser) want_browser=1 ;;
        --postgres) want_postgres=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "ERROR: unknown option: $arg" >&2; usage >&2; exit 2 ;;
    esac
done

# Installing cargo-leptos with its own release profile (LTO, 1 codegen unit) takes about
# half an hour on 2 cores; these make it much cheaper.
cargo_install() {
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}

# --- Rust: wasm target -------------------------------------------------------------
if ! command -v rustup >/dev/null 2>&1; then
    echo "ERROR: rustup not found; install Rust (https://rustup.rs) and run this again" >&2
    exit 1
fi
installed_targets="$(rustup target list --installed)"
if grep -qx 'wasm32-unknown-unknown' <<<"$installed_targets"; then
    echo "ok: rust target wasm32-unknown-unknown present"
else
    echo "installing: rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
fi

# --- cargo-leptos ------------------------------------------------------------------
if [[ "${SKIP_CARGO_TOOLS:-0}" == "1" ]]; then
    echo "skipped: cargo-leptos and wasm-bindgen-cli (SKIP_CARGO_TOOLS=1)"
else
    leptos_version="$(cargo leptos --version 2>/dev/null || true)"
    if grep -qw "$CARGO_LEPTOS_VERSION" <<<"$leptos_version"; then
        echo "ok: cargo-leptos $CARGO_LEPTOS_VERSION present"
    else
        # 0.3.11 and later need a newer rustc than 1.95.
        echo "installing: cargo-leptos $CARGO_LEPTOS_VERSION (found: ${leptos_version:-none}; takes several minutes)"
        cargo_install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
    fi

    # --- wasm-bindgen CLI: must equal the wasm-bindgen crate in Cargo.lock exactly ---
    bindgen_version="$(awk '
        /^\[\[package\]\]/ { in_pkg = 0 }
        /^name = "wasm-bindgen"$/ { in_pkg = 1; next }
        in_pkg && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' Cargo.lock 2>/dev/null || true)"
    if [[ -z "$bindgen_version" ]]; then
        echo "ERROR: no wasm-bindgen entry in Cargo.lock; run 'cargo generate-lockfile' and run this again" >&2
        failed=1
    else
        found_bindgen="$(wasm-bindgen --version 2>/dev/null || true)"
        if [[ "$found_bindgen" == "wasm-bindgen $bindgen_version" ]]; then
            echo "ok: wasm-bindgen-cli $bindgen_version present (matches Cargo.lock)"
        else
            echo "installing: wasm-bindgen-cli $bindgen_version (found: ${found_bindgen:-none}; takes a few minutes)"
            # No --locked: its lockfile pins a webpki-roots version the registry does not serve.
            cargo_install wasm-bindgen-cli --version "=$bindgen_version" --force
        fi
    fi
fi

# --- npm: tailwindcss, wasm-opt (binaryen), echarts, playwright ------------------------
if ! command -v npm >/dev/null 2>&1; then
    echo "ERROR: npm not found; install Node.js 20 or later and run this again" >&2
    exit 1
fi
if [[ ! -d node_modules || ! -f node_modules/.package-lock.json \
      || package-lock.json -nt node_modules/.package-lock.json ]]; then
    echo "installing: npm packages (npm ci)"
    npm ci --no-audit --no-fund
else
    echo "ok: npm packages present (node_modules matches package-lock.json)"
fi

# --- ECharts runtime, served from the app's own assets (never a CDN) -----------------
echarts_src=node_modules/echarts/dist/echarts.min.js
echarts_dst=public/vendor/echarts.min.js
if [[ ! -f "$echarts_src" ]]; then
    echo "ERROR: $echarts_src missing after npm ci" >&2
    exit 1
elif cmp -s "$echarts_src" "$echarts_dst"; then
    echo "ok: $echarts_dst up to date"
else
    echo "installing: $echarts_dst (from $echarts_src)"
    mkdir -p "$(dirname "$echarts_dst")"
    cp "$echarts_src" "$echarts_dst"
fi

# --- Chromium for the end-to-end tests -------------------------------------------------
if [[ "$want_browser" == "1" ]]; then
    if [[ -x /usr/bin/chromium ]]; then
        echo "ok: chromium present (/usr/bin/chromium)"
    elif [[ "$(id -u)" != "0" ]]; then
        echo "ERROR: /usr/bin/chromium is missing and installing it needs root: run 'sudo apt-get update && sudo apt-get install -y chromium' (or this script as root)" >&2
        failed=1
    else
        echo "installing: chromium (apt-get; 1-2 minutes)"
        apt-get update
        apt-get install -y chromium
    fi
fi

# --- PostgreSQL on 127.0.0.1:5432 --------------------------------------------------------
if [[ "$want_postgres" == "1" ]]; then
    pg_up() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; }
    if pg_up; then
        echo "ok: postgresql answers on 127.0.0.1:5432"
    else
        if command -v pg_ctlcluster >/dev/null 2>&1 && [[ -d /etc/postgresql ]]; then
            pg_version="$(ls /etc/postgresql | sort -V | tail -n 1)"
            echo "installing: starting postgresql cluster $pg_version/main"
            pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start || true
            for _ in $(seq 1 20); do
                pg_up && break
                sleep 0.5
            done
        fi
        if pg_up; then
            echo "ok: postgresql answers on 127.0.0.1:5432"
        else
            echo "##################################################################" >&2
            echo "WARNING: PostgreSQL is NOT running on 127.0.0.1:5432." >&2
            echo "WARNING: tests against PostgreSQL will be SKIPPED, not passed." >&2
            echo "##################################################################" >&2
        fi
    fi
fi

if [[ "$failed" != "0" ]]; then
    echo "bootstrap: finished with errors (see above)" >&2
    exit 1
fi
echo "bootstrap: done. For builds in this shell: source scripts/env.sh"
