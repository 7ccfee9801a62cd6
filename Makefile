# normtrace: two commands do all set-up on a fresh machine — `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: demo test check lint typecheck bench clean docs fuzz fuzz-deep

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP_RUN)

demo: $(STAMP_RUN)
	$(BIN)/normtrace demo --out demo-output

test: $(STAMP_DEV)
	$(BIN)/python -m pytest -q -n auto --maxprocesses 4 --dist loadscope

fuzz: $(STAMP_DEV)
	$(BIN)/python -m pytest -q tests/fuzz

fuzz-deep: $(STAMP_DEV)
	NORMTRACE_FUZZ=deep $(BIN)/python -m pytest -q tests/fuzz

lint: $(STAMP_DEV)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP_DEV)
	$(BIN)/mypy

docs: $(STAMP_DEV)
	$(BIN)/cog -r docs/cli.md

check: lint typecheck test

bench: $(STAMP_DEV)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) demo-output .pytest_cache .mypy_cache .ruff_cache
