# The one entry point: `make run` serves the app, `make test` runs the whole suite on SQLite
# and on PostgreSQL. Everything else is a small helper.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip --disable-pip-version-check --quiet
HOST ?= 127.0.0.1:8000
# One test process per core (pytest-xdist); `make test XDIST=` runs them in one process.
XDIST ?= -n auto

.PHONY: run test lint test-sqlite test-postgres install browser office redis migrations-check messages bench-annex bench-pages bench-load backup restore clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) ontbreekt"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Stamp files make a second `make run` skip the install: they are newer than pyproject.toml.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Debian's Chromium for tests/browser (apt-get when missing; quiet, idempotent).
browser:
	@scripts/install-debian.sh /usr/bin/chromium -- chromium

# Debian's LibreOffice Calc and poppler-utils for the rendering tests (tests/workbook_render.py).
office:
	@scripts/install-debian.sh /usr/bin/soffice pdftoppm pdftotext pdfinfo -- libreoffice-calc poppler-utils

# Debian's redis-server for the shared-cache tests (tests/redis_server.py starts a private one).
redis:
	@scripts/install-debian.sh /usr/bin/redis-server -- redis-server

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	$(PY) manage.py load_plans
	$(PY) manage.py load_boundaries
	$(PY) manage.py runserver $(HOST)

# Lint and migrations first, then both databases; every part always runs, and the target fails when one fails.
test: $(VENV)/.installed-test browser office redis
	@status=0; \
	$(MAKE) --no-print-directory lint || status=1; \
	$(MAKE) --no-print-directory test-sqlite || status=1; \
	$(MAKE) --no-print-directory test-postgres || status=1; \
	exit $$status

test-sqlite: $(VENV)/.installed-test browser office redis
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

# Uses DATABASE_URL when it points at PostgreSQL, else a private throwaway cluster.
test-postgres: $(VENV)/.installed-test browser office redis
	@echo "== tests on PostgreSQL =="
	scripts/with-postgres.sh $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[bench]'
	touch $@

# The annex's yearly cycle on synthetic data (~4 min): export at real size and 10x against pandas and bare
# XlsxWriter, the issue's 15,000-row reference, import of a 5,000-row corrected workbook; a summary of targets.
bench-annex: $(VENV)/.installed-bench
	$(PY) benchmarks/annex.py

# Prints server time and queries of every public page on a 10x synthetic register.
bench-pages: $(VENV)/.installed
	$(PY) benchmarks/pages.py

# Two gunicorn servers, one private Redis, a throwaway PostgreSQL, a 10x register (~5 min): the bare-view ceiling,
# load per page, how fast an admin edit shows on both servers, Redis and PostgreSQL restarts under load; a summary.
bench-load: $(VENV)/.installed redis
	scripts/with-postgres.sh $(PY) benchmarks/load.py

# A consistent copy of the database DATABASE_URL names (SQLite by default) in backups/.
backup: $(VENV)/.installed
	$(PY) scripts/backup.py backup

# make restore FILE=backups/pleegzorg-....sqlite3 (or .dump on PostgreSQL)
restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "Gebruik: make restore FILE=backups/..."; exit 2; }
	$(PY) scripts/backup.py restore $(FILE)

migrations-check: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run

# ruff (config in pyproject.toml: pycodestyle, pyflakes, isort, bugbear, Django rules; the formatter), mypy
# with django-stubs (pyproject.toml) and no model change without its migration. `make test` runs it; .pre-commit-config.yaml runs ruff on commit.
lint: $(VENV)/.installed-test
	@echo "== lint: ruff, mypy and migrations =="
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	env -u DATABASE_URL $(PY) manage.py makemigrations --check --dry-run

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l nl --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=locale_vendor
	$(PY) manage.py compilemessages -l nl --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
