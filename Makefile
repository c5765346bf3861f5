# The two commands of the README's Quick start: `make run` and `make test`.
# Both build their own virtual environment in .venv on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=

.DEFAULT_GOAL := run
.PHONY: run test lint typecheck pytest snapshots sounds bench wheel clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "backside needs Python 3.11 or newer (found: $$($(PYTHON) --version 2>&1))."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
		{ rm -rf $(VENV); echo "Could not create $(VENV): on Debian or Ubuntu, install python3-venv."; exit 1; }
	@$(BIN)/python -m pip install --quiet --upgrade pip

# The app itself, with the optional simpleaudio backend when it can be built.
$(VENV)/.app: $(BIN)/python pyproject.toml
	@$(BIN)/python -m pip install --quiet -e .
	@$(BIN)/python -m pip install --quiet -e '.[audio]' >/dev/null 2>&1 || \
		echo "note: simpleaudio could not be built (it needs ALSA headers: libasound2-dev); backside will use miniaudio."
	@touch $@

# Everything the tests need, pinned.
$(VENV)/.dev: $(VENV)/.app requirements-dev.txt
	@$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

run: $(VENV)/.app
	@$(BIN)/backside $(ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(BIN)/mypy

pytest: $(VENV)/.dev
	$(BIN)/pytest

# The whole suite: lint, types, then every test.
test: lint typecheck pytest

# Rewrite the screen snapshots (look at the report first).
snapshots: $(VENV)/.dev
	$(BIN)/pytest tests/ui --snapshot-update

# Re-make the chimes in assets/sounds from their recipe.
sounds: $(VENV)/.app
	$(BIN)/python scripts/make_sounds.py

# The figures in the README's performance table (not tests: they vary with load).
bench: $(VENV)/.dev
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/engine_drift.py
	$(BIN)/python benchmarks/chime_latency.py --count 30

wheel: $(VENV)/.dev
	$(BIN)/python -m build --wheel --outdir dist .

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
