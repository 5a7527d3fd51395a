# The course's two commands: `make lab` opens it, `make test` checks all of it. Both are
# `python -m mistral_course lab|test` (mistral_course/commands.py), which also runs without make (Windows);
# each sets up its own virtual environment (.venv) on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
COURSE := $(PYTHON) -m mistral_course
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: lab test test-binder venv bench run rehearse refresh badges clean classroom test-classroom
BACKEND ?= offline
TOKEN_BUDGET ?= 200000

lab:
	$(COURSE) lab

# Unit tests and every notebook re-executed and compared with its committed outputs (offline), then the
# Binder environment in a real browser (test-binder). The steps are TEST_STEPS in mistral_course/commands.py.
test:
	$(COURSE) test

# The Binder environment, built the way Binder builds it (build/binder-venv, from binder/requirements.txt and
# binder/postBuild, rebuilt only when those change), runs JupyterLab, and Debian's Chromium, driven by
# Playwright, opens every notebook and clicks the RAG chat app; screenshots land in screenshots/. Chromium is
# installed with apt when running as root (as CI does); without it this says so and skips, except under CI.
test-binder:
	$(COURSE) test browser

# The course's environment, installed or brought up to date (what lab and test do first).
venv:
	@$(COURSE) install

bench: venv
	MISTRAL_BACKEND=offline $(BIN)/python bench/learner_eval.py
	MISTRAL_BACKEND=offline $(BIN)/python bench/harm_model_eval.py
	MISTRAL_BACKEND=offline $(BIN)/python bench/bench_offline.py
	$(BIN)/python bench/bench_served.py
	$(BIN)/python bench/bench_moe.py
	$(BIN)/python bench/bench_llamacpp.py
	MISTRAL_BACKEND=offline $(BIN)/python bench/bench_rag.py
	$(COURSE) classroom install && $(BIN)/python bench/bench_classroom.py

# Execute every notebook with papermill into build/notebooks/ (the committed ones stay untouched).
# `make run BACKEND=mistral` uses the real API with your key, stopping past TOKEN_BUDGET tokens.
run: venv
	MISTRAL_BACKEND=$(BACKEND) MISTRAL_TOKEN_BUDGET=$(TOKEN_BUDGET) $(BIN)/python -m mistral_course.run

# Live mode without a key: the offline API served on this machine at a free tier's one request a second, and
# lessons 01, 02 and 05 run against it as `make run BACKEND=local` runs them; they finish only if every 429 is
# waited out and retried. Outputs in build/rehearsal/. `make test` runs it under CI=true only (about 8 minutes).
rehearse:
	$(COURSE) test rehearse

# Re-execute the committed notebooks offline, in place (after changing a lesson or the backend).
refresh: venv
	$(BIN)/python -m mistral_course.refresh notebooks/*.ipynb

# Write the README's Binder badges (the course and each lesson) for the repository's GitHub address.
badges: venv
	@test -n "$(REPO)" || { echo "Usage: make badges REPO=OWNER/REPO [BRANCH=main]"; exit 2; }
	$(BIN)/python -m mistral_course.badges $(REPO) --branch $(or $(BRANCH),main)

# Classroom mode (classroom/, INSTRUCTORS.md): JupyterHub on this machine with the key gateway. Its tests (a real
# hub on loopback, lesson 00 in a learner's server, 30 learners for 30 s, faults) are the test step `classroom`,
# which a plain `make test` runs under CI=true only.
classroom:
	$(COURSE) classroom

test-classroom:
	$(COURSE) test classroom

clean:
	rm -rf $(VENV) build classroom/node_modules
