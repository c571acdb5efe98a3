# RASP: run `make help` for the targets. `make run` and `make test` are the two README commands.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DEV_ENV := DJANGO_DEBUG=1 RASP_DEMO=1

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(UV):
	@echo "Installing uv (the Python package manager) for this user..."
	python3 -m pip install --user --quiet uv || python3 -m pip install --quiet --break-system-packages --user uv

.PHONY: install
install: $(UV) ## Install the Python packages into .venv and build the front-end assets
	$(UV) sync --frozen
	$(MAKE) assets

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: assets
assets: node_modules/.package-lock.json ## Build static_build/ from GOV.UK Frontend (npm) and our Sass
	@mkdir -p static_build/govuk static_build/rasp
	cp -R node_modules/govuk-frontend/dist/govuk/assets static_build/govuk/
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static_build/govuk/
	cp rasp/assets/js/*.js static_build/rasp/
	npx --no-install sass --quiet-deps --no-source-map --load-path=node_modules --style=compressed \
		rasp/assets/scss/app.scss static_build/rasp/app.css

.PHONY: run
run: install ## Set up everything, load demo data and serve the app at http://127.0.0.1:$(PORT)
	$(DEV_ENV) $(MANAGE) migrate --no-input
	$(DEV_ENV) $(MANAGE) createcachetable
	$(DEV_ENV) $(VENV)/bin/rasp framework load frameworks/rasp-1.0.yaml --publish
	$(DEV_ENV) $(MANAGE) demo_data
	@echo "Serving RASP at http://127.0.0.1:$(PORT)"
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

.PHONY: lint
lint: ## Lint and format checks (ruff), architecture contracts (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

.PHONY: typecheck
typecheck: ## Type checks (mypy; strict for the domain core)
	$(VENV)/bin/mypy rasp

.PHONY: check
check: ## Django system checks, migrations up to date
	DJANGO_SETTINGS_MODULE=rasp.config.settings_test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=rasp.config.settings_test $(PY) manage.py makemigrations --check --dry-run

.PHONY: test
test: install ## Everything: lint, types, checks, unit, integration and browser tests on SQLite and PostgreSQL
	$(MAKE) lint typecheck check
	$(PY) -m pytest
	./scripts/with-postgres $(PY) -m pytest -p no:randomly -m "not browser"

.PHONY: bench
bench: install ## Benchmarks on PostgreSQL: load, national data, floor, peer, scale-out (bench/results/)
	$(PY) bench/bench_scoring.py
	$(PY) bench/bench_exports.py
	$(PY) bench/run.py

.PHONY: soak
soak: install ## Ten minutes of answer saves: memory per worker stays within 10 %, no errors
	$(PY) bench/soak.py

.PHONY: fmt
fmt: ## Format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: clean
clean: ## Remove built assets and the local SQLite database
	rm -rf static_build staticfiles db.sqlite3
