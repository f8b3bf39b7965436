# Handboek Vuistregels zorg en straf. The README explains the two set-up commands:
#   make serve   build and serve on http://127.0.0.1:8000 with live reload
#   make test    run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-requirements
DEV_STAMP  := $(VENV)/.dev-requirements
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve test site check chromium clean

serve: $(SITE_STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# The site is built next to site/ and swapped in only when the whole build succeeded.
site: $(SITE_STAMP)
	rm -rf site.tmp
	$(BIN)/mkdocs build --strict --quiet --site-dir site.tmp
	rm -rf site && mv site.tmp site
	@echo "Site gebouwd in site/"

check: $(SITE_STAMP)
	$(BIN)/python build_tree.py --check

test: $(DEV_STAMP) chromium
	$(BIN)/python -m pytest

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 of nieuwer is nodig")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(SITE_STAMP): requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt $(SITE_STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Browser tests drive Debian's Chromium; as root we install it, otherwise we say how.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "Chromium ontbreekt. Installeer het met: sudo apt-get install chromium" >&2; exit 1; \
	  fi; }

clean:
	rm -rf site site.tmp $(VENV) node_modules .pytest_cache
