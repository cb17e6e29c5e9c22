# Thin aliases over pip, npm and the tools' own CLIs. CI runs `make test` via .ci/run.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := test

VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.stamp
NODE_STAMP := node_modules/.stamp

export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_ROOT_USER_ACTION := ignore

.PHONY: venv js browser lint pytest vitest test demo demo-command bench screenshot clean

venv: $(VENV_STAMP)

# The bundle is built by `make js`; skipping the hook keeps the editable install Node-free.
$(VENV_STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	SKIP_JUPYTER_BUILDER=1 $(PY) -m pip install -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci
	touch $@

js: $(NODE_STAMP)
	npm run build

# Chromium for the e2e tests (tests/e2e): Debian's, since Playwright cannot download its own
# here. CI runs as root; elsewhere apt-get goes through sudo.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

browser:
	test -x $(CHROMIUM) || ($(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium)

lint: venv $(NODE_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy lime_widget
	npx biome ci js
	npx tsc --noEmit

# The e2e tests run here too: each worker that gets some starts its own servers and Chromium.
pytest: venv js browser
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

vitest: $(NODE_STAMP)
	npx vitest run

test: venv js lint vitest pytest

# --allow-root: JupyterLab refuses root without it (containers, cloud VMs, CI); a no-op otherwise.
DEMO_SERVER = $(VENV)/bin/jupyter lab --ip=127.0.0.1 --no-browser --notebook-dir=notebooks --allow-root

demo: venv js
	$(DEMO_SERVER)

# What `make demo` runs, for tests/test_demo.py.
demo-command:
	@echo '$(DEMO_SERVER)'

bench: venv js browser
	$(PY) bench/run_all.py

# The pictures under docs/ (light, dark, narrow, image hover, saved file; the explorer app in
# Voilà and marimo; the tabular, image and opened galleries), taken by
# tests/e2e/test_screenshots*.py in JupyterLab, Voilà, marimo and Chromium; skipped unless
# LW_SCREENSHOTS is set.
screenshot: venv js browser
	LW_SCREENSHOTS=docs $(PY) -m pytest tests/e2e/test_screenshots.py \
		tests/e2e/test_screenshots_explorer.py tests/e2e/test_screenshots_gallery.py \
		-q -p no:randomly

clean:
	rm -rf lime_widget/static dist build .pytest_cache .mypy_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o \
		-name __pycache__ -type d -exec rm -rf {} +
