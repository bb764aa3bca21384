"""Unit economics from a business counter stored from Prometheus, and mixed currencies kept apart."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import psycopg

from tests.reports.conftest import query

DAY = datetime(2025, 1, 15, tzinfo=UTC)
ROW = ("INSERT INTO finops.focus_costs (row_id, source, focus_version, load_id, charge_period_start, "
       "charge_period_end, billing_period_start, billing_period_end, billing_currency, billed_cost, effective_cost, "
       "list_cost, contracted_cost, service_name, tags) VALUES (%s, 't', '1.3', 0, %s, %s, '2025-01-01', "
       "'2025-02-01', %s, %s, %s, %s, %s, 'API', %s)")


def test_cost_per_request_per_day(db: str) -> None:
    with psycopg.connect(db) as conn:
        conn.execute(ROW, ("a", DAY, DAY + timedelta(days=1), "USD", 12, 12, 12, 12, json.dumps({"app": "shop"})))
        conn.execute(ROW, ("b", DAY, DAY + timedelta(days=1), "USD", 5, 5, 5, 5, json.dumps({"app": "blog"})))
        sid = conn.execute("SELECT id FROM finops.get_or_create_series(ARRAY[%s::jsonb])",
                           (json.dumps({"__name__": "http_requests_total", "job": "api"}),)).fetchone()
        assert sid is not None
        # a counter: 0 at 23:59 the day before, +100 a minute, reset at noon (back to 50)
        values = [(DAY - timedelta(minutes=1), 0.0)]
        values += [(DAY + timedelta(minutes=m), 100.0 * (m + 1)) for m in range(720)]
        values += [(DAY + timedelta(minutes=720 + m), 50.0 + 100.0 * m) for m in range(720)]
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO finops.samples (time, series_id, value) VALUES (%s, %s, %s)",
                            [(t, sid[0], v) for t, v in values])
    rows = query(db, "SELECT day, billing_currency, effective_cost, units, cost_per_unit FROM finops.unit_cost("
                     "'http_requests_total', %s, %s, '{\"job\": \"api\"}', 'counter', 'tag:app', 'shop')",
                 (DAY, DAY + timedelta(days=1)))
    units = 720 * 100 + 50 + 719 * 100  # every minute's step, the reset counting its new value
    [(day, currency, cost, got_units, per_unit)] = rows
    assert (day, currency, cost, got_units) == (DAY.date(), "USD", Decimal(12), units)
    assert abs(per_unit - Decimal(12) / Decimal(units)) < Decimal("1e-20")  # numeric division: 20+ digits


def test_mixed_currencies_are_separate_lines_never_summed(db: str) -> None:
    with psycopg.connect(db) as conn:
        for i, (cur, cost) in enumerate((("USD", 10), ("EUR", 30), ("USD", 30))):
            conn.execute(ROW, (f"r{i}", DAY, DAY + timedelta(days=1), cur, cost, cost, cost, cost,
                               json.dumps({"team": "payments" if i < 2 else "search"})))
    rows = query(db, "SELECT key, billing_currency, effective_cost, effective_percent FROM "
                     "finops.showback('tag:team', %s, %s)", (DAY, DAY + timedelta(days=1)))
    assert rows == [("payments", "EUR", Decimal(30), Decimal("100.00")),
                    ("search", "USD", Decimal(30), Decimal("75.00")),
                    ("payments", "USD", Decimal(10), Decimal("25.00"))]
