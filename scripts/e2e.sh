#!/usr/bin/env bash
# Runs the Playwright end-to-end tests against a freshly started Ledgerlight server with
# its own temporary SQLite database (migrated and seeded with demo data at start).
#
#   cargo leptos build          # first: server at target/debug/ledgerlight, site at target/site
#   scripts/e2e.sh [playwright test args...]
#   scripts/e2e.sh --project=desktop-js -g hydration
#
# Environment (all optional):
#   E2E_SERVER_BIN        server binary        (default target/debug/ledgerlight)
#   E2E_SITE_ROOT         built site directory (default target/site)
#   E2E_STARTUP_TIMEOUT   seconds to wait for GET /healthz = 200 (default 120)
#   CHROMIUM_PATH         browser              (default /usr/bin/chromium)
#   KEEP_E2E_TMP=1        keep the temp dir (database, server log) even when tests pass
# Exit code: Playwright's (1 if the server never became healthy).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

server_bin="${E2E_SERVER_BIN:-target/debug/ledgerlight}"
site_root="${E2E_SITE_ROOT:-target/site}"
startup_timeout="${E2E_STARTUP_TIMEOUT:-120}"
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [[ ! -x "$server_bin" ]]; then
    echo "e2e: $server_bin not found; build first: source scripts/env.sh && cargo leptos build" >&2
    exit 1
fi
if [[ ! -d "$site_root/pkg" ]]; then
    echo "e2e: $site_root/pkg not found; build first: source scripts/env.sh && cargo leptos build" >&2
    exit 1
fi
if [[ ! -f "$site_root/vendor/echarts.min.js" ]]; then
    echo "e2e: warning: $site_root/vendor/echarts.min.js missing, charts will not draw;" \
         "run scripts/bootstrap.sh, then cargo leptos build" >&2
fi
if [[ ! -x node_modules/.bin/playwright ]]; then
    echo "e2e: Playwright not installed; run scripts/bootstrap.sh" >&2
    exit 1
fi
if [[ ! -x "$chromium" ]]; then
    echo "e2e: no browser at $chromium; run scripts/bootstrap.sh --browser (as root)" >&2
    exit 1
fi

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/ledgerlight-e2e.XXXXXX")"
base_url="http://127.0.0.1:$port"
# The demo server's Billy simulator, on a port the sync tests know.
sim_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
sim_url="http://127.0.0.1:$sim_port"
server_log="$tmp/server.log"
server_pid=""
rc=1

cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ "$rc" == "0" && "${KEEP_E2E_TMP:-0}" != "1" ]]; then
        rm -rf "$tmp"
    else
        echo "e2e: kept $tmp (database and server.log)" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_server_log() {
    echo "---- last 80 lines of $server_log ----" >&2
    tail -n 80 "$server_log" >&2 || true
    echo "---- end of server log ----" >&2
}

echo "e2e: starting $server_bin on $base_url (database $tmp/e2e.db)"
DATABASE_URL="sqlite://$tmp/e2e.db" \
LEPTOS_SITE_ADDR="127.0.0.1:$port" \
LEPTOS_SITE_ROOT="$site_root" \
LEDGERLIGHT_BILLY_SIM_ADDR="127.0.0.1:$sim_port" \
RUST_LOG="${RUST_LOG:-info}" \
    "$server_bin" serve >"$server_log" 2>&1 &
server_pid=$!

# The server migrates and seeds demo data before it listens, which can take a while.
deadline=$((SECONDS + startup_timeout))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base_url/healthz" || true)" == "200" ]]; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "e2e: the server exited before it became healthy" >&2
        show_server_log
        exit 1
    fi
    if (( SECONDS >= deadline )); then
        echo "e2e: GET /healthz did not answer 200 within ${startup_timeout}s" >&2
        show_server_log
        exit 1
    fi
    sleep 0.5
done
echo "e2e: server healthy after ${SECONDS}s; running Playwright"

set +e
E2E_BASE_URL="$base_url" E2E_BILLY_SIM_URL="$sim_url" CHROMIUM_PATH="$chromium" npx --no-install playwright test "$@"
rc=$?
set -e

if [[ "$rc" != "0" ]]; then
    echo "e2e: Playwright failed (exit $rc)" >&2
    show_server_log
fi
exit "$rc"
