# The two commands: `make run` (the portal on the embedded default) and `make test`.
# Each bootstraps .venv from requirements.txt itself.

PYTHON_BOOT ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make test` (one per CPU; 0 runs in one process). A file's tests
# stay on one worker (--dist loadfile): its module fixtures are built once.
TEST_WORKERS ?= auto

.PHONY: run test test-fast serve worker beat lint format bench load faults migrate demo venv backup restore clean messages vendor-echarts

venv: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

migrate: venv
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

## The portal on http://127.0.0.1:8000 — SQLite, eager Celery, local-memory cache, demo data.
run: demo
	@echo ""
	@echo "门户地址：http://$(HOST):$(PORT)/   后台：http://$(HOST):$(PORT)/admin/"
	$(PY) manage.py runserver $(HOST):$(PORT)

## The whole suite; with DATABASE_URL/REDIS_URL set it also runs the PostgreSQL, Redis and worker tests.
test: venv
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

## Production-style processes (configure with environment variables; see README).
serve: venv
	$(PY) manage.py collectstatic --noinput -v0
	$(VENV)/bin/gunicorn cadre_portal.wsgi:application --config gunicorn.conf.py --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2}

worker: venv
	$(VENV)/bin/celery -A cadre_portal worker --loglevel=INFO --concurrency=$${CELERY_CONCURRENCY:-2}

beat: venv
	$(VENV)/bin/celery -A cadre_portal beat --loglevel=INFO

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: venv
	$(PY) -m bench all

## Reliability scenarios (issue 8), loopback only, bounded; need DATABASE_URL (PostgreSQL), and REDIS_URL for load.
load: venv
	$(PY) -m bench load $(LOAD)

faults: venv
	$(PY) -m bench faults $(FAULTS)

## pg_dump of DATABASE_URL to BACKUP_FILE (default backups/cadre-<time>.dump); restore into a NEW database:
##   make restore BACKUP_FILE=backups/x.dump RESTORE_DB=cadre_restored
backup: venv
	$(PY) -m bench.backup dump $(BACKUP_FILE)

restore: venv
	@test -n "$(BACKUP_FILE)" -a -n "$(RESTORE_DB)" || { echo "用法：make restore BACKUP_FILE=备份文件 RESTORE_DB=新数据库名"; exit 2; }
	$(PY) -m bench.backup restore $(BACKUP_FILE) $(RESTORE_DB)

## Refresh the vendored Apache ECharts from npm (no CDN at run time).
ECHARTS_VERSION ?= 5.6.0
vendor-echarts:
	rm -rf /tmp/echarts-vendor && mkdir -p /tmp/echarts-vendor
	cd /tmp/echarts-vendor && npm pack --silent echarts@$(ECHARTS_VERSION) && tar xzf echarts-$(ECHARTS_VERSION).tgz
	cp /tmp/echarts-vendor/package/dist/echarts.min.js /tmp/echarts-vendor/package/LICENSE /tmp/echarts-vendor/package/NOTICE static/vendor/echarts/
	@echo "static/vendor/echarts now holds echarts $(ECHARTS_VERSION): update its README.md"

## Recompile locale/zh_Hans (the back office's Chinese) after editing django.po; needs GNU gettext (msgfmt).
## The compiled django.mo is committed, so running the portal never needs gettext.
messages: venv
	$(PY) manage.py compilemessages -l zh_Hans --ignore=$(VENV) --ignore=node_modules

clean:
	rm -rf $(VENV) staticfiles test-results .test-media
