"""The FOCUS Cost and Usage column model, one source of truth for readers, validation and the SQL table.

Versions 1.0 to 1.3 are described in one table; per-column feature levels say in which versions a column
exists, so loaders and exporters never keep their own column lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

SUPPORTED_VERSIONS: tuple[str, ...] = ("1.0", "1.1", "1.2", "1.3")
LATEST_VERSION = SUPPORTED_VERSIONS[-1]
CUSTOM_PREFIX = "x_"


class Category(StrEnum):
    """FOCUS column type: dimensions group and filter, metrics are summed."""

    DIMENSION = "dimension"
    METRIC = "metric"


class DataType(StrEnum):
    """FOCUS data type; decides the Python value type and the SQL type."""

    STRING = "string"
    DECIMAL = "decimal"
    DATETIME = "datetime"
    JSON = "json"


class FeatureLevel(StrEnum):
    """Whether a column must be present (mandatory), must be present when supported, or should be."""

    MANDATORY = "mandatory"
    CONDITIONAL = "conditional"
    RECOMMENDED = "recommended"


class ValueFormat(StrEnum):
    """Format attribute the values follow beyond their data type."""

    CURRENCY = "currency"
    UNIT = "unit"
    KEY_VALUE = "key-value"


SQL_TYPES: Mapping[DataType, str] = MappingProxyType(
    {
        DataType.STRING: "text",
        DataType.DECIMAL: "numeric",
        DataType.DATETIME: "timestamptz",
        DataType.JSON: "jsonb",
    }
)


def snake_case(name: str) -> str:
    """`PricingCurrencyEffectiveCost` -> `pricing_currency_effective_cost`; stable SQL names for the table."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


@dataclass(frozen=True, slots=True)
class Column:
    """One Cost and Usage column with its constraints in every supported version."""

    name: str
    category: Category
    data_type: DataType
    levels: Mapping[str, FeatureLevel]
    nullable: bool
    allowed_values: tuple[str, ...] | None = None
    value_format: ValueFormat | None = None
    deprecated_in: str | None = None
    replaced_by: tuple[str, ...] = ()
    description: str = ""
    sql_name: str = field(init=False)
    sql_type: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sql_name", snake_case(self.name))
        object.__setattr__(self, "sql_type", SQL_TYPES[self.data_type])

    @property
    def versions(self) -> tuple[str, ...]:
        """Versions that define this column, oldest first."""
        return tuple(v for v in SUPPORTED_VERSIONS if v in self.levels)

    @property
    def introduced_in(self) -> str:
        return self.versions[0]

    def in_version(self, version: str) -> bool:
        return version in self.levels

    def level(self, version: str) -> FeatureLevel | None:
        """Feature level in `version`, None when the version does not have the column."""
        return self.levels.get(version)

    def is_deprecated(self, version: str) -> bool:
        return self.deprecated_in is not None and _vkey(version) >= _vkey(self.deprecated_in)


def _vkey(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def version_at_least(version: str, minimum: str) -> bool:
    """Whether FOCUS `version` is `minimum` or later (numerically: "1.10" is after "1.9")."""
    return _vkey(version) >= _vkey(minimum)


M, C, R = FeatureLevel.MANDATORY, FeatureLevel.CONDITIONAL, FeatureLevel.RECOMMENDED
D, MET = Category.DIMENSION, Category.METRIC
S, DEC, DT, JS = DataType.STRING, DataType.DECIMAL, DataType.DATETIME, DataType.JSON

CHARGE_CATEGORIES = ("Usage", "Purchase", "Tax", "Credit", "Adjustment")
CHARGE_CLASSES = ("Correction",)
CHARGE_FREQUENCIES = ("One-Time", "Recurring", "Usage-Based")
COMMITMENT_DISCOUNT_CATEGORIES = ("Spend", "Usage")
COMMITMENT_DISCOUNT_STATUSES = ("Used", "Unused")
CAPACITY_RESERVATION_STATUSES = ("Used", "Unused")
PRICING_CATEGORIES = ("Standard", "Dynamic", "Committed", "Other")

#: ServiceSubcategory values (1.1+) and the one ServiceCategory each belongs to.
SERVICE_SUBCATEGORIES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "AI and Machine Learning": (
            "AI Platforms", "Bots", "Generative AI", "Machine Learning", "Natural Language Processing",
        ),
        "Analytics": (
            "Analytics Platforms", "Business Intelligence", "Data Processing", "Search", "Streaming Analytics",
        ),
        "Business Applications": ("Productivity and Collaboration",),
        "Compute": (
            "Containers", "End User Computing", "Quantum Compute", "Serverless Compute", "Virtual Machines",
        ),
        "Databases": (
            "Caching", "Data Warehouses", "Ledger Databases", "NoSQL Databases", "Relational Databases",
            "Time Series Databases",
        ),
        "Developer Tools": (
            "Developer Platforms", "Continuous Integration and Deployment", "Development Environments",
            "Source Code Management", "Quality Assurance",
        ),
        "Identity": ("Identity and Access Management",),
        "Integration": ("API Management", "Messaging", "Workflow Orchestration"),
        "Internet of Things": ("IoT Analytics", "IoT Platforms"),
        "Management and Governance": (
            "Architecture", "Compliance", "Cost Management", "Data Governance", "Disaster Recovery",
            "Endpoint Management", "Observability", "Support",
        ),
        "Media": ("Content Creation", "Gaming", "Media Streaming", "Mixed Reality"),
        "Migration": ("Data Migration", "Resource Migration"),
        "Mobile": (),
        "Multicloud": ("Multicloud Integration",),
        "Networking": (
            "Application Networking", "Content Delivery", "Network Connectivity", "Network Infrastructure",
            "Network Routing", "Network Security",
        ),
        "Security": ("Secret Management", "Security Posture Management", "Threat Detection and Response"),
        "Storage": ("Backup Storage", "Block Storage", "File Storage", "Object Storage", "Storage Platforms"),
        "Web": ("Application Platforms",),
        "Other": (),
    }
)  # fmt: skip
SERVICE_CATEGORIES: tuple[str, ...] = tuple(SERVICE_SUBCATEGORIES)
#: subcategory -> category; every category also has "Other (<category>)".
SUBCATEGORY_TO_CATEGORY: Mapping[str, str] = MappingProxyType(
    {sub: cat for cat, subs in SERVICE_SUBCATEGORIES.items() for sub in (*subs, f"Other ({cat})")}
)

#: FOCUS-defined SkuPriceDetails keys (1.2); any other key must carry the x_ prefix.
SKU_PRICE_DETAILS_KEYS = frozenset(
    {
        "CoreCount", "DiskMaxIops", "DiskSpace", "DiskType", "GpuCount", "InstanceType", "InstanceSeries",
        "MemorySize", "NetworkMaxIops", "NetworkMaxThroughput", "OperatingSystem", "Redundancy", "StorageClass",
    }
)  # fmt: skip


def _lv(spec: str) -> dict[str, FeatureLevel]:
    """'MMMM' / '-CCC' -> levels per version in SUPPORTED_VERSIONS order."""
    table = {"M": M, "C": C, "R": R}
    return {v: table[ch] for v, ch in zip(SUPPORTED_VERSIONS, spec, strict=True) if ch != "-"}


def _col(
    name: str,
    category: Category,
    data_type: DataType,
    levels: str,
    nullable: bool,
    allowed: Iterable[str] | None = None,
    fmt: ValueFormat | None = None,
    deprecated_in: str | None = None,
    replaced_by: tuple[str, ...] = (),
) -> Column:
    return Column(
        name=name,
        category=category,
        data_type=data_type,
        levels=MappingProxyType(_lv(levels)),
        nullable=nullable,
        allowed_values=tuple(allowed) if allowed is not None else None,
        value_format=fmt,
        deprecated_in=deprecated_in,
        replaced_by=replaced_by,
    )


CUR, UNIT, KV = ValueFormat.CURRENCY, ValueFormat.UNIT, ValueFormat.KEY_VALUE

# `nullable` is False where the normative text says "MUST NOT be null" without a condition, even where the
# column's "Allows nulls" content constraint says True (PricingCurrency, PricingCurrencyEffectiveCost in 1.2: the
# requirement wins); conditional nullability ("MUST be null when ...") is per row, in validate.py.
# In 1.0 ConsumedUnit was declared a Metric; it is a Dimension from 1.1 and is modelled as such.
_COLUMNS: tuple[Column, ...] = (
    _col("AllocatedMethodDetails", D, JS, "---R", True),
    _col("AllocatedMethodId", D, S, "---C", True),
    _col("AllocatedResourceId", D, S, "---C", True),
    _col("AllocatedResourceName", D, S, "---C", True),
    _col("AllocatedTags", D, JS, "---C", True, fmt=KV),
    _col("AvailabilityZone", D, S, "RRRR", True),
    _col("BilledCost", MET, DEC, "MMMM", False),
    _col("BillingAccountId", D, S, "MMMM", False),
    _col("BillingAccountName", D, S, "MMMM", True),
    _col("BillingAccountType", D, S, "--CC", False),
    _col("BillingCurrency", D, S, "MMMM", False, fmt=CUR),
    _col("BillingPeriodEnd", D, DT, "MMMM", False),
    _col("BillingPeriodStart", D, DT, "MMMM", False),
    _col("CapacityReservationId", D, S, "-CCC", True),
    _col("CapacityReservationStatus", D, S, "-CCC", True, CAPACITY_RESERVATION_STATUSES),
    _col("ChargeCategory", D, S, "MMMM", False, CHARGE_CATEGORIES),
    _col("ChargeClass", D, S, "MMMM", True, CHARGE_CLASSES),
    _col("ChargeDescription", D, S, "MMMM", True),
    _col("ChargeFrequency", D, S, "RRRR", False, CHARGE_FREQUENCIES),
    _col("ChargePeriodEnd", D, DT, "MMMM", False),
    _col("ChargePeriodStart", D, DT, "MMMM", False),
    _col("CommitmentDiscountCategory", D, S, "CCCC", True, COMMITMENT_DISCOUNT_CATEGORIES),
    _col("CommitmentDiscountId", D, S, "CCCC", True),
    _col("CommitmentDiscountName", D, S, "CCCC", True),
    _col("CommitmentDiscountQuantity", MET, DEC, "-CCC", True),
    _col("CommitmentDiscountStatus", D, S, "CCCC", True, COMMITMENT_DISCOUNT_STATUSES),
    _col("CommitmentDiscountType", D, S, "CCCC", True),
    _col("CommitmentDiscountUnit", D, S, "-CCC", True, fmt=UNIT),
    _col("ConsumedQuantity", MET, DEC, "CCCC", True),
    _col("ConsumedUnit", D, S, "CCCC", True, fmt=UNIT),
    _col("ContractApplied", D, JS, "---C", True),
    _col("ContractedCost", MET, DEC, "MMMM", False),
    _col("ContractedUnitPrice", MET, DEC, "CCCC", True),
    _col("EffectiveCost", MET, DEC, "MMMM", False),
    _col("HostProviderName", D, S, "---M", True),
    _col("InvoiceId", D, S, "--RR", True),
    _col("InvoiceIssuerName", D, S, "MMMM", False),
    _col("ListCost", MET, DEC, "MMMM", False),
    _col("ListUnitPrice", MET, DEC, "CCCC", True),
    _col("PricingCategory", D, S, "CCCC", True, PRICING_CATEGORIES),
    _col("PricingCurrency", D, S, "--CC", False, fmt=CUR),
    _col("PricingCurrencyContractedUnitPrice", MET, DEC, "--CC", True),
    _col("PricingCurrencyEffectiveCost", MET, DEC, "--CC", False),
    _col("PricingCurrencyListUnitPrice", MET, DEC, "--CC", True),
    _col("PricingQuantity", MET, DEC, "MMMM", True),
    _col("PricingUnit", D, S, "MMMM", True, fmt=UNIT),
    _col(
        "ProviderName", D, S, "MMMM", False, deprecated_in="1.3",
        replaced_by=("ServiceProviderName", "HostProviderName"),
    ),
    _col(
        "PublisherName", D, S, "MMMM", False, deprecated_in="1.3",
        replaced_by=("ServiceProviderName", "HostProviderName"),
    ),
    _col("RegionId", D, S, "CCCC", True),
    _col("RegionName", D, S, "CCCC", True),
    _col("ResourceId", D, S, "CCCC", True),
    _col("ResourceName", D, S, "CCCC", True),
    _col("ResourceType", D, S, "CCCC", True),
    _col("ServiceCategory", D, S, "MMMM", False, SERVICE_CATEGORIES),
    _col("ServiceName", D, S, "MMMM", False),
    _col("ServiceProviderName", D, S, "---M", False),
    _col("ServiceSubcategory", D, S, "-RRR", False, tuple(SUBCATEGORY_TO_CATEGORY)),
    _col("SkuId", D, S, "CCCC", True),
    _col("SkuMeter", D, S, "-CCC", True),
    _col("SkuPriceDetails", D, JS, "-CCC", True, fmt=KV),
    _col("SkuPriceId", D, S, "CCCC", True),
    _col("SubAccountId", D, S, "CCCC", True),
    _col("SubAccountName", D, S, "CCCC", True),
    _col("SubAccountType", D, S, "--CC", True),
    _col("Tags", D, JS, "CCCC", True, fmt=KV),
)  # fmt: skip

_BY_NAME: Mapping[str, Column] = MappingProxyType({c.name: c for c in _COLUMNS})

#: Renames between versions (old name -> new names), older ones from the FOCUS changelog for reference.
RENAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {c.name: c.replaced_by for c in _COLUMNS if c.replaced_by}
)


def check_version(version: str) -> str:
    """Return `version` if supported, else raise ValueError naming the supported ones."""
    if version not in SUPPORTED_VERSIONS:
        raise ValueError(f"unsupported FOCUS version {version!r}; supported: {', '.join(SUPPORTED_VERSIONS)}")
    return version


def columns_for(version: str) -> list[Column]:
    """Cost and Usage columns of one FOCUS version, in alphabetical order as the spec lists them."""
    check_version(version)
    return [c for c in _COLUMNS if c.in_version(version)]


def column(name: str) -> Column:
    """The column called `name` (any version); KeyError for names FOCUS does not define."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"{name!r} is not a FOCUS Cost and Usage column") from None


def is_focus_column(name: str) -> bool:
    return name in _BY_NAME


def all_columns() -> list[Column]:
    """Union of every version's columns (1.3 plus the deprecated ones); one SQL table column per entry."""
    return list(_COLUMNS)


def mandatory_columns(version: str, *, include_deprecated: bool = True) -> list[Column]:
    return [
        c
        for c in columns_for(version)
        if c.level(version) is FeatureLevel.MANDATORY and (include_deprecated or not c.is_deprecated(version))
    ]


def detect_version(names: Iterable[str]) -> str:
    """The oldest version whose columns explain the header: the newest version any present column needs."""
    present = set(names)
    found = SUPPORTED_VERSIONS[0]
    for name in present:
        col = _BY_NAME.get(name)
        if col is not None and _vkey(col.introduced_in) > _vkey(found):
            found = col.introduced_in
    return found
