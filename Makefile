# make run    sets up and runs the site (SQLite, console email, the worker) at http://127.0.0.1:8000/
# make test   sets up and runs the whole suite (SQLite, then PostgreSQL, then the tasks on Redis, when installed)
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
TOOLS := .tools
UV := $(TOOLS)/bin/uv
MANAGE := $(VENV)/bin/python manage.py
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Bytecode is compiled at install; the environment may forbid writing it at run time.
export UV_COMPILE_BYTECODE := 1

.PHONY: help messages axe setup run test lint format check audit bench clean

help:
	@echo "make run     set up and run the site with its worker (SQLite, console email)"
	@echo "make test    set up and run the whole test suite"
	@echo "make lint    ruff check and format check"
	@echo "make format  format the code with ruff"
	@echo "make check   Django's checks, production deploy checks and migrations"
	@echo "make audit   check the locked dependencies for known vulnerabilities"
	@echo "make bench   run the benchmarks under bench/"

$(UV): scripts/bootstrap-requirements.txt
	@python=$$(scripts/find-python) && "$$python" -m venv --clear $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r scripts/bootstrap-requirements.txt
	@touch $(UV)

$(VENV)/.installed: $(UV) uv.lock pyproject.toml
	@python=$$(scripts/find-python) && $(UV) sync --frozen --all-groups --python "$$python"
	@touch $@

# The translations: locale/*/LC_MESSAGES/*.po compiled to .mo (ignored by git).
messages: $(VENV)/.installed
	@$(VENV)/bin/python scripts/compile-messages

# axe-core for the browser tests' accessibility checks, from the npm registry (pinned, no Node.js needed).
axe: $(VENV)/.installed
	@$(VENV)/bin/python scripts/fetch-axe

setup: $(VENV)/.installed messages
	@scripts/generate-env $(VENV)/bin/python
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) createcachetable
	$(MANAGE) bootstrap_site

run: setup
	@scripts/run-dev

test: $(VENV)/.installed messages axe
	@scripts/test

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/python manage.py check

audit: $(VENV)/.installed
	@scripts/audit-dependencies

bench: $(VENV)/.installed
	@for script in bench/[!_]*.py; do echo "== $$script"; $(VENV)/bin/python "$$script" || exit 1; done

clean:
	rm -rf $(VENV) $(TOOLS) var .pytest_cache .ruff_cache
