# Two commands: `make run` and `make test`. Everything else is what they build on.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test lint format check-deploy bench lock loadtest

# Installs exactly what requirements-dev.lock names, each file checked against its hash.
# requirements.txt and requirements-dev.txt are the lists people edit; `make lock` turns
# them into the lock files.
$(STAMP): requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

install: $(STAMP)

# Regenerates requirements.lock (production) and requirements-dev.lock (tests and tools)
# from requirements.txt and requirements-dev.txt, with every file's hash. Pins already in a
# lock file are kept unless an input asks otherwise; run it after editing either list.
PIP_TOOLS := pip-tools==7.6.2
LOCK := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --no-emit-trusted-host

lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet $(PIP_TOOLS)
	$(LOCK) --output-file requirements.lock requirements.txt
	$(LOCK) --output-file requirements-dev.lock requirements-dev.txt

# Sets up the database, loads the guide and the demo accounts, and serves the portal.
# The mail worker runs beside the server (mail prints on this console in development) and
# stops with it.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_content || echo "The guide was not (re)loaded: see the messages above."
	$(PY) manage.py seed_demo
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
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
