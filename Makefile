# Two commands do all the set-up: `make run` and `make test`.
# Each creates .venv on first use and checks the system packages Qt needs.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
DEMO   := resources/data/demo_small.gpkg

.PHONY: run test syscheck venv lint translations demo bench snapshot

run: venv syscheck
	$(PY) main.py $(ARGS)

test: venv syscheck
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)
	$(VENV)/bin/lint-imports

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import venv' 2>/dev/null || { echo "Python's venv module is missing: sudo apt-get install -y python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

syscheck:
	@$(PYTHON) tools/check_system.py

lint: venv
	$(VENV)/bin/lint-imports

# Regenerate the translation sources from the code, then compile them.
translations: venv
	$(VENV)/bin/pyside6-lupdate $$(git ls-files 'console/*.py' 'widgets/*.py' 'layers/*.py' main.py) -ts resources/translations/gridtwin_zh_CN.ts
	$(PY) tools/fill_translations.py resources/translations/gridtwin_zh_CN.ts
	$(VENV)/bin/pyside6-lrelease resources/translations/gridtwin_zh_CN.ts -qm resources/translations/gridtwin_zh_CN.qm

# Rebuild the bundled small demo district (deterministic for the seed).
demo: venv
	$(PY) -m geodata.demo $(DEMO) --scale small --seed 7

snapshot: venv
	QT_QPA_PLATFORM=offscreen $(PY) main.py --snapshot out/normal.png
	QT_QPA_PLATFORM=offscreen $(PY) main.py --mode emergency --lang zh_CN --snapshot out/emergency.png
