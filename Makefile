# Netwerk — `make run` serves the platform, `make test` runs the whole suite.
# Needs only Python 3.11+ (with its venv module: python3-venv on Debian and Ubuntu) and make:
# SQLite and an in-memory channel layer are the defaults.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes: pytest-xdist spreads the suite over them, test files whole.
WORKERS ?= 2

# The lock files pin every package, with hashes, for CPython 3.11 on Linux: the runtime
# dependencies, and those plus the dev extra. uv, pinned here, installs and refreshes them.
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
UV_VERSION := 0.13.10
UV := $(BIN)/uv
UV_COMPILE := $(UV) pip compile pyproject.toml --quiet --generate-hashes \
	--python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
	--custom-compile-command "make lock"

.PHONY: install install-dev lock upgrade run test lint typecheck pytest pytest-quick pytest-slow \
	messages clean vendor-js

# One clear line instead of a traceback when this Python cannot make a virtualenv.
NO_VENV := Netwerk needs Python's venv module with pip: on Debian or Ubuntu, sudo apt install python3-venv

$(BIN)/activate:
	@$(PYTHON) -c 'import sys; sys.exit("Netwerk needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	@$(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1 || { echo "$(NO_VENV)" >&2; exit 1; }
	@$(PYTHON) -m venv $(VENV) >/dev/null 2>&1 && $(PY) -m pip --version >/dev/null 2>&1 \
		|| { rm -rf $(VENV); echo "$(NO_VENV)" >&2; exit 1; }

$(UV): | $(BIN)/activate
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# `uv pip sync` makes the virtualenv hold exactly what the lock names (it removes the rest),
# then the project itself goes in as an editable install, without dependencies of its own.
$(VENV)/.installed: $(LOCK) pyproject.toml | $(UV)
	$(UV) pip sync --quiet --python $(PY) --require-hashes $(LOCK)
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed $(DEV_LOCK)
	$(UV) pip sync --quiet --python $(PY) --require-hashes $(DEV_LOCK)
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	touch $@

install: $(VENV)/.installed
	mkdir -p var/static
	$(BIN)/pybabel compile -d frontend/locale -D django

install-dev: install $(VENV)/.installed-dev

# The browser's JavaScript libraries (Yjs), pinned with their integrity hashes in
# frontend/vendor_js.py and committed under frontend/static/frontend/vendor/: run after
# changing a pin there.
vendor-js: | $(BIN)/activate
	$(PY) frontend/vendor_js.py

# After a change of the dependencies in pyproject.toml: lock them, keeping every other pin.
lock: | $(UV)
	$(UV_COMPILE) --extra dev -o $(DEV_LOCK)
	$(UV_COMPILE) --constraint $(DEV_LOCK) -o $(LOCK)

# Every package to its newest release that pyproject.toml allows; then run `make test`.
upgrade: | $(UV)
	$(UV_COMPILE) --extra dev --upgrade -o $(DEV_LOCK)
	$(UV_COMPILE) --constraint $(DEV_LOCK) --upgrade -o $(LOCK)

# Serve over ASGI (daphne through runserver: websockets work) with the task worker.
# --nostatic: servestatic's middleware serves the static files, as in production.
# Ctrl-C stops both.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Netwerk: http://$(HOST):$(PORT)/  (log in as teacher1 / netwerk-demo)"
	@trap 'kill $$worker 2>/dev/null; wait' EXIT INT TERM; \
	$(PY) manage.py worker & worker=$$!; \
	$(PY) manage.py runserver --nostatic $(HOST):$(PORT)

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
