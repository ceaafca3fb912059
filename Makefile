# The project's own install and test steps. CI runs `make test` through .ci/run, on a fresh
# clone: everything the tests need is installed here, and a second run reuses it.
VENV ?= .venv
PY := $(VENV)/bin/python
TOOLCHAIN := tests/toolchain

.PHONY: test install toolchain browser lint js-lint js-test

# forgewright's own JavaScript: the runtime copied into generated apps, its static frontends, their tests, and the
# studio's page.
JS := targets/forge_uikit/runtime targets/forge_uikit/frontend tests/runtime forgewright/studio/static
BIN := $(TOOLCHAIN)/node_modules/.bin

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Atlassian's own validators (pinned by the committed lockfile); scripts off, as keytar's
# install script would try to download a binary.
$(TOOLCHAIN)/node_modules/.installed: $(TOOLCHAIN)/package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --prefix $(TOOLCHAIN)
	touch $@

install: $(VENV)/.installed

# Debian's Chromium, for the preview page's headless-browser test. Installed only where we may
# (root, apt present); elsewhere the test itself explains what is missing (and fails under CI).
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else echo "note: chromium is not installed; the preview browser test needs it (apt-get install chromium)"; fi

toolchain: $(TOOLCHAIN)/node_modules/.installed

# Formatting (prettier), lint (eslint) and types (tsc --checkJs) of that JavaScript, pinned by the toolchain lockfile.
js-lint: toolchain
	$(BIN)/prettier --check $(JS)
	$(BIN)/eslint --config $(TOOLCHAIN)/eslint.config.mjs $(JS)
	node $(TOOLCHAIN)/bin/check-types.mjs --tree targets/forge_uikit >/dev/null

# The runtime's unit tests and the shared behaviour vectors (tests/vectors), with node's own test runner.
js-test: toolchain
	node --import ./tests/runtime/register.mjs --test tests/runtime/

lint: install js-lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: install toolchain browser lint js-test
	$(VENV)/bin/pytest -q -n 2 --dist loadgroup
