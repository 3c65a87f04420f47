# Two commands from a fresh clone: `make demo` and `make test`. Both set up .venv first.
# The stamp file makes a second `make setup` a no-op: it reinstalls only when the lock
# file or pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Bundled models only: a hub name would otherwise retry the network for ~75 s.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 120

.PHONY: setup demo test lint format lock clean help bench-speed

help:
	@echo "make demo    set up, then crawl the bundled sample site and show contradictions"
	@echo "make test    set up, then run the test suite"
	@echo "make setup   create .venv and install the pinned dependencies (idempotent)"
	@echo "make lint    ruff check + format check"
	@echo "make bench-speed  issue 16's table in one run: run cost, store-size curve, ANN recall (~1 h)"

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first, alone: the local CPU wheel. An unpinned torch pulls a multi-GB CUDA build.
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: setup
	$(BIN)/claimwatch demo

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

bench-speed: setup
	$(BIN)/python bench/issue16.py --out bench/issue16.txt

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lock: setup
	$(BIN)/pip freeze --exclude-editable | sed 's/^torch==\(.*\)+cpu/torch==\1/' > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) .prefect data/demo.duckdb .pytest_cache
