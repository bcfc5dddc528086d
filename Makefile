# OsteoFit. `make run` serves the site on embedded defaults; `make test` runs lint and the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
DEPS_STAMP := $(VENV)/.deps-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

# The newest Python >= 3.12 on PATH (pyenv reads .python-version and selects 3.13).
FIND_PYTHON := for candidate in python3.14 python3.13 python3.12 python3 python; do \
	if command -v $$candidate >/dev/null 2>&1 && \
	   $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	  echo $$candidate; break; fi; done

.PHONY: help install run pango worker beat test lint format check migrate superuser clean bench-reminders smoke audit audit-web \
	bench bench-data bench-http wrk

help:
	@echo "make run      serve http://127.0.0.1:8000 with a reminder worker (SQLite, no Redis needed)"
	@echo "make test     lint and run the whole test suite"
	@echo "make worker   Celery worker for a Redis broker (REDIS_URL)"
	@echo "make beat     Celery beat scheduler (run exactly one)"
	@echo "make format   apply ruff formatting and fixes"
	@echo "make bench            all benchmarks: bench-data, bench-http, bench-reminders (not in make test)"
	@echo "make bench-data       generate the 10,000-person data set in PostgreSQL (BENCH_DATA_USERS=...)"
	@echo "make bench-http       gunicorn + wrk: each page and API endpoint against a bare view"
	@echo "make bench-reminders   reminder dispatch and delivery at scale (PostgreSQL + Redis)"
	@echo "make smoke    run the Procfile in production mode on PostgreSQL + Redis until a reminder lands"
	@echo "make audit    list known vulnerabilities in the installed (pinned) packages"
	@echo "make audit-web Lighthouse on four pages of the production stack (not in make test)"

$(PY):
	@python=$$($(FIND_PYTHON)); \
	if [ -z "$$python" ]; then \
	  echo "OsteoFit needs Python 3.12 or newer; none was found on PATH." >&2; exit 1; fi; \
	echo "Creating $(VENV) with $$($$python --version)"; \
	$$python -m venv $(VENV)

$(DEPS_STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.deps-* && touch $@

install: $(DEPS_STAMP)

var:
	mkdir -p var/outbox var/celery/queue var/celery/control

# The release step: the schema, then the built-in catalogue content (kept staff edits, see
# exercises/catalogue_sync.py), then every program composed from it and its answers
# (tracking/composition.py). The Procfile's release line runs the same three.
migrate: install var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py catalogue_sync
	$(PY) manage.py compose_programs

# WeasyPrint (the report's PDF) needs Pango: installed when missing and apt-get can run.
pango:
	@ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || \
	  apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 >/dev/null || \
	  { apt-get update >/dev/null && apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; } || \
	  echo "Pango is missing (apt-get install libpango-1.0-0 libpangoft2-1.0-0): the report has no PDF download."

run: migrate pango
	@echo "OsteoFit at http://127.0.0.1:8000 ; emails land in var/outbox/ ; Ctrl-C stops both."
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/celery -A osteofit worker --beat --pool=solo --loglevel=INFO & worker=$$!; \
	$(PY) manage.py runserver 127.0.0.1:8000

worker: install var
	$(VENV)/bin/celery -A osteofit worker --loglevel=INFO

beat: install var
	$(VENV)/bin/celery -A osteofit beat --loglevel=INFO

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install var
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

# axe-core for the browser tests' accessibility audit and Lighthouse for `make audit-web`
# (test-only; nothing is served from them).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm is missing: the accessibility audits will be skipped."; fi

test: lint check node_modules/axe-core/axe.min.js
	@test -x /usr/bin/chromium || echo "Chromium is missing (apt-get install chromium): browser tests will be skipped."
	$(VENV)/bin/pytest

bench-reminders: install
	$(PY) bench/reminders.py

# The production shape for real, on loopback: see scripts/smoke.py.
smoke: install
	$(PY) scripts/smoke.py

# Lighthouse (npm) with Debian's Chromium on the production stack: accessibility, best
# practices and SEO must score 100; scores go to docs/accessibility.md (see scripts/audit_web.py).
audit-web: install node_modules/axe-core/axe.min.js
	$(PY) scripts/audit_web.py

# Known advisories for every installed package, from PyPI's vulnerability data via pip-audit
# (installed in its own venv, so it never changes the project's packages).
audit: install
	$(PY) scripts/audit.py

# The benchmarks need PostgreSQL and Redis on 127.0.0.1 (see docs/performance.md).
bench: bench-data bench-http bench-reminders

bench-data: install
	$(PY) bench/data.py

# wrk, the HTTP load generator, from Debian's packages.
wrk:
	@command -v wrk >/dev/null || apt-get install -y wrk >/dev/null || \
	  { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }

bench-http: install wrk
	$(PY) bench/web.py

superuser: migrate
	$(PY) manage.py createsuperuser

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
