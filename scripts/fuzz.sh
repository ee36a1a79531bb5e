#!/usr/bin/env bash
# `make fuzz`: the long run of the decoder property tests (not part of `make test`).
# Every decoder of outside input (page parameters, form fields, settings, Billy's
# answers and addresses) and the calendar arithmetic take CASES generated inputs each
# (default 1,000,000); prints "<decoder>: N cases, F failures" per decoder.
#
#   scripts/fuzz.sh            # a million cases per decoder (about an hour on 2 cores)
#   CASES=50000 scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
source scripts/build-env.sh
export LEDGERLIGHT_PROPTEST_CASES="${CASES:-1000000}"
started=$SECONDS
log="$(mktemp "${TMPDIR:-/tmp}/ledgerlight-fuzz.XXXXXX")"
set +e
cargo test --features ssr --lib decoder_props -- --nocapture --test-threads=2 >"$log" 2>&1
rc=$?
set -e
grep -E ': [0-9]+ cases, [0-9]+ failures$|^test result|panicked' "$log" || tail -n 40 "$log"
echo "fuzz: ${LEDGERLIGHT_PROPTEST_CASES} cases per decoder in $((SECONDS - started)) s (log: $log)"
exit "$rc"
