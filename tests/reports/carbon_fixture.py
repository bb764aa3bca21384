"""A small FOCUS bill and the carbon and CPU samples around it, whose emissions are computed by hand in the tests.

The rows are the Azure fixture of the end-to-end tests (tests/e2e/fixtures/azure_focus.csv, FOCUS 1.2 columns)
with the fields that matter here replaced; samples go in through `finops.get_or_create_series` and INSERTs into
`finops.samples`, as the adapter's fallback path writes them.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest

from finops.db import migrate
from focus.load import load_file

TEMPLATE = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "azure_focus.csv"
SUB = "/subscriptions/3f2a8c1e-5b7d-4e9a-9c10-2d4b6a8e0f17"
VM_A = f"{SUB}/resourceGroups/RG-Carbon/providers/Microsoft.Compute/virtualMachines/VM-A"
VM_MARS = f"{SUB}/resourceGroups/RG-Carbon/providers/Microsoft.Compute/virtualMachines/vm-mars"
DISK = f"{SUB}/resourceGroups/RG-Carbon/providers/Microsoft.Storage/storageAccounts/logs"


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def write_focus(path: Path, rows: list[dict[str, str]]) -> Path:
    with TEMPLATE.open(newline="", encoding="utf-8") as src:
        reader = csv.DictReader(src)
        fields = list(reader.fieldnames or [])
        template = next(iter(reader))
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**template, "CommitmentDiscountCategory": "", "CommitmentDiscountId": "",
                             "CommitmentDiscountName": "", "CommitmentDiscountQuantity": "",
                             "CommitmentDiscountStatus": "", "CommitmentDiscountType": "",
                             "CommitmentDiscountUnit": "", **row})
    return path


def usage(start: str, end: str, cost: str, quantity: str, unit: str, **more: str) -> dict[str, str]:
    """A Usage row whose unit prices times its quantity give its costs (a FOCUS rule strict loads check)."""
    price = str((Decimal(cost) / Decimal(quantity)).normalize())
    return {
        "ChargePeriodStart": start, "ChargePeriodEnd": end, "BilledCost": cost, "EffectiveCost": cost,
        "ListCost": cost, "ContractedCost": cost, "PricingCurrencyEffectiveCost": cost,
        "ListUnitPrice": price, "ContractedUnitPrice": price, "PricingCurrencyListUnitPrice": price,
        "PricingCurrencyContractedUnitPrice": price,
        "ConsumedQuantity": quantity, "ConsumedUnit": unit, "PricingQuantity": quantity, "PricingUnit": unit,
        "ChargeCategory": "Usage", "ChargeFrequency": "Usage-Based", **more,
    }


# 2025-01-15, 10:00-12:00 UTC, all Azure West Europe (Electricity Maps zone NL) unless said otherwise
ROWS = [
    # R1: a D2s v3 VM for two hours: CPU measured in the first hour only, live intensity in the first hour only
    usage("2025-01-15T10:00:00Z", "2025-01-15T12:00:00Z", "0.192", "2", "Hours", ResourceId=VM_A,
          ResourceName="VM-A", SkuMeter="D2s v3", ChargeDescription="D2s v3 hours", SkuPriceDetails="",
          Tags='{"team": "web"}'),
    # R2: 100 GB-months of standard (HDD-class) storage, billed for the first hour
    usage("2025-01-15T10:00:00Z", "2025-01-15T11:00:00Z", "0.01", "100", "GB-Months", ResourceId=DISK,
          ResourceName="logs", ResourceType="Storage account", ServiceName="Storage Accounts",
          ServiceCategory="Storage", ServiceSubcategory="Object Storage", SkuMeter="LRS Data Stored",
          ChargeDescription="Standard LRS data stored", SkuPriceDetails="", Tags='{"team": "data"}'),
    # R3: 4 vCPU-hours of a container service over the two hours, no resource to match CPU with
    usage("2025-01-15T10:00:00Z", "2025-01-15T12:00:00Z", "0.2", "4", "vCPU-Hours", ResourceId="",
          ResourceName="", ResourceType="", ServiceName="Azure Container Apps", ServiceCategory="Compute",
          ServiceSubcategory="Containers", SkuMeter="vCPU Duration", ChargeDescription="vCPU Duration",
          SkuPriceDetails="", Tags=""),
    # R4: the same VM size in a region the table does not know: energy, but no emissions
    usage("2025-01-15T10:00:00Z", "2025-01-15T11:00:00Z", "0.096", "1", "Hours", ResourceId=VM_MARS,
          ResourceName="vm-mars", RegionId="marsnorth", RegionName="Mars North", SkuMeter="D2s v3",
          ChargeDescription="D2s v3 hours", SkuPriceDetails="", Tags='{"team": "web"}'),
    # R5: requests: no energy model for them
    usage("2025-01-15T10:00:00Z", "2025-01-15T11:00:00Z", "0.05", "10000", "Requests", ResourceId=DISK,
          ResourceName="logs", ResourceType="Storage account", ServiceName="Storage Accounts",
          ServiceCategory="Storage", ServiceSubcategory="Object Storage", SkuMeter="Read Operations",
          ChargeDescription="Read operations", SkuPriceDetails="", Tags='{"team": "data"}'),
    # R6: tax: cost only
    {"ChargePeriodStart": "2025-01-15T10:00:00Z", "ChargePeriodEnd": "2025-01-15T12:00:00Z", "BilledCost": "0.03",
     "EffectiveCost": "0.03", "ListCost": "0.03", "ContractedCost": "0.03", "PricingCurrencyEffectiveCost": "0.03",
     "ChargeCategory": "Tax", "ChargeFrequency": "Recurring", "ChargeDescription": "VAT", "ConsumedQuantity": "",
     "ConsumedUnit": "", "PricingQuantity": "", "PricingUnit": "", "PricingCategory": "", "ListUnitPrice": "",
     "ContractedUnitPrice": "", "PricingCurrencyListUnitPrice": "", "PricingCurrencyContractedUnitPrice": "",
     "ResourceId": "", "ResourceName": "", "ResourceType": "", "SkuId": "", "SkuMeter": "", "SkuPriceDetails": "",
     "SkuPriceId": "", "Tags": ""},
]


def insert_samples(conn: psycopg.Connection[Any], labels: dict[str, str], points: list[tuple[datetime, float]]) -> None:
    row = conn.execute("SELECT id FROM finops.get_or_create_series(ARRAY[%s::jsonb])", (json.dumps(labels),)).fetchone()
    assert row is not None
    for at, value in points:
        conn.execute("INSERT INTO finops.samples (time, series_id, value) VALUES (%s, %s, %s)", (at, row[0], value))


def intensity_labels(zone: str, *, estimated: bool, source: str = "electricity_maps",
                     factor: str = "lifecycle") -> dict[str, str]:
    return {"__name__": "carbon_intensity_grams_per_kilowatt_hour", "source": source, "zone": zone,
            "signal": "average", "emission_factor_type": factor, "estimated": "true" if estimated else "false",
            "job": "carbon", "instance": "carbon:9813"}


def load_fixture(dsn: str, folder: Path) -> None:
    load_file(dsn, write_focus(folder / "carbon_focus.csv", ROWS), mode="strict")
    with psycopg.connect(dsn) as conn:
        # NL, 10:00-11:00: two measured points (mean 300) and an estimate the measured values win over
        insert_samples(conn, intensity_labels("NL", estimated=False),
                       [(ts("2025-01-15T10:00:00"), 290.0), (ts("2025-01-15T10:30:00"), 310.0)])
        insert_samples(conn, intensity_labels("NL", estimated=True),
                       [(ts("2025-01-15T10:00:00"), 500.0)])
        # 11:00 has no average value for NL (a marginal one is not an average: ignored): the table's 390 applies
        insert_samples(conn, {**intensity_labels("NL", estimated=False, source="watttime"), "signal": "marginal"},
                       [(ts("2025-01-15T11:00:00"), 800.0)])
        # CPU of VM-A (the Azure exporter's series, lower-case id), 10:00-11:00 only: mean 30 %
        cpu = {"__name__": "azure_vm_cpu_utilization_percent", "resource_id": VM_A.lower(), "job": "azure",
               "instance": "azure:9812"}
        insert_samples(conn, cpu, [(ts("2025-01-15T10:05:00"), 20.0), (ts("2025-01-15T10:35:00"), 40.0),
                                   (ts("2025-01-15T10:50:00"), float("nan"))])


@pytest.fixture
def carbon_db(empty_db: str, tmp_path: Path) -> str:
    """A migrated database with the carbon fixture: a small Azure bill, live intensities and CPU samples."""
    migrate(empty_db)
    load_fixture(empty_db, tmp_path)
    return empty_db
