# Handboek Vuistregels zorg en straf. The README explains the two set-up commands:
#   make serve   build and serve on http://127.0.0.1:8000 with live reload
#   make test    run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-requirements
DEV_STAMP  := $(VENV)/.dev-requirements
# Lighthouse only for `make bench`, pinned, kept out of the site's own dependencies.
LIGHTHOUSE := build/lighthouse/node_modules/.bin/lighthouse
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# Dates in the sitemap and the PDF come from the last commit: the same commit, the same site.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve test site pdf check golden bench tools graphviz npm clean

# A local edition: make site LOKAAL=lokaal/voorbeeld (also serve, pdf and check). Without
# LOKAAL the national edition is built, exactly as before (README: "Een lokale uitgave").
ifneq ($(strip $(LOKAAL)),)
export HANDBOEK_LOKAAL := $(LOKAAL)
endif

# The engine that renders the site source the compiler writes (build/bron/): a command that
# reads mkdocs.yml, by name in the venv (mkdocs) or as a path (make site ENGINE=/pad/properdocs).
# The one place it is chosen; the tests read it as HANDBOEK_ENGINE (CONTRIBUTING: "De engine").
ENGINE ?= mkdocs
export HANDBOEK_ENGINE := $(ENGINE)
ENGINE_CMD := $(if $(findstring /,$(ENGINE)),$(ENGINE),$(BIN)/$(ENGINE))
# The generated site source of this edition (handboek/site_source.py: source_dir)
BRON := build/bron$(if $(strip $(LOKAAL)),-$(notdir $(patsubst %/,%,$(strip $(LOKAAL)))))

# make serve PORT=8001 uses another port; make serve VERBOSE=1 also shows MkDocs' own messages.
PORT ?= 8000
serve: $(SITE_STAMP) graphviz
	HANDBOEK_VERBOSE=$(VERBOSE) $(ENGINE_CMD) serve --dev-addr 127.0.0.1:$(PORT)

# The compiler writes the whole site source into $(BRON); the engine renders only that folder.
# The site (with the PDF) is built next to site/ and swapped in only when all succeeded.
site: $(SITE_STAMP) tools
	rm -rf site.tmp
	$(BIN)/python build_tree.py --bron $(BRON)
	$(ENGINE_CMD) build --strict --quiet --config-file $(BRON)/mkdocs.yml --site-dir $(CURDIR)/site.tmp
	$(BIN)/python pdf/build_pdf.py site.tmp --png build/pdf-voorbeeld
	rm -rf site && mv site.tmp site
	@echo "Site gebouwd in site/"

# The PDF alone, from the site in site/ (built first if it is missing).
pdf: $(SITE_STAMP) tools
	@[ -f site/afdrukversie/index.html ] || $(MAKE) site
	$(BIN)/python pdf/build_pdf.py site --png build/pdf-voorbeeld

# Everything an edit can break, in Dutch with file:line, in under 2 s; no Graphviz needed.
check: $(SITE_STAMP)
	$(BIN)/python build_tree.py --check

test: $(DEV_STAMP) tools
	$(BIN)/python -m pytest

# Rewrites tests/golden/paden.txt and decision_tree/nummers-en-letters.txt after a deliberate
# change to the tree (refused when a number or letter of this edition changed); review the diff.
golden: $(SITE_STAMP)
	$(BIN)/python build_tree.py --golden

bench: $(DEV_STAMP) $(LIGHTHOUSE) tools
	$(BIN)/python bench/bench.py

$(LIGHTHOUSE): | npm
	npm install --prefix build/lighthouse --no-save --no-audit --no-fund --loglevel=error lighthouse@12.2.3

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

# $(call need,COMMAND,PACKAGE,MESSAGE): when COMMAND is missing, install Debian's PACKAGE
# as root, or else print MESSAGE and how to install it.
need = @command -v $(1) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2); \
	  else \
	    echo "$(3) Installeer het met: sudo apt-get install $(2)" >&2; exit 1; \
	  fi; }

# npm only for Lighthouse in `make bench`; the site itself needs no Node.
npm:
	$(call need,npm,npm,npm ontbreekt (alleen nodig voor make bench).)

# The flowcharts are drawn by Graphviz's `dot` (Debian package graphviz) at every build.
graphviz:
	$(call need,dot,graphviz,Graphviz ontbreekt (nodig voor de stroomschema's).)

# The PDF and the browser tests need Debian's Chromium, pdftoppm (poppler-utils) for the
# PDF previews, and nginx for the intranet test; as root we install them, otherwise we say how.
tools: graphviz
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing="$$missing nginx"; \
	[ -z "$$missing" ] || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Ontbreekt:$$missing. Installeer met: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; }

clean:
	rm -rf site site.tmp build $(VENV) node_modules .pytest_cache
