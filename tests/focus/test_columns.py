from __future__ import annotations

import pytest

from focus.columns import (
    SUPPORTED_VERSIONS,
    FeatureLevel,
    all_columns,
    column,
    columns_for,
    detect_version,
)


@pytest.mark.parametrize(("version", "count"), [("1.0", 43), ("1.1", 50), ("1.2", 57), ("1.3", 65)])
def test_column_counts_match_the_published_versions(version: str, count: int) -> None:
    assert len(columns_for(version)) == count


def test_supported_versions() -> None:
    assert SUPPORTED_VERSIONS == ("1.0", "1.1", "1.2", "1.3")


def test_provider_name_is_deprecated_in_1_3_and_replaced() -> None:
    provider = column("ProviderName")
    assert provider.is_deprecated("1.3")
    assert not provider.is_deprecated("1.2")
    assert provider.replaced_by == ("ServiceProviderName", "HostProviderName")
    assert column("ServiceProviderName").versions == ("1.3",)


def test_enumerations_include_credit_and_pricing_categories() -> None:
    assert "Credit" in (column("ChargeCategory").allowed_values or ())
    assert column("PricingCategory").allowed_values == ("Standard", "Dynamic", "Committed", "Other")
    assert "Other (Compute)" in (column("ServiceSubcategory").allowed_values or ())


def test_union_has_sql_names_and_types_for_a_typed_table() -> None:
    cols = {c.name: c for c in all_columns()}
    assert len(cols) == 65
    assert cols["PricingCurrencyEffectiveCost"].sql_name == "pricing_currency_effective_cost"
    assert cols["BilledCost"].sql_type == "numeric"
    assert cols["ChargePeriodStart"].sql_type == "timestamptz"
    assert cols["Tags"].sql_type == "jsonb"
    assert cols["ServiceName"].sql_type == "text"
    assert len({c.sql_name for c in cols.values()}) == 65


def test_feature_levels_per_version() -> None:
    assert column("BilledCost").level("1.0") is FeatureLevel.MANDATORY
    assert column("SkuPriceDetails").level("1.0") is None
    assert column("InvoiceId").level("1.2") is FeatureLevel.RECOMMENDED


def test_unknown_column_raises_key_error() -> None:
    with pytest.raises(KeyError, match="not a FOCUS"):
        column("Id")


def test_detects_version_from_columns() -> None:
    assert detect_version(c.name for c in columns_for("1.0")) == "1.0"
    for version in SUPPORTED_VERSIONS:
        assert detect_version([c.name for c in columns_for(version)] + ["x_Custom"]) == version
