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
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/crawl.py

clean:
	rm -rf $(VENV) demo-output build *.egg-info
