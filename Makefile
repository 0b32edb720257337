# The two commands of CONTRACT.md: `make run` and `make test`. Everything else is set-up they do.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test setup deps npm messages makemessages migrate demo check lint lock clean worker beat loadtest bench cluster

run: setup migrate demo ## serve the demo portal at http://127.0.0.1:$(PORT)/ with jobs running
	PORT=$(PORT) PY=$(PY) scripts/run-embedded.sh

test: setup ## run every test (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

setup: deps npm messages

deps: $(VENV)/.installed
$(VENV)/.installed: requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip 2>/dev/null || true
	$(PY) -m pip install --quiet -r requirements-dev.lock
	$(PY) -c "import django, celery, allauth, playwright" 
	touch $@

npm: node_modules/.installed
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: deps ## compile the gettext catalogues (Dutch default, English)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

makemessages: deps ## refresh the catalogues after changing UI strings
	$(PY) manage.py makemessages -l nl -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles --no-obsolete

migrate: deps
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py seed_demo

worker: deps ## a Celery worker (set REDIS_URL to use Redis)
	$(VENV)/bin/celery -A portal worker -l info -Q $${WORKER_QUEUES:-notifications,default,imports,rollups}

beat: deps ## Celery beat with the database scheduler
	$(VENV)/bin/celery -A portal beat -l info

check: deps
	$(PY) manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') ALLOWED_HOSTS=reisbureau.example DATABASE_URL=postgres://u@localhost/db $(PY) manage.py check --deploy --fail-level WARNING

loadtest: setup ## 50 users for 2 minutes against gunicorn, PostgreSQL and Redis (scripts/loadtest.sh)
	$(VENV)/bin/locust --version >/dev/null 2>&1 || $(PY) -m pip install --quiet -r requirements-load.lock
	PY=$(PY) scripts/loadtest.sh

bench: setup ## generate a large municipality in PostgreSQL, serve it with gunicorn and measure (bench/run.py)
	PYTHONPATH=. $(PY) -m bench.run $(BENCH_ARGS)

cluster: setup ## docker-compose's shape on loopback under load, stopping a web instance and a worker (bench/cluster.py; as root)
	$(VENV)/bin/locust --version >/dev/null 2>&1 || test -n "$$CLUSTER_LOCUST" || $(PY) -m pip install --quiet -r requirements-load.lock
	PYTHONPATH=. $(PY) -m bench.cluster $(CLUSTER_ARGS)

lock: ## re-pin the Python dependencies after editing pyproject.toml
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile -q --strip-extras --no-header --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile -q --strip-extras --no-header --no-emit-index-url --no-emit-find-links --extra test -o requirements-dev.lock pyproject.toml
	$(VENV)/bin/pip-compile -q --strip-extras --no-header --no-emit-index-url --no-emit-find-links --extra load -o requirements-load.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules staticfiles var db.sqlite3
