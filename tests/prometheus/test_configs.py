from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from exporters.focus_cost.collector import LABEL_COLUMNS
from focus.columns import snake_case
from tests.services import ROOT, require_binary

CONFIGS = sorted((ROOT / "prometheus").glob("*.yml"))
RULES = sorted((ROOT / "prometheus" / "rules").glob("*.yml"))


def _promtool(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([require_binary("promtool"), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=60, check=False)


def test_repo_has_prometheus_configs_and_rules() -> None:
    assert {p.name for p in CONFIGS} >= {"prometheus.yml", "local.yml"}
    assert RULES


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_promtool_accepts_config(path: Path) -> None:
    done = _promtool("check", "config", str(path), cwd=path.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout + done.stderr


@pytest.mark.parametrize("path", RULES, ids=lambda p: p.name)
def test_promtool_accepts_rules(path: Path) -> None:
    done = _promtool("check", "rules", str(path), cwd=path.parent)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_remote_write_goes_to_the_adapter_with_retries_that_suit_it(path: Path) -> None:
    config = yaml.safe_load(path.read_text())
    (target,) = config["remote_write"]
    assert target["url"].endswith("/api/v1/write")
    queue = target["queue_config"]
    assert queue["max_samples_per_send"] >= 2000
    assert "retry_on_http_429" not in queue  # the adapter answers 503 for back-pressure, never 429
    assert config["remote_read"][0]["url"].endswith("/api/v1/read")


RULE_TESTS = sorted((ROOT / "prometheus" / "tests").glob("*.yml"))


@pytest.mark.parametrize("path", RULE_TESTS, ids=lambda p: p.name)
def test_promtool_rule_unit_tests_pass(path: Path) -> None:
    done = _promtool("test", "rules", str(path), cwd=path.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout


def test_cost_rules_group_by_labels_the_exporter_sets() -> None:
    exported = {snake_case(c) for c in LABEL_COLUMNS} | {"job", "instance", "source"}
    rules = [r for p in RULES for g in yaml.safe_load(p.read_text())["groups"] for r in g["rules"]]
    cost_exprs = [r["expr"] for r in rules if "focus_billed_cost" in r["expr"]]
    assert cost_exprs
    for expr in cost_exprs:
        for group in re.findall(r"by \(([^)]*)\)", expr):
            labels = {label.strip() for label in group.split(",")}
            assert labels <= exported, (expr, labels - exported)
