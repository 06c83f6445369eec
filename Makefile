# Wenming: `make demo` sets everything up and serves the demo city; `make test` runs the tests.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
WENMING := $(BIN)/wenming
PYTEST := $(BIN)/pytest
PG_URL ?= $(or $(DATABASE_URL_TEST),postgres://postgres@127.0.0.1:5432/postgres)
PYTEST_WORKERS ?= 2
export WENMING_STATIC_MODE ?= plain

.PHONY: help setup demo serve worker test test-sqlite test-postgres e2e lint typecheck format bench bench-sqlite bench-postgres bench-peers migrations-check messages clean

help:
	@echo "make demo            install what is missing, migrate, load the demo city (Ruzhou) and serve on 127.0.0.1:8000"
	@echo "make test            run the test suite on SQLite and on PostgreSQL"
	@echo "make e2e             browser tests in Chromium (screenshots under var/screenshots/)"
	@echo "make bench           benchmarks on both databases (results under var/bench/)"
	@echo "make bench-peers     the peers (pretix, django-helpdesk, bare Django) and Wenming side by side, ratios"
	@echo "make lint            ruff, import contracts, types (make typecheck), migrations check"
	@echo "make typecheck       mypy against mypy-baseline.txt (scripts/typecheck.sh --sync to shrink it)"

$(VENV)/.installed: pyproject.toml uv.lock scripts/setup.sh
	bash scripts/setup.sh
	@touch $@

setup: $(VENV)/.installed
	@$(WENMING) compilemessages_if_needed >/dev/null

demo: setup
	@mkdir -p var
	$(WENMING) migrate --noinput
	$(WENMING) seed --scale ruzhou
	@echo
	@echo "Wenming is starting on http://127.0.0.1:8000/  (log in as admin with the password printed above)"
	WENMING_STATIC_MODE=auto $(WENMING) serve --host 127.0.0.1 --port 8000

serve: setup
	WENMING_STATIC_MODE=auto $(WENMING) serve

worker: setup
	$(WENMING) worker

test: test-sqlite test-postgres

test-sqlite: setup
	HUEY_IMMEDIATE=1 DATABASE_URL=sqlite:///var/wenming-test-main.sqlite3 $(PYTEST) -n $(PYTEST_WORKERS) -q

test-postgres: setup
	@if $(BIN)/python scripts/pg_reachable.py "$(PG_URL)"; then \
		HUEY_IMMEDIATE=1 DATABASE_URL="$(PG_URL)" $(PYTEST) -n $(PYTEST_WORKERS) -q; \
	else \
		echo "test-postgres: SKIPPED — PostgreSQL is not reachable at $(PG_URL) (set DATABASE_URL_TEST)"; \
	fi

e2e: setup
	HUEY_IMMEDIATE=1 DATABASE_URL=sqlite:///var/wenming-e2e.sqlite3 $(PYTEST) -m e2e -q -p no:xdist

lint: setup
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench
	$(BIN)/lint-imports --no-logo
	$(MAKE) --no-print-directory typecheck
	$(WENMING) makemigrations --check --dry-run

typecheck: setup
	bash scripts/typecheck.sh

format: setup
	$(BIN)/ruff format src bench
	$(BIN)/ruff check --fix src bench

bench: bench-sqlite bench-postgres

bench-peers: setup
	$(BIN)/python bench/peers.py

bench-sqlite: setup
	$(BIN)/python bench/run.py --database sqlite

bench-postgres: setup
	$(BIN)/python bench/run.py --database postgres --database-url "$(PG_URL)"

clean:
	rm -rf var/test*.sqlite3* var/wenming-test*.sqlite3* var/screenshots var/bench
