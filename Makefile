# OnePlan — two commands on a fresh machine (Python 3.11+ and Node/npm):
#   make run    set up, load reference and demo data, serve on http://127.0.0.1:8000
#   make test   run the whole suite (SQLite by default; DATABASE_URL=postgres://... for PostgreSQL)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
VENDOR := oneplan/static/vendor
export DJANGO_SETTINGS_MODULE := oneplan.settings

.PHONY: run test install install-dev vendor setup test-unit test-browser lint format messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Front-end files come from the npm lockfile, copied by this rule, never by hand.
$(VENDOR)/.stamp: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/sarabun
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/@fontsource/sarabun/files/sarabun-{thai,latin}-{400,700}-normal.woff2 $(VENDOR)/sarabun/
	cp node_modules/@fontsource/sarabun/LICENSE $(VENDOR)/sarabun/LICENSE 2>/dev/null || true
	@touch $@

vendor: $(VENDOR)/.stamp

setup: install vendor
	@mkdir -p var
	$(BIN)/oneplan migrate --noinput
	$(BIN)/oneplan load-reference
	$(BIN)/oneplan load-demo

# The background worker (documents, long imports) runs beside the web process and stops with it.
run: setup
	@echo "OnePlan: http://$(HOST):$(PORT)/  — sign in with a user above (password: oneplan-demo)"
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/oneplan db_worker --no-reload & \
	$(BIN)/oneplan runserver $(HOST):$(PORT)

# The unit suite, the journey and the browser suite run separately: the unit suite's session
# loads the demo; the journey's only the reference data (a province's year from an empty
# system); browser tests use a live server whose database is emptied after each test.
test: install-dev vendor
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest oneplan -q
	$(BIN)/pytest tests/journey -q
	ONEPLAN_REQUIRE_BROWSER=$${ONEPLAN_REQUIRE_BROWSER:-$${CI:+1}} $(BIN)/pytest tests/browser -q

test-unit: install-dev
	$(BIN)/pytest oneplan -q

test-browser: install-dev vendor
	$(BIN)/pytest tests/browser -q

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed.
messages: install
	cd oneplan && ../$(BIN)/oneplan makemessages -l th --no-location --no-obsolete
	cd oneplan && ../$(BIN)/oneplan compilemessages -l th

bench: install-dev
	$(BIN)/python -m bench
	$(BIN)/python -m bench.plan_documents
	$(BIN)/python -m bench.screening
	$(BIN)/python -m bench.proposal_import
	$(BIN)/python -m bench.similarity
	$(BIN)/python -m bench.disbursement_import
	$(BIN)/python -m bench.national_dashboard

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles
