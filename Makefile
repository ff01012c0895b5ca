# Two commands set everything up on a fresh machine with Python 3.11+:
#   make run    create .venv, install, serve http://127.0.0.1:7860 (seeds/ indexed only into an empty default store,
#               and read again after an upgrade that extracts them differently)
#   make test   create .venv, install, run the whole test suite (lint, types, unit and integration tests)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# torch is installed first and pinned: a plain `torch` pulls a multi-GB CUDA build.
# Elsewhere, add e.g. TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu".
TORCH_SPEC ?= torch==2.13.0
TORCH_PIP_ARGS ?=
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install run test lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(TORCH_PIP_ARGS) "$(TORCH_SPEC)"
	$(BIN)/pip install -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/qa serve

lint: $(STAMP)
	$(BIN)/ruff check index qa ui tests bench train
	$(BIN)/mypy index qa ui train bench tests

test: lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
