# The two commands: `make demo` (crawl the bundled news site) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install demo test bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/archiver demo --out demo-output

test: install
	@# wget writes the foreign WARC files that the re-extraction test reads (Debian package).
	@command -v wget >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wget) \
		|| echo "wget could not be installed: the test that needs it will be skipped"
	@# Chromium (Debian's; Playwright cannot download its own here) for the browser tests: replay, and archiver serve.
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium) \
		|| echo "chromium could not be installed: the browser tests (test_browser.py, test_serve.py) will fail"
	@# Redis and PostgreSQL: the cluster's tests start their own on loopback ports (Debian packages).
	@command -v redis-server >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq redis-server)
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq postgresql)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m mypy archiver spiders
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/crawl.py --text-only

clean:
	rm -rf $(VENV) demo-output build *.egg-info test-output
