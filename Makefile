# Everything installs into .venv; `make run` and `make test` work on a fresh Debian machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export HOST PORT

.PHONY: run test lint bench screenshots audit system-deps clean

# Debian ships venv/ensurepip separately (python3-venv); install it when it is missing.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV) && [ "$$(id -u)" = 0 ] && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv \
	  >/dev/null && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip

# Re-install when the project's metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Debian packages the browser tests and the benchmarks drive (skipped when present).
system-deps:
	@command -v chromium >/dev/null && command -v nginx >/dev/null && command -v wrk >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nginx-light wrk >/dev/null; } || \
	  echo "warning: install chromium, nginx-light and wrk (apt-get) for the browser tests and benchmarks"

run: $(VENV)/.installed
	$(BIN)/flask --app westandbyyou.service.wsgi:app init-db
	$(BIN)/python -m westandbyyou.service.serve

test: $(VENV)/.installed system-deps
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.installed system-deps
	$(BIN)/python -m bench

screenshots: $(VENV)/.installed system-deps
	$(BIN)/python -m tests.widget.screenshots

# Needs PyPI's vulnerability API (or OSV), which some networks (e.g. our CI machines) lack.
audit: $(VENV)/.installed
	$(BIN)/pip install --quiet pip-audit
	$(BIN)/pip-audit --skip-editable

clean:
	rm -rf $(VENV) instance .pytest_cache
