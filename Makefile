# TradingTools Desktop — `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PY312 = $(shell scripts/find-python312.sh)
VENV := .venv
VENV_MIN := .venv-minimal
PIP_FLAGS := --disable-pip-version-check --quiet

.PHONY: dev run test lint typecheck test-full test-minimal test-keychain bench screenshots clean doctor bundle bundle-smoke dist-linux e2e

$(VENV)/.installed: pyproject.toml
	@test -n "$(PY312)" || exit 1
	test -x $(VENV)/bin/python || $(PY312) -m venv $(VENV)
	$(VENV)/bin/python -m pip install $(PIP_FLAGS) --upgrade pip
	$(VENV)/bin/python -m pip install $(PIP_FLAGS) -e ".[ta,dev]"
	touch $@

$(VENV_MIN)/.installed: pyproject.toml
	@test -n "$(PY312)" || exit 1
	test -x $(VENV_MIN)/bin/python || $(PY312) -m venv $(VENV_MIN)
	$(VENV_MIN)/bin/python -m pip install $(PIP_FLAGS) --upgrade pip
	$(VENV_MIN)/bin/python -m pip install $(PIP_FLAGS) -e ".[dev]"
	touch $@

run: $(VENV)/.installed
	$(VENV)/bin/python -m tradingtools_desktop

# `dev` run profile: restarts the app when a source file changes
dev: $(VENV)/.installed
	$(VENV)/bin/python scripts/dev.py

doctor: $(VENV)/.installed
	$(VENV)/bin/tradingtools doctor

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check $(wildcard src tests benchmarks simulators scripts e2e)

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy src

test-full: $(VENV)/.installed
	$(VENV)/bin/python -m pytest

# Fix-02 from day one: the suite must pass without the optional `ta` extra.
test-minimal: $(VENV_MIN)/.installed
	$(VENV_MIN)/bin/python -m pytest

test: lint typecheck test-full test-minimal

# End-to-end packs (e2e/): the real app through its CLI and services, each pack in a sandboxed
# temp TRADINGTOOLS_HOME, brokers and LLMs as local simulators; reports in build/e2e/.
e2e: $(VENV)/.installed
	$(VENV)/bin/python -m e2e.run

bench: $(VENV)/.installed
	for b in benchmarks/*.py; do $(VENV)/bin/python $$b || exit 1; done

screenshots: $(VENV)/.installed
	scripts/screenshots.sh

clean:
	rm -rf $(VENV) $(VENV_MIN) build dist .mypy_cache .ruff_cache

# Keychain tests against a real, throwaway Secret Service (gnome-keyring in a private
# D-Bus session); never the user's own keychain. Needs: gnome-keyring dbus.
test-keychain: $(VENV)/.installed
	scripts/with-test-keyring.sh $(VENV)/bin/python -m pytest -q -m keychain

# Release packaging (docs/install.md, docs/release-checklist.md). `make bundle` builds the
# one-folder app into dist/TradingTools/ (~300 MB) without pandas-ta/numba (the app's own
# indicators give the same numbers); `make bundle BUNDLE_EXTRAS=auto` bundles them too when
# the venv has them (~420 MB).
bundle: $(VENV)/.installed
	$(VENV)/bin/python -c "import PyInstaller" 2>/dev/null || \
	    $(VENV)/bin/python -m pip install $(PIP_FLAGS) -e ".[bundle]"
	TT_BUNDLE_EXTRAS=$(or $(BUNDLE_EXTRAS),none) $(VENV)/bin/python -m PyInstaller \
	    --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
	    installer/tradingtools.spec

bundle-smoke:
	installer/smoke.sh dist/TradingTools

dist-linux: bundle bundle-smoke
	installer/linux/make-tarball.sh dist/TradingTools
