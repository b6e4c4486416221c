# Two set-up commands (see README): `make run` serves the demo; `make test` runs the whole suite on PostgreSQL.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/minutes_test_main
RUN_ADDR ?= 127.0.0.1:8000
# What the suite prints beyond its results: the slowest tests, to keep the whole run under ten minutes.
PYTEST_ARGS ?= --durations=15
# The search, demo and stored-page tests run a second time on SQLite (FTS5), the embedded default; empty to skip that pass.
SQLITE_TESTS ?= tests/minutes/test_search_engines.py tests/minutes/test_search_pages.py tests/minutes/test_demo_fixture.py tests/minutes/test_stored_pages.py
export DJANGO_SETTINGS_MODULE := minutes.settings

.PHONY: run test lint lock superuser system-packages benchmark

# The interpreter named by .python-version (pyenv), else python3.13 on PATH.
BASE_PYTHON := $(shell pyenv which python 2>/dev/null || command -v python3.13)
SYSTEM_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

# What the server runs (requirements.lock), then what the tests add (requirements-test.lock): exact versions, hashes
# checked. Each is installed again only when its lock changes.
$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --requirement requirements.lock
	touch $@

$(VENV)/.installed-test: requirements-test.lock $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes --requirement requirements-test.lock
	touch $@

# Both locks from pyproject.toml (runtime dependencies; those and the test group), pinned with hashes. Versions
# already locked are kept unless pyproject.toml asks for others; delete a lock to take the newest releases.
lock: $(VENV)/.installed
	$(PY) -m pip install --quiet uv==0.13.9
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.13 --generate-hashes --quiet -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --group test --python-version 3.13 --generate-hashes --quiet \
		--constraint requirements.lock -o requirements-test.lock

# Debian packages the tests need: Chromium for the browser tests, Pango for WeasyPrint.
# RUM (true relevance for broad words, migration 0010) goes into the PostgreSQL 15 that runs on this machine, so the
# tests exercise the path production takes; a server elsewhere keeps the GIN fallback.
HAS_LOCAL_PG15 := $(shell test -d /usr/share/postgresql/15/extension && echo yes)
NEEDS_RUM := $(if $(HAS_LOCAL_PG15),$(shell test -e /usr/share/postgresql/15/extension/rum.control || echo yes))

system-packages:
	@if ! command -v chromium >/dev/null || ! ldconfig -p | grep -q libpango-1.0; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	fi
	@if [ -n "$(NEEDS_RUM)" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15-rum >/dev/null; fi

run: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	@echo
	@echo "  The archive: http://$(RUN_ADDR)/   (Ctrl-C stops it)"
	@echo "  Clerks sign in at http://$(RUN_ADDR)/admin/ : make an account with 'make superuser' in another terminal."
	@echo "  The task worker (printed minutes, alert mail) runs beside the server and stops with it."
	@echo
	DEBUG=1 $(PY) manage.py db_worker --no-reload & worker=$$!; trap "kill $$worker" EXIT; \
		DEBUG=1 $(PY) manage.py runserver $(RUN_ADDR)

# A clerk account with every permission, in the database `make run` serves (asks for a name and a password;
# SUPERUSER_ARGS="--noinput --username … --email …" with DJANGO_SUPERUSER_PASSWORD set asks nothing).
superuser: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py createsuperuser $(SUPERUSER_ARGS)

test:
	@echo "make test will install:"; none=1; \
	if ! command -v chromium >/dev/null || ! ldconfig -p | grep -q libpango-1.0; then \
		none=; echo "  with apt-get, the Debian packages $(SYSTEM_PACKAGES)"; fi; \
	if [ -n "$(NEEDS_RUM)" ]; then none=; echo "  with apt-get, postgresql-15-rum (the RUM index, into the local PostgreSQL 15)"; fi; \
	if [ ! -e $(VENV)/.installed ] || [ requirements.lock -nt $(VENV)/.installed ]; then \
		none=; echo "  into $(VENV)/, the Python packages of requirements.lock (what the server runs)"; fi; \
	if [ ! -e $(VENV)/.installed-test ] || [ requirements-test.lock -nt $(VENV)/.installed-test ]; then \
		none=; echo "  into $(VENV)/, the Python packages of requirements-test.lock (pytest, Playwright, ruff, ...)"; fi; \
	if [ -n "$$none" ]; then echo "  nothing: all of it is installed already"; fi; \
	echo "Then: migration check, ruff, the suite on PostgreSQL ($(PG_URL)), the search tests on SQLite."
	@$(MAKE) --no-print-directory system-packages $(VENV)/.installed-test
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	DEBUG=1 DATABASE_URL=$(PG_URL) $(PY) -m pytest --create-db -p no:cacheprovider $(PYTEST_ARGS)
	$(if $(strip $(SQLITE_TESTS)),DEBUG=1 DATABASE_URL=sqlite://:memory: $(PY) -m pytest -p no:cacheprovider -q $(SQLITE_TESTS))

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# Performance figures on generated archives (PostgreSQL; see README). wrk drives the load when installed.
benchmark: $(VENV)/.installed-test system-packages
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	@test -e /usr/share/dict/british-english || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wbritish >/dev/null)
	DEBUG=1 $(PY) manage.py benchmark $(BENCH_ARGS)
