# Two commands: `make run` and `make test`. Everything else is what they build on.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test lint format check-deploy bench lock loadtest serve

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
# The task worker runs beside the server (mail prints on this console in development), with
# the recurring jobs queued (reminders, diary housekeeping), and stops with it.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_content || echo "The guide was not (re)loaded: see the messages above."
	$(PY) manage.py seed_demo
	$(PY) manage.py start_schedule
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

# Figures for every target of the speed issue; DATABASE_URL (PostgreSQL) and REDIS_URL as in
# production. Prints a table and writes bench/results.json.
bench: install
	$(PY) bench/run.py

# The portal as production runs it, on this machine: gunicorn with production settings
# (DEBUG=0) and the task worker, on SQLite (serve.sqlite3) unless DATABASE_URL is set, with
# REDIS_URL if set. No TLS here, so SECURE_SSL_REDIRECT=0 turns off the redirect to https.
# A throwaway SECRET_KEY is made unless one is set. Open http://localhost:8000/.
SERVE_PORT ?= 8000
SERVE_ENV = DEBUG=0 SECURE_SSL_REDIRECT=0 TRUSTED_PROXY_COUNT=0 \
	DATABASE_URL="$${DATABASE_URL:-sqlite:///$(CURDIR)/serve.sqlite3}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-localhost,127.0.0.1}" \
	SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}"
serve: install
	export $(SERVE_ENV); \
	$(PY) manage.py migrate --noinput && $(PY) manage.py createcachetable && \
	$(PY) manage.py collectstatic --noinput --verbosity 0 && \
	{ $(PY) manage.py load_content || echo "The guide was not (re)loaded: see the messages above."; } && \
	$(PY) manage.py start_schedule && \
	{ $(PY) manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(VENV)/bin/gunicorn alscare.wsgi --bind 127.0.0.1:$(SERVE_PORT) --workers 2; }

# 20 caregivers add and correct entries for 60 seconds through gunicorn on a private
# PostgreSQL cluster; prints requests, errors, rows and versions.
loadtest: install
	$(PY) bench/loadtest.py
