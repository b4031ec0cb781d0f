# Two entry points, both on a fresh machine with Python 3.11 and make:
#   make demo   archive the bundled sample offline into db/archive.db and summarise
#   make test   run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/archiver demo

test: $(VENV)/.installed
	$(BIN)/python -m pytest -q

# bench/scan.py needs the scan extra: the test extra installed above has it (without it,
# the script says so and skips).
bench: $(VENV)/.installed
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/lookup.py
	$(BIN)/python bench/archive.py
	$(BIN)/python bench/media.py
	$(BIN)/python bench/verify.py
	$(BIN)/python bench/check_memory.py
	$(BIN)/python bench/run.py
	$(BIN)/python bench/browse.py
	$(BIN)/python bench/scan.py

clean:
	rm -rf $(VENV) *.egg-info
