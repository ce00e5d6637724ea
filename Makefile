# Two entry points: `make run` (install, demo data, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# pytest-xdist workers: two cores here.
WORKERS ?= 2

.PHONY: run test lint unit unit-sqlite unit-postgres e2e bench clean

$(BIN)/sanmin: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/sanmin

run: $(BIN)/sanmin
	$(BIN)/sanmin run

test: $(BIN)/sanmin lint unit-sqlite unit-postgres e2e

lint: $(BIN)/sanmin
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy sanmin

unit: unit-sqlite unit-postgres

unit-sqlite: $(BIN)/sanmin
	$(BIN)/pytest -n $(WORKERS) sanmin

unit-postgres: $(BIN)/sanmin
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(WORKERS) sanmin

e2e: $(BIN)/sanmin
	$(BIN)/pytest e2e

bench: $(BIN)/sanmin
	$(BIN)/sanmin bench ballots $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
