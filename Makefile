# make run  — install, migrate, load demo data, serve web + worker + beat on :8080
# make test — install, run the suite on SQLite, then on PostgreSQL + Redis if they answer
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
# schemathesis (tests/test_fuzz.py) in a venv of its own: its pins (hypothesis,
# jsonschema, pytest, werkzeug, …) must never change the product's dependencies
FUZZ_VENV := .venv-fuzz
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test install i18n browser bench fuzz-install clean

install: $(INSTALLED)

$(INSTALLED): setup.cfg setup.py constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $(INSTALLED)

fuzz-install: $(FUZZ_VENV)/.installed

$(FUZZ_VENV)/.installed: tests/fuzz-requirements.txt
	test -x $(FUZZ_VENV)/bin/python || $(PYTHON) -m venv $(FUZZ_VENV)
	$(FUZZ_VENV)/bin/pip install --quiet --upgrade pip
	$(FUZZ_VENV)/bin/pip install --quiet -r tests/fuzz-requirements.txt
	touch $@

# the host's catalogues and every addon's own (addons/*/i18n, fixture addons too)
i18n: $(INSTALLED)
	@for dir in i18n addons/*/i18n tests/fixture_addons/*/i18n; do \
	  if [ -d "$$dir" ]; then $(BIN)/pybabel -q compile -d "$$dir" || exit 1; fi; \
	done

run: i18n
	$(BIN)/erp db upgrade
	$(BIN)/erp demo load
	$(BIN)/erp run --port $${ERP_PORT:-8080}

# Debian's Chromium and its driver for tests/test_browser.py (skipped, saying so, without)
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  echo "== installing Debian's chromium and chromium-driver for the browser tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  ($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    chromium chromium-driver >/dev/null) || echo "== could not install chromium: browser tests skipped"; \
	fi
	@# a Chinese font, so that the journeys' screenshots show Chinese rather than boxes
	@if command -v fc-list >/dev/null && [ -z "$$(fc-list :lang=zh)" ]; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  ($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    fonts-wqy-microhei >/dev/null) || echo "== could not install a Chinese font"; \
	fi

# wrk (Debian's) and gunicorn (the bench extra) for bench/wrk.py; then the benchmarks
# are run by hand, one command each: see bench/README.md
bench: $(INSTALLED)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[bench]"
	@if ! command -v wrk >/dev/null; then \
	  echo "== installing Debian's wrk for bench/wrk.py"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  ($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    wrk >/dev/null) || echo "== could not install wrk: bench/wrk.py cannot run"; \
	fi

test: i18n browser fuzz-install
	tests/run_passes.sh $(BIN) $(PG_URL) $(REDIS_URL)

clean:
	rm -rf $(VENV) $(FUZZ_VENV) instance .pytest_cache
