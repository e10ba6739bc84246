# Two commands: `make run` and `make test`. Everything else is what they build on.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test lint format check-deploy bench loadtest

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Sets up the database, loads the guide and the demo accounts, and serves the portal.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_content || echo "The guide was not (re)loaded: see the messages above."
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Lint, formatting, migrations in step with models, then the whole suite.
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run --noinput
	$(VENV)/bin/pytest

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: install
	DEBUG=0 SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=alscare.example $(PY) manage.py check --deploy --fail-level WARNING

bench: install
	$(PY) bench/run.py

# 20 caregivers add and correct entries for 60 seconds through gunicorn on a private
# PostgreSQL cluster; prints requests, errors, rows and versions.
loadtest: install
	$(PY) bench/loadtest.py
