# greatjobs: two commands on a fresh machine with python3 and make.
#   make demo   build the environment and the warehouse, then serve http://127.0.0.1:8000
#   make test   lint, type-check and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
ASSETS := src/greatjobs/web/static/vendor/govuk-frontend/.installed
CHROMIUM ?= /usr/bin/chromium
MINIMUM := .venv-minimum
UV := uv==0.13.10

.PHONY: demo test lint typecheck pytest pytest-postgres test-minimum install assets browser lock clean

# Dependencies come from locks with hashes: requirements/runtime.lock (the library, the command line
# and the web app: what `make demo` needs) and requirements/dev.lock (that and the tests, Spark,
# the linters: what `make test` needs). `make lock` writes both from pyproject.toml.
$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME): requirements/runtime.lock pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/runtime.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(DEV): requirements/dev.lock $(RUNTIME)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.lock
	touch $@

install: $(RUNTIME) $(ASSETS)

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

lint: $(DEV)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks

typecheck: $(DEV)
	$(BIN)/mypy

pytest: $(DEV) install browser
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The web app's database tests again, against a real local PostgreSQL server.
pytest-postgres: $(DEV) install
	scripts/with_postgres.sh $(BIN)/python -m pytest tests/web -m "not e2e" -q

# The library and the command line alone (no web extra), on the lowest versions pyproject.toml
# allows: the lower bounds it declares are the versions tested here.
test-minimum:
	rm -rf $(MINIMUM) && $(PYTHON) -m venv $(MINIMUM)
	$(MINIMUM)/bin/python -m pip install --quiet $(UV)
	$(MINIMUM)/bin/uv pip install --quiet --python $(MINIMUM)/bin/python \
	    --resolution lowest-direct -e . "pytest==9.2.0" "hatchling==1.33.0" "editables==0.6"
	$(MINIMUM)/bin/python -m pytest tests/lib tests/cli tests/test_packaging.py -q \
	    -m "not spark and not web" -p no:cacheprovider -W ignore::pytest.PytestConfigWarning

test: lint typecheck pytest pytest-postgres test-minimum

# Re-lock every dependency from pyproject.toml, with hashes: the runtime first, then the
# development set constrained to it (so both agree). Pins already in the locks are kept unless
# UPGRADE=1.
PIP_COMPILE = .venv-lock/bin/pip-compile --quiet --strip-extras --allow-unsafe --generate-hashes \
	--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet pip-tools==7.7.0
	$(PIP_COMPILE) --extra web -o requirements/runtime.lock pyproject.toml requirements/build.in
	$(PIP_COMPILE) --extra web --extra spark --extra dev -c requirements/runtime.lock \
	    -o requirements/dev.lock pyproject.toml
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) $(MINIMUM) node_modules src/greatjobs/web/static/vendor .pytest_cache .mypy_cache .ruff_cache
