# The course's two commands: `make lab` opens it, `make test` checks all of it.
# Each sets up its own virtual environment (.venv) on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg

.PHONY: lab test test-binder browser-deps bench run refresh badges clean
BACKEND ?= offline
TOKEN_BUDGET ?= 200000

$(STAMP): requirements.txt requirements-llama.txt pyproject.toml binder/postBuild binder/overrides.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	PATH=$(CURDIR)/$(BIN):$$PATH bash binder/postBuild
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

# Unit tests, then every notebook re-executed and compared with its committed outputs.
# The notebooks' outputs are the offline backend's, so the tests always run offline.
test: $(STAMP)
	MISTRAL_BACKEND=offline $(BIN)/python -m pytest tests notebooks $(NBVAL) --ignore=tests/browser
	$(MAKE) --no-print-directory test-binder

# The Binder environment, built the way Binder builds it: a venv from binder/requirements.txt alone, then
# binder/postBuild (rebuilt only when those change). JupyterLab then runs from it (started through binder/start),
# and a real browser (Debian's Chromium, driven by Playwright) opens every notebook, runs all its cells offline,
# clicks the RAG chat app, and saves screenshots in screenshots/. (The PyTorch CPU index line is for Binder;
# here the CPU wheel is local.) Without Chromium it says so and skips, except under CI, where that fails.
BINDER := build/binder-venv
BROWSER_MISSING := The browser test (tests/browser: every notebook in JupyterLab, in Chromium) did not run: \
	install Chromium and an emoji font (sudo apt-get install chromium fonts-noto-color-emoji), then run make test-binder
test-binder: $(STAMP)
	@if $(MAKE) --no-print-directory --silent browser-deps >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory $(BINDER)/.installed && \
		BINDER_VENV=$(CURDIR)/$(BINDER) $(BIN)/python -m pytest tests/browser -p no:nbval; \
	elif [ "$$CI" = true ]; then echo "$(BROWSER_MISSING) (CI: failing)"; exit 1; \
	else echo "$(BROWSER_MISSING)."; fi

$(BINDER)/.installed: binder/requirements.txt requirements-llama.txt binder/postBuild binder/overrides.json
	rm -rf $(BINDER) && mkdir -p build && $(PYTHON) -m venv $(BINDER)
	grep -v '^--extra-index-url' binder/requirements.txt > build/binder-requirements.txt
	$(BINDER)/bin/python -m pip install --quiet --upgrade pip
	$(BINDER)/bin/python -m pip install --quiet -r build/binder-requirements.txt
	PATH=$(CURDIR)/$(BINDER)/bin:$$PATH bash binder/postBuild
	touch $@

# Chromium from Debian's packages, for the browser test: installed here when running as root with apt
# (as CI does); anyone else installs it once by hand.
browser-deps:
	@{ test -x /usr/bin/chromium && ls /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf; } >/dev/null 2>&1 || \
		{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null; } || \
		{ echo "The browser test needs Chromium and an emoji font: sudo apt-get install chromium fonts-noto-color-emoji"; exit 1; }

bench: $(STAMP)
	MISTRAL_BACKEND=offline $(BIN)/python bench/learner_eval.py
	MISTRAL_BACKEND=offline $(BIN)/python bench/bench_offline.py
	$(BIN)/python bench/bench_served.py
	$(BIN)/python bench/bench_moe.py
	$(BIN)/python bench/bench_llamacpp.py
	MISTRAL_BACKEND=offline $(BIN)/python bench/bench_rag.py

# Execute every notebook with papermill into build/notebooks/ (the committed ones stay untouched).
# `make run BACKEND=mistral` uses the real API with your key, stopping past TOKEN_BUDGET tokens.
run: $(STAMP)
	MISTRAL_BACKEND=$(BACKEND) MISTRAL_TOKEN_BUDGET=$(TOKEN_BUDGET) $(BIN)/python -m mistral_course.run

# Re-execute the committed notebooks offline, in place (after changing a lesson or the backend).
refresh: $(STAMP)
	$(BIN)/python -m mistral_course.refresh notebooks/*.ipynb

# Write the README's Binder badges (the course and each lesson) for the repository's GitHub address.
badges: $(STAMP)
	@test -n "$(REPO)" || { echo "Usage: make badges REPO=OWNER/REPO [BRANCH=main]"; exit 2; }
	$(BIN)/python -m mistral_course.badges $(REPO) --branch $(or $(BRANCH),main)

clean:
	rm -rf $(VENV) build
