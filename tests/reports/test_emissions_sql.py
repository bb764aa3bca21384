"""Emissions in SQL (migration 0010) on a fixture whose figures are computed here by hand: hour by hour, the
CCF energy of each row (watts per vCPU of the instance type, the measured or default CPU, memory, PUE) times the
region's intensity that hour (the live series where there is one, measured before estimated, else the table)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner

from finops.cli import cli
from finops.db import SQL_DIR, migrate
from focus.load import load_file
from reports.carbon.build import instance_key
from reports.carbon.regions import REGIONS
from reports.carbon.sqlgen import generated_section, render
from tests.reports.carbon_fixture import (
    VM_A,
    VM_MARS,
    carbon_db,
    insert_samples,
    intensity_labels,
    ts,
    usage,
    write_focus,
)

__all__ = ["carbon_db"]  # the fixture, used by name

WINDOW = ("2025-01-15T00:00:00Z", "2025-01-16T00:00:00Z")

# D2s v3 (reports/carbon/data/instance_types.csv): 2 vCPUs, mean of 4 architectures 0.974239-4.464745 W per vCPU
# (band 0.638949-3.685328 low, 1.900568-6.01291 high), 3.695228 GB above SPECpower's memory; Azure PUE 1.185
# (band 1.125-1.185); Azure's average for unknown CPUs 0.78-3.76 W (band 0.44539-1.692962 / 1.900568-6.01291).
EXTRA_W = 3.695228 * 0.392
NL_10, NL_11 = 300.0, 390.0  # 10:00: mean of the measured live points 290 and 310; 11:00: the table (CCF 2021)


def vm_a() -> tuple[float, float, float]:
    """R1, by hand: hour 10 at the measured 30 % CPU and 300 g/kWh, hour 11 at the default 50 % and 390 g/kWh."""
    mid = ((2 * (0.7 * 0.974239 + 0.3 * 4.464745) + EXTRA_W) / 1000 * 1.185 * NL_10
           + (2 * (0.5 * 0.974239 + 0.5 * 4.464745) + EXTRA_W) / 1000 * 1.185 * NL_11)
    low = ((2 * (0.7 * 0.638949 + 0.3 * 3.685328) + EXTRA_W) / 1000 * 1.125 * NL_10
           + (2 * 0.638949 + EXTRA_W) / 1000 * 1.125 * NL_11)
    high = ((2 * (0.7 * 1.900568 + 0.3 * 6.01291) + EXTRA_W) / 1000 * 1.185 * NL_10
            + (2 * 6.01291 + EXTRA_W) / 1000 * 1.185 * NL_11)
    return mid, low, high


def storage() -> tuple[float, float, float]:
    """R2: 100 GB-months = 73,000 GB-hours in its one hour, HDD-class (Storage Accounts) 0.65 Wh per TB-hour."""
    wh = 100 * 730 / 1000 * 0.65
    return wh / 1000 * 1.185 * NL_10, wh / 1000 * 1.125 * NL_10, wh / 1000 * 1.185 * NL_10


def vcpu_hours() -> tuple[float, float, float]:
    """R3: 4 vCPU-hours over two hours = 2 an hour at Azure's average watts, default 50 % (band 0 % / 100 %)."""
    mid = 2 * (0.5 * 0.78 + 0.5 * 3.76) / 1000 * 1.185 * (NL_10 + NL_11)
    low = 2 * 0.44539 / 1000 * 1.125 * (NL_10 + NL_11)
    high = 2 * 6.01291 / 1000 * 1.185 * (NL_10 + NL_11)
    return mid, low, high


def query(dsn: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(sql, params).fetchall()


def test_the_migration_carries_exactly_the_shipped_tables() -> None:
    assert generated_section((SQL_DIR / "migrations" / "0010_carbon.sql").read_text()) == render()


def test_every_listed_region_resolves_in_sql_too(empty_db: str) -> None:
    migrate(empty_db)
    listed = [(p, r.region_id) for p, regions in REGIONS.items() for r in regions]
    with psycopg.connect(empty_db) as conn:
        for provider, region in listed:
            row = conn.execute("SELECT g_per_kwh FROM finops.carbon_table_intensity(%s, %s, %s)",
                               (provider, region, "2025-06-01T00:00:00Z")).fetchone()
            assert row is not None and 0 < row[0] <= 1200, (provider, region)


def test_instance_keys_are_the_same_in_python_and_sql(empty_db: str) -> None:
    migrate(empty_db)
    cases = [("azure", "Standard_D2s_v3"), ("azure", " D2s  v3 "), ("azure", "Basic_A1"), ("aws", "M5.Large"),
             ("gcp", "N2-Standard-8")]
    with psycopg.connect(empty_db) as conn:
        for provider, raw in cases:
            row = conn.execute("SELECT finops.carbon_normalize_instance(%s, %s)", (provider, raw)).fetchone()
            assert row == (instance_key(provider, raw),), raw


def test_instance_type_and_vcpus_are_read_from_what_each_provider_writes(empty_db: str) -> None:
    migrate(empty_db)
    cases = [
        (("aws", None, None, "$0.34 per On Demand Linux c5.2xlarge Instance Hour", None), "c5.2xlarge", 8.0),
        (("aws", None, None, "USD 0.023 per db.t3.micro Single-AZ instance hour (or partial hour)", None),
         "db.t3.micro", None),
        (("aws", None, None, "$0.00 for 175 Mbps per t3a.small instance-hour (or partial hour)", None), None, None),
        (("aws", None, None, "", {"x_UsageType": "USE1-BoxUsage:m6i.4xlarge"}), "m6i.4xlarge", 16.0),
        (("aws", {"InstanceType": "t3.medium", "CoreCount": 2}, None, "", None), "t3.medium", None),
        (("azure", None, "D4s v5", "D4s v5 hours", None), "d4s v5", 4.0),
        (("azure", None, "LRS Data Stored", "Standard LRS data stored", None), None, None),
        (("azure", None, None, "", {"x_SkuMeterName": "E16-4as v4"}), "e16-4as v4", 4.0),
        (("gcp", None, None, "N2 Instance running: n2-standard-8", None), "n2-standard-8", 8.0),
    ]
    with psycopg.connect(empty_db) as conn:
        for (provider, details, meter, description, x), key, vcpus in cases:
            row = conn.execute(
                "SELECT k, finops.carbon_vcpus_from_name(%s, k) "
                "FROM finops.carbon_instance_key(%s, %s, %s, %s, %s, %s) k",
                (provider, provider, (details or {}).get("InstanceType"), meter, description,
                 (x or {}).get("x_UsageType"), (x or {}).get("x_SkuMeterName"))).fetchone()
            assert row is not None
            assert row[0] == key, description
            if vcpus is not None:
                assert row[1] == vcpus, key


def test_emissions_per_row_match_the_hand_computed_hourly_figures(carbon_db: str) -> None:
    rows = query(carbon_db, "SELECT resource_id, kind, instance_type, hours, hours_utilization_measured, "
                            "emissions_g, emissions_g_low, emissions_g_high, intensity_method, billed_cost "
                            "FROM finops.carbon_row_emissions(%s, %s) ORDER BY charge_period_start, billed_cost",
                 *WINDOW)
    by_cost = {r[9]: r for r in rows}
    assert len(rows) == 6
    r1 = by_cost[Decimal("0.192")]
    assert r1[:5] == (VM_A, "instance", "d2s v3", 2, 1)
    assert r1[5:8] == pytest.approx(vm_a(), rel=1e-12)
    assert r1[8] == "live:electricity_maps+table:region"
    r2 = by_cost[Decimal("0.01")]
    assert (r2[1], r2[3], r2[8]) == ("storage", 1, "live:electricity_maps")
    assert r2[5:8] == pytest.approx(storage(), rel=1e-12)
    r3 = by_cost[Decimal("0.2")]
    assert (r3[0], r3[1], r3[3], r3[4]) == (None, "vcpu", 2, 0)
    assert r3[5:8] == pytest.approx(vcpu_hours(), rel=1e-12)
    r4 = by_cost[Decimal("0.096")]  # the unknown region: energy known, emissions not
    assert (r4[0], r4[1], r4[5], r4[8]) == (VM_MARS, "instance", None, "none")
    for cost in (Decimal("0.05"), Decimal("0.03")):  # requests and tax: cost only
        assert by_cost[cost][1] is None and by_cost[cost][5] is None and by_cost[cost][3] == 0
    energy = query(carbon_db, "SELECT energy_kwh FROM finops.carbon_row_emissions(%s, %s) WHERE resource_id = %s",
                   *WINDOW, VM_MARS)
    assert energy[0][0] == pytest.approx((2 * (0.5 * 0.974239 + 0.5 * 4.464745) + EXTRA_W) / 1000 * 1.185, rel=1e-12)


def test_the_same_figures_once_the_samples_are_compacted_into_blocks(carbon_db: str) -> None:
    # the emissions SQL reads usage and intensity through finops.series_samples; the fixture writes hot rows only,
    # so compact them all, as the adapter does in the background, and read the same hand-computed figures (issue 11)
    hot = "SELECT count(*) FROM finops.samples_hot"
    assert query(carbon_db, hot) == [(7,)]
    done = CliRunner().invoke(cli, ["db", "compact", "--older-than", "0s", f"--db.url={carbon_db}",
                                    "--db.migrate=false"])
    assert done.exit_code == 0, done.output
    assert "compacted 7 samples" in done.output
    assert query(carbon_db, hot) == [(0,)]
    assert query(carbon_db, "SELECT count(*) > 0 FROM finops.sample_blocks") == [(True,)]
    rows = {r[0]: r[1:] for r in query(
        carbon_db, "SELECT billed_cost, hours_utilization_measured, emissions_g, emissions_g_low, emissions_g_high, "
                   "intensity_method FROM finops.carbon_row_emissions(%s, %s)", *WINDOW)}
    r1 = rows[Decimal("0.192")]
    assert r1[0] == 1  # the CPU samples still found, NaN left out as before
    assert r1[1:4] == pytest.approx(vm_a(), rel=1e-12)
    assert r1[4] == "live:electricity_maps+table:region"
    assert rows[Decimal("0.01")][1:4] == pytest.approx(storage(), rel=1e-12)
    assert rows[Decimal("0.2")][1:4] == pytest.approx(vcpu_hours(), rel=1e-12)


def test_watttime_feeds_emissions_only_with_the_average_signal(carbon_db: str) -> None:
    # the exporter's default WattTime signal is co2_moer (marginal); the emissions use average intensities only,
    # so a region sees WattTime's values only when the exporter runs with --carbon.watttime.signal-type co2_aoer
    def watttime(signal: str) -> dict[str, str]:
        return {**intensity_labels("NEM_NSW", estimated=False, source="watttime", factor="direct"), "signal": signal}

    with psycopg.connect(carbon_db) as conn:
        insert_samples(conn, watttime("marginal"), [(ts("2025-01-15T10:10:00"), 900.0)])
        insert_samples(conn, watttime("average"), [(ts("2025-01-15T11:10:00"), 640.0)])
    rows = query(carbon_db, "SELECT hour, g_per_kwh, method FROM finops.carbon_region_hourly(%s, %s, ARRAY['aws'], "
                            "ARRAY['ap-southeast-2']) WHERE hour IN (%s, %s) ORDER BY hour", *WINDOW,
                 ts("2025-01-15T10:00:00"), ts("2025-01-15T11:00:00"))
    table = query(carbon_db, "SELECT g_per_kwh FROM finops.carbon_table_intensity('aws', 'ap-southeast-2', %s)",
                  ts("2025-01-15T10:00:00"))[0][0]
    assert rows == [(ts("2025-01-15T10:00:00"), table, "table:region"),
                    (ts("2025-01-15T11:00:00"), 640.0, "live:watttime")]


def test_row_hours_show_the_hourly_matching(carbon_db: str) -> None:
    rows = query(carbon_db, "SELECT hour, utilization, utilization_measured, g_per_kwh, intensity_method "
                            "FROM finops.carbon_row_hours(%s, %s) WHERE resource_id = %s ORDER BY hour",
                 *WINDOW, VM_A.lower())  # lower-cased: the key the CPU series and FOCUS rows are joined on
    assert rows == [
        (ts("2025-01-15T10:00:00"), pytest.approx(0.3, rel=1e-12), True, NL_10, "live:electricity_maps"),
        (ts("2025-01-15T11:00:00"), 0.5, False, NL_11, "table:region"),
    ]


def test_emissions_beside_cost_per_service_sub_account_tag_and_resource(carbon_db: str) -> None:
    def grouped(group_by: str) -> dict[Any, tuple[Any, ...]]:
        rows = query(carbon_db, "SELECT group_key, billing_currency, billed_cost, rows, rows_estimated, "
                                "emissions_g FROM finops.carbon_emissions(%s, %s, %s)", *WINDOW, group_by)
        return {r[0]: r[1:] for r in rows}

    a, s, v = vm_a()[0], storage()[0], vcpu_hours()[0]
    services = grouped("service")
    assert services["Virtual Machines"][:4] == ("USD", Decimal("0.318"), 3, 1)  # R1, R4 (no region), tax
    assert services["Virtual Machines"][4] == pytest.approx(a, rel=1e-12)
    assert services["Storage Accounts"][:4] == ("USD", Decimal("0.06"), 2, 1)
    assert services["Storage Accounts"][4] == pytest.approx(s, rel=1e-12)
    assert services["Azure Container Apps"][4] == pytest.approx(v, rel=1e-12)
    assert s > a > v
    assert list(services) == ["Storage Accounts", "Virtual Machines", "Azure Container Apps"]  # most emissions first
    (sub,) = grouped("sub_account").values()
    assert sub[:4] == ("USD", Decimal("0.578"), 6, 3)
    assert sub[4] == pytest.approx(a + s + v, rel=1e-12)
    tags = grouped("tag:team")
    assert tags["web"][4] == pytest.approx(a, rel=1e-12) and tags["data"][4] == pytest.approx(s, rel=1e-12)
    assert tags[None][:4] == ("USD", Decimal("0.23"), 2, 1)
    resources = grouped("resource")
    assert resources[VM_A.lower()][4] == pytest.approx(a, rel=1e-12)
    assert resources[VM_MARS.lower()][3:5] == (0, None)


def test_a_bad_group_is_refused(carbon_db: str) -> None:
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="group_by must be"):
        query(carbon_db, "SELECT * FROM finops.carbon_emissions(%s, %s, %s)", *WINDOW, "colour")


def test_region_intensity_over_time_and_what_the_workload_would_emit_elsewhere(carbon_db: str) -> None:
    hourly = query(carbon_db, "SELECT hour, g_per_kwh, method FROM finops.carbon_region_hourly(%s, %s, "
                              "ARRAY['azure'], ARRAY['westeurope', 'northeurope']) WHERE region_id = %s "
                              "AND hour < '2025-01-15T13:00:00Z' AND hour >= '2025-01-15T09:00:00Z' ORDER BY hour",
                   *WINDOW, "westeurope")
    assert [(h.hour, g, m) for h, g, m in hourly] == [(9, 390, "table:region"), (10, 300, "live:electricity_maps"),
                                                      (11, 390, "table:region"), (12, 390, "table:region")]
    alternatives = {(r[0], r[3]): r for r in query(
        carbon_db, "SELECT resource_id, provider, region_id, candidate_region, energy_kwh, emissions_g, "
                   "current_emissions_g, difference_g FROM finops.carbon_region_alternatives(%s, %s)", *WINDOW)}
    here = alternatives[(VM_A.lower(), "westeurope")]
    assert here[5] == pytest.approx(vm_a()[0], rel=1e-12) == here[6]  # the current region gives the current figure
    assert here[7] == pytest.approx(0, abs=1e-9)
    kwh = here[4]
    sweden = alternatives[(VM_A.lower(), "swedencentral")]  # CCF: 9 g/kWh, no live data
    assert sweden[5] == pytest.approx(kwh * 9, rel=1e-12)
    assert len({c for (rid, c) in alternatives if rid == VM_A.lower()}) == len(REGIONS["azure"])


def test_forecasts_are_kept_and_scored_and_the_lowest_window_found(carbon_db: str) -> None:
    issued = ts("2025-01-15T10:00:00")
    with psycopg.connect(carbon_db) as conn:
        for horizon, value in [(0, 300.0), (3600, 250.0), (7200, 100.0), (10800, 120.0), (14400, 400.0),
                               (18000, 90.0)]:
            labels = {"__name__": "carbon_intensity_forecast_grams_per_kilowatt_hour", "source": "uk_carbon_intensity",
                      "zone": "GB", "signal": "average", "emission_factor_type": "direct",
                      "horizon_seconds": str(horizon)}
            insert_samples(conn, labels, [(issued, value)])
        actual = {"__name__": "carbon_intensity_grams_per_kilowatt_hour", "source": "uk_carbon_intensity",
                  "zone": "GB", "signal": "average", "emission_factor_type": "direct", "estimated": "false"}
        insert_samples(conn, actual, [(ts("2025-01-15T10:00:00"), 280.0), (ts("2025-01-15T10:30:00"), 300.0),
                                      (ts("2025-01-15T11:00:00"), 275.0)])
    accuracy = query(carbon_db, "SELECT source, zone, lead_hours, forecasts, mae, mape, bias "
                                "FROM finops.carbon_forecast_accuracy(%s, %s)", *WINDOW)
    assert accuracy == [
        ("uk_carbon_intensity", "GB", 0, 1, pytest.approx(10.0), pytest.approx(10 / 290), pytest.approx(10.0)),
        ("uk_carbon_intensity", "GB", 1, 1, pytest.approx(25.0), pytest.approx(25 / 275), pytest.approx(-25.0)),
    ]
    windows = query(carbon_db, "SELECT provider, region_id, window_start, window_g_per_kwh, now_g_per_kwh, reduction "
                               "FROM finops.carbon_lowest_window(2, %s)", "2025-01-15T10:20:00Z")
    assert {(p, r) for p, r, *_ in windows} == {("aws", "eu-west-2"), ("azure", "uksouth"), ("azure", "ukwest"),
                                                ("gcp", "europe-west2")}
    for _p, _r, start, g, now_g, reduction in windows:
        assert (start, g, now_g) == (ts("2025-01-15T12:00:00"), 110.0, 300.0)
        assert reduction == pytest.approx(1 - 110 / 300)


def test_a_charge_period_across_an_hour_boundary_is_spread_over_both_hours(empty_db: str, tmp_path: Path) -> None:
    migrate(empty_db)
    row = usage("2025-01-15T10:30:00Z", "2025-01-15T11:30:00Z", "0.096", "1", "Hours", ResourceId=VM_A,
                ResourceName="VM-A", SkuMeter="D2s v3", ChargeDescription="D2s v3 hours", SkuPriceDetails="")
    load_file(empty_db, write_focus(tmp_path / "bill.csv", [row]), mode="strict")
    hours = query(empty_db, "SELECT hour, quantity, energy_kwh FROM finops.carbon_row_hours(%s, %s) ORDER BY hour",
                  *WINDOW)
    watts = 2 * (0.5 * 0.974239 + 0.5 * 4.464745) + EXTRA_W
    assert [(h.hour, q) for h, q, _ in hours] == [(10, 0.5), (11, 0.5)]
    assert sum(e for *_, e in hours) == pytest.approx(watts / 1000 * 1.185, rel=1e-12)  # one hour's energy, once
