# Shramik Atlas. `make run` serves the dashboard; `make test` runs the tests.
# Both install what is missing: Debian packages (as root), then Python deps into .venv.

SHELL := /bin/bash
PY := .venv/bin/python
PORT ?= 8501
# ATLAS_CLUSTER=citus: a Citus coordinator and workers (scripts/citus.sh) instead of the single node.
ATLAS_CLUSTER ?= pg
SINGLE := scripts/cluster.sh
CLUSTER := $(if $(filter citus%,$(ATLAS_CLUSTER)),scripts/citus.sh,$(SINGLE))
# Tests use their own throwaway cluster unless TEST_DATABASE_URL names a server.
TEST_URL = $${TEST_DATABASE_URL:-$$(env -u DATABASE_URL $(SINGLE) url pg-test)}
DEMO_WORKERS ?= 200000

.PHONY: run test test-citus deps db-start db-stop db-shell db-url migrate reference demo serve lint format bench clean-test-db \
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
	@$(CLUSTER) start $(ATLAS_CLUSTER)

db-stop:
	@$(CLUSTER) stop $(ATLAS_CLUSTER)

db-shell:
	@$(CLUSTER) shell $(ATLAS_CLUSTER)

db-url:
	@$(CLUSTER) url $(ATLAS_CLUSTER)

# A base backup of the private cluster; WAL is archived continuously from then on (README, "Backups").
backup:
	@$(SINGLE) backup

# Restore the private cluster to TARGET_TIME (e.g. TARGET_TIME='2026-12-07 14:30:00+05:30'), else to the latest WAL.
restore:
	@$(SINGLE) restore pg "$(TARGET_TIME)"

# Restore the latest backup into a scratch cluster (data/pg-check), compare row counts, remove it.
restore-check:
	@$(SINGLE) restore-check pg

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
	@env -u DATABASE_URL $(SINGLE) start pg-test
	@export DATABASE_URL="$(TEST_URL)"; \
	  $(PY) -m alembic upgrade head && \
	  $(PY) -m loaders reference && \
	  export DEMO_DATABASE_URL="$$(scripts/demo-db.sh "$$DATABASE_URL" 3000)" && \
	  $(PY) -m pytest -q $(PYTEST_ARGS)

# The database, loader, access-control and page tests, and two browser tests, against a Citus test cluster: a
# coordinator and 2 workers (scripts/citus.sh; ports ATLAS_CITUS_TEST_PORT, 54369, and the next two).
# PYTEST_ARGS adds options.
CITUS_TESTS ?= tests/test_citus_cluster.py tests/test_citus_layout.py tests/test_citus_failure.py tests/test_citus_bulk.py \
	tests/test_access.py tests/test_upload_scope.py tests/test_departments.py tests/test_data_rights.py tests/test_call_queue.py \
	tests/test_exports_audited.py tests/test_escalation.py tests/test_worker_identities.py tests/test_incremental_rollups.py \
	tests/test_rollup_row_security.py \
	tests/test_load_survey.py tests/test_load_sources.py tests/test_load_bulk.py tests/test_load_cli.py \
	tests/test_bad_inputs.py tests/test_dashboard_pages.py \
	tests/test_browser.py::test_overview_map_charts_filters_and_hindi tests/test_browser.py::test_every_page_renders
CITUS_TEST_URL = $$(env -u DATABASE_URL scripts/citus.sh url citus-test)

test-citus: deps
	@scripts/debian-packages.sh chromium fonts-noto-core
	@env -u DATABASE_URL scripts/citus.sh start citus-test
	@export DATABASE_URL="$(CITUS_TEST_URL)" ATLAS_CITUS_CLUSTER=citus-test; \
	  $(PY) -m alembic upgrade head && \
	  $(PY) -m loaders reference && \
	  export DEMO_DATABASE_URL="$$(scripts/demo-db.sh "$$DATABASE_URL" 3000)" && \
	  $(PY) -m pytest -q $(CITUS_TESTS) $(PYTEST_ARGS)

clean-test-db:
	@env -u DATABASE_URL $(SINGLE) destroy pg-test

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
