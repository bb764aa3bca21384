"""Writes the curated tables into migration 0010 as INSERTs, so the database and the package data cannot drift.

    python -m reports.carbon.sqlgen        # rewrites the generated section of sql/migrations/0010_carbon.sql

Only the text between the BEGIN/END markers is generated; the rest of the migration is written by hand. A test
fails when the section differs from `render()`. Every value is checked before it is written: numbers must be
plain decimals (no exponent, no `NaN`), text is quoted by doubling single quotes.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from reports.carbon.table import DATA_DIR

MIGRATION = Path(__file__).resolve().parents[2] / "sql" / "migrations" / "0010_carbon.sql"
BEGIN = "-- BEGIN GENERATED DATA: `python -m reports.carbon.sqlgen` from reports/carbon/data/*.csv; do not edit"
END = "-- END GENERATED DATA"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

# table -> (csv file, [(column, kind)]) with kind: n (number), t (text, NULL when empty), a (|-separated list)
TABLES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "finops.carbon_regions": ("region_carbon.csv", [
        ("provider", "t"), ("region_id", "t"), ("year", "n"), ("g_per_kwh", "n"), ("pue", "n"), ("basis", "t"),
        ("country", "t"), ("location", "t"), ("em_zone", "t"), ("watttime_region", "t"),
        ("emission_factor_type", "t"), ("source", "t"), ("license", "t"), ("note", "t"),
    ]),
    "finops.carbon_providers": ("providers.csv", [
        ("provider", "t"), ("focus_names", "a"), ("pue", "n"), ("pue_low", "n"), ("pue_high", "n"),
        ("min_watts", "n"), ("max_watts", "n"), ("min_watts_low", "n"), ("max_watts_low", "n"),
        ("min_watts_high", "n"), ("max_watts_high", "n"), ("source", "t"),
    ]),
    "finops.carbon_cpu_coefficients": ("cpu_coefficients.csv", [
        ("provider", "t"), ("microarchitecture", "t"), ("min_watts", "n"), ("max_watts", "n"), ("gb_per_chip", "n"),
    ]),
    "finops.carbon_instance_types": ("instance_types.csv", [
        ("provider", "t"), ("instance_type", "t"), ("vcpus", "n"), ("memory_gb", "n"), ("platform_vcpus", "n"),
        ("platform_memory_gb", "n"), ("microarchitectures", "a"), ("min_watts", "n"), ("max_watts", "n"),
        ("min_watts_low", "n"), ("max_watts_low", "n"), ("min_watts_high", "n"), ("max_watts_high", "n"),
        ("extra_memory_gb", "n"),
    ]),
}


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _literal(value: str, kind: str, where: str) -> str:
    if kind == "n":
        if not _NUMBER.match(value):
            raise ValueError(f"{where}: {value!r} is not a plain number")
        return value
    if kind == "a":
        items = [v for v in value.split("|") if v]
        if kind == "a" and where.startswith("finops.carbon_providers"):
            items = [v.lower() for v in items]  # provider names are matched lower-cased
        return "ARRAY[" + ", ".join(_text(v) for v in items) + "]::text[]"
    return _text(value) if value else "NULL"


def render(data_dir: Path = DATA_DIR) -> str:
    parts = [BEGIN]
    for table, (name, columns) in TABLES.items():
        with (data_dir / name).open(newline="", encoding="utf-8") as src:
            rows = list(csv.DictReader(src))
        values = [
            "    (" + ", ".join(_literal(row[c], k, f"{table}.{c} row {i}") for c, k in columns) + ")"
            for i, row in enumerate(rows, start=1)
        ]
        parts.append(f"INSERT INTO {table} ({', '.join(c for c, _ in columns)}) VALUES\n" + ",\n".join(values) + ";")
    parts.append(END)
    return "\n".join(parts) + "\n"


def splice(migration: str, section: str) -> str:
    """The migration text with its generated section replaced."""
    start = migration.index(BEGIN)
    end = migration.index(END, start) + len(END) + 1
    return migration[:start] + section + migration[end:]


def generated_section(migration: str) -> str:
    start = migration.index(BEGIN)
    return migration[start: migration.index(END, start) + len(END) + 1]


def main() -> int:
    text = MIGRATION.read_text(encoding="utf-8")
    MIGRATION.write_text(splice(text, render()), encoding="utf-8")
    print(f"rewrote the generated section of {MIGRATION}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
