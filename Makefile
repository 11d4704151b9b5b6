# The two commands of README.md: `make book` and `make test`. The other targets are optional tools.
# Every target creates the virtual environment .venv from requirements.txt on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements.txt
JB := $(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going

.PHONY: book test install lab student pdf screenshots benchmark mutation snapshots clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	cp requirements.txt $(STAMP)

install: $(STAMP)

## book: run every chapter and build the HTML book in _build/html (warnings are errors)
book: $(STAMP)
	$(JB)
	@echo "Open _build/html/index.html in a browser."

## test: tests of lib/, every chapter re-executed with nbval and with a second parameter set, the built HTML,
## and the student edition (built here first) checked for solutions
test: $(STAMP) student
	$(BIN)/python -m pytest tests chapters --nbval-lax

## lab: open the chapters in JupyterLab (numbers in the prose appear when the cells run: Run > Run All Cells)
lab: $(STAMP)
	$(BIN)/jupyter lab chapters/

## student: the student edition, with no solution anywhere: sources and notebooks in _build/student/src,
## HTML in _build/student/_build/html, and (where Chromium is installed) _build/student/book.pdf
student: $(STAMP)
	$(BIN)/python scripts/student_edition.py
	$(BIN)/jupyter-book build _build/student/src --path-output _build/student --warningiserror --nitpick --keep-going
	$(BIN)/python scripts/student_edition.py --pdf
	@echo "Student edition: _build/student/_build/html/index.html; notebooks for JupyterLab: _build/student/src/chapters/"

## pdf: the whole book as one PDF, _build/book.pdf (the built pages joined and printed by headless Chromium)
pdf: $(STAMP)
	@test -f _build/html/index.html || $(JB)
	$(BIN)/python scripts/print_pdf.py _build/html _build/book.pdf

## screenshots: 1280-px screenshots of every built page in _build/screenshots (needs Chromium)
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

## benchmark: timing ratios of the TBI computation (not part of the tests)
benchmark: $(STAMP)
	$(BIN)/python benchmarks/bench_tbi.py

## snapshots: regenerate tests/snapshots/, what every chapter function shows (phrases, tables, figures) as the tests of
## the chapters' words compare it, after an intended change of wording, styling or numbers; review the diff before
## committing it (tests/chapter_snapshots.py)
snapshots: $(STAMP)
	rm -rf tests/snapshots
	TBI_UPDATE_SNAPSHOTS=1 $(BIN)/python -m pytest -q tests

## mutation: mutmut plants mechanical bugs in lib/ and reports per module how many the tests catch (slow; not in
## CI). One module: make mutation MODULE=lib/report/claims.py (several: MODULE="lib/a.py lib/b.py"); after adding tests,
## RESUME=1 re-runs only the mutants not killed yet; SAMPLE=50 runs 50 random unchecked mutants of each module, for an
## estimated score with its 95 % interval. Installs mutmut from requirements-mutation.txt.
MUTATION_STAMP := $(VENV)/.installed-requirements-mutation.txt
$(MUTATION_STAMP): requirements-mutation.txt $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-mutation.txt
	cp requirements-mutation.txt $(MUTATION_STAMP)

mutation: $(MUTATION_STAMP)
	$(BIN)/python scripts/mutation.py $(foreach m,$(MODULE),--module $(m)) $(if $(RESUME),--resume,) $(if $(SAMPLE),--sample $(SAMPLE),)

clean:
	rm -rf _build .cache chapters/downloads mutants
