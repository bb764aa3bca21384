"""Usage from Azure Monitor and cost from a FOCUS file, joined per VM in one SQL query.

The whole path runs as users run it: `finops exporter azure` in its own process queries a local HTTPS fake of
Entra ID, ARM and the metrics batch API (the real azure-identity / azure-mgmt-resource /
azure-monitor-querymetrics code, trusting the fake's CA through `azure.ca_file`); a real Prometheus scrapes it
with `honor_timestamps` and remote-writes to the adapter process, which stores into TimescaleDB. The FOCUS
fixture (a day of three VMs' costs, ResourceIds in Azure's mixed spelling) is loaded with
`focus.load.load_file`. Then `finops.resource_cost_usage` (sql/migrations/0006) must give, per VM, the exact
Decimal cost sums of the fixture and the exact average and maximum of the CPU percentages the fake served.

The fake serves CPU only for a few known time grains (4 s each, so the test stays short) and nothing before
or after them, so the expected usage does not depend on scrape timing: every served grain must arrive, once.
The fixture describes 2025-01-15; it is loaded moved to the UTC day of the served grains (its datetimes
shifted by whole days, amounts untouched), because Prometheus only accepts recent samples.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml
from aiohttp import web

from focus.load import load_file
from tests.e2e.conftest import AdapterProcess, prom_query, prometheus_config
from tests.exporters.azure.fakeazure import Fake, FakeAzure, FakeResource, Tls, make_tls
from tests.services import PrometheusServer, free_port, wait_until

FIXTURE = Path(__file__).parent / "fixtures" / "azure_focus.csv"
FIXTURE_DAY = datetime(2025, 1, 15, tzinfo=UTC)
DATETIME_COLUMNS = ("BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd")
METRIC = "azure_vm_cpu_utilization_percent"
SUB = "3f2a8c1e-5b7d-4e9a-9c10-2d4b6a8e0f17"
GRAIN = 4  # seconds: Azure's real grain is 1 minute, the fake and the exporter accept any
VMS = [FakeResource(SUB, "RG-FinOps-Prod", name) for name in ("vm-web-01", "vm-web-02", "vm-db-01")]
# CPU percent per served grain; multiples of 1/4, so sums and means are exact in binary floating point
CPU: dict[str, list[float]] = {
    "vm-web-01": [12.5, 37.25, 20.0, 55.5],
    "vm-web-02": [3.0, 4.25, 90.75, 8.0],
    "vm-db-01": [61.0, 61.0, 70.5, 64.5],
}


def canonical(name: str) -> str:
    return f"/subscriptions/{SUB}/resourcegroups/rg-finops-prod/providers/microsoft.compute/virtualmachines/{name}"


class ServedGrainsFake(FakeAzure):
    """The fake with one CPU value per grain (the base fake has one per minute) for `len(CPU[vm])` grains from
    `first_grain`, set once the pipeline is up; no data (the aggregation key left out, as Azure answers) for any
    other grain."""

    def __init__(self) -> None:
        super().__init__(page_size=2)
        self.resources = list(VMS)
        self.first_grain: float | None = None
        self._names = {vm.arm_id.lower(): vm.name for vm in VMS}
        self._lock = threading.Lock()
        self.served: set[tuple[str, float]] = set()  # (vm name, grain start) answered with a value

    def cpu(self, resource_id: str, grain_start: float) -> float | None:
        if self.first_grain is None:
            return None
        index, rest = divmod(grain_start - self.first_grain, GRAIN)
        values = CPU[self._names[resource_id.lower()]]
        return values[int(index)] if rest == 0 and 0 <= index < len(values) else None

    def _series(
        self,
        rid: str,
        name: str,
        aggregations: list[str],
        dimensions: list[str],
        start: datetime,
        end: datetime,
        grain: timedelta,
    ) -> list[dict[str, Any]]:
        data = []
        t = start
        while t < end:
            point: dict[str, Any] = {"timeStamp": self.timestamp(t)}
            value = self.cpu(rid, t.timestamp()) if name == "Percentage CPU" else None
            if value is not None:  # Azure leaves the key out for a grain without data
                point.update(dict.fromkeys(aggregations, value))
                with self._lock:
                    self.served.add((self._names[rid.lower()], t.timestamp()))
            data.append(point)
            t += grain
        return [{"metadatavalues": [], "data": data}]

    def grains(self) -> list[float]:
        assert self.first_grain is not None
        return [self.first_grain + i * GRAIN for i in range(len(CPU["vm-web-01"]))]


@contextmanager
def serving(fake: Fake, tls: Tls) -> Iterator[str]:
    """Runs the fake on 127.0.0.1 in a thread with its own event loop; yields its base URL."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fake-azure", daemon=True)
    thread.start()
    port = free_port()
    runner = web.AppRunner(fake.app(), access_log=None)

    async def start() -> None:
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port, ssl_context=tls.server_context).start()

    try:
        asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=10)
        yield f"https://127.0.0.1:{port}"
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


@dataclass
class ExporterProcess:
    """`python -m finops exporter azure --config.file ...`, as users run it."""

    config_file: Path
    log_path: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_", "FINOPS_"))}
        env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "finops", "exporter", "azure", f"--config.file={self.config_file}"],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        wait_until(self._polled, timeout=30, interval=0.2, what="Azure exporter's first successful poll")

    def _polled(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            pytest.fail(f"azure exporter exited: {self.log_path.read_text()[-3000:]}")
        with urllib.request.urlopen(f"http://{self.address}/metrics", timeout=2) as resp:
            body = resp.read().decode()
        return 'azure_exporter_up{source="azure_metrics"} 1.0' in body

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def exporter_config(folder: Path, base_url: str, tls: Tls, port: int) -> Path:
    secret = folder / "client-secret"
    secret.write_text("s3cret\n")
    config = {
        "web": {"listen_address": f"127.0.0.1:{port}"},
        "azure": {
            "tenant_id": "tenant-1",
            "client_id": "app-1",
            "client_secret_file": str(secret),
            "authority_host": base_url,
            "arm_endpoint": base_url,
            "metrics_endpoint": base_url + "/metrics/{region}",
            "ca_file": str(tls.ca_file),
            "subscription_ids": [SUB],
            "poll_interval": "1s",
            "timeout": "10s",
            "metrics": {
                "Microsoft.Compute/virtualMachines": {
                    "timespan": "1m",
                    "granularity": f"{GRAIN}s",
                    "metrics": [{"name": "Percentage CPU", "aggregation": "Average", "prometheus_name": METRIC}],
                }
            },
        },
    }
    path = folder / "azure-exporter.yml"
    path.write_text(yaml.safe_dump(config))
    return path


def shifted_fixture(folder: Path, day: datetime) -> Path:
    """The fixture with every datetime moved by whole days so that its charge day is `day`."""
    delta = day - FIXTURE_DAY
    with FIXTURE.open(newline="", encoding="utf-8") as src:
        reader = csv.DictReader(src)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    for row in rows:
        for name in DATETIME_COLUMNS:
            moved = datetime.fromisoformat(row[name].replace("Z", "+00:00")) + delta
            row[name] = moved.strftime("%Y-%m-%dT%H:%M:%SZ")
    path = folder / FIXTURE.name
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def fixture_costs(window_start: datetime, window_end: datetime) -> dict[str, tuple[Decimal, Decimal, int]]:
    """(billed, effective, rows) per lower-cased ResourceId over the rows whose charge period overlaps the
    window, summed with Decimal straight from the fixture's text."""
    out: dict[str, tuple[Decimal, Decimal, int]] = {}
    delta = window_start - FIXTURE_DAY
    with FIXTURE.open(newline="", encoding="utf-8") as src:
        for row in csv.DictReader(src):
            start = datetime.fromisoformat(row["ChargePeriodStart"].replace("Z", "+00:00")) + delta
            end = datetime.fromisoformat(row["ChargePeriodEnd"].replace("Z", "+00:00")) + delta
            if not row["ResourceId"] or not (start < window_end and end > window_start):
                continue
            billed, effective, n = out.get(row["ResourceId"].lower(), (Decimal(0), Decimal(0), 0))
            out[row["ResourceId"].lower()] = (
                billed + Decimal(row["BilledCost"]),
                effective + Decimal(row["EffectiveCost"]),
                n + 1,
            )
    return out


def stored_cpu(dsn: str) -> dict[str, list[tuple[float, float]]]:
    """(timestamp, value) per VM name of every non-NaN CPU sample in the database."""
    out: dict[str, list[tuple[float, float]]] = {}
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT labels ->> 'resource_name', extract(epoch FROM time)::float8, value "
            "FROM finops.metric(%s) WHERE value <> 'NaN'::float8 ORDER BY 1, 2",
            (METRIC,),
        ).fetchall()
    for name, ts, value in rows:
        out.setdefault(name, []).append((ts, value))
    return out


@pytest.mark.slow
def test_cost_and_usage_per_vm_join_on_resource_id_whatever_its_case(adapter: AdapterProcess, tmp_path: Path) -> None:
    tls = make_tls(tmp_path)
    fake = ServedGrainsFake()
    with serving(fake, tls) as base_url:
        exporter = ExporterProcess(
            exporter_config(tmp_path, base_url, tls, port := free_port()), tmp_path / "exporter.log", port
        )
        config = json.loads(prometheus_config({"azure": [exporter.address]}, adapter_url=adapter.url))
        config["scrape_configs"][0]["honor_timestamps"] = True  # the default, stated: samples keep Azure's times
        prom = PrometheusServer(tmp_path / "prom", json.dumps(config))
        exporter.start()
        try:
            prom.start()
            wait_until(
                lambda: prom_query(prom, 'up{job="azure"} == 1', datetime.now(UTC).timestamp()),
                timeout=20,
                what="Prometheus scraping the exporter",
            )
            # serve from the next grain on: it has not started yet, so no poll can have missed it
            now = datetime.now(UTC).timestamp()
            fake.first_grain = (now // GRAIN + 1) * GRAIN
            grains = fake.grains()
            expected_points = {
                name: [(t, v) for t, v in zip(grains, values, strict=True)] for name, values in CPU.items()
            }
            wait_until(
                lambda: stored_cpu(adapter.dsn) == expected_points,
                timeout=GRAIN * len(grains) + 25,
                interval=0.5,
                what=f"the served CPU grains in the database; exporter log: {exporter.log_path}",
            )
        finally:
            prom.stop()
            exporter.stop()
    assert fake.served == {(name, t) for name in CPU for t in grains}
    assert fake.auth_headers == {"Bearer fake-token-1"}
    # at the default log level azure-core's line per HTTP request and response stays out of the exporter's log
    log_lines = exporter.log_path.read_text().splitlines()
    assert any("exporting Azure metrics" in line for line in log_lines)
    assert [line for line in log_lines if "logger=azure." in line] == []

    # the query window: the UTC day of the last grain (the charge day the fixture is moved to)
    day = datetime.fromtimestamp(grains[-1], UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    window = (day, day + timedelta(days=1))
    result = load_file(adapter.dsn, shifted_fixture(tmp_path, day), mode="strict")
    assert (result.rows, result.inserted) == (7, 7)

    with psycopg.connect(adapter.dsn) as conn:
        spellings = {r[0] for r in conn.execute("SELECT resource_id FROM finops.focus_costs WHERE resource_id <> ''")}
        rows = conn.execute(
            "SELECT resource_id, billing_currency, billed_cost, effective_cost, cost_rows, "
            "usage_avg, usage_max, usage_samples FROM finops.resource_cost_usage(%s, %s, %s)",
            (METRIC, *window),
        ).fetchall()
    # the file's spelling is kept in the table and is never the exporter's lower-case one: the join must fold case
    assert len(spellings) == 3
    assert all(rid != rid.lower() for rid in spellings)
    got = {r[0]: r[1:] for r in rows}
    assert len(got) == len(rows), "one row per resource and currency"

    # usage: exactly what the fake served in the window (all of it, unless the grains straddle midnight)
    lo, hi = window[0].timestamp(), window[1].timestamp()
    in_window = {name: [v for t, v in points if lo <= t < hi] for name, points in expected_points.items()}
    usage = {
        canonical(name): (sum(values) / len(values), max(values), len(values))
        for name, values in in_window.items()
        if values
    }
    costs = fixture_costs(*window)
    # the fixture's sums, spelled out once: the previous day's row and the tax row without ResourceId excluded
    assert costs == {
        canonical("vm-web-01"): (Decimal("1.152"), Decimal("1.9584"), 2),
        canonical("vm-web-02"): (Decimal("4.108"), Decimal("4.108"), 2),
        canonical("vm-batch-07"): (Decimal("2.028"), Decimal("2.028"), 1),
    }
    no_cost: tuple[Any, ...] = (None, None, None, 0)
    expected = {
        rid: (*(("USD", *costs[rid]) if rid in costs else no_cost), *usage.get(rid, (None, None, 0)))
        for rid in costs.keys() | usage.keys()
    }
    assert got == expected
    for _currency, billed, effective, *_ in got.values():  # NUMERIC all the way: Decimal, never float
        assert billed is None or isinstance(billed, Decimal)
        assert effective is None or isinstance(effective, Decimal)

    # FULL JOIN semantics, explicitly: usage without cost and cost without usage both appear
    assert got[canonical("vm-db-01")][:4] == (None, None, None, 0)  # no cost rows for the database VM
    assert got[canonical("vm-batch-07")][4:] == (None, None, 0)  # billed, but Azure Monitor never saw it
