# The set-up lives in ./gridtwin (it needs neither make nor python3 to start, and installs the
# Debian packages of resources/config/debian-packages.txt); these targets only forward to it.
.PHONY: run test setup lint translations demo snapshot

run:
	./gridtwin run $(ARGS)

test:
	./gridtwin test $(PYTEST_ARGS)

setup:
	./gridtwin setup

lint: setup
	.venv/bin/lint-imports

# Regenerate the translation sources from the code, then compile them.
translations: setup
	.venv/bin/pyside6-lupdate $$(git ls-files 'console/*.py' 'widgets/*.py' 'layers/*.py' main.py) geodata/messages.py -no-obsolete -ts resources/translations/gridtwin_zh_CN.ts
	.venv/bin/python tools/fill_translations.py resources/translations/gridtwin_zh_CN.ts
	.venv/bin/pyside6-lrelease resources/translations/gridtwin_zh_CN.ts -qm resources/translations/gridtwin_zh_CN.qm

# Rebuild the bundled small demo district (deterministic for the seed).
demo: setup
	.venv/bin/python -m geodata.demo resources/data/demo_small.gpkg --scale small --seed 7

snapshot:
	./gridtwin run --snapshot out/normal.png
	./gridtwin run --mode emergency --lang zh_CN --snapshot out/emergency.png
