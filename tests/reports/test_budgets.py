"""One `budgets:` schema for the budgets report and the forecast: every problem at once, both spellings, and each
command scoping what it can and naming what it cannot."""

from __future__ import annotations

from decimal import Decimal

from reports.budgets import Budget, parse_budgets
from reports.forecast.budget import forecast_budgets


def test_budgets_report_every_problem_at_once() -> None:
    budgets, problems = parse_budgets([
        {"name": "ok", "amount": 100, "currency": "USD", "match": {"provider": "AWS"}},
        {"name": "ok", "amount": -1, "currency": "usd", "match": {"team": ["x"]}, "color": "red"},
        {"name": "half", "amount": "12.5", "currency": "EUR", "by": "tag:team"},
        {"name": "both", "amount": 1, "currency": "EUR", "by": "tag:team", "value": "a", "match": {"tag:team": "b"}},
        {"name": "nan", "amount": float("nan"), "currency": "EUR", "match": {"tag:": "x"}},
        "not a mapping",
    ])  # fmt: skip
    assert [b.name for b in budgets] == ["ok"]
    assert problems == [
        "budgets[1]: unknown key(s) ['color']",
        "budgets[1]: budget name 'ok' is used twice",
        "budgets[1]: 'amount' must be a positive number, got -1",
        "budgets[1]: 'currency' must be an ISO 4217 code such as USD, got 'usd'",
        "budgets[1]: the value of 'team' must be a text, got ['x']",
        "budgets[2]: 'by' and 'value' go together",
        "budgets[3]: 'tag:team' is given both in 'match' and as 'by'",
        "budgets[4]: 'amount' must be a positive number, got nan",
        "budgets[4]: 'tag:' is not a dimension (a FOCUS column or tag:<key>)",
        "budgets[5]: must be a mapping with name, amount, currency and match",
    ]
    assert parse_budgets({"name": "x"}) == ([], ["budgets: must be a list of budgets, got dict"])


def test_the_report_spelling_and_the_forecast_spelling_are_one_budget() -> None:
    budgets, problems = parse_budgets([
        {"name": "by", "amount": "1200.50", "currency": "USD", "by": "SubAccountId", "value": 123456789012},
        {"name": "match", "amount": 1200, "currency": "USD", "match": {"sub_account_id": "123456789012"}},
    ])  # fmt: skip
    assert problems == []
    by, match = budgets
    assert by == Budget("by", Decimal("1200.50"), "USD", {"SubAccountId": "123456789012"})
    assert by.report_scope() == ("SubAccountId", "123456789012") and match.report_scope() == (
        "sub_account_id", "123456789012")  # finops.dimension_expression reads both spellings
    assert by.forecast_match() == match.forecast_match() == {"sub_account_id": "123456789012"}


def test_each_command_names_the_budgets_it_cannot_scope() -> None:
    budgets, _ = parse_budgets([
        {"name": "all", "amount": 10, "currency": "USD"},
        {"name": "team", "amount": 10, "currency": "USD", "by": "tag:team", "value": "a"},
        {"name": "two", "amount": 10, "currency": "USD", "match": {"provider": "AWS", "ServiceCategory": "Compute"}},
        {"name": "provider", "amount": 10, "currency": "USD", "match": {"provider": "AWS"}},
    ])  # fmt: skip
    assert [b.report_scope() for b in budgets] == [
        (None, None), ("tag:team", "a"),
        "the budgets report scopes a budget by one dimension; this one has provider, ServiceCategory",
        "'provider' is a forecast label (ServiceProviderName, else ProviderName); "
        "the budgets report needs one of those FOCUS columns",
    ]
    scoped, skipped = forecast_budgets(budgets)
    assert [(b.name, dict(b.match), b.amount) for b in scoped] == [
        ("all", {}, 10.0), ("two", {"provider": "AWS", "service_category": "Compute"}, 10.0),
        ("provider", {"provider": "AWS"}, 10.0)]
    assert skipped == [("team", "the forecast's cost series are scoped by provider, sub_account_id, "
                                "service_category, region_id only, not tag:team")]
