"""Carbon: the exporter with many zones, and the emissions query beside a plain aggregate of the same rows.

    .venv/bin/python bench/carbon.py                       # both parts
    .venv/bin/python bench/carbon.py --part exporter --zones 200 --polls 5
    .venv/bin/python bench/carbon.py --part sql --resources 1000 --days 30 --repeat 3

exporter: the carbon exporter against the local HTTPS fake of Electricity Maps with N zones (latest and a 25-hour
forecast each: 2N calls a poll), its poll (`Poller.poll_once`: requests, JSON checks, snapshot) timed against
a baseline measured in the same run: the same 2N GETs with the same session settings and concurrency, bodies
read and nothing else. Also the `/metrics` render time and size.

sql: a throwaway PostgreSQL+TimescaleDB cluster (scripts/pg.sh), migrated; N Azure VMs x D days of hourly FOCUS
Usage rows (four sizes, five regions, two of them with a live intensity every hour), one CPU sample per VM and
hour, all INSERTed; then `finops.carbon_emissions(.., 'service')` (hour by hour: instance lookup, CPU, live or
table intensity, bands) timed against `sum(billed_cost) … GROUP BY service` over the same rows. Medians.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp
import psycopg

from exporters.base import render_metrics
from exporters.carbon.app import build
from exporters.carbon.config import load_config
from exporters.carbon.source import ssl_context
from finops.db import migrate
from tests.exporters.azure.fakeazure import make_tls, start_fake
from tests.exporters.carbon.fakeapis import FakeCarbonApis, em_value
from tests.services import free_port

ROOT = Path(__file__).resolve().parent.parent
PG_SH = ROOT / "scripts" / "pg.sh"


async def raw_fetch(session: aiohttp.ClientSession, base: str, zones: list[str], concurrency: int,
                    ctx: ssl.SSLContext) -> None:
    """The baseline: the exporter's GETs with the same session and concurrency, bodies read, nothing else."""
    semaphore = asyncio.Semaphore(concurrency)

    async def get(path: str, zone: str) -> None:
        async with semaphore, session.get(f"{base}/em/v3/carbon-intensity/{path}",
                                          params={"zone": zone, "emissionFactorType": "lifecycle"},
                                          headers={"auth-token": "em-secret"}, ssl=ctx) as resp:
            await resp.read()

    await asyncio.gather(*(get(p, z) for z in zones for p in ("latest", "forecast")))


async def bench_exporter(zones: int, polls: int, concurrency: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="carbon-bench-"))
    tls = make_tls(folder)
    fake = FakeCarbonApis(time.time)
    names = [f"Z{i:03d}" for i in range(zones)]
    fake.em_zones = dict.fromkeys(names, em_value)
    runner, base = await start_fake(fake, tls)  # type: ignore[arg-type]
    token = folder / "token"
    token.write_text("em-secret")
    config = load_config(flags={
        "carbon_electricity_maps_url": base + "/em/v3", "carbon_electricity_maps_token_file": str(token),
        "carbon_electricity_maps_zones": ",".join(names), "carbon_electricity_maps_forecast": "true",
        "carbon_electricity_maps_requests_per_second": "100000", "carbon_ca_file": str(tls.ca_file),
        "carbon_max_concurrency": str(concurrency), "carbon_retries": "0",
    }, environ={})
    exporter = build(config, start_pollers=False)
    poller = exporter.pollers[0]
    ctx = ssl_context(str(tls.ca_file))
    try:
        poll_s, raw_s = [], []
        for n in range(polls):
            t0 = time.perf_counter()
            assert await poller.poll_once(), poller.status.last_error
            poll_s.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            await raw_fetch(exporter.http.session(), base, names, concurrency, ctx)
            raw_s.append(time.perf_counter() - t0)
            print(f"poll {n + 1}: exporter {poll_s[-1]:.3f}s, raw GETs {raw_s[-1]:.3f}s", flush=True)
        snap = poller.snapshot
        t0 = time.perf_counter()
        body, _ = render_metrics(exporter.registry, "")
        render = time.perf_counter() - t0
        p, r = statistics.median(poll_s), statistics.median(raw_s)
        print(f"exporter, {zones} zones ({2 * zones} calls a poll, concurrency {concurrency}): median poll {p:.3f}s "
              f"vs raw GETs {r:.3f}s: ratio {p / r:.2f}; {len(snap.samples)} samples; /metrics {render * 1000:.0f} ms, "
              f"{len(body) / 1e6:.2f} MB")
    finally:
        await exporter.http.close()
        await runner.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


FILL = """
WITH load AS (INSERT INTO finops.focus_loads (source, content_sha256, focus_version) VALUES ('bench', 'x', '1.2')
              RETURNING id)
INSERT INTO finops.focus_costs (row_id, charge_period_start, charge_period_end, billing_period_start,
    billing_period_end, provider_name, region_id, resource_id, service_name, sub_account_id, charge_category,
    consumed_quantity, consumed_unit, sku_meter, billed_cost, effective_cost, billing_currency, tags, source,
    focus_version, load_id)
SELECT 'r' || r || '-' || h, %(t0)s::timestamptz + h * interval '1 hour',
       %(t0)s::timestamptz + (h + 1) * interval '1 hour', %(t0)s::timestamptz, %(t0)s::timestamptz + interval '31 days',
       'Microsoft', (ARRAY['westeurope', 'northeurope', 'eastus', 'uksouth', 'swedencentral'])[1 + r %% 5],
       '/subscriptions/s' || (r %% 10) || '/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm' || r,
       (ARRAY['Virtual Machines', 'Azure Kubernetes Service', 'Azure Batch'])[1 + r %% 3],
       '/subscriptions/s' || (r %% 10), 'Usage', 1, 'Hours',
       (ARRAY['D2s v3', 'D4s v3', 'F8s v2', 'E16-4as v4'])[1 + r %% 4], 0.096, 0.096, 'USD',
       jsonb_build_object('team', 't' || (r %% 7)), 'bench', '1.2', load.id
FROM load, generate_series(0, %(resources)s - 1) AS r, generate_series(0, %(hours)s - 1) AS h
"""
CPU = """
WITH s AS (
    SELECT r, (finops.get_or_create_series(ARRAY[jsonb_build_object('__name__', 'azure_vm_cpu_utilization_percent',
        'resource_id', '/subscriptions/s' || (r %% 10)
                       || '/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm' || r,
        'job', 'azure')])).id AS id
    FROM generate_series(0, %(resources)s - 1) AS r)
INSERT INTO finops.samples (time, series_id, value)
SELECT %(t0)s::timestamptz + h * interval '1 hour' + interval '30 minutes', s.id, (s.r * 7 + h) %% 100
FROM s, generate_series(0, %(hours)s - 1) AS h
"""
LIVE = """
WITH s AS (
    SELECT z, (finops.get_or_create_series(ARRAY[jsonb_build_object(
        '__name__', 'carbon_intensity_grams_per_kilowatt_hour', 'source', 'electricity_maps', 'zone', z,
        'signal', 'average', 'emission_factor_type', 'lifecycle', 'estimated', 'false')])).id AS id
    FROM unnest(ARRAY['NL', 'IE']) AS z)
INSERT INTO finops.samples (time, series_id, value)
SELECT %(t0)s::timestamptz + h * interval '1 hour', s.id, 200 + (h %% 24) * 10
FROM s, generate_series(0, %(hours)s - 1) AS h
"""
PLAIN = """
SELECT service_name, billing_currency, sum(billed_cost), sum(effective_cost), count(*)
FROM finops.focus_costs
WHERE charge_period_start < %(t1)s AND coalesce(charge_period_end, charge_period_start) > %(t0)s
GROUP BY 1, 2
"""
EMISSIONS = "SELECT * FROM finops.carbon_emissions(%(t0)s, %(t1)s, 'service')"


def bench_sql(resources: int, days: int, repeat: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="carbon-sql-bench-"))
    work.chmod(0o755)
    data_dir = work / "pg"
    started = False
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    params = {"t0": t0, "t1": t0 + timedelta(days=days), "resources": resources, "hours": days * 24}
    try:
        done = subprocess.run(["bash", str(PG_SH), "start", str(data_dir), str(free_port())],
                              capture_output=True, text=True, check=True)
        started = True
        dsn = done.stdout.strip().splitlines()[-1]
        migrate(dsn)
        with psycopg.connect(dsn, autocommit=True) as conn:
            for name, statement in (("FOCUS rows", FILL), ("CPU samples", CPU), ("intensity samples", LIVE)):
                s = time.perf_counter()
                conn.execute(statement, params)
                print(f"inserted {name} in {time.perf_counter() - s:.1f}s", flush=True)
            conn.execute("ANALYZE")
            rows = conn.execute("SELECT count(*) FROM finops.focus_costs").fetchone()
            plain_s, emissions_s = [], []
            for n in range(repeat):
                s = time.perf_counter()
                plain = conn.execute(PLAIN, params).fetchall()
                plain_s.append(time.perf_counter() - s)
                s = time.perf_counter()
                result = conn.execute(EMISSIONS, params).fetchall()
                emissions_s.append(time.perf_counter() - s)
                assert len(result) == len(plain) == 3 and all(r[5] == r[4] for r in result), result
                print(f"run {n + 1}: plain aggregate {plain_s[-1]:.2f}s, emissions {emissions_s[-1]:.2f}s", flush=True)
        p, e = statistics.median(plain_s), statistics.median(emissions_s)
        print(f"sql, {rows[0] if rows else 0:,} hourly rows ({resources} resources x {days} days): median emissions "
              f"{e:.2f}s vs plain aggregate {p:.2f}s: ratio {e / p:.1f}")
    finally:
        if started:
            subprocess.run(["bash", str(PG_SH), "stop", str(data_dir)], capture_output=True, check=False)
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["exporter", "sql", "all"], default="all")
    parser.add_argument("--zones", type=int, default=200)
    parser.add_argument("--polls", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--resources", type=int, default=1000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.part in ("exporter", "all"):
        asyncio.run(bench_exporter(args.zones, args.polls, args.concurrency))
    if args.part in ("sql", "all"):
        bench_sql(args.resources, args.days, args.repeat)


if __name__ == "__main__":
    main()
