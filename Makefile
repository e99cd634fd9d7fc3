# One-command set-up: `make demo` runs the hub with demo data, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
FEDERATION := tools/federation
FEDERATION_INSTALLED := $(FEDERATION)/node_modules/.installed
OIDC_PROVIDER := tools/oidc-provider
OIDC_PROVIDER_INSTALLED := $(OIDC_PROVIDER)/node_modules/.installed
AXE := tools/axe
AXE_INSTALLED := $(AXE)/node_modules/.installed
API_PAGES := tools/api-pages
API_PAGES_INSTALLED := $(API_PAGES)/node_modules/.installed
GRAPHQL_HTTP := tools/graphql-http
GRAPHQL_HTTP_INSTALLED := $(GRAPHQL_HTTP)/node_modules/.installed
HIVE_GATEWAY := tools/hive-gateway
HIVE_GATEWAY_INSTALLED := $(HIVE_GATEWAY)/node_modules/.installed

.PHONY: demo serve test bytecode lint format federation-tools oidc-provider-tools axe-tools api-pages-tools graphql-http-tools hive-gateway-tools schema clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Apollo's composition library, to prove the schema composes with other subgraphs.
$(FEDERATION_INSTALLED): $(FEDERATION)/package.json $(FEDERATION)/package-lock.json
	cd $(FEDERATION) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

federation-tools:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(FEDERATION_INSTALLED); \
	else echo "npm not found: the federation composition test will be skipped"; fi

# An OpenID Certified provider, to prove the hub's login against a third-party implementation.
$(OIDC_PROVIDER_INSTALLED): $(OIDC_PROVIDER)/package.json $(OIDC_PROVIDER)/package-lock.json
	cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

oidc-provider-tools:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(OIDC_PROVIDER_INSTALLED); \
	else echo "npm not found: the third-party OpenID provider tests will be skipped"; fi

# axe-core, the accessibility rules the browser tests run on every portal page.
$(AXE_INSTALLED): $(AXE)/package.json $(AXE)/package-lock.json
	cd $(AXE) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

axe-tools:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(AXE_INSTALLED); \
	else echo "npm not found: the browser tests will be skipped"; fi

# GraphiQL, React and Swagger UI, which the hub serves itself on GET /graphql and /docs.
$(API_PAGES_INSTALLED): $(API_PAGES)/package.json $(API_PAGES)/package-lock.json
	cd $(API_PAGES) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

api-pages-tools:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(API_PAGES_INSTALLED); \
	else echo "npm not found: GraphiQL and /docs answer 503 until their files are installed"; fi

# The GraphQL over HTTP audit (graphql-http), which a test runs against the hub.
$(GRAPHQL_HTTP_INSTALLED): $(GRAPHQL_HTTP)/package.json $(GRAPHQL_HTTP)/package-lock.json
	cd $(GRAPHQL_HTTP) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

graphql-http-tools:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(GRAPHQL_HTTP_INSTALLED); \
	else echo "npm not found: the GraphQL over HTTP audit will be skipped"; fi

# Hive Gateway, which benchmarks/profile_fanout.py measures the hub against; no test needs it.
$(HIVE_GATEWAY_INSTALLED): $(HIVE_GATEWAY)/package.json $(HIVE_GATEWAY)/package-lock.json
	cd $(HIVE_GATEWAY) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

hive-gateway-tools:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(HIVE_GATEWAY_INSTALLED); \
	else echo "npm not found: the profile benchmark will leave out Hive Gateway"; fi

demo: $(INSTALLED) api-pages-tools bytecode
	$(BIN)/vloket demo

serve: $(INSTALLED) api-pages-tools bytecode
	$(BIN)/vloket serve

# The project's own modules compiled once: pip compiles what it installs, but not an editable
# install, and where PYTHONDONTWRITEBYTECODE is set no process writes them, so each would
# compile every module again (about 0.2 s of each start-up, and of each process a test starts).
bytecode: $(INSTALLED)
	$(BIN)/python -m compileall -q -j 0 hub registry connectors demo

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/hadolint Dockerfile
	$(BIN)/kubernetes-validate --strict --quiet --kubernetes-version 1.30.0 deploy/kubernetes/*.yaml

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schema: $(INSTALLED)
	$(BIN)/vloket schema export --output schema.graphql
	$(BIN)/vloket events schemas --output docs/events

# pytest exits 5 when it collected no tests: that is a failure here, not a pass. The tests run
# in one process per core (pytest-xdist): most of their time is waiting on servers and stores.
test: lint bytecode federation-tools oidc-provider-tools axe-tools api-pages-tools graphql-http-tools
	$(BIN)/python -m pytest -n auto; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest ran no tests" >&2; exit 1; fi; exit $$status

clean:
	rm -rf $(VENV) .vloket .mypy_cache .ruff_cache .pytest_cache $(FEDERATION)/node_modules $(OIDC_PROVIDER)/node_modules $(AXE)/node_modules $(API_PAGES)/node_modules $(GRAPHQL_HTTP)/node_modules $(HIVE_GATEWAY)/node_modules
