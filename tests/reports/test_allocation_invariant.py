"""The allocation invariant, property-tested on NUMERIC in the real database: split rows sum EXACTLY to their
origin per cost column, and the bill with allocations applied sums exactly to the bill per billing period and
currency, whatever the costs (credits, zeros, 12 decimals), the weights and the rules' coverage."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.allocation import allocate

PERIODS = [datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC)]
WINDOW = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 3, 1, tzinfo=UTC))
amounts = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=12, allow_nan=False,
                      allow_infinity=False) | st.sampled_from([Decimal(0), Decimal("-0.01"), Decimal("1E-12")])
weights = st.lists(st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
                   min_size=1, max_size=8).filter(lambda ws: sum(ws) > 0)
settings_ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@settings_
@given(amount=amounts, ws=weights, min_scale=st.integers(0, 12))
def test_split_amount_is_exact_and_fair(db: str, amount: Decimal, ws: list[Decimal], min_scale: int) -> None:
    with psycopg.connect(db) as conn:
        row = conn.execute("SELECT finops.split_amount(%s, %s::numeric[], %s)", (amount, ws, min_scale)).fetchone()
    assert row is not None
    parts: list[Decimal] = row[0]
    assert sum(parts, Decimal(0)) == amount
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)  # a finite amount (not "n", "N" or "F")
    unit = Fraction(1, 10 ** max(-exponent, min_scale))
    total = sum(ws, Decimal(0))
    for part, w in zip(parts, ws, strict=True):
        exact = Fraction(amount) * Fraction(w) / Fraction(total)
        assert abs(Fraction(part) - exact) < unit  # within one unit of the last decimal
        assert part == 0 or (part > 0) == (amount > 0)


row_strategy = st.fixed_dictionaries({
    "billed": amounts, "effective": amounts, "list": amounts, "quantity": st.decimals(0, 100, places=3),
    "currency": st.sampled_from(["USD", "EUR"]), "period": st.sampled_from([0, 1]),
    "service": st.sampled_from(["A", "B", "C"]), "team": st.sampled_from(["x", "y", "z", None]),
})
rule_strategy = st.sampled_from(["fixed", "even", "proportional", "usage"])


@settings_
@given(rows=st.lists(row_strategy, min_size=1, max_size=25),
       methods=st.lists(rule_strategy, min_size=1, max_size=3, unique=True),
       split=st.lists(st.integers(1, 99), min_size=2, max_size=2), share=st.booleans())
def test_allocations_sum_exactly_to_the_bill(db: str, rows: list[dict[str, Any]], methods: list[str],
                                             split: list[int], share: bool) -> None:
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute("TRUNCATE finops.focus_costs, finops.allocation_rows, finops.allocation_runs CASCADE")
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO finops.focus_costs (row_id, source, focus_version, load_id, charge_period_start, "
                "charge_period_end, billing_period_start, billing_period_end, billing_currency, billed_cost, "
                "effective_cost, list_cost, contracted_cost, list_unit_price, pricing_quantity, service_name, tags) "
                "VALUES (%s, 'prop', '1.3', 0, %s, %s + interval '1 day', %s, %s + interval '1 month', %s, %s, %s, "
                "%s, %s, %s, %s, %s, %s)",
                [(f"r{i}", PERIODS[r["period"]], PERIODS[r["period"]], PERIODS[r["period"]], PERIODS[r["period"]],
                  r["currency"], r["billed"], r["effective"], r["list"], r["list"],
                  None if r["quantity"] == 0 else (r["list"] / r["quantity"]).quantize(Decimal("1E-6")),
                  r["quantity"], r["service"], json.dumps({"team": r["team"]} if r["team"] else {}))
                 for i, r in enumerate(rows)])
        before = _totals(conn, "focus_costs")
        services = ["A", "B", "C"]
        rules = []
        for i, method in enumerate(methods):
            rule: dict[str, Any] = {"name": method, "method": method, "source": {"ServiceName": services[i]},
                                    "share_unallocated": share}
            if method == "fixed":
                rule["weights"] = {"x": split[0], "y": 100 - split[0]}
            elif method == "even":
                rule["targets"] = ["x", "y", "z"][: 1 + split[1] % 3]
            elif method == "usage":  # no samples: everything stays an explicit unallocated remainder
                rule["usage"] = {"metric": "requests_total", "label": "team"}
            else:
                rule["targets"] = ["x", "y"]
            rules.append(rule)
        allocate(conn, {"tag_key": "team", "rules": rules}, *WINDOW)
        assert _totals(conn, "focus_allocated") == before
        per_origin = conn.execute(
            "SELECT a.origin_row_id FROM finops.allocation_rows a JOIN finops.focus_costs c ON c.row_id = "
            "a.origin_row_id GROUP BY a.origin_row_id, c.billed_cost, c.effective_cost, c.list_cost, "
            "c.pricing_quantity HAVING sum(a.billed_cost) <> c.billed_cost OR sum(a.effective_cost) <> "
            "c.effective_cost OR sum(a.list_cost) <> c.list_cost "
            "OR sum(a.pricing_quantity) IS DISTINCT FROM c.pricing_quantity").fetchall()
        assert per_origin == []
        remainder = conn.execute("SELECT count(*) FROM finops.allocation_rows WHERE rule = 'usage' "
                                 "AND allocated_resource_id IS NULL").fetchone()
        shared = conn.execute("SELECT count(*) FROM finops.focus_costs WHERE service_name = %s",
                              (services[methods.index("usage")] if "usage" in methods else "-",)).fetchone()
        assert remainder == shared  # every usage-rule row is one explicit unallocated remainder


def _totals(conn: psycopg.Connection[Any], relation: str) -> list[tuple[Any, ...]]:
    return conn.execute(
        f"SELECT billing_period_start, billing_currency, sum(billed_cost), sum(effective_cost), sum(list_cost), "
        f"sum(contracted_cost) FROM finops.{relation} GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
