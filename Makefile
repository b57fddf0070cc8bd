# Netwerk — `make run` serves the platform, `make test` runs the whole suite.
# Needs only Python 3.11+ and make: SQLite and an in-memory channel layer are the defaults.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes: pytest-xdist spreads the suite over them, test files whole.
WORKERS ?= 2

.PHONY: install install-dev run test lint typecheck pytest pytest-quick pytest-slow messages clean

$(BIN)/activate:
	$(PYTHON) -c 'import sys; sys.exit("Netwerk needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

install: $(VENV)/.installed
	mkdir -p var/static
	$(BIN)/pybabel compile -d frontend/locale -D django

install-dev: install $(VENV)/.installed-dev

# Serve over ASGI (daphne through runserver: websockets work) with the task worker.
# Ctrl-C stops both.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Netwerk: http://$(HOST):$(PORT)/  (log in as teacher1 / netwerk-demo)"
	@trap 'kill $$worker 2>/dev/null; wait' EXIT INT TERM; \
	$(PY) manage.py worker & worker=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy .

# The suite but its slow end-to-end runs, on WORKERS processes.
pytest-quick: install-dev
	$(PY) -m pytest -n $(WORKERS) --dist loadfile -m "not slow" $(PYTEST_ARGS)

# The end-to-end runs that start servers, database clusters and browsers of their own and
# break them on purpose: one at a time, with nothing else competing for the machine.
pytest-slow: install-dev
	$(PY) -m pytest -m slow $(PYTEST_ARGS)

pytest: pytest-quick pytest-slow

test: lint typecheck pytest

# For translators: extract strings (needs GNU gettext); `make install` compiles them.
messages: install
	$(PY) manage.py makemessages -l nl -l en --ignore=.venv --ignore=var --ignore=tests --no-obsolete

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
