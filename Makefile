# joinedup: `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# GOV.UK Frontend, vendored from npm. Keep in step with govuk-frontend-jinja (4.1.x <-> 6.3.0).
# SHA-256 of the `npm pack govuk-frontend@$(GOVUK_FRONTEND_VERSION)` tarball.
GOVUK_FRONTEND_VERSION := 6.3.0
GOVUK_FRONTEND_SHA256 := 3d91fd1353e32e306a8ae493b44ba9c0277348b5dbc08442a3e63d822e516048
GOVUK_STATIC := src/joinedup/web/static/govuk

# uv from PATH, else from the user's pip install location; `make install` bootstraps it.
UV := $(shell command -v uv 2>/dev/null || echo "$$(python3 -m site --user-base)/bin/uv")

# Run as root when we are not (apt-get); the machines this runs on usually are root already.
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo 2>/dev/null)

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "}; {printf "  %-12s %s\n", $$1, $$2}'

.PHONY: uv
uv: ## Install uv with pip if it is missing
	@if ! [ -x "$(UV)" ] && ! command -v uv >/dev/null; then \
		echo "uv not found: installing it with pip"; \
		python3 -m pip install --user uv || python3 -m pip install --user --break-system-packages uv; \
	fi

.PHONY: install
install: uv ## Create the virtual environment from uv.lock (with the dev group)
	$(UV) sync --frozen --compile-bytecode
	@test -f $(GOVUK_STATIC)/govuk-frontend.min.css || $(MAKE) assets

.PHONY: assets
assets: ## Refresh the vendored GOV.UK Frontend CSS/JS/images from npm (pinned, checksummed)
	python3 scripts/vendor_govuk_frontend.py \
		$(GOVUK_FRONTEND_VERSION) $(GOVUK_FRONTEND_SHA256) $(GOVUK_STATIC)

.PHONY: system-deps
# Chromium drives the browser tests; Pango, HarfBuzz and Liberation fonts are what WeasyPrint
# (PDF reports) loads; Java runs the Spark engine tests. Installed only when missing.
DEBIAN_PACKAGES := chromium fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
	libharfbuzz-subset0 libfontconfig1 openjdk-17-jre-headless
system-deps: ## Install the Debian packages the tests need (Chromium, Pango, Java), if missing
	@missing="$$(for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done)"; \
	if [ "$$missing" = "openjdk-17-jre-headless" ] && command -v java >/dev/null; then missing=""; fi; \
	if [ -z "$$missing" ]; then \
		echo "Debian packages: all present"; \
	else \
		echo "Installing with apt-get:" $$missing; \
		$(SUDO) apt-get update; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

.PHONY: lint
lint: install ## Check the code with ruff (lint and format)
	$(UV) run ruff check .
	$(UV) run ruff format --check .

.PHONY: format
format: install ## Reformat the code and apply ruff's safe fixes
	$(UV) run ruff check --fix .
	$(UV) run ruff format .

# The suite runs on SQLite; when JOINEDUP_TEST_POSTGRES_URL is set it runs again on
# PostgreSQL (browser, Spark and pure-core tests excluded there: they cannot differ by database;
# the indicator engine's own PostgreSQL tests run in both, through JOINEDUP_TEST_POSTGRES_URL).
# PYTEST_ARGS passes extra arguments, e.g. `make test PYTEST_ARGS="-k accessibility -x"`.
PYTEST_ARGS ?=

.PHONY: test
test: install system-deps ## Lint, then run the tests (SQLite, then PostgreSQL if configured)
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	env -u JOINEDUP_DATABASE_URL $(UV) run pytest $(PYTEST_ARGS)
	@if [ -n "$${JOINEDUP_TEST_POSTGRES_URL:-}" ]; then \
		echo "== again on PostgreSQL: $${JOINEDUP_TEST_POSTGRES_URL}"; \
		JOINEDUP_DATABASE_URL="$${JOINEDUP_TEST_POSTGRES_URL}" \
			$(UV) run pytest -m "not browser and not spark and not pure and not once" $(PYTEST_ARGS); \
	else \
		echo "JOINEDUP_TEST_POSTGRES_URL not set: PostgreSQL run skipped"; \
	fi

.PHONY: bench
bench: install ## Benchmarks at national scale: indicator engine (10M events), validator (5M rows)
	$(UV) run python -m bench
	$(UV) run python -m bench.validate_bench

.PHONY: demo
demo: install ## Load the demo data and serve the app on http://127.0.0.1:8000/
	$(UV) run joinedup demo
	$(UV) run joinedup serve
