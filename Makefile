# DNQP — two commands for a newcomer: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
# pytest-xdist workers for the non-browser tests (the browser tests run afterwards, in one process).
TEST_WORKERS ?= 2
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE ?= dnqp.settings

.PHONY: run test lint format check migrate demo bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

## run: set up everything and serve the demo on http://127.0.0.1:8000 (SQLite, demo data)
run: export DJANGO_DEBUG ?= on
run: $(VENV)/.installed
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --noinput
	@test -s .admin-password || $(PY) -c 'import secrets; print(secrets.token_urlsafe(12))' > .admin-password
	DNQP_DEMO_PASSWORD="$$(cat .admin-password)" $(PY) manage.py load_demo
	@DNQP_PASSWORD="$$(cat .admin-password)" $(PY) manage.py add_user admin --role admin --superuser
	@echo ""
	@echo "  DNQP is starting on http://127.0.0.1:8000/"
	@echo "  Log in as:  admin  /  $$(cat .admin-password)   (kept in .admin-password)"
	@echo "  Demo users, same password: quantri, nhaplieu_brvt, chihuy_qk7, tonghop_qk7, nhaplieu_longan"
	@echo "  Stop with Ctrl+C. Run the tests with: make test"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:8000

## test: lint, import layers, Django checks, migration check, the whole pytest suite (SQLite unless DATABASE_URL is set)
test: export DJANGO_SETTINGS_MODULE = dnqp.settings_test
test: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py compile_translations
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(TEST_WORKERS) -m "not browser" $(PYTEST_ARGS)
	$(VENV)/bin/pytest -m browser $(PYTEST_ARGS)
	@echo ""
	@echo "  All checks passed. Start the application with: make run"

## bench: national-scale benchmark on PostgreSQL (database dnqp_bench, seeded once; Redis db 7): bench/results.json, docs/PERFORMANCE.md
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { test "$$(id -u)" = 0 && apt-get install -y -qq wrk >/dev/null; } \
	  || { echo "make bench needs wrk (the load generator): sudo apt-get install wrk"; exit 1; }
	$(PY) bench/run.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 .admin-password staticfiles .pytest_cache .test-media .import_linter_cache
