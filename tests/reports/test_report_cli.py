"""Every `finops report` command as users run it (click, through `finops report …`) on the real database: its
table, CSV or JSON parsed and checked against the SQL function's own answer or figures computed here, and bad
input (unknown option values, malformed YAML, bad rules) refused with a clear message and exit status 2."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import asdict, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from focus.load import load_file
from reports import traces
from reports.allocation import allocate
from reports.render import render
from reports.rightsizing import COLUMNS, compute, load
from tests.focus_db.conftest import SAMPLE
from tests.reports.conftest import FIXTURE_12, JAN, SEPT, query
from tests.reports.conftest import report_invoke as invoke
from tests.reports.conftest import report_output as ok
from tests.reports.test_allocation import RULES
from tests.reports.test_anomalies import START, insert_daily_costs
from tests.reports.test_rightsizing import fleet
from tests.reports.test_showback_usecases import csv_rows, tag
from tests.reports.test_unit_cost_and_currencies import DAY, ROW

JAN_FLAGS = ("--from", "2025-01-01", "--to", "2025-02-01")


def refused(dsn: str, *args: str) -> str:
    """The message of a run refused as bad input (exit 2), on stderr."""
    result = invoke(dsn, *args)
    assert result.exit_code == 2, result.output
    return str(result.stderr)


def sql_json(dsn: str, statement: str, params: Any) -> list[dict[str, Any]]:
    """The SQL function's own rows as the report renders them in JSON."""
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        conn.execute("SET TIME ZONE 'UTC'")
        cur.execute(statement, params)
        columns = [d.name for d in cur.description or ()]
        rows = [dict(zip(columns, r, strict=True)) for r in cur.fetchall()]
    parsed: list[dict[str, Any]] = json.loads(render(columns, rows, "json"))
    return parsed


def write_config(tmp_path: Path, document: dict[str, Any] | str) -> str:
    path = tmp_path / "finops.yml"
    path.write_text(document if isinstance(document, str) else yaml.safe_dump(document))
    return str(path)


# ------------------------------------------------------------------------------------------------------------
# allocate
# ------------------------------------------------------------------------------------------------------------


def _summary(rows: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[Decimal, Decimal, int]]:
    return {(r["rule"], r["target"]): (Decimal(str(r["billed_cost"])), Decimal(str(r["effective_cost"])),
                                       int(r["rows"])) for r in rows}  # fmt: skip


def test_allocate_dry_run_then_stored_as_the_function_splits(db13: str, tmp_path: Path) -> None:
    config = write_config(tmp_path, {"allocation": RULES})
    with psycopg.connect(db13) as conn:
        expected = allocate(conn, RULES, *JAN, dry_run=True)
    dry = json.loads(ok(db13, "allocate", "--config.file", config, "--dry-run", "--output", "json", *JAN_FLAGS))
    assert _summary(dry) == _summary(expected.summary) and len(dry) == len(expected.summary)
    # shared-sql: Azure SQL Database 12.5 usage + 1.25 tax, 60/40 (the golden split of test_allocation)
    effective = {k: v[1] for k, v in _summary(dry).items()}
    assert (effective[("shared-sql", "finops")], effective[("shared-sql", "payments")]) == (
        Decimal("8.25"), Decimal("5.5"))
    # untagged: Amazon Bedrock 0.30, even
    assert effective[("untagged", "finops")] == effective[("untagged", "payments")] == Decimal("0.15")
    assert query(db13, "SELECT count(*) FROM finops.allocation_rows") == [(0,)]  # a dry run stores nothing
    table = ok(db13, "allocate", "--config.file", config, *JAN_FLAGS)
    assert table.startswith(f"{expected.origins} shared rows split into {expected.rows} rows (run ")
    assert query(db13, "SELECT count(*) FROM finops.allocation_rows") == [(expected.rows,)]
    stored = query(db13, "SELECT rule, sum(effective_cost) FROM finops.allocation_rows GROUP BY 1 ORDER BY 1")
    by_rule: dict[str, Decimal] = defaultdict(Decimal)
    for (rule, _), (_, cost, _) in _summary(dry).items():
        by_rule[rule] += cost
    assert stored == sorted(by_rule.items())


def test_allocate_refuses_malformed_yaml_missing_and_bad_rules(db13: str, tmp_path: Path) -> None:
    broken = write_config(tmp_path, "allocation:\n  rules: [{name: a, method: even\n")
    err = refused(db13, "allocate", "--config.file", broken, *JAN_FLAGS)
    assert "finops report allocate:" in err and "not valid YAML" in err
    err = refused(db13, "allocate", "--config.file", write_config(tmp_path, {"report": {"output": "json"}}))
    assert "no 'allocation:' section" in err
    rules = {"tag_key": "team", "rules": [{"name": "x", "method": "telepathy", "source": {"ServiceName": "S"},
                                           "targets": ["a"]}]}  # fmt: skip
    err = refused(db13, "allocate", "--config.file", write_config(tmp_path, {"allocation": rules}), *JAN_FLAGS)
    assert "telepathy" in err
    err = refused(db13, "allocate", "--output", "xml")
    assert "Invalid value for '--output'" in err and "'xml' is not one of 'table', 'csv', 'json'" in err
    err = refused(db13, "allocate", "--config.file", write_config(tmp_path, {"allocation": RULES}),
                  "--from", "2025-02-01", "--to", "2025-01-01")
    assert "is not before --to" in err


# ------------------------------------------------------------------------------------------------------------
# commitments, trend, tag-coverage
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("view", "function"), [
    ("utilization", "commitment_utilization"), ("coverage", "commitment_coverage"),
    ("savings-rate", "effective_savings_rate"), ("unused", "unused_commitments"),
])  # fmt: skip
def test_commitments_each_view_is_its_function(db13: str, view: str, function: str) -> None:
    got = json.loads(ok(db13, "commitments", "--view", view, "--output", "json", *JAN_FLAGS))
    assert got == sql_json(db13, f"SELECT * FROM finops.{function}(%s, %s)", JAN) and got


def test_commitments_utilization_as_csv_and_table_and_a_bad_view(db13: str) -> None:
    [row] = csv.DictReader(io.StringIO(ok(db13, "commitments", "--output", "csv", *JAN_FLAGS)))
    # sp-1: 0.75 used, 0.25 unused (the 1.3 fixture's commitment rows)
    assert (row["commitment_discount_id"], row["used_cost"], row["unused_cost"], row["utilization_percent"]) == (
        "sp-1", "0.75", "0.25", "75.00")
    header, rule, line = ok(db13, "commitments", *JAN_FLAGS).splitlines()
    assert header.split()[:3] == ["provider", "billing_account_id", "commitment_discount_id"]
    assert set(rule) <= {"-", " "} and "sp-1" in line
    err = refused(db13, "commitments", "--view", "regret", *JAN_FLAGS)
    assert "Invalid value for '--view'" in err and "'utilization'" in err


def test_trend_by_sub_account_is_cost_trend(db13: str) -> None:
    got = json.loads(ok(db13, "trend", "--by", "SubAccountId", "--output", "json", "--from", "2024-12-01",
                        "--to", "2025-02-01"))  # fmt: skip
    assert got == sql_json(db13, "SELECT * FROM finops.cost_trend('SubAccountId', %s, %s)",
                           (date(2024, 12, 1), date(2025, 2, 1)))
    mic = [r for r in got if r["key"] == "sub-mic"]
    # Microsoft in January: 2.304 + 12.5 - 5 (credit) + 1.25 (tax)
    assert [(r["month"], Decimal(r["effective_cost"])) for r in mic] == [("2025-01-01", Decimal("11.054"))]
    err = refused(db13, "trend", "--by", "NoSuchThing", *JAN_FLAGS)
    assert "unknown dimension NoSuchThing" in err and "ServiceName" in err
    err = refused(db13, "trend", "--from", "last tuesday")
    assert "--from" in err


def test_tag_coverage_of_the_official_sample(sample_db: str) -> None:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in csv_rows(SAMPLE):
        totals["all"] += Decimal(row["EffectiveCost"])
        for key in ("business_unit", "application"):
            if tag(row, key) is not None:
                totals[key] += Decimal(row["EffectiveCost"])
    got = json.loads(ok(sample_db, "tag-coverage", "business_unit", "application", "--output", "json",
                        "--from", "2024-09-01", "--to", "2024-10-01"))  # fmt: skip
    assert got == sql_json(sample_db, "SELECT * FROM finops.tag_coverage(ARRAY['business_unit', 'application'], "
                                      "%s, %s)", SEPT)  # fmt: skip
    by_key = {r["tag_key"]: r for r in got}
    for key in ("business_unit", "application"):
        assert Decimal(by_key[key]["tagged_effective_cost"]) == totals[key]
        assert Decimal(by_key[key]["coverage_percent"]) == round(100 * totals[key] / totals["all"], 2)
    result = invoke(sample_db, "tag-coverage")
    assert result.exit_code == 2 and "Missing argument 'KEYS...'" in result.stderr


# ------------------------------------------------------------------------------------------------------------
# unit-cost, anomalies
# ------------------------------------------------------------------------------------------------------------


def test_unit_cost_from_flags_and_from_the_yaml_section(db: str, tmp_path: Path) -> None:
    with psycopg.connect(db) as conn:
        conn.execute(ROW, ("a", DAY, DAY + timedelta(days=1), "USD", 12, 12, 12, 12, json.dumps({"app": "shop"})))
        conn.execute(ROW, ("b", DAY, DAY + timedelta(days=1), "USD", 5, 5, 5, 5, json.dumps({"app": "blog"})))
        (sid,) = conn.execute("SELECT id FROM finops.get_or_create_series(ARRAY[%s::jsonb])",
                              (json.dumps({"__name__": "http_requests_total", "job": "api"}),)).fetchone() or (0,)
        with conn.cursor() as cur:  # a counter: +100 a minute over the day, from 0 the minute before
            cur.executemany("INSERT INTO finops.samples (time, series_id, value) VALUES (%s, %s, %s)",
                            [(DAY + timedelta(minutes=m - 1), sid, 100.0 * m) for m in range(1441)])
    day = ("--from", DAY.date().isoformat(), "--to", (DAY + timedelta(days=1)).date().isoformat())
    [row] = csv.DictReader(io.StringIO(ok(db, "unit-cost", "--metric", "http_requests_total", "--match", "job=api",
                                          "--by", "tag:app", "--value", "shop", "--output", "csv", *day)))
    assert (row["day"], row["effective_cost"], Decimal(row["units"])) == ("2025-01-15", "12", Decimal(144000))
    assert Decimal(row["cost_per_unit"]) == pytest.approx(Decimal(12) / Decimal(144000), abs=Decimal("1e-20"))
    config = write_config(tmp_path, {"unit_cost": {"metric": "http_requests_total", "match": {"job": "api"}}})
    [whole] = json.loads(ok(db, "unit-cost", "--config.file", config, "--output", "json", *day))
    assert (Decimal(whole["effective_cost"]), Decimal(whole["units"])) == (Decimal(17), Decimal(144000))
    assert "--metric (or unit_cost.metric) is required" in refused(db, "unit-cost", *day)
    assert "'jobapi' is not label=value" in refused(db, "unit-cost", "--metric", "m", "--match", "jobapi", *day)
    assert "--by and --value go together" in refused(db, "unit-cost", "--metric", "m", "--by", "tag:app", *day)
    assert "Invalid value for '--kind'" in refused(db, "unit-cost", "--metric", "m", "--kind", "histogram", *day)
    bad = write_config(tmp_path, {"unit_cost": ["http_requests_total"]})
    assert "'unit_cost' must be a mapping" in refused(db, "unit-cost", "--config.file", bad, *day)


def test_anomalies_flag_the_spike_store_the_bands_and_refuse_bad_parameters(db: str, tmp_path: Path) -> None:
    insert_daily_costs(db)
    window = ("--from", (START + timedelta(days=20)).date().isoformat(),
              "--to", (START + timedelta(days=40)).date().isoformat())  # fmt: skip
    args = (START + timedelta(days=20), START + timedelta(days=40), 28, Decimal(3), 7, Decimal(10))
    every = sql_json(db, "SELECT * FROM finops.daily_cost_bands(%s, %s, %s, %s, %s, %s)", args)
    assert len(every) == 20
    unsaved = json.loads(ok(db, "anomalies", "--no-save", "--output", "json", *window))
    assert unsaved == [r for r in every if r["is_anomaly"]]
    assert [(r["day"], Decimal(r["cost"])) for r in unsaved] == [("2025-02-05", Decimal(300))]
    assert query(db, "SELECT count(*) FROM finops.cost_anomalies") == [(0,)]
    assert json.loads(ok(db, "anomalies", "--all", "--output", "json", *window)) == every
    assert query(db, "SELECT count(*), count(*) FILTER (WHERE is_anomaly) FROM finops.cost_anomalies") == [(20, 1)]
    # the YAML section is read (a band of 300 % of the median, about 315, holds the spike), and a flag wins over it
    config = write_config(tmp_path, {"anomalies": {"min_band_percent": 300}})
    assert json.loads(ok(db, "anomalies", "--no-save", "--config.file", config, "--output", "json", *window)) == []
    assert len(json.loads(ok(db, "anomalies", "--no-save", "--config.file", config, "--output", "json",
                             "--anomalies.min-band-percent", "10", *window))) == 1  # fmt: skip
    err = refused(db, "anomalies", "--anomalies.k", "-1", "--anomalies.window-days", "zero", *window)
    assert "flag --anomalies.k: invalid value '-1': must be a non-negative number" in err
    assert "flag --anomalies.window-days: invalid value 'zero'" in err  # both at once
    bad = write_config(tmp_path, "anomalies: {k: 3\n")
    assert "not valid YAML" in refused(db, "anomalies", "--config.file", bad, *window)


# ------------------------------------------------------------------------------------------------------------
# rightsizing and --krateo
# ------------------------------------------------------------------------------------------------------------

SOURCES = [{"cpu": {"metric": "azure_vm_cpu_utilization_percent", "kind": "percent"},
            "memory": {"metric": "azure_vm_memory_used_bytes", "kind": "used_bytes"},
            "network": {"metrics": ["azure_vm_network_transmit_bytes"], "kind": "gauge"}}]


@pytest.fixture
def recent_usage_db(db: str, tmp_path: Path) -> str:
    """The rightsizing fleet moved to the 14 days that end an hour ago: the command sizes up to now."""
    now = datetime.now(UTC)
    start = datetime(now.year, now.month, now.day, now.hour, tzinfo=UTC) - timedelta(days=14, hours=1)
    shift = (start - datetime(2025, 3, 3, tzinfo=UTC)).total_seconds()
    vms = [replace(t, times=t.times + shift) for t in fleet()]
    with psycopg.connect(db) as conn:
        traces.store_samples(conn, vms)
    load_file(db, traces.write_focus_csv(tmp_path / "vms.csv", vms, FIXTURE_12, start, 14), mode="strict")
    return db


def test_rightsizing_and_krateo_output_are_compute(recent_usage_db: str, tmp_path: Path) -> None:
    db = recent_usage_db
    document = {"rightsizing": {"lookback": "15d", "sources": SOURCES}}
    config = write_config(tmp_path, document)
    th, sources, cat, sizes, carbon = load(document, {}, config)
    got = json.loads(ok(db, "rightsizing", "--config.file", config, "--output", "json"))
    with psycopg.connect(db) as conn:
        recs = compute(conn, th, sources, cat, now=datetime.now(UTC), sizes=sizes, carbon=carbon)
    shown = [r for r in recs if r.finding in ("over-provisioned", "under-provisioned", "idle")]
    assert got == json.loads(render(COLUMNS, [asdict(r) for r in shown], "json"))
    findings = {r["resource_name"]: (r["finding"], r["from_size"], r["to_size"], r["monthly_savings"]) for r in got}
    # 16 vCPU at 0.048/vCPU-hour, 730 h: 560.64 a month, D4s v4 saves 3/4 of it (test_rightsizing's golden)
    assert findings["vm-big-1"] == ("over-provisioned", "D16s v4", "D4s v4", "420.48")
    assert findings["vm-idl-2"][0] == "idle" and findings["vm-hot-3"][0] == "under-provisioned"
    krateo = json.loads(ok(db, "rightsizing", "--config.file", config, "--krateo"))
    assert krateo == json.loads(json.dumps([r.krateo() for r in shown], default=str))
    big = next(k for k in krateo if k["resourceid"].endswith("/vm-big-1"))
    assert big["optimization"] == {"from": "D16s v4", "to": "D4s v4", "resourceDelta": -75.0}
    assert (big["savings"], big["currency"], big["finding"]) == ("420.48", "USD", "over-provisioned")
    assert query(db, "SELECT count(*) FROM finops.recommendations") == [(0,)]  # --no-save is the default
    ok(db, "rightsizing", "--config.file", config, "--save", "--all")
    assert query(db, "SELECT count(*) FROM finops.recommendations") == [(len(recs),)]


def test_rightsizing_refuses_bad_thresholds_sources_and_yaml(db: str, tmp_path: Path) -> None:
    err = refused(db, "rightsizing", "--rightsizing.cpu-percentile", "1.5", "--rightsizing.lookback", "10m")
    assert "flag --rightsizing.cpu-percentile: invalid value '1.5': must be in (0, 1]" in err
    assert "flag --rightsizing.lookback: invalid value '10m': must be at least 1h" in err  # both at once
    config = write_config(tmp_path, {"rightsizing": {"sources": [{"cpu": {"metric": "m", "kind": "parsecs"}}]}})
    assert "cpu.kind 'parsecs' is not percent" in refused(db, "rightsizing", "--config.file", config, "--krateo")
    broken = write_config(tmp_path, "rightsizing:\n  lookback: [14d\n")
    assert "not valid YAML" in refused(db, "rightsizing", "--config.file", broken)
    assert "Invalid value for '--output'" in refused(db, "rightsizing", "--output", "yaml")
