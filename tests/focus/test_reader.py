from __future__ import annotations

import gzip
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from finops.errors import BadInputError
from focus.reader import FocusEncodingError, FocusFormatError, MissingColumnsError, read_focus
from tests.focus.conftest import FIXTURES, SAMPLE


def _rows(path: Path, **kw: Any) -> list[dict[str, Any]]:
    return list(read_focus(path, **kw))


def test_lenient_reads_all_sample_rows_and_billed_cost_total_is_exact() -> None:
    reader = read_focus(SAMPLE)
    rows = list(reader)
    assert len(rows) == 1000
    assert reader.version == "1.0"
    total = sum((r["BilledCost"] for r in rows), Decimal(0))
    assert total == Decimal("20.52022672899")
    assert isinstance(rows[0]["BilledCost"], Decimal)


def test_lenient_normalizes_sample_defects() -> None:
    reader = read_focus(SAMPLE, mode="lenient")
    rows = list(reader)
    first = rows[0]
    assert first["ChargeClass"] is None  # literal NULL
    assert first["ChargePeriodStart"] == datetime(2024, 9, 18, 22, tzinfo=UTC)
    assert {r["ChargeFrequency"] for r in rows} <= {"Usage-Based", "One-Time", "Recurring"}
    assert rows[925]["BillingAccountName"] is None  # quoted empty string
    assert "Id" in reader.custom_columns and rows[0]["Id"] == "11472"
    assert any(isinstance(r["Tags"], dict) for r in rows)
    assert reader.problems.counts[("allowed-values-case", "ChargeFrequency")] == 7
    assert reader.problems.counts[("null-literal", "ChargeClass")] == 1000


def test_gzip_and_parquet_copies_give_identical_rows(tmp_path: Path) -> None:
    gz = tmp_path / "sample.csv.gz"
    gz.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    header = _header().strip().replace('"', "").split(",")
    table = pa_csv.read_csv(
        SAMPLE,
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()),
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )
    parquet = tmp_path / "sample.parquet"
    pq.write_table(table, parquet, row_group_size=300)
    expected = _rows(SAMPLE)
    assert _rows(gz) == expected
    assert _rows(parquet) == expected


def test_typed_parquet_decimals_and_timestamps_are_normalized(tmp_path: Path) -> None:
    rows = _rows(FIXTURES / "focus-1.2-conformant.csv")
    table = pa.Table.from_pylist(
        [
            {
                **{k: (v if not isinstance(v, dict) else None) for k, v in r.items()},
                "Tags": None,
                "SkuPriceDetails": None,
            }
            for r in rows
        ]
    )
    path = tmp_path / "typed.parquet"
    pq.write_table(table, path)
    again = _rows(path)
    assert [r["BilledCost"] for r in again] == [r["BilledCost"] for r in rows]
    assert again[0]["ChargePeriodStart"] == datetime(2025, 1, 15, tzinfo=UTC)


def test_strict_mode_reports_each_defect_kind_with_row_and_column() -> None:
    reader = read_focus(SAMPLE, mode="strict")
    for _ in reader.batches():
        pass
    problems = reader.problems
    expected = {
        ("null-literal", "ChargeClass"),
        ("null-empty-string", "BillingAccountName"),
        ("datetime-format", "ChargePeriodStart"),
        ("allowed-values-case", "ChargeFrequency"),
        ("custom-column-prefix", "Id"),
        ("not-null", "ContractedCost"),
    }
    assert expected <= set(problems.counts)
    case = problems.examples[("allowed-values-case", "ChargeFrequency")][0]
    assert case.row == 926 and case.value == "Usage-based"
    empty = problems.examples[("null-empty-string", "BillingAccountName")][0]
    assert empty.row == 926 and empty.column == "BillingAccountName"


@pytest.mark.parametrize("version", ["1.1", "1.2", "1.3"])
def test_conformant_fixtures_detect_their_version(version: str) -> None:
    reader = read_focus(FIXTURES / f"focus-{version}-conformant.csv", mode="strict")
    rows = list(reader)
    assert reader.version == version
    assert len(rows) >= 12
    assert not reader.problems.counts


# --- hostile inputs ------------------------------------------------------------------------------------------


def _header() -> str:
    with SAMPLE.open(encoding="utf-8") as handle:
        return handle.readline()


def _first_row() -> str:
    with SAMPLE.open(encoding="utf-8") as handle:
        handle.readline()
        return handle.readline()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="no such file"):
        read_focus(tmp_path / "nope.csv")


def test_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(256)) * 50)
    with pytest.raises(FocusFormatError, match=r"junk\.csv.*binary"):
        read_focus(path)


def test_text_that_is_not_focus(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(MissingColumnsError, match="BilledCost"):
        read_focus(path)


def test_truncated_gzip(tmp_path: Path) -> None:
    data = gzip.compress(SAMPLE.read_bytes())
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(FocusFormatError, match="gzip"):
        list(read_focus(path))


def test_header_only_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text(_header(), encoding="utf-8")
    reader = read_focus(path)
    assert list(reader) == []
    assert reader.problems.counts[("no-rows", None)] == 1


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(FocusFormatError, match="empty"):
        read_focus(path)


def test_ragged_rows_are_skipped_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(_header() + _first_row() + "1,2,3\n" + _first_row(), encoding="utf-8")
    reader = read_focus(path)
    assert len(list(reader)) == 2
    assert reader.problems.counts[("ragged-row", None)] == 1


def test_huge_field_gives_clear_error(tmp_path: Path) -> None:
    row = _first_row().replace("Amazon Simple Queue Service", "x" * 10_000_000)
    path = tmp_path / "huge.csv"
    path.write_text(_header() + row, encoding="utf-8")
    with pytest.raises(FocusFormatError, match="block size"):
        list(read_focus(path, block_size=1 << 20))


def test_huge_field_within_block_size_is_read(tmp_path: Path) -> None:
    row = _first_row().replace("Amazon Simple Queue Service", "x" * 10_000_000)
    path = tmp_path / "huge.csv"
    path.write_text(_header() + row, encoding="utf-8")
    rows = list(read_focus(path, block_size=32 << 20))
    assert len(rows[0]["ServiceName"]) == 10_000_000


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    bad_row = _first_row().replace("SunBird", "Zürich").encode("latin-1")
    path.write_bytes((_header() + _first_row() + _first_row()).encode() + bad_row)
    with pytest.raises(FocusEncodingError, match="line 4"):
        list(read_focus(path))


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "1,234.5"])
def test_bad_numbers_in_cost_column_are_violations(tmp_path: Path, bad: str) -> None:
    row = _first_row().replace(",0.00000080000,", f',"{bad}",', 1)
    path = tmp_path / "cost.csv"
    path.write_text(_header() + row, encoding="utf-8")
    reader = read_focus(path, mode="lenient")
    rows = list(reader)
    assert rows[0]["BilledCost"] is None
    example = reader.problems.examples[("numeric-format", "BilledCost")][0]
    assert example.row == 1 and example.value == bad


@pytest.mark.parametrize("tags", ['"[1, 2]"', '"{""a"": {""b"": 1}}"', '"not json"', '"{""a"": [1]}"'])
def test_bad_tags_are_violations(tmp_path: Path, tags: str) -> None:
    row = _first_row().rstrip("\n").removesuffix("NULL") + tags + "\n"
    path = tmp_path / "tags.csv"
    path.write_text(_header() + row, encoding="utf-8")
    reader = read_focus(path)
    rows = list(reader)
    assert rows[0]["Tags"] is None
    rules = {rule for rule, column in reader.problems.counts if column == "Tags"}
    assert rules & {"key-value-format", "json-format"}


def test_unknown_version_is_bad_input() -> None:
    with pytest.raises(BadInputError, match="unsupported FOCUS version"):
        read_focus(SAMPLE, version="9.9")


def test_parquet_named_file_that_is_not_parquet(tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(FocusFormatError, match="not a Parquet"):
        read_focus(path)
