"""Daily cost per service against its robust band: a spike is flagged and stored with its band; noise is not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import psycopg

from tests.reports.conftest import query

START = datetime(2025, 1, 1, tzinfo=UTC)
COSTS = [Decimal(100 + (i * 7) % 11) for i in range(40)]  # 100-110, deterministic noise
COSTS[35] = Decimal(300)


def insert_daily_costs(db: str) -> None:
    """One Compute Engine row a day with the COSTS (a spike on day 35)."""
    with psycopg.connect(db) as conn, conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO finops.focus_costs (row_id, source, focus_version, load_id, charge_period_start, "
            "charge_period_end, billing_period_start, billing_period_end, billing_currency, billed_cost, "
            "effective_cost, list_cost, contracted_cost, service_name, provider_name) VALUES "
            "(%s, 't', '1.2', 0, %s, %s, %s, %s, 'USD', %s, %s, %s, %s, 'Compute Engine', 'Google')",
            [(f"d{i}", START + timedelta(days=i), START + timedelta(days=i + 1), START, START + timedelta(days=31), c,
              c, c, c) for i, c in enumerate(COSTS)])


def test_a_spike_is_flagged_and_the_band_stored(db: str) -> None:
    insert_daily_costs(db)
    with psycopg.connect(db) as conn:
        flagged = conn.execute("SELECT finops.detect_cost_anomalies(%s, %s)",
                               (START + timedelta(days=20), START + timedelta(days=40))).fetchone()
    assert flagged == (1,)
    rows = query(db, "SELECT day, cost, baseline, lower_bound, upper_bound, direction FROM finops.cost_anomalies "
                     "WHERE is_anomaly")
    [(day, cost, baseline, lower, upper, direction)] = rows
    assert day == (START + timedelta(days=35)).date() and cost == 300 and direction == "up"
    previous = sorted(COSTS[35 - 28:35])
    median = (previous[13] + previous[14]) / 2
    assert baseline == median and lower < 100 <= 110 < upper < 300
    assert query(db, "SELECT count(*) FROM finops.cost_anomalies") == [(20,)]  # every band is stored
