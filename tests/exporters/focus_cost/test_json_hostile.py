"""Any JSON an API may answer (cost rows, generic tables, Prometheus API results) ends in a table or in a
SourceError with a message; never in another exception type (which would surface as a confusing poll error)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters.focus_cost.source import generic_table, json_cost_rows
from finops.errors import SourceError

_NAMES = ["status", "data", "resultType", "result", "metric", "value", "values", "items", "spec", "focusSpec",
          "BilledCost", "BillingCurrency", "ChargePeriodStart", "job"]
_KEYS = st.sampled_from(_NAMES) | st.text(max_size=4)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=5),
    max_leaves=25,
)
_PROMETHEUS = st.fixed_dictionaries({
    "status": st.just("success") | _JSON,
    "data": st.fixed_dictionaries({
        "resultType": st.sampled_from(["vector", "matrix", "scalar", "string"]) | _JSON,
        "result": st.lists(
            st.fixed_dictionaries({"metric": st.dictionaries(st.text(max_size=4), _JSON, max_size=3) | _JSON,
                                   "value": st.lists(_JSON, max_size=3) | _JSON,
                                   "values": st.lists(st.lists(_JSON, max_size=3), max_size=3) | _JSON})
            | _JSON,
            max_size=4,
        ) | _JSON,
    }),
})


def _outcome(fn: Any, document: Any) -> str | None:
    """None when `fn` returned; the message when it raised SourceError; anything else fails the test."""
    try:
        fn(document)
    except SourceError as exc:
        return str(exc)
    return None


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_JSON | _PROMETHEUS)
def test_any_json_is_a_table_or_a_source_error(document: Any) -> None:
    for fn in (generic_table, json_cost_rows):
        assert _outcome(fn, document) != ""  # a SourceError always says what is wrong


@pytest.mark.parametrize("result", [
    [{"metric": [1], "value": [1, "2"]}],
    [{"metric": {"job": {"nested": 1}}, "value": [1, "2"]}],
    [{"metric": {"job": "a"}, "value": [1, "2"]}, 7],
])
def test_a_malformed_prometheus_series_is_named_in_the_error(result: list[Any]) -> None:
    document = {"status": "success", "data": {"resultType": "vector", "result": result}}
    with pytest.raises(SourceError, match=r"Prometheus API result\[\d\] is not a series"):
        generic_table(document)
