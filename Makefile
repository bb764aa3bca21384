# The two commands a user needs: `make demo` (the whole pipeline with sample data) and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: bootstrap test lint typecheck unit demo demo-stop bench proto clean

bootstrap:
	bash scripts/bootstrap.sh

lint: bootstrap
	$(VENV)/bin/ruff check .

typecheck: bootstrap
	$(VENV)/bin/mypy finops focus remote_write_adapter exporters reports tests

unit: bootstrap  # every test but the slow ones that start Prometheus
	$(VENV)/bin/pytest -p no:cacheprovider -m "not slow" $(PYTEST_ARGS)

test:
	bash scripts/test.sh $(PYTEST_ARGS)

demo:
	bash scripts/demo.sh

demo-stop:
	bash scripts/demo.sh stop

bench: bootstrap
	$(PY) -m bench

proto: bootstrap
	bash scripts/gen-proto.sh

clean:
	bash scripts/demo.sh stop || true
	rm -rf var
