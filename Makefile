# Safe City — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEV_ENV := DEBUG=1
PG_URL ?= postgres://postgres@127.0.0.1:5432/safecity

.PHONY: install run serve test test-postgres test-browser lint check-deploy messages compile-messages bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

compile-messages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(DEV_ENV) $(PY) manage.py compilemessages --ignore=.venv -v0; \
	else \
		$(VENV)/bin/pybabel compile -d locale -D django --statistics; \
	fi

messages: install
	$(DEV_ENV) $(PY) manage.py makemessages -l sv --no-obsolete --ignore=.venv --ignore=node_modules --ignore=test-artifacts
	$(MAKE) compile-messages

run: compile-messages
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py load_organisation stockholm
	$(DEV_ENV) $(PY) manage.py load_plan_setup stockholm
	$(DEV_ENV) $(PY) manage.py load_guidance stockholm
	$(DEV_ENV) $(PY) manage.py load_demo
	$(DEV_ENV) $(PY) manage.py load_situation_demo
	$(DEV_ENV) $(PY) manage.py load_competence_demo
	$(DEV_ENV) $(PY) manage.py load_alliances_demo
	$(DEV_ENV) $(PY) manage.py train_classifier --if-none
	$(DEV_ENV) $(PY) manage.py load_online_demo
	$(DEV_ENV) $(PY) manage.py load_profile_demo
	$(DEV_ENV) $(PY) manage.py load_hub_demo
	@$(DEV_ENV) $(PY) manage.py load_demo --logins-only
	@echo "Safe City runs on http://127.0.0.1:8000  (stop with Ctrl+C)"
	$(DEV_ENV) $(PY) manage.py run_dev 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check-deploy: install
	DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-only-for-the-check-not-a-real-key-0123456789abcdef \
	  ALLOWED_HOSTS=safecity.example.org ENCRYPTION_KEYS=$$($(PY) -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())") \
	  $(PY) manage.py check --deploy --fail-level WARNING

test: lint compile-messages
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(MAKE) check-deploy
	$(PY) -m pytest -q
	$(MAKE) test-browser

test-browser: install
	$(PY) -m pytest -q -m browser -p no:randomly

test-postgres: compile-messages
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q

bench: install
	@for script in benchmarks/*.py; do [ -e "$$script" ] || continue; echo "== $$script"; $(DEV_ENV) $(PY) "$$script" || exit 1; done

clean:
	rm -rf $(VENV) staticfiles test-artifacts db.sqlite3
