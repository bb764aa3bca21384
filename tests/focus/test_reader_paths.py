"""The reader's conversion paths (bulk, per distinct value, one value per batch) and its prefetch thread."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from focus.columns import column as focus_column
from focus.columns import is_focus_column
from focus.formats import converter_for
from focus.reader import FocusEncodingError, read_focus
from tests.focus.conftest import FIXTURES, SAMPLE
from tests.services import ROOT

ROWS = 6000
# (row index, column, raw cell, rule): defects in a mostly distinct column (bulk path), in a repetitive
# column with many distinct values (per-value path, Decimals built directly) and in a repetitive string column
DEFECTS = [
    (17, "BilledCost", "1,234.5", "numeric-format"),
    (4100, "BilledCost", "NaN", "numeric-format"),
    (5999, "BilledCost", "+1", "numeric-format"),
    (33, "EffectiveCost", "Infinity", "numeric-format"),
    (2500, "EffectiveCost", "1e5x", "numeric-format"),
    (900, "ChargeCategory", "usage", "allowed-values-case"),
    # what PostgreSQL refuses, on every path: beyond NUMERIC (bulk and per-value decimals), a NUL character in a
    # mostly distinct text column (its cells checked in arrow) and in a repetitive one (per distinct value)
    (41, "BilledCost", "1e999999", "not-storable"),
    (2600, "EffectiveCost", "1e-99999", "not-storable"),
    (123, "ChargeDescription", "VM\x00hour", "not-storable"),
    (3000, "ServiceName", "Amazon\x00EC2", "not-storable"),
]


def _sample() -> tuple[list[str], list[list[str]]]:
    with open(SAMPLE, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, list(reader)


def _write(path: Path) -> list[list[str]]:
    """ROWS rows: distinct BilledCost, EffectiveCost from 500 values, one currency, ISO timestamps."""
    header, template = _sample()
    at = {name: i for i, name in enumerate(header)}
    rows = []
    for i in range(ROWS):
        row = ["" if cell == "NULL" else cell for cell in template[i % len(template)]]
        for name in ("BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"):
            row[at[name]] = row[at[name]].replace(" ", "T") + "Z"
        row[at["BilledCost"]] = f"{i}.{i % 97:05d}"
        row[at["EffectiveCost"]] = f"0.{i % 500:04d}" if i % 7 else ""
        row[at["BillingCurrency"]] = "USD"
        row[at["ChargeCategory"]] = "Usage"
        row[at["ChargeDescription"]] = f"charge {i}"
        rows.append(row)
    for index, name, raw, _ in DEFECTS:
        rows[index][at[name]] = raw
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return rows


def _expected(header: list[str], raw_rows: list[list[str]], version: str) -> dict[str, list[Any]]:
    """Cell by cell through the Python rules alone: what every path must give."""
    result: dict[str, list[Any]] = {}
    for k, name in enumerate(header):
        convert = converter_for(focus_column(name) if is_focus_column(name) else None, version)
        result[name] = [None if row[k] == "" else convert(row[k])[0] for row in raw_rows]
    return result


@pytest.mark.parametrize("block_size", [1 << 16, 1 << 20])
def test_bulk_and_per_value_paths_match_the_cell_by_cell_rules(tmp_path: Path, block_size: int) -> None:
    path = tmp_path / "paths.csv"
    raw_rows = _write(path)
    reader = read_focus(path, mode="strict", block_size=block_size)
    got: dict[str, list[Any]] = {name: [] for name in reader.header}
    for batch in reader.batches():
        for name, values in batch.columns.items():
            got[name].extend(values)
    expected = _expected(list(reader.header), raw_rows, reader.version)
    for name in reader.header:
        assert got[name] == expected[name], name
    assert sum(got["BilledCost"][:10], Decimal(0)) == sum(Decimal(f"{i}.{i:05d}") for i in range(10))
    assert all(type(v) is Decimal for v in got["EffectiveCost"] if v is not None)
    for index, name, raw, rule in DEFECTS:
        examples = reader.problems.examples[(rule, name)]
        assert any(e.row == index + 1 and e.value == raw for e in examples), (name, raw)
    assert reader.problems.counts[("numeric-format", "BilledCost")] == 3
    assert reader.problems.counts[("not-null", "EffectiveCost")] == len(range(0, ROWS, 7))
    assert reader.problems.examples[("not-null", "EffectiveCost")][0].row == 1


def _prefetch_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "focus-reader-prefetch"]


def _wait_for_no_prefetch_thread() -> None:
    deadline = time.monotonic() + 10
    while _prefetch_threads() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not _prefetch_threads()


def test_stopping_after_one_batch_stops_the_prefetch_thread(tmp_path: Path) -> None:
    path = tmp_path / "paths.csv"
    _write(path)
    batches = read_focus(path, block_size=1 << 16).batches()
    first = next(batches)
    assert first.first_row == 1 and len(first) < ROWS
    batches.close()
    _wait_for_no_prefetch_thread()


def test_an_error_in_a_later_block_reaches_the_consumer_in_order(tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    raw_rows = _write(path)
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow(raw_rows[1])
    with open(path, "ab") as handle:
        handle.write(line.getvalue().replace("SunBird", "Zürich").encode("latin-1"))
    seen: list[int] = []

    def consume() -> None:
        for batch in read_focus(path, block_size=1 << 16).batches():
            seen.append(len(batch))

    with pytest.raises(FocusEncodingError, match=f"line {ROWS + 2}"):
        consume()
    assert sum(seen) > 0
    _wait_for_no_prefetch_thread()


def test_a_ragged_row_that_is_not_utf8_is_an_encoding_error_without_stderr_noise(tmp_path: Path) -> None:
    # pyarrow fails to decode such a row before our invalid-row handler runs; run in a child process so that
    # what a user's process prints is what we check (pytest replaces the unraisable-exception hook).
    lines = (FIXTURES / "focus-1.2-conformant.csv").read_bytes().split(b"\n")
    lines[3] += b",extra\xff"
    path = tmp_path / "ragged.csv"
    path.write_bytes(b"\n".join(lines))
    code = (
        "import sys\nfrom focus.reader import FocusEncodingError, read_focus\n"
        "try:\n    [None for _ in read_focus(sys.argv[1]).batches()]\n"
        "except FocusEncodingError as exc:\n    print(exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60,
                          check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{path}, line 4: not valid UTF-8 text"
    assert done.stderr == ""


def _fixture_parquet(table_change: Any = None) -> bytes:
    table = pa_csv.read_csv(FIXTURES / "focus-1.2-conformant.csv")
    if table_change is not None:
        table = table_change(table)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def test_hostile_parquet_files_fail_with_our_errors(tmp_path: Path) -> None:
    # found by mutating Parquet bytes: pyarrow decodes names and strings lazily, so UnicodeDecodeError escaped
    named = _fixture_parquet(lambda t: t.append_column("x_zzzz", pa.array(["a"] * t.num_rows)))
    bad_name = tmp_path / "name.parquet"
    bad_name.write_bytes(named.replace(b"x_zzzz", b"x_zz\xff\xfe"))
    with pytest.raises(FocusEncodingError, match="column names are not valid UTF-8"):
        read_focus(bad_name)
    strings = _fixture_parquet()
    at = strings.index(b"Example Corp")
    bad_text = tmp_path / "text.parquet"
    bad_text.write_bytes(strings[:at] + b"Example\xffCorp" + strings[at + len(b"Example Corp"):])
    with pytest.raises(FocusEncodingError, match="not valid UTF-8"):
        list(read_focus(bad_text).batches())


def test_parquet_timestamp_beyond_python_dates_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    def far_future(table: pa.Table) -> pa.Table:
        i = table.schema.get_field_index("ChargePeriodStart")
        column = table.column(i).to_pylist()
        seconds = [int(v.timestamp()) for v in column]
        seconds[2] = 400_000_000_000  # year ~14645
        return table.set_column(i, "ChargePeriodStart", pa.array(seconds, pa.timestamp("s", tz="UTC")))

    path = tmp_path / "far.parquet"
    path.write_bytes(_fixture_parquet(far_future))
    reader = read_focus(path)
    (batch,) = list(reader.batches())
    starts = batch.columns["ChargePeriodStart"]
    assert starts[2] is None and all(v is not None for i, v in enumerate(starts) if i != 2)
    assert reader.problems.counts[("datetime-invalid", "ChargePeriodStart")] == 1


def test_long_numbers_are_checked_by_the_python_rules_on_the_bulk_path(tmp_path: Path) -> None:
    # arrow's check passes only cells it can prove NUMERIC stores; longer ones are decided by parse_decimal
    with open(FIXTURES / "focus-1.2-conformant.csv", newline="", encoding="utf-8") as handle:
        header, *cells = list(csv.reader(handle))[:4]
    at = header.index("BilledCost")
    cells[0][at] = "9" * 1200  # long but storable: kept exactly
    cells[1][at] = "9" * 140_000  # more digits than NUMERIC holds before the point
    path = tmp_path / "long.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *cells])
    reader = read_focus(path)
    values = [row["BilledCost"] for row in reader]
    assert values[0] == Decimal("9" * 1200) and values[1] is None and values[2] is not None
    assert reader.problems.counts[("not-storable", "BilledCost")] == 1
