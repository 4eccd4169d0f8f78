# Meridian: `make run` serves the demo forum, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint format check-xss clean bench screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_forum
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

# Load test on generated data (docs/performance.md). BENCH_SIZE=small for a quick run;
# DATABASE_URL=postgres://... to run on PostgreSQL.
bench: $(STAMP)
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m bench.run

# Every page type at 1366 and 390 px, signed out, as a member and as a moderator,
# written to var/screenshots/ while the accessibility checks run (needs Chromium).
screenshots: $(STAMP)
	rm -rf var/screenshots
	MERIDIAN_SCREENSHOTS=$(CURDIR)/var/screenshots $(BIN)/python -m pytest -n 2 -q tests/e2e/test_accessibility.py
	@ls var/screenshots | wc -l | xargs echo "screenshots in var/screenshots:"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-xss: $(STAMP)
	DJANGO_SETTINGS_MODULE=forum.settings $(BIN)/python ../shared/tools/xss_check.py forum.markup:render --django --jobs 2

clean:
	rm -rf $(VENV) var
