# Rake: install, run, test and benchmark. `make help` lists the targets.
#
# `make run`  installs everything, migrates, loads the demo data and serves on http://127.0.0.1:8000
# `make test` installs everything and runs the checks and the whole test suite
#
# DATABASE_URL selects the database (default: a SQLite file under var/, or $RAKE_VAR_DIR).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2   # pytest-xdist workers; 0 runs in one process
PYTEST_ARGS ?=
SOAK_SECONDS ?= 600        # make soak: seconds of steady load
SOAK_FAULT_SECONDS ?= 120  # make soak: seconds of load with a server kill and a database crash
SOAK_CLIENTS ?= 16
SOAK_WORKERS ?= 4
DEBIAN_PACKAGES := libvoikko1 voikko-fi chromium gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core postgresql-client
HDS_DIR := rake/static/vendor/hds
REQUIREMENTS_STAMP := $(VENV)/.rake-requirements.stamp
NPM_STAMP := node_modules/.rake-npm.stamp
I18N_IGNORE := --ignore=.venv --ignore=node_modules --ignore=staticfiles

# An empty DATABASE_URL means the default database (`DATABASE_URL= make test` runs on SQLite).
ifeq ($(strip $(DATABASE_URL)),)
unexport DATABASE_URL
endif
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
export CHROMIUM_PATH ?= /usr/bin/chromium
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help install debian-packages python-packages npm-packages static messages makemessages \
        migrate seed run serve backup restore test check check-translations prod-check bench soak security clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# --- install ----------------------------------------------------------------------------------

install: debian-packages python-packages npm-packages static messages ## Install Debian, Python and npm dependencies; compile translations
	@echo "install: done"

debian-packages: ## Check the Debian packages (apt-get install them when root)
	@if ! command -v dpkg >/dev/null 2>&1; then \
	  echo "install: not a Debian system; make sure these are installed: $(DEBIAN_PACKAGES) npm"; exit 0; \
	fi; \
	missing=""; \
	for package in $(DEBIAN_PACKAGES); do \
	  dpkg -s "$$package" 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$package"; \
	done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ ! -x "$(PY)" ] && ! $(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1; then missing="$$missing python3-venv"; fi; \
	if [ -z "$$missing" ]; then echo "install: Debian packages present ($(DEBIAN_PACKAGES))"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "install: installing Debian packages:$$missing"; \
	  apt-get update; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends$$missing; \
	else \
	  echo "install: missing Debian packages:$$missing" >&2; \
	  echo "install: run this, then run make again:" >&2; \
	  echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends$$missing" >&2; \
	  exit 1; \
	fi

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Rake needs Python 3.11 or newer (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Re-installs only when a requirements file changes.
$(REQUIREMENTS_STAMP): requirements/base.txt requirements/test.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements/test.txt
	@touch $@

python-packages: $(REQUIREMENTS_STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

npm-packages: $(NPM_STAMP)

$(HDS_DIR)/base.min.css: $(NPM_STAMP)
	@mkdir -p $(HDS_DIR)
	cp node_modules/hds-core/lib/base.min.css $@

$(HDS_DIR)/components.min.css: $(NPM_STAMP)
	@mkdir -p $(HDS_DIR)
	cp node_modules/hds-core/lib/components/all.min.css $@

static: $(HDS_DIR)/base.min.css $(HDS_DIR)/components.min.css

messages: python-packages ## Compile translations (.po → .mo)
	@if find locale rake -name '*.po' -print -quit 2>/dev/null | grep -q .; then \
	  $(MANAGE) compilemessages $(I18N_IGNORE) -v 0 && echo "messages: compiled"; \
	else \
	  echo "messages: no .po files yet, nothing to compile"; \
	fi

makemessages: python-packages ## Extract messages into locale/fi and locale/sv
	@mkdir -p locale
	$(MANAGE) makemessages -l fi -l sv $(I18N_IGNORE) --no-obsolete
	$(MANAGE) makemessages -d djangojs -l fi -l sv $(I18N_IGNORE) --no-obsolete

# --- run --------------------------------------------------------------------------------------

migrate: python-packages ## Apply migrations (loads the reference data) and bring the statistics rollups and keyword counts up to date
	$(MANAGE) migrate --noinput
	$(MANAGE) rebuild_rollups
	$(MANAGE) rebuild_keywords

seed: migrate ## Load the demo data (idempotent)
	$(MANAGE) seed_demo
	$(MANAGE) seed_demo_loop
	$(MANAGE) refresh_releases

run: install seed ## Install, migrate, load the demo data, print the demo users and serve on http://127.0.0.1:8000
	@echo
	@echo "Rake is served at http://$(HOST):$(PORT)/  (log in with a demo user above; stop with Ctrl-C)"
	@echo
	$(MANAGE) runserver --noreload $(HOST):$(PORT)

serve: python-packages ## Serve without installing or seeding (autoreload on)
	$(MANAGE) runserver $(HOST):$(PORT)

# --- backup ---------------------------------------------------------------------------------------

backup: python-packages ## Back up the database to var/backups/rake-<YYYYMMDD-HHMMSS>.sqlite3.gz (SQLite) or .dump (PostgreSQL)
	$(MANAGE) backup_database

restore: python-packages ## Replace the database with a backup: make restore FILE=<backup> [YES=1 to overwrite data]; stop Rake first
	@if [ -z "$(FILE)" ]; then echo "restore: name the backup: make restore FILE=var/backups/rake-<YYYYMMDD-HHMMSS>.dump" >&2; exit 1; fi
	$(MANAGE) restore_database --input "$(FILE)"$(if $(YES), --yes)

# --- test -------------------------------------------------------------------------------------

check: python-packages ## System checks, migrations up to date, translations complete
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(PY) scripts/check_translations.py

check-translations: ## Fail on an untranslated or fuzzy fi/sv message
	$(PY) scripts/check_translations.py

test: install ## Run the checks and the whole test suite (pytest, browser tests included)
	$(MANAGE) makemigrations --check --dry-run
	$(PY) scripts/check_translations.py
	@set +e; \
	echo "test: pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS) (database: $${DATABASE_URL:-SQLite})"; \
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "test: pytest collected no tests; that is a failure" >&2; fi; \
	exit $$rc

prod-check: install ## Serve the production settings under gunicorn on loopback (temporary database); check pages, static files and the API
	$(PY) scripts/prod_check.py

bench: install ## Measure submissions, the triage list, the privacy detectors, the suggestions and the statistics at 1M observations, a report PDF, and the reporter's form on a throttled phone; writes docs/benchmarks.md
	$(PY) scripts/bench.py
	$(PY) scripts/bench_privacy.py --write docs/benchmarks.md
	$(PY) scripts/bench_suggest.py --write docs/benchmarks.md
	$(PY) scripts/bench_stats.py --write docs/benchmarks.md
	$(PY) scripts/bench_report.py --write docs/benchmarks.md
	$(PY) scripts/bench_mobile.py --write docs/benchmarks.md

soak: install ## Load and faults on PostgreSQL, ~16 min (SOAK_SECONDS, SOAK_FAULT_SECONDS, SOAK_CLIENTS, SOAK_WORKERS); writes docs/benchmarks.md
	@$(MAKE) --no-print-directory debian-packages DEBIAN_PACKAGES="$(DEBIAN_PACKAGES) postgresql"
	$(PY) scripts/soak.py --duration $(SOAK_SECONDS) --fault-duration $(SOAK_FAULT_SECONDS) \
	  --clients $(SOAK_CLIENTS) --workers $(SOAK_WORKERS) --write docs/benchmarks.md

security: python-packages ## Static security analysis (bandit); `pip-audit --strict` needs the network: see README "Security"
	$(VENV)/bin/bandit -r rake config -q

clean: ## Remove the install stamps, compiled translations and caches (not var/ or .venv)
	rm -f $(REQUIREMENTS_STAMP) $(NPM_STAMP)
	rm -rf $(HDS_DIR) .pytest_cache staticfiles
	find . -path ./.venv -prune -o -path ./node_modules -prune -o -name '*.mo' -print -delete
