# The two commands of README.md: `make book` and `make test`.
# Both create the virtual environment .venv from requirements.txt on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements.txt

.PHONY: book test install benchmark clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	cp requirements.txt $(STAMP)

install: $(STAMP)

## book: run every chapter and build the HTML book in _build/html (warnings are errors)
book: $(STAMP)
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going
	@echo "Open _build/html/index.html in a browser."

## test: tests of lib/ plus every chapter re-executed with nbval
test: $(STAMP)
	$(BIN)/python -m pytest tests chapters --nbval-lax

## benchmark: timing ratios of the TBI computation (not part of the tests)
benchmark: $(STAMP)
	$(BIN)/python benchmarks/bench_tbi.py

clean:
	rm -rf _build .cache
