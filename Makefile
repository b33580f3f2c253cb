# famprog: `make run` extracts the bundled examples, `make test` runs the tests.
# Both create .venv when it is missing and install what they need from pyproject.toml.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: run test install dev model bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP) $@

install: $(STAMP)

dev: $(DEV_STAMP)

run: $(STAMP)
	$(BIN)/famprog extract data/raw --out data/out

test: $(DEV_STAMP)
	$(BIN)/python -m pytest

model: $(STAMP)
	$(BIN)/famprog model --out models/famprog_de

$(BENCH_STAMP): pyproject.toml | $(DEV_STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	touch $@

bench: $(BENCH_STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/large.py --sizes 1,4,16

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench

clean:
	rm -rf data/out/* models/famprog_de bench/corpus bench/out
