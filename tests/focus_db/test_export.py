from __future__ import annotations

import csv
import stat
import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import psycopg
import pyarrow.parquet as pq
import pytest

from finops.errors import BadInputError
from focus.columns import columns_for
from focus.export import export
from focus.load import load_file
from tests.focus_db.conftest import FIXTURES, SAMPLE, read_rows, row_keys, write_csv

ROUND_TRIPS = [
    (SAMPLE, "1.0"),
    (FIXTURES / "focus-1.1-conformant.csv", "1.1"),
    (FIXTURES / "focus-1.2-conformant.csv", "1.2"),
    (FIXTURES / "focus-1.3-conformant.csv", "1.3"),
]


@pytest.mark.parametrize("suffix", ["csv", "csv.gz", "parquet"])
@pytest.mark.parametrize(("source", "version"), ROUND_TRIPS, ids=[v for _, v in ROUND_TRIPS])
def test_round_trip_preserves_every_value(db: str, tmp_path: Path, source: Path, version: str, suffix: str) -> None:
    load_file(db, source)
    out = tmp_path / f"out.{suffix}"
    count = export(db, out, version=version)
    header, original = read_rows(source, version=version)
    exported_header, exported = read_rows(out, version=version)
    assert count == len(original)
    assert set(exported_header) == set(header)
    if suffix == "parquet":
        # Parquet decimals have one scale per column (2.304 comes back as 2.3040): equal values, exact digits
        exported = [{k: _normal(v) for k, v in r.items()} for r in exported]
        original = [{k: _normal(v) for k, v in r.items()} for r in original]
    # CSV: exact, same types, same Decimal digits and scale, same JSON, same nulls and empty strings
    assert row_keys(exported) == row_keys(original)


def _normal(value: object) -> object:
    return value.normalize() if isinstance(value, Decimal) else value


def test_csv_text_is_focus_formatted(db: str, tmp_path: Path) -> None:
    load_file(db, SAMPLE)
    out = tmp_path / "out.csv"
    export(db, out, version="1.0")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[: len(columns_for("1.0"))] == [c.name for c in columns_for("1.0")]
    assert lines[0].endswith(",Id")
    cells = [cell for record in csv.reader(lines[1:]) for cell in record]
    assert "2024-09-18T22:00:00Z" in cells
    assert "0.00000080000" in cells  # the stored scale, no exponent, no float rounding
    assert "NULL" not in cells  # the sample's literal NULLs are real nulls now
    assert "2024-09-18 22:00:00" not in cells


def test_exporting_older_version_fills_renamed_columns(db: str, tmp_path: Path) -> None:
    header, rows = read_rows(FIXTURES / "focus-1.3-conformant.csv")
    header = [h for h in header if h not in {"ProviderName", "PublisherName"}]  # deprecated, may be omitted
    for row in rows:
        row["ServiceProviderName"] = "Svc-" + row["ServiceProviderName"]
    load_file(db, write_csv(tmp_path / "only-new-names.csv", header, rows), version="1.3")
    out = tmp_path / "as-1.2.csv"
    export(db, out, version="1.2")
    exported_header, exported = read_rows(out, version="1.2")
    assert "ServiceProviderName" not in exported_header
    assert sorted(r["ProviderName"] for r in exported) == sorted(r["ServiceProviderName"] for r in rows)
    assert sorted(r["PublisherName"] for r in exported) == sorted(r["ServiceProviderName"] for r in rows)


def test_exporting_newer_version_fills_new_provider_columns(db: str, tmp_path: Path) -> None:
    load_file(db, FIXTURES / "focus-1.2-conformant.csv")
    out = tmp_path / "as-1.3.csv"
    export(db, out, version="1.3")
    _, exported = read_rows(out, version="1.3")
    assert all(r["ServiceProviderName"] == r["ProviderName"] for r in exported)
    assert all(r["HostProviderName"] == r["ProviderName"] for r in exported)
    assert all(r["ContractApplied"] is None for r in exported)


def test_filters_by_period_and_provider(db: str, tmp_path: Path) -> None:
    load_file(db, SAMPLE)
    _, rows = read_rows(SAMPLE)
    out = tmp_path / "f.csv"
    start, end = datetime(2024, 9, 10, tzinfo=UTC), date(2024, 9, 20)
    n = export(db, out, version="1.0", start=start, end=end, providers=["Microsoft", "Oracle"])
    expected = [
        r for r in rows
        if r["ProviderName"] in {"Microsoft", "Oracle"}
        and start <= r["ChargePeriodStart"] < datetime(2024, 9, 20, tzinfo=UTC)
    ]  # fmt: skip
    assert 0 < n == len(expected) < 58
    assert row_keys(read_rows(out)[1]) == row_keys(expected)


def test_parquet_keeps_types(db: str, tmp_path: Path) -> None:
    load_file(db, SAMPLE)
    out = tmp_path / "out.parquet"
    export(db, out, version="1.0")
    schema = pq.read_schema(out)
    assert str(schema.field("BilledCost").type).startswith("decimal")
    assert str(schema.field("ChargePeriodStart").type) == "timestamp[us, tz=UTC]"
    assert str(schema.field("Tags").type) == "string"


def test_empty_selection_writes_header_only(db: str, tmp_path: Path) -> None:
    out = tmp_path / "empty.csv"
    assert export(db, out, version="1.2") == 0
    assert out.read_text().splitlines() == [",".join(c.name for c in columns_for("1.2"))]


def test_bad_version_or_format(db: str, tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="unsupported FOCUS version"):
        export(db, tmp_path / "x.csv", version="0.5")
    with pytest.raises(BadInputError, match="unknown export format"):
        export(db, tmp_path / "x.csv", fmt="xlsx")


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_export_files_honour_the_umask(db: str, tmp_path: Path, umask: int) -> None:
    # `finops focus export` as a user runs it, in a process of its own with that umask (was 0600 whatever it was)
    load_file(db, FIXTURES / "focus-1.2-conformant.csv")
    for name in ("out.csv", "out.csv.gz", "out.parquet"):
        out = tmp_path / f"{umask:o}-{name}"
        done = subprocess.run(
            [sys.executable, "-m", "finops", "focus", "export", "--db.url", db, "--version", "1.2", str(out)],
            capture_output=True, text=True, timeout=120, check=False, umask=umask,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask, name
    assert not list(tmp_path.glob(".*.part"))


def test_export_to_a_place_that_cannot_be_written_is_a_clear_error(db: str, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(BadInputError, match="cannot write there"):
        export(db, blocker / "out.csv")


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_numbers_inside_json_columns_keep_every_digit_through_load_and_export(
    db: str, tmp_path: Path, suffix: str
) -> None:
    """A cost inside ContractApplied is a JSON number: it went through float on load and on export."""
    header, rows = read_rows(FIXTURES / "focus-1.3-conformant.csv", version="1.3")
    digits = "1234567.1234567890123456789"
    contract = ('{"Elements": [{"ContractId": "c-1", "ContractCommitmentId": "cc-1", '
                f'"ContractCommitmentAppliedCost": {digits}}}]}}')
    source = write_csv(tmp_path / "in.csv", header, rows)
    text = source.read_text(encoding="utf-8")
    old = next(r for r in csv.DictReader(text.splitlines()) if r["ContractApplied"])["ContractApplied"]
    quoted_old = '"' + old.replace('"', '""') + '"'
    assert quoted_old in text
    source.write_text(text.replace(quoted_old, '"' + contract.replace('"', '""') + '"', 1), encoding="utf-8")
    load_file(db, source)
    with psycopg.connect(db) as conn:
        stored = [r[0] for r in conn.execute("SELECT contract_applied::text FROM finops.focus_costs "
                                             "WHERE contract_applied IS NOT NULL").fetchall()]
    assert any(digits in s for s in stored), stored
    out = tmp_path / f"out.{suffix}"
    export(db, out, version="1.3")
    _, exported = read_rows(out, version="1.3")
    applied = [r["ContractApplied"]["Elements"][0]["ContractCommitmentAppliedCost"] for r in exported
               if r["ContractApplied"] and "ContractCommitmentAppliedCost" in r["ContractApplied"]["Elements"][0]]
    assert Decimal(digits) in applied
