"""The curated region table in Python: read once from the package data, resolved by (provider, region, year).

The same lookup rule as the SQL function `finops.carbon_table_intensity`: the row of the latest year at or
before the year asked for, else the earliest row. Region ids are compared as FOCUS spells them, lower-cased and
without spaces (Azure `West Europe` and `westeurope` are the same region).
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

DATA_DIR = Path(__file__).resolve().parent / "data"
REGION_FILE = DATA_DIR / "region_carbon.csv"

_PROVIDER_ALIASES = {
    "aws": "aws", "amazon": "aws", "amazon web services": "aws",
    "azure": "azure", "microsoft": "azure", "microsoft azure": "azure",
    "gcp": "gcp", "google": "gcp", "google cloud": "gcp", "google cloud platform": "gcp",
}


@dataclass(frozen=True)
class RegionIntensity:
    provider: str
    region_id: str
    year: int
    g_per_kwh: float
    pue: float
    basis: str  # region | country
    country: str
    location: str
    em_zone: str
    watttime_region: str
    emission_factor_type: str
    source: str
    license: str
    note: str


def provider_key(name: str) -> str | None:
    """`AWS`, `Microsoft`, `Google Cloud`, `azure`, … -> aws | azure | gcp (None when not one of them)."""
    return _PROVIDER_ALIASES.get(name.strip().lower())


def region_key(region: str) -> str:
    return re.sub(r"\s+", "", region).lower()


class RegionTable:
    """Immutable; `rows` keyed by (provider, region id), each list sorted by year."""

    def __init__(self, rows: list[RegionIntensity]) -> None:
        grouped: dict[tuple[str, str], list[RegionIntensity]] = {}
        for row in rows:
            grouped.setdefault((row.provider, row.region_id), []).append(row)
        self.rows: Mapping[tuple[str, str], tuple[RegionIntensity, ...]] = MappingProxyType(
            {k: tuple(sorted(v, key=lambda r: r.year)) for k, v in sorted(grouped.items())}
        )

    def regions(self) -> list[tuple[str, str]]:
        return list(self.rows)

    def resolve(self, provider: str, region: str, year: int) -> RegionIntensity | None:
        key = provider_key(provider)
        if key is None:
            return None
        rows = self.rows.get((key, region_key(region)))
        if not rows:
            return None
        before = [r for r in rows if r.year <= year]
        return before[-1] if before else rows[0]

    def latest(self, provider: str, region: str) -> RegionIntensity | None:
        return self.resolve(provider, region, 9999)


def read_table(path: Path = REGION_FILE) -> RegionTable:
    with path.open(newline="", encoding="utf-8") as src:
        rows = [
            RegionIntensity(
                provider=r["provider"], region_id=r["region_id"], year=int(r["year"]),
                g_per_kwh=float(r["g_per_kwh"]), pue=float(r["pue"]), basis=r["basis"], country=r["country"],
                location=r["location"], em_zone=r["em_zone"], watttime_region=r["watttime_region"],
                emission_factor_type=r["emission_factor_type"], source=r["source"], license=r["license"],
                note=r["note"],
            )
            for r in csv.DictReader(src)
        ]
    return RegionTable(rows)


@functools.cache
def region_table() -> RegionTable:
    """The shipped table, read once per process."""
    return read_table()
