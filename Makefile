# Two commands do all set-up: `make run` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test eval bench install clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) bot.py run

test: $(STAMP)
	$(PY) -m pytest

eval: $(STAMP)
	$(PY) -m pip install --quiet -e ".[dev,eval]"
	$(PY) -m bench.eval

bench: $(STAMP)
	$(PY) -m bench.run_all

clean:
	rm -rf $(VENV) *.egg-info
