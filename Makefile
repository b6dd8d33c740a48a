# Shramik Atlas. `make run` serves the dashboard; `make test` runs the tests.
# Both install what is missing: Debian packages (as root), then Python deps into .venv.

SHELL := /bin/bash
PY := .venv/bin/python
PORT ?= 8501
CLUSTER := scripts/cluster.sh
# Tests use their own throwaway cluster unless TEST_DATABASE_URL names a server.
TEST_URL = $${TEST_DATABASE_URL:-$$(env -u DATABASE_URL $(CLUSTER) url pg-test)}
DEMO_WORKERS ?= 200000

.PHONY: run test deps db-start db-stop db-shell db-url migrate reference demo serve lint format bench clean-test-db \
	backup restore restore-check

run: deps db-start migrate reference demo serve

deps: .venv/.installed dashboard/static/folium/manifest.json

.venv/.installed: requirements.txt requirements.lock
	@scripts/debian-packages.sh python3-venv fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
	@test -x $(PY) || python3 -m venv .venv
	@$(PY) -m pip install -q --upgrade pip >/dev/null
	@$(PY) -m pip install -q -r requirements.txt -c requirements.lock
	@touch $@

dashboard/static/folium/manifest.json: .venv/.installed scripts/vendor_static.py
	@$(PY) scripts/vendor_static.py

db-start:
	@$(CLUSTER) start

db-stop:
	@$(CLUSTER) stop

db-shell:
	@$(CLUSTER) shell

db-url:
	@$(CLUSTER) url

# A base backup of the private cluster; WAL is archived continuously from then on (README, "Backups").
backup:
	@$(CLUSTER) backup

# Restore the private cluster to TARGET_TIME (e.g. TARGET_TIME='2026-12-07 14:30:00+05:30'), else to the latest WAL.
restore:
	@$(CLUSTER) restore pg "$(TARGET_TIME)"

# Restore the latest backup into a scratch cluster (data/pg-check), compare row counts, remove it.
restore-check:
	@$(CLUSTER) restore-check pg

migrate: deps
	@$(PY) -m alembic upgrade head

reference: deps
	@$(PY) -m loaders reference

demo: deps
	@$(PY) -m loaders demo --workers $(DEMO_WORKERS)
	@$(PY) -m atlas.users demo

serve: deps
	@echo "Shramik Atlas on http://localhost:$(PORT)"
	@$(PY) -m streamlit run dashboard/app.py --server.port $(PORT)

test: deps
	@scripts/debian-packages.sh chromium fonts-noto-core poppler-utils
	@env -u DATABASE_URL $(CLUSTER) start pg-test
	@export DATABASE_URL="$(TEST_URL)"; \
	  $(PY) -m alembic upgrade head && \
	  $(PY) -m loaders reference && \
	  export DEMO_DATABASE_URL="$$(scripts/demo-db.sh "$$DATABASE_URL" 3000)" && \
	  $(PY) -m pytest -q $(PYTEST_ARGS)

clean-test-db:
	@env -u DATABASE_URL $(CLUSTER) destroy pg-test

lint: deps
	@$(PY) -m ruff format --check .
	@$(PY) -m ruff check .
	@$(PY) -m mypy
	@.venv/bin/lint-imports

format: deps
	@$(PY) -m ruff format .
	@$(PY) -m ruff check --fix .

bench: deps db-start
	@$(PY) -m bench suite $(BENCH_ARGS)
