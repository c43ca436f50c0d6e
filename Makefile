# wangge: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= wangge.settings

.PHONY: setup run test lint check-messages format messages compilemessages bench clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

setup: $(VENV)/.installed node_modules/.installed  ## install Python and npm packages only

run: setup  ## install, migrate, load the demo if empty, serve on 127.0.0.1:$(PORT) with the worker
	mkdir -p var
	@# collectstatic needs no database: it runs beside the migrations.
	$(PY) manage.py collectstatic --noinput --verbosity 0 & STATIC=$$!; \
	$(PY) manage.py migrate --noinput && wait $$STATIC
	$(PY) manage.py seed_demo --if-empty --accounts-out var/demo-accounts.json
	$(PY) manage.py demo_accounts var/demo-accounts.json
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl-C stops the server and the worker)"
	$(PY) manage.py qcluster & QPID=$$!; \
	trap 'kill $$QPID 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn wangge.wsgi:application -c python:wangge.gunicorn_conf --bind 127.0.0.1:$(PORT) --workers 2

test: setup  ## the whole test suite on the database DATABASE_URL names (SQLite by default)
	$(PY) manage.py makemigrations --check --dry-run --settings=wangge.settings_test > /dev/null
	DJANGO_SETTINGS_MODULE=wangge.settings_test $(PY) -m pytest -n 2 -q

lint: setup  ## ruff, and the import contracts that keep the layers (pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/bandit -c pyproject.toml -r wangge --severity-level medium --quiet

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: setup  ## refresh the message catalogues from the code
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --no-location --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*'

check-messages: messages  ## fail on untranslated or fuzzy Chinese messages
	@out=$$(msgattrib --untranslated --no-obsolete locale/zh_Hans/LC_MESSAGES/django.po; msgattrib --only-fuzzy --no-obsolete locale/zh_Hans/LC_MESSAGES/django.po); \
	if [ -n "$$out" ]; then echo "$$out"; echo 'Untranslated or fuzzy zh_Hans messages (above).'; exit 1; fi
	$(PY) manage.py compilemessages -l zh_Hans --ignore '.venv/*' --ignore 'node_modules/*' > /dev/null

compilemessages: setup
	$(PY) manage.py compilemessages --ignore '.venv/*' --ignore 'node_modules/*'

bench: setup
	for f in bench/*.py; do $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) node_modules var/static
