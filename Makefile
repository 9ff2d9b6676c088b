# The two commands a newcomer needs:  make run   (the app on demo data)
#                                      make test  (the whole test suite)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501
# The PDF/PNG pack names these fonts first (finops_lib/templates/report.html.j2): its layout
# is computed from Liberation Sans metrics, so every machine prints the same pages.
FONT_PACKAGES := fontconfig fonts-liberation2 fonts-dejavu-core

.PHONY: run test lint typecheck bench iam-policy docs clean system-deps-run system-deps-test

$(STAMP): requirements.txt pyproject.toml
	@scripts/system-deps.sh python3-venv
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)

system-deps-run:
	@scripts/system-deps.sh --optional wkhtmltopdf $(FONT_PACKAGES)

# libatomic1: Playwright's bundled node driver links it, and a minimal Debian 12 lacks it.
system-deps-test:
	@scripts/system-deps.sh wkhtmltopdf chromium poppler-utils fonts-noto-color-emoji $(FONT_PACKAGES) postgresql libatomic1

run: $(STAMP) system-deps-run  ## start the app on http://127.0.0.1:$(PORT) (demo data without a profile)
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

test: $(STAMP) system-deps-test  ## the whole suite, as CI runs it
	$(PY) -m pytest -n 2 --dist loadgroup -q

lint: $(STAMP)
	$(VENV)/bin/ruff check finops_lib tests app.py pages bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy finops_lib

bench: $(STAMP)
	@for f in bench/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

iam-policy: $(STAMP)  ## regenerate docs/iam-policy.json from the modules' IAM_ACTIONS
	$(PY) -m finops_lib iam-policy > docs/iam-policy.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts

docs: $(STAMP)  ## regenerate the README's option and service tables from the declarations
	$(PY) -c "import pathlib, finops_lib.docs as d; p = pathlib.Path('README.md'); p.write_text(d.render_blocks(p.read_text()))"
