# Two set-up commands (see README): `make run` serves the demo; `make test` runs the whole suite on PostgreSQL.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/minutes_test_main
export DJANGO_SETTINGS_MODULE := minutes.settings

.PHONY: run test lint system-packages benchmark

# The interpreter named by .python-version (pyenv), else python3.13 on PATH.
BASE_PYTHON := $(shell pyenv which python 2>/dev/null || command -v python3.13)

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --requirement requirements.lock
	touch $@

# Debian packages the tests need: Chromium for the browser tests, Pango for WeasyPrint.
system-packages:
	@if ! command -v chromium >/dev/null || ! ldconfig -p | grep -q libpango-1.0; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	fi

run: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py loaddata fixtures/demo.json
	DEBUG=1 $(PY) manage.py rebuild_search
	@# The task worker (printed minutes, alert mail) runs beside the server and stops with it.
	DEBUG=1 $(PY) manage.py db_worker --no-reload & worker=$$!; trap "kill $$worker" EXIT; \
		DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed system-packages
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	DEBUG=1 DATABASE_URL=$(PG_URL) $(PY) -m pytest --create-db -p no:cacheprovider $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# Performance figures on generated archives (PostgreSQL; see README). wrk drives the load when installed.
benchmark: $(VENV)/.installed system-packages
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	DEBUG=1 $(PY) manage.py benchmark $(BENCH_ARGS)
