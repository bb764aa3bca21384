"""`finops focus load` (focus.load.load_file and the CLI) against input PostgreSQL refuses or that ends early:
every such file is refused with a clear error naming the rule, row or cause, and the table keeps its previous
data (issue 8: a NUL stalled or crashed loads, a gzip cut short passed for a smaller bill)."""

from __future__ import annotations

import gzip
import io
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from finops.errors import BadInputError
from focus.load import DownloadError, LoadRejectedError, load_file
from focus.load_cli import load_command
from focus.reader import FocusFormatError
from tests.focus_db.conftest import FIXTURES, SAMPLE, scalar, table_state

CONFORMANT = FIXTURES / "focus-1.2-conformant.csv"


@pytest.fixture
def loaded(db: str) -> tuple[str, list[tuple[object, ...]]]:
    """A database holding the sample, and its table as it was."""
    load_file(db, SAMPLE, source="sample")
    return db, table_state(db)


def _with_nul(tmp_path: Path, name: str = "nul.csv") -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("Amazon Elastic Compute Cloud", "Amazon\x00EC2", 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_nul_in_a_csv_cell_refuses_the_load(loaded: tuple[str, list[tuple[object, ...]]], tmp_path: Path) -> None:
    db, before = loaded
    with pytest.raises(LoadRejectedError, match="not-storable x1"):
        load_file(db, _with_nul(tmp_path), source="sample")
    assert table_state(db) == before


def test_a_nul_in_a_gzip_csv_or_parquet_cell_refuses_the_load(
    loaded: tuple[str, list[tuple[object, ...]]], tmp_path: Path
) -> None:
    db, before = loaded
    plain = _with_nul(tmp_path)
    gz = tmp_path / "nul.csv.gz"
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    parquet = tmp_path / "nul.parquet"
    pq.write_table(pa_csv.read_csv(plain, convert_options=pa_csv.ConvertOptions(strings_can_be_null=True)), parquet)
    for path in (gz, parquet):
        with pytest.raises(LoadRejectedError, match="not-storable"):
            load_file(db, path, source="sample")
    assert table_state(db) == before


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Example Corp", "Exa\x00mple"),  # a plain text column (its bulk, arrow-checked path)
        ('""env"": ""prod""', '""e\\u0000nv"": ""prod""'),  # JSON: a key holding an escaped NUL
        ("Standard", "Stan\x00dard"),  # an enumerated column
        ("USD", "US\x00D"),  # a currency
    ],
    ids=["text", "json-key", "enum", "currency"],
)
def test_a_nul_in_any_kind_of_column_refuses_the_load(db: str, tmp_path: Path, old: str, new: str) -> None:
    text = CONFORMANT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "f.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LoadRejectedError, match="not-storable"):
        load_file(db, path)
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs") == 0


def test_a_nul_in_a_custom_column_and_in_a_parquet_column_name(db: str, tmp_path: Path) -> None:
    table = pa_csv.read_csv(CONFORMANT)
    with_custom = table.append_column("x_Team", pa.array(["a\x00b"] + ["t"] * (table.num_rows - 1)))
    custom = tmp_path / "custom.parquet"
    pq.write_table(with_custom, custom)
    with pytest.raises(LoadRejectedError, match="not-storable"):
        load_file(db, custom)
    named = tmp_path / "named.parquet"
    pq.write_table(table.append_column("x_Te\x00am", pa.array(["t"] * table.num_rows)), named)
    with pytest.raises(FocusFormatError, match="NUL character"):
        load_file(db, named)
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs") == 0


def test_a_number_beyond_numeric_refuses_the_load(db: str, tmp_path: Path) -> None:
    lines = CONFORMANT.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[1].split(",")  # the first data row has no quoted commas before BilledCost
    cells[header.index("BilledCost")] = "1e999999"
    path = tmp_path / "huge.csv"
    path.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]), encoding="utf-8")
    with pytest.raises(LoadRejectedError, match="not-storable x1"):
        load_file(db, path)
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs") == 0


def test_a_value_the_database_still_refuses_is_a_clear_error(
    loaded: tuple[str, list[tuple[object, ...]]], tmp_path: Path
) -> None:
    # a service name too large for its index entry: no FOCUS rule, the database's own limit
    db, before = loaded
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "huge-name.csv"
    path.write_text(text.replace("Amazon Elastic Compute Cloud", os.urandom(4000).hex(), 1), encoding="utf-8")
    with pytest.raises(BadInputError, match="the database refused a value: index row size"):
        load_file(db, path, source="sample")
    assert table_state(db) == before


def test_cli_exits_2_for_a_nul_and_for_a_truncated_gzip_keeping_the_table(
    loaded: tuple[str, list[tuple[object, ...]]], tmp_path: Path
) -> None:
    db, before = loaded
    nul = CliRunner().invoke(load_command, [str(_with_nul(tmp_path)), "--source", "sample", "--db.url", db])
    assert nul.exit_code == 2, nul.output
    assert "not-storable" in nul.output
    half = b"\n".join(SAMPLE.read_bytes().split(b"\n")[:500]) + b"\n"
    for name, blob in {
        "no-trailer.csv.gz": gzip.compress(half)[:-8],
        "cut.csv.gz": gzip.compress(SAMPLE.read_bytes())[:20_000],
        "trailing.csv.gz": gzip.compress(half) + b"garbage",
    }.items():
        path = tmp_path / name
        path.write_bytes(blob)
        result = CliRunner().invoke(load_command, [str(path), "--source", "sample", "--db.url", db])
        assert result.exit_code == 2, (name, result.output)
        assert "gzip" in result.output
    assert table_state(db) == before


def test_a_truncated_or_corrupt_parquet_file_refuses_the_load(db: str, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    pq.write_table(pa_csv.read_csv(CONFORMANT), buffer, write_page_checksum=True)
    whole = buffer.getvalue()
    (tmp_path / "cut.parquet").write_bytes(whole[: len(whole) * 2 // 3])
    at = whole.index(b"Example Corp")
    (tmp_path / "flipped.parquet").write_bytes(whole[:at] + b"Example Cor!" + whole[at + 12 :])
    for name in ("cut.parquet", "flipped.parquet"):
        with pytest.raises(FocusFormatError, match="cannot read Parquet"):
            load_file(db, tmp_path / name)
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs") == 0


def test_a_file_name_that_is_not_utf8_is_stored_escaped(db: str, tmp_path: Path) -> None:
    path = Path(os.fsdecode(bytes(tmp_path) + b"/bill-\xff.csv"))
    path.write_bytes(CONFORMANT.read_bytes())
    result = load_file(db, path)
    assert result.source == "bill-\\xff.csv"
    assert scalar(db, "SELECT source FROM finops.focus_loads") == "bill-\\xff.csv"
    with pytest.raises(BadInputError, match="NUL character"):
        load_file(db, CONFORMANT, source="a\x00b")


@pytest.fixture
def short_server() -> Iterator[str]:
    """An HTTP server that promises more bytes (Content-Length) than it sends, then closes the connection."""
    listener = socket.create_server(("127.0.0.1", 0))
    body = b"\n".join(SAMPLE.read_bytes().split(b"\n")[:500]) + b"\n"

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                head = b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: %d\r\n\r\n" % (len(body) * 2)
                conn.sendall(head)
                conn.sendall(body)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/bill.csv"
    finally:
        listener.close()


def test_a_download_cut_short_refuses_the_load(loaded: tuple[str, list[tuple[object, ...]]], short_server: str) -> None:
    db, before = loaded
    with pytest.raises(DownloadError, match="cut short"):
        load_file(db, short_server, source="sample")
    assert table_state(db) == before


def test_cli_exits_2_for_a_nul_in_the_source_name_keeping_the_table(
    loaded: tuple[str, list[tuple[object, ...]]]
) -> None:
    # the source name is stored with every row and decides which rows a load replaces: a NUL in it must not
    # reach PostgreSQL (issue 8 item 1), and nothing of the sample may move to history
    db, before = loaded
    result = CliRunner().invoke(load_command, [str(SAMPLE), "--source", "sam\x00ple", "--db.url", db])
    assert result.exit_code == 2, result.output
    assert "NUL character" in result.output
    assert "Traceback" not in result.output
    assert table_state(db) == before
    assert scalar(db, "SELECT count(*) FROM finops.focus_loads") == 1
