"""What users start from: the Grafana dashboard (every SQL panel runs against the real schema with data, every
PromQL panel parses and names metrics that exist), the compose file (every mounted file exists) and the exporter
configs under deploy/ (they load)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import psycopg
import yaml
from prometheus_client.registry import CollectorRegistry

from exporters.azure.app import SELF_PREFIX as AZURE_PREFIX
from exporters.azure.config import load_config as load_azure_config
from exporters.cli import _EXPORTERS
from exporters.focus_cost.app import SELF_METRICS_PREFIX as FOCUS_PREFIX
from exporters.focus_cost.config import load_config as load_focus_config
from exporters.forecast.app import load_exporter_config as load_forecast_exporter_config
from exporters.forecast.collector import ForecastCollector
from exporters.forecast.source import Snapshot as ForecastSnapshot
from exporters.recommendations.config import load_config as load_recommendations_config
from finops.config import load_yaml_file
from finops.db import migrate
from focus.load import load_file
from remote_write_adapter.metrics import AdapterMetrics
from reports.forecast.config import load_config as load_forecast_config
from tests.services import ROOT, require_binary

DASHBOARDS = sorted((ROOT / "deploy" / "grafana" / "dashboards").glob("*.json"))
FIXTURE = ROOT / "tests" / "focus" / "fixtures" / "focus-1.2-conformant.csv"
WINDOW = ("2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z")  # the fixture's billing period


def _targets(kind: str) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in DASHBOARDS:
        for panel in json.loads(path.read_text())["panels"]:
            for target in panel.get("targets", []):
                if (kind == "sql") == ("rawSql" in target):
                    out.append((panel["title"], target))
    return out


def _grafana_macros(sql: str) -> str:
    """What Grafana's PostgreSQL data source does to the macros we use, for the fixture's month."""
    start, end = WINDOW
    sql = re.sub(r"\$__timeFilter\(([^)]+)\)", rf"\1 BETWEEN '{start}' AND '{end}'", sql)
    return sql.replace("$__timeFrom()", f"'{start}'").replace("$__timeTo()", f"'{end}'")


def test_dashboards_use_the_provisioned_data_sources() -> None:
    assert DASHBOARDS
    provisioned = yaml.safe_load((ROOT / "deploy" / "grafana-datasources.yml").read_text())["datasources"]
    uids = {d["uid"] for d in provisioned}
    for path in DASHBOARDS:
        for panel in json.loads(path.read_text())["panels"]:
            used = [panel.get("datasource")] + [t.get("datasource") for t in panel.get("targets", [])]
            for source in filter(None, used):
                assert source["uid"] in uids, (path.name, panel["title"])


def test_sql_panels_run_against_the_schema_and_return_the_fixture(empty_db: str) -> None:
    migrate(empty_db)
    load_file(empty_db, FIXTURE, mode="strict")
    panels = _targets("sql")
    assert len(panels) >= 4
    with psycopg.connect(empty_db) as conn:
        for title, target in panels:
            assert "$__" not in _grafana_macros(target["rawSql"]), title  # a macro the test does not know
            rows = conn.execute(_grafana_macros(target["rawSql"])).fetchall()
            assert rows, title  # every panel shows something for a month of FOCUS data


def test_promql_panels_parse_and_name_metrics_that_exist(tmp_path: Path) -> None:
    exprs = [(title, t["expr"]) for title, t in _targets("promql")]
    assert exprs
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:panel_{i}", "expr": expr} for i, (_, expr) in enumerate(exprs)]}]}
    path = tmp_path / "dashboard-rules.yml"
    path.write_text(yaml.safe_dump(rules))
    done = subprocess.run([require_binary("promtool"), "check", "rules", str(path)], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    registry: CollectorRegistry = AdapterMetrics().registry
    ours = {m.name for m in registry.collect()} | {f"{FOCUS_PREFIX}_up", f"{AZURE_PREFIX}_up"}
    ours |= {m.name for m in ForecastCollector(ForecastSnapshot).describe()}  # the forecast dashboard's budgets
    ours |= {name + "_total" for name in ours}  # prometheus_client reports counters without the suffix
    checked = set()
    for title, expr in exprs:
        for name in re.findall(r"\b((?:finops_adapter|focus_exporter|azure_exporter|finops_forecast)_\w+)", expr):
            assert name in ours, (title, name)
            checked.add(name)
    assert "finops_forecast_budget_breach_timestamp_seconds" in checked


def _compose_command(service: dict[str, Any]) -> tuple[list[str], str | None]:
    """The service's `finops` arguments and the port of its --web.listen-address."""
    command = [str(a) for a in service.get("command", [])]
    listen = [a.split("=", 1)[1] for a in command if a.startswith("--web.listen-address=")]
    return command, listen[0].rsplit(":", 1)[1] if listen else None


def test_compose_runs_every_exporter_and_prometheus_scrapes_each() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    prometheus = yaml.safe_load((ROOT / "prometheus" / "prometheus.yml").read_text())
    targets = {t for job in prometheus["scrape_configs"] for c in job.get("static_configs", []) for t in c["targets"]}
    exporters = set()
    for name, service in compose["services"].items():
        command, port = _compose_command(service)
        if command[:1] == ["exporter"]:
            exporters.add(command[1])
        if command[:1] in (["exporter"], ["adapter"]):
            assert f"{name}:{port}" in targets, name
            assert f"{port}:{port}" in service.get("ports", []), name
    assert exporters == set(_EXPORTERS)


def test_compose_database_readers_get_the_password_from_the_secret() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    secret_file = "/run/secrets/db_password"
    readers = {n: s for n, s in compose["services"].items() if "FINOPS_DB_URL" in s.get("environment", {})}
    assert set(readers) == {"adapter", "forecast-job", "forecast-exporter", "recommendations-exporter"}
    for name, service in readers.items():
        assert service["environment"]["FINOPS_DB_PASSWORD_FILE"] == secret_file, name
        assert service["secrets"] == ["db_password"], name
        assert "@timescaledb:5432/" in service["environment"]["FINOPS_DB_URL"], name
        if name != "adapter":  # the adapter migrates: the readers start once it is ready
            assert service["depends_on"] == {"adapter": {"condition": "service_healthy"}}, name
    assert "healthcheck" in compose["services"]["adapter"]


def test_every_file_the_compose_stack_mounts_is_in_the_repository() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    paths = [s["file"] for s in compose.get("secrets", {}).values() if "file" in s]
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            host = volume.split(":")[0]
            if host.startswith("."):
                paths.append(host)
        build = service.get("build")
        if isinstance(build, str):
            paths.append(build)
    assert any("grafana/dashboards" in p for p in paths)
    for path in paths:
        assert (ROOT / path).exists(), path


def test_the_exporter_configs_users_start_from_are_valid() -> None:
    for name in ("focus-exporter.yml", "focus-exporter-local.yml"):
        config = load_focus_config(str(ROOT / "deploy" / name), flags={})
        assert [s.name for s in config.sources] == ["focus-sample"], name
    azure = load_azure_config(file_values=load_yaml_file(ROOT / "deploy" / "azure-exporter.yml"), environ={})
    assert azure.resource_types == ("Microsoft.Compute/virtualMachines",)
    forecast = str(ROOT / "deploy" / "forecast.yml")
    job, _ = load_forecast_config(forecast, environ={})  # the job and the exporter read the same file
    exporter = load_forecast_exporter_config(forecast, flags={"web_listen_address": ":9104"}, environ={})
    assert [b.name for b in exporter.budgets] == [b.name for b in job.budgets] == ["all-usd"]
    recommendations = load_recommendations_config(str(ROOT / "deploy" / "recommendations-exporter.yml"), environ={})
    assert recommendations.interval == 3600
