# The two commands of the README's Quick start: `make run` and `make test`.
# Both build their own virtual environment in .venv on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=

.DEFAULT_GOAL := run
.PHONY: run test lint typecheck pytest snapshots sounds bench wheel clean

# Run a set-up step with its output kept aside; show that output only if it fails.
# $(call step,What is happening,command)
define step
	@log=$$(mktemp); if $(2) >"$$log" 2>&1; then rm -f "$$log"; else \
		status=$$?; echo "$(1) failed; what it said:"; cat "$$log"; rm -f "$$log"; exit $$status; fi
endef

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "backside needs Python 3.11 or newer (found: $$($(PYTHON) --version 2>&1))."; exit 1; }
	@echo "Setting up $(VENV) (first run, about half a minute)..."
	@$(PYTHON) -m venv $(VENV) >/dev/null 2>&1 || { rm -rf $(VENV); \
		echo "Could not create $(VENV): on Debian or Ubuntu, install python3-venv (apt-get install python3-venv)."; \
		exit 1; }
	$(call step,Upgrading pip in $(VENV),$(BIN)/python -m pip install --upgrade pip)

# The app itself, with the optional simpleaudio backend when it can be built.
$(VENV)/.app: $(BIN)/python pyproject.toml
	@echo "Installing backside and its dependencies into $(VENV)..."
	$(call step,Installing backside,$(BIN)/python -m pip install -e .)
	@echo "Building the optional simpleaudio backend..."
	@$(BIN)/python -m pip install -e '.[audio]' >/dev/null 2>&1 || \
		echo "note: simpleaudio could not be built: it needs a C compiler and the ALSA and Python headers (on Debian or Ubuntu: apt-get install gcc libasound2-dev python3-dev). backside will play its chimes through miniaudio."
	@touch $@

# Everything the tests need, pinned.
$(VENV)/.dev: $(VENV)/.app requirements-dev.txt
	@echo "Installing the test tools (requirements-dev.txt)..."
	$(call step,Installing the test tools,$(BIN)/python -m pip install -r requirements-dev.txt)
	@touch $@

run: $(VENV)/.app
	@$(BIN)/backside $(ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

typecheck: $(VENV)/.dev
	$(BIN)/mypy

# The few tests that time sound against the real clock (the `realtime` mark) run
# at the same time as the rest, which get three workers under the idle
# scheduler (SCHED_IDLE: a core only when nothing else wants it; nice 19 where
# chrt is missing), so the suite never slows the realtime ones down. Other
# programs still can: their bounds allow for a busy machine, and the tight
# figures are `make bench`'s. Their report follows the others'. Either run
# failing, exit 5 ("no tests") included, fails.
IDLE := $(shell command -v chrt >/dev/null 2>&1 && chrt --idle 0 true 2>/dev/null && echo chrt --idle 0 || echo nice -n 19)
pytest: $(VENV)/.dev
	@log=$$(mktemp); \
	$(BIN)/pytest -m realtime >"$$log" 2>&1 & realtime=$$!; \
	$(IDLE) $(BIN)/pytest --numprocesses 3 --dist worksteal -m "not realtime"; rest=$$?; \
	wait $$realtime; timed=$$?; \
	echo "--- the tests timed against the real clock (run alongside) ---"; \
	cat "$$log"; rm -f "$$log"; \
	test $$rest -eq 0 && test $$timed -eq 0

# The whole suite: lint, types, then every test.
test: lint typecheck pytest

# Rewrite the screen snapshots (look at the report first).
snapshots: $(VENV)/.dev
	$(BIN)/pytest tests/ui --snapshot-update

# Re-make the chimes in assets/sounds from their recipe.
sounds: $(VENV)/.app
	$(BIN)/python scripts/make_sounds.py

# The README's performance table, side by side with a bare Textual countdown and
# termdown (not tests: they vary with load). Needs tmux. BENCH="--hold-seconds 1800"
# passes options to benchmarks/suite.py; see its --help.
BENCH ?=
bench: $(VENV)/.dev
	$(BIN)/python benchmarks/suite.py $(BENCH)

wheel: $(VENV)/.dev
	$(BIN)/python -m build --wheel --outdir dist .

clean:
	rm -rf $(VENV) benchmarks/.work dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache
