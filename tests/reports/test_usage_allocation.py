"""Usage-based allocation from real stored samples: a shared cost split by three teams' request counters (one
with a reset, one stale marker, one series without the team label) exactly in NUMERIC, summing to the source
cost per billing period and currency; and the same split after `finops db compact --older-than 0s` has moved
every sample into compact blocks."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import psycopg

from reports.allocation import allocate
from tests.reports.conftest import query

DAY = datetime(2025, 1, 15, tzinfo=UTC)
WINDOW = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC))
STEPS = 96  # a sample every 15 minutes through the day, after one 5 minutes before it
#: requests per step of each series; None: the series has no team label (usage without a target)
PER_STEP: dict[str | None, int] = {"payments": 10, "search": 30, "checkout": 40, None: 20}
COSTS = {"USD": Decimal("100.00"), "EUR": Decimal("33.333333333333")}
RULES: dict[str, Any] = {"tag_key": "team", "rules": [
    {"name": "gateway", "method": "usage", "source": {"ServiceName": "API Gateway"},
     "usage": {"metric": "requests_total", "label": "team"}}]}  # fmt: skip


def _store(db: str) -> int:
    """The day's FOCUS rows of the shared gateway and the request counters; returns the samples written."""
    samples: list[tuple[datetime, int, float]] = []
    with psycopg.connect(db) as conn:
        for i, (currency, cost) in enumerate(COSTS.items()):
            conn.execute(
                "INSERT INTO finops.focus_costs (row_id, source, focus_version, load_id, charge_period_start, "
                "charge_period_end, billing_period_start, billing_period_end, billing_currency, billed_cost, "
                "effective_cost, list_cost, contracted_cost, service_name) VALUES (%s, 't', '1.3', 0, %s, %s, "
                "%s, %s, %s, %s, %s, %s, %s, 'API Gateway')",
                (f"gw-{i}", DAY, DAY + timedelta(days=1), *WINDOW, currency, cost, cost, cost, cost))
        for team, step in PER_STEP.items():
            labels = {"__name__": "requests_total", "job": "gateway", **({"team": team} if team else {})}
            (sid,) = conn.execute("SELECT id FROM finops.get_or_create_series(ARRAY[%s::jsonb])",
                                  (json.dumps(labels),)).fetchone() or (0,)
            samples.append((DAY - timedelta(minutes=5), sid, 0.0))
            value = 0.0
            for k in range(STEPS):
                # checkout's process restarts at noon: the counter starts again from its first step
                value = float(step) if team == "checkout" and k == STEPS // 2 else value + step
                samples.append((DAY + timedelta(minutes=15 * k), sid, value))
            samples.append((DAY + timedelta(hours=3, minutes=7), sid, float("nan")))  # a stale marker: not a value
            samples.append((DAY + timedelta(days=1, minutes=10), sid, value + 999))  # the next day: not this split
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO finops.samples (time, series_id, value) VALUES (%s, %s, %s)", samples)
    return len(samples)


def _split(db: str) -> list[tuple[Any, ...]]:
    return query(db, "SELECT billing_currency, allocated_tags ->> 'team', allocated_resource_id, billed_cost, "
                     "effective_cost, list_cost, contracted_cost, allocated_method_id, "
                     "allocated_method_details -> 'Elements' -> 0 ->> 'UsageQuantity' FROM finops.allocation_rows "
                     "ORDER BY 1, 2 NULLS LAST")  # fmt: skip


def _expected(share_unallocated: bool) -> list[tuple[Any, ...]]:
    used = {team: step * STEPS for team, step in PER_STEP.items()}
    targets = [t for t in sorted(used, key=lambda t: (t is None, t or "")) if t or not share_unallocated]
    total = sum(used[t] for t in targets)
    out = []
    for currency, cost in sorted(COSTS.items()):
        for team in targets:
            exact = Fraction(cost) * used[team] / total
            out.append((currency, team, exact))
    return out


def _check(db: str, share_unallocated: bool) -> list[tuple[Any, ...]]:
    rows = _split(db)
    expected = _expected(share_unallocated)
    assert [(c, t) for c, t, *_ in rows] == [(c, t) for c, t, _ in expected]
    for (currency, team, resource, billed, effective, list_, contracted, method, quantity), (_, _, exact) in zip(
            rows, expected, strict=True):  # fmt: skip
        assert billed == effective == list_ == contracted
        unit = Fraction(1, 10 ** 12)  # the EUR cost has 12 decimals; the USD split is exact at 2
        assert abs(Fraction(billed) - exact) < unit, (currency, team, billed, exact)
        assert method == "finops:usage"
        assert resource == (None if team is None else f"team/{team}")
        if not share_unallocated:
            assert Decimal(quantity) == PER_STEP[team] * STEPS  # the usage behind the share, in Units
    for currency, cost in COSTS.items():
        assert sum(r[3] for r in rows if r[0] == currency) == cost  # exactly, in NUMERIC
    assert query(db, "SELECT billing_currency, sum(effective_cost) FROM finops.focus_allocated GROUP BY 1 "
                     "ORDER BY 1") == sorted(COSTS.items())  # fmt: skip
    return rows


def test_usage_split_from_stored_samples_is_exact_and_survives_compaction(db: str) -> None:
    written = _store(db)
    with psycopg.connect(db) as conn:
        allocate(conn, RULES, *WINDOW)
    hot = _check(db, share_unallocated=False)
    # USD: 960, 2880, 3840 requests and 1920 without a team, of 9600: 10 %, 30 %, 40 % and 20 % unallocated
    assert [(r[1], r[3]) for r in hot if r[0] == "USD"] == [
        ("checkout", Decimal("40.0000000000")), ("payments", Decimal("10.0000000000")),
        ("search", Decimal("30.0000000000")), (None, Decimal("20.0000000000"))]

    done = subprocess.run([sys.executable, "-m", "finops", "db", "compact", "--older-than", "0s", f"--db.url={db}",
                           "--db.migrate=false"], capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"compacted {written} samples" in done.stdout
    assert query(db, "SELECT count(*) > 0 FROM finops.sample_blocks") == [(True,)]
    with psycopg.connect(db) as conn:
        allocate(conn, RULES, *WINDOW)  # replaces the window's split, now reading the compacted blocks
    assert _check(db, share_unallocated=False) == hot

    shared = {"tag_key": "team", "rules": [{**RULES["rules"][0], "share_unallocated": True}]}
    with psycopg.connect(db) as conn:
        allocate(conn, shared, *WINDOW)
    # the 20 % without a team goes to the teams in proportion: 960/7680 = 12.5 %, 37.5 %, 50 %
    assert [(r[1], r[3]) for r in _check(db, share_unallocated=True) if r[0] == "USD"] == [
        ("checkout", Decimal("50.0000000000")), ("payments", Decimal("12.5000000000")),
        ("search", Decimal("37.5000000000"))]
