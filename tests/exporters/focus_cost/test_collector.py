from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from prometheus_client import CollectorRegistry
from prometheus_client.exposition import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from exporters.focus_cost.collector import (
    CostLayout,
    FocusCostCollector,
    Snapshot,
    build_cost_snapshot,
    build_generic_snapshot,
    sanitize_label_name,
    unique_label_names,
)
from focus.identity import assign_row_ids, row_id
from focus.reader import read_focus
from focus.series import METRIC_COLUMNS, custom_label_name, is_exact
from remote_write_adapter.costs import cost_series_from_labels
from tests.exporters.focus_cost.conftest import SAMPLE
from tests.openmetrics import generate_openmetrics, parse_openmetrics


def _row(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "BilledCost": Decimal("12.34"),
        "EffectiveCost": Decimal("10.5"),
        "ListCost": Decimal("15"),
        "BillingAccountId": "acct-1",
        "BillingCurrency": "USD",
        "BillingPeriodStart": datetime(2024, 9, 1, tzinfo=UTC),
        "BillingPeriodEnd": datetime(2024, 10, 1, tzinfo=UTC),
        "ChargeCategory": "Usage",
        "ChargeClass": None,
        "ChargeDescription": "one VM hour",
        "ChargePeriodStart": datetime(2024, 9, 2, 0, tzinfo=UTC),
        "ChargePeriodEnd": datetime(2024, 9, 2, 1, tzinfo=UTC),
        "ProviderName": "Cloud",
        "ServiceName": "Virtual Machines",
        "ServiceCategory": "Compute",
        "ResourceId": "vm-1",
        "Tags": {"env": "prod"},
    }
    row.update(overrides)
    return row


def _registry(*snapshots: Snapshot) -> tuple[CollectorRegistry, FocusCostCollector]:
    families = [f for s in snapshots for f in s.families]
    collector = FocusCostCollector(families, lambda: list(snapshots))
    registry = CollectorRegistry()
    registry.register(collector)
    return registry, collector


GOLDEN = """\
# HELP focus_billed_cost FOCUS BilledCost of the row, in the row's billing_currency (what is invoiced).
# TYPE focus_billed_cost gauge
focus_billed_cost{billing_account_id="acct-1",billing_currency="USD",billing_period_start="2024-09-01T00:00:00Z",\
charge_category="Usage",charge_period_end="2024-09-02T01:00:00Z",charge_period_start="2024-09-02T00:00:00Z",\
focus_row_id="ROW1",focus_version="1.2",provider_name="Cloud",resource_id="vm-1",service_category="Compute",\
service_name="Virtual Machines",source="golden",tag_env="prod",tags="{\\"env\\":\\"prod\\"}"} 12.34
focus_billed_cost{billing_account_id="acct-1",billing_currency="EUR",billing_period_start="2024-09-01T00:00:00Z",\
charge_category="Tax",charge_period_end="2024-09-02T01:00:00Z",charge_period_start="2024-09-02T00:00:00Z",\
focus_row_id="ROW2",focus_version="1.2",provider_name="Cloud",resource_id="vm-1",service_category="Compute",\
service_name="Virtual Machines",source="golden"} 0.1
# HELP focus_list_cost FOCUS ListCost of the row, in billing_currency (at public list prices).
# TYPE focus_list_cost gauge
focus_list_cost{billing_account_id="acct-1",billing_currency="USD",billing_period_start="2024-09-01T00:00:00Z",\
charge_category="Usage",charge_period_end="2024-09-02T01:00:00Z",charge_period_start="2024-09-02T00:00:00Z",\
focus_row_id="ROW1",focus_version="1.2",provider_name="Cloud",resource_id="vm-1",service_category="Compute",\
service_name="Virtual Machines",source="golden",tag_env="prod",tags="{\\"env\\":\\"prod\\"}"} 15.0
"""


def test_golden_exposition_of_a_small_snapshot() -> None:
    rows = [
        _row(),
        _row(BilledCost=Decimal("0.10"), ListCost=None, BillingCurrency="EUR", ChargeCategory="Tax", Tags=None),
    ]
    snapshot = build_cost_snapshot(
        "golden", rows, CostLayout(("billed_cost", "list_cost"), (), ("env",)), version="1.2"
    )
    registry, collector = _registry(snapshot)
    expected = GOLDEN.replace("ROW1", row_id(rows[0])).replace("ROW2", row_id(rows[1]))
    assert generate_latest(registry).decode() == expected
    assert collector.render() == expected.encode()
    assert generate_openmetrics(registry).decode() == expected + "# EOF\n"


def test_fast_render_matches_prometheus_client_for_the_whole_sample() -> None:
    layout = CostLayout(
        ("billed_cost", "effective_cost", "list_cost", "contracted_cost", "consumed_quantity", "pricing_quantity"),
        ("ResourceName", "ChargeDescription", "Id"),
        ("environment", "application"),
    )
    snapshot = build_cost_snapshot("sample", read_focus(SAMPLE), layout)
    registry, collector = _registry(snapshot)
    text = generate_latest(registry)
    assert collector.render() == text
    assert collector.render(openmetrics=True) + b"# EOF\n" == generate_openmetrics(registry)
    families = {f.name: f for f in text_string_to_metric_families(text.decode())}
    assert len(families["focus_billed_cost"].samples) == snapshot.counts["series"]
    assert {f.name for f in parse_openmetrics(generate_openmetrics(registry).decode())} == set(families)


def test_hostile_tag_values_are_escaped_and_survive_both_parsers() -> None:
    tags = {"quote": 'say "hi"', "back\\slash": "C:\\dir\\", "new\nline": "a\nb", "ünï": "日本語 ✓", "": "empty"}
    snapshot = build_cost_snapshot(
        "hostile", [_row(Tags=tags)], CostLayout(("billed_cost",), (), ("quote", "new\nline", "ünï"))
    )
    _, collector = _registry(snapshot)
    text = collector.render().decode()
    for parsed in (text_string_to_metric_families(text), parse_openmetrics(text + "# EOF\n")):
        (family,) = list(parsed)
        (sample,) = family.samples
        assert json.loads(sample.labels["tags"]) == tags
        assert sample.labels["tag_quote"] == 'say "hi"'
        assert sample.labels["tag_new_line"] == "a\nb"
        assert sample.labels["tag__n_"] == "日本語 ✓"
        assert sample.value == 12.34


def test_float_values_reproduce_the_exact_decimals_and_their_sum() -> None:
    rows = list(read_focus(SAMPLE))
    exact = [r["BilledCost"] for r in rows]
    snapshot = build_cost_snapshot("sample", rows, CostLayout(("billed_cost",)))
    assert snapshot.counts["inexact_values"] == 0
    text = generate_latest(_registry(snapshot)[0]).decode()
    rebuilt = [Decimal(line.rsplit(" ", 1)[1]) for line in text.splitlines() if not line.startswith("#")]
    assert sum(rebuilt) == sum(exact)  # summing the shortest float reprs gives the invoice total exactly
    assert all(is_exact(d) for d in exact)
    assert sorted(rebuilt) == sorted(d.normalize() if d else Decimal(0) for d in exact)
    assert not is_exact(Decimal("0.12345678901234567890"))  # beyond 17 digits floats round; counted, not hidden


def test_row_id_ignores_values_and_column_order_but_not_dimensions() -> None:
    base = _row()
    restated = dict(reversed(list(_row(BilledCost=Decimal(99)).items())))
    assert row_id(base) == row_id(restated)
    assert row_id(base) != row_id(_row(ChargeDescription="another charge"))
    assert row_id(base) != row_id(_row(ChargePeriodStart=datetime(2024, 9, 2, 1, tzinfo=UTC)))


def test_identical_rows_are_kept_apart_with_the_loaders_suffixed_ids() -> None:
    rows = [_row(BilledCost=Decimal("0.1")), _row(BilledCost=Decimal("0.2")), _row(ChargeCategory="Credit")]
    snapshot = build_cost_snapshot("dups", rows, CostLayout(("billed_cost",)))
    assert snapshot.counts["duplicate_rows"] == 1
    ids = [dict(s.labels)["focus_row_id"] for s in snapshot.series]
    assert ids == list(assign_row_ids(rows))
    assert ids[1] == ids[0] + "-2"
    assert [s.values[0] for s in snapshot.series] == [0.1, 0.2, 12.34]


def test_ids_are_those_of_the_loader_for_the_whole_sample() -> None:
    rows = list(read_focus(SAMPLE))
    snapshot = build_cost_snapshot("sample", rows, CostLayout())
    assert [dict(s.labels)["focus_row_id"] for s in snapshot.series] == list(assign_row_ids(rows))


def test_complete_layout_carries_every_column_back_to_the_adapter() -> None:
    row = _row(x_CostCenter="cc-7", Id="11472", ContractApplied="just text", PricingQuantity=None)
    row["bad name"] = "dropped"
    snapshot = build_cost_snapshot("all", [row], CostLayout(complete=True, tag_labels=("env",)))
    assert [f.name for f in snapshot.families] == ["focus_" + m for m in METRIC_COLUMNS]
    assert snapshot.counts["columns_dropped"] == 1
    (series,) = snapshot.series
    labels = dict(series.labels)
    assert labels["x_CostCenter"] == "cc-7"
    assert labels["x__Id"] == "11472"
    assert labels["charge_description"] == "one VM hour"
    assert labels["billing_period_end"] == "2024-10-01T00:00:00Z"
    assert labels["contract_applied"] == '"just text"'  # JSON columns always as JSON
    assert labels["tags"] == '{"env":"prod"}' and labels["tag_env"] == "prod"
    assert "charge_class" not in labels and "billed_cost" not in labels
    values = dict(zip((f.name for f in snapshot.families), series.values, strict=True))
    assert values["focus_billed_cost"] == 12.34 and values["focus_list_cost"] == 15.0
    assert values["focus_pricing_quantity"] is None
    cost = cost_series_from_labels([("__name__", "focus_billed_cost"), *series.labels])
    assert cost is not None
    assert cost.document["x_columns"] == {"x_CostCenter": "cc-7", "Id": "11472"}
    assert cost.document["tags"] == {"env": "prod"} and cost.document["contract_applied"] == "just text"
    assert cost.document["charge_period_start"] == "2024-09-02T00:00:00Z"
    assert cost.row_id == row_id(row)


def test_custom_label_names_round_trip() -> None:
    assert custom_label_name("x_Foo") == "x_Foo"
    assert custom_label_name("Id") == "x__Id"
    assert custom_label_name("x__odd") == "x__x__odd"
    assert custom_label_name("a b") is None


def test_rows_without_period_or_currency_are_skipped_and_counted() -> None:
    rows = [_row(ChargePeriodStart=None), _row(BillingCurrency=None), _row()]
    snapshot = build_cost_snapshot("skip", rows, CostLayout())
    assert snapshot.counts["rows"] == 3
    assert snapshot.counts["rows_skipped"] == 2
    assert len(snapshot.series) == 1


def test_generic_labels_are_sanitized_and_deduplicated() -> None:
    header = ["__name__", "pod name", "pod-name", "0zone", "source", "value"]
    snapshot = build_generic_snapshot(
        "gen", "cpu", header, [("x", "a", "b", "z", "s", "1.5"), ("x", "a", "b", "z", "s", "2"), ("x",) * 6], 5
    )
    assert snapshot.counts == {"rows": 3, "series": 1, "parse_errors": 1, "duplicate_rows": 1}
    (series,) = snapshot.series
    assert dict(series.labels) == {
        "metric_name": "x",
        "pod_name": "a",
        "pod_name_2": "b",
        "label_0zone": "z",
        "exported_source": "s",
        "source": "gen",
    }
    registry, _ = _registry(snapshot)
    (family,) = text_string_to_metric_families(generate_latest(registry).decode())
    assert family.samples[0].value == 1.5


def test_label_name_sanitizing() -> None:
    assert sanitize_label_name("x_Cost Center/1") == "x_Cost_Center_1"
    assert sanitize_label_name("__meta") == "x__meta"
    assert unique_label_names(["a", "a", "a"]) == ["a", "a_2", "a_3"]


def test_collector_describes_without_snapshots() -> None:
    def boom() -> list[Snapshot]:
        raise AssertionError("describe must not read snapshots")

    snapshot = build_cost_snapshot("d", [], CostLayout())
    collector = FocusCostCollector(snapshot.families, boom)
    assert [m.name for m in collector.describe()] == ["focus_billed_cost", "focus_effective_cost"]
