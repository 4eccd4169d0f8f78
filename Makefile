# Meridian: `make run` serves the demo forum, `make test` runs the whole suite.
PYTHON ?= python3
# `make run PORT=8001`; SITE_URL follows it unless set (forum/settings.py).
PORT ?= 8000
export PORT
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: running needs only the runtime dependencies, testing adds the dev
# extra (browsers, schemathesis, ...). A change to pyproject.toml redoes both.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint format check-xss clean bench screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP) $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_forum --demo
	$(BIN)/python manage.py demo_login
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(DEV_STAMP)
	$(BIN)/python -m pytest -n 2 -q

# Load test on generated data (docs/performance.md). BENCH_SIZE=small for a quick run;
# DATABASE_URL=postgres://... to run on PostgreSQL.
bench: $(DEV_STAMP)
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m bench.run

# Every page type at 1366 and 390 px, signed out, as a member and as a moderator,
# written to var/screenshots/ while the accessibility checks run (needs Chromium).
screenshots: $(DEV_STAMP)
	rm -rf var/screenshots
	MERIDIAN_SCREENSHOTS=$(CURDIR)/var/screenshots $(BIN)/python -m pytest -n 2 -q tests/e2e/test_accessibility.py
	@ls var/screenshots | wc -l | xargs echo "screenshots in var/screenshots:"

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-xss: $(DEV_STAMP)
	DJANGO_SETTINGS_MODULE=forum.settings $(BIN)/python ../shared/tools/xss_check.py forum.markup:render --django --jobs 2

clean:
	rm -rf $(VENV) var
