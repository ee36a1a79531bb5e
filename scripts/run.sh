#!/usr/bin/env bash
# `make run`: installs what is missing, then builds and serves the dashboard on the
# embedded default (a SQLite file under ./data, seeded with demo data when empty).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
source scripts/build-env.sh
echo "Ledgerlight: building and starting on http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000} (first build takes several minutes)"
exec "${CARGO_LEPTOS[@]}" serve
