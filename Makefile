# greatjobs: two commands on a fresh machine with python3 and make.
#   make demo   build the environment and the warehouse, then serve http://127.0.0.1:8000
#   make test   lint, type-check and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := src/greatjobs/web/static/vendor/govuk-frontend/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test lint typecheck pytest pytest-postgres install assets browser lock clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

install: $(STAMP) $(ASSETS)

# GOV.UK Frontend comes from the npm registry at build time (pinned in package-lock.json) and is
# served locally by the app: no CDN.
$(ASSETS): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf src/greatjobs/web/static/vendor/govuk-frontend
	mkdir -p src/greatjobs/web/static/vendor/govuk-frontend
	cp -r node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css \
	      node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js \
	      node_modules/govuk-frontend/dist/govuk/assets \
	      src/greatjobs/web/static/vendor/govuk-frontend/
	touch $@

assets: $(ASSETS)

# Browser tests drive Debian's Chromium; install it when missing (needs root, as in CI).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' (Debian) or set CHROMIUM=/path/to/chromium"; exit 1; fi; }

demo: install
	$(BIN)/greatjobs data build
	$(BIN)/greatjobs demo
	$(BIN)/greatjobs web setup
	$(BIN)/greatjobs serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: install browser
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The web app's database tests again, against a real local PostgreSQL server.
pytest-postgres: install
	scripts/with_postgres.sh $(BIN)/python -m pytest tests/web -m "not e2e" -q

test: lint typecheck pytest pytest-postgres

# Re-pin every dependency (runtime and development) into requirements.lock.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet ".[dev]"
	.venv-lock/bin/python -m pip freeze --exclude greatjobs | grep -v '^-e' > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) node_modules src/greatjobs/web/static/vendor .pytest_cache .mypy_cache .ruff_cache
