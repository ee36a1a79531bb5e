# The two commands of the README. Both install what is missing first (scripts/bootstrap.sh).
.PHONY: run test fuzz

## Run the dashboard on the embedded default (SQLite + demo data) at http://127.0.0.1:3000
run:
	@bash scripts/run.sh

## Run every check: formatting, clippy (ssr + wasm), Rust tests (SQLite + PostgreSQL), browser tests
test:
	@bash scripts/test.sh

## The long run of the decoder property tests (not in CI): a million inputs per decoder
fuzz:
	@bash scripts/fuzz.sh
