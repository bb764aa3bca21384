"""The database readers of docker-compose.yml (the forecast job and exporter, the recommendations exporter) run
the way compose runs them, without Docker (no daemon on the build machines): their commands, environment and
secret taken from the compose file (mounted paths mapped back to the repository's files, the database host to
the test cluster), as real processes on the real database. What only Docker shows: the image build and the
containers' network."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import yaml

from finops.db import migrate
from tests.reports.conftest import insert_costs
from tests.services import ROOT, free_port, http_ready, wait_until

FINOPS = Path(sys.executable).parent / "finops"


def _compose_service(name: str, dsn: str) -> tuple[list[str], dict[str, str]]:
    """The service's `finops` arguments and environment, with the container paths and the database host of the
    compose stack replaced by the repository's files and the test cluster."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    service: dict[str, Any] = compose["services"][name]
    mounts = {v.split(":")[1]: str(ROOT / v.split(":")[0]) for v in service.get("volumes", [])}
    secrets = {f"/run/secrets/{s}": str(ROOT / compose["secrets"][s]["file"]) for s in service.get("secrets", [])}
    args = []
    for original in service["command"]:
        arg = str(original)
        for container, host in (mounts | secrets).items():
            arg = arg.replace(container, host)
        args.append(arg)
    env = {k: secrets.get(str(v), str(v)) for k, v in service["environment"].items()}
    assert env["FINOPS_DB_URL"].startswith("postgresql://finops@timescaledb:5432/")
    env["FINOPS_DB_URL"] = dsn
    return args, env


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([str(FINOPS), *args], env={"PATH": "/usr/bin:/bin", **env}, stdout=out,
                                stderr=subprocess.STDOUT)  # fmt: skip


def _scrape_exporter(name: str, dsn: str, log: Path) -> list[str]:
    """The compose service started on a free local port; its /metrics once ready (its first read of the database
    succeeded)."""
    args, env = _compose_service(name, dsn)
    port = free_port()
    args = [f"--web.listen-address=127.0.0.1:{port}" if a.startswith("--web.listen-address=") else a for a in args]
    proc = _start(args, env, log)
    try:
        wait_until(lambda: http_ready(proc, log, f"http://127.0.0.1:{port}/readyz", name), timeout=60,
                   what=f"the {name}'s first read")  # fmt: skip
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as resp:
            body: bytes = resp.read()
    finally:
        _stop(proc)
    return body.decode().splitlines()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_the_compose_forecast_job_and_exporter_serve_the_budget_panels_metrics(empty_db: str, tmp_path: Path) -> None:
    migrate(empty_db)  # the adapter's start-up, which compose makes both services wait for
    today = datetime.now(UTC).date()
    insert_costs(empty_db, [{"day": today - timedelta(days=d), "cost": 100 + 10 * ((today - timedelta(days=d))
                                                                                    .weekday() < 5)}
                            for d in range(1, 61)])  # fmt: skip
    job_args, job_env = _compose_service("forecast-job", empty_db)
    assert "--watch" in job_args and job_env["FINOPS_DB_PASSWORD_FILE"].endswith("deploy/db_password.txt")
    job = _start(job_args, job_env, tmp_path / "job.log")
    try:

        def stored() -> Any:
            if job.poll() is not None:
                raise AssertionError((tmp_path / "job.log").read_text()[-3000:])
            with psycopg.connect(empty_db) as conn:
                return conn.execute("SELECT count(*) FROM finops.forecasts").fetchone()[0]  # type: ignore[index]

        wait_until(stored, timeout=180, interval=0.5, what="the forecast job's first stored run")
    finally:
        _stop(job)
    lines = _scrape_exporter("forecast-exporter", empty_db, tmp_path / "exporter.log")
    # deploy/forecast.yml's example budget: the whole USD bill, 10000 a month
    assert 'finops_forecast_budget_amount{budget="all-usd",currency="USD"} 10000.0' in lines
    projected = [ln for ln in lines if ln.startswith('finops_forecast_budget_projected_cost{budget="all-usd"')]
    assert len(projected) == 1 and float(projected[0].split()[-1]) > 0
    assert any(ln.startswith("finops_forecast_month_end_cost{") for ln in lines)
    assert 'forecast_exporter_up{source="forecasts"} 1.0' in lines


def test_the_compose_recommendations_exporter_reads_the_database(empty_db: str, tmp_path: Path) -> None:
    migrate(empty_db)
    lines = _scrape_exporter("recommendations-exporter", empty_db, tmp_path / "exporter.log")
    assert 'finops_recommendations_exporter_up{source="recommendations"} 1.0' in lines
    assert any(ln.startswith("finops_recommendations_last_computed_timestamp_seconds ") for ln in lines)
