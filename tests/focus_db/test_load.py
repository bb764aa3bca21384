from __future__ import annotations

import functools
import gzip
import http.server
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from finops.errors import BadInputError, UnavailableError
from focus import load as load_module
from focus.identity import row_id
from focus.load import DownloadError, LoadRejectedError, Scope, load_file
from focus.reader import FocusFileError
from tests.focus_db.conftest import (
    AWS,
    FIXTURES,
    REPO,
    SAMPLE,
    SAMPLE_BILLED_TOTAL,
    read_rows,
    scalar,
    table_state,
    write_csv,
)
from tests.services import wait_until

AWS_SCOPE_SQL = "coalesce(service_provider_name, provider_name) = 'AWS'"


@pytest.fixture
def sample_rows() -> tuple[list[str], list[dict[str, Any]]]:
    return read_rows(SAMPLE)


def _aws_restated(
    tmp_path: Path, header: list[str], rows: list[dict[str, Any]]
) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    """A newer AWS-only export: first AWS row's cost restated, second AWS row gone, everything else the same."""
    aws = [dict(r) for r in rows if r["ProviderName"] == AWS]
    restated, gone = aws[0], aws[1]
    restated["BilledCost"] = restated["BilledCost"] + Decimal("1.00000000001")
    newer = [r for r in aws if r is not gone]
    return write_csv(tmp_path / "aws-newer.csv", header, newer), restated, gone


def test_sample_loads_every_row_with_exact_total(db: str) -> None:
    result = load_file(db, SAMPLE)
    assert (result.rows, result.inserted, result.updated, result.removed, result.unchanged) == (1000, 1000, 0, 0, 0)
    assert result.version == "1.0"
    assert result.source == "focus-1.0-sample.csv"
    assert {(s.provider, s.billing_period_start.month) for s in result.scopes} == {
        ("AWS", 9), ("Microsoft", 9), ("Oracle", 9), ("Oracle", 10),
    }  # fmt: skip
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs") == 1000
    total = scalar(db, "SELECT sum(billed_cost) FROM finops.focus_costs")
    assert total == SAMPLE_BILLED_TOTAL
    assert str(total) == "20.52022672899"
    # lenient loading normalised the sample's known defects and says so
    assert result.problems["datetime-format"] == 4000
    assert result.problems["allowed-values-case"] == 7
    # the non-x_ custom column is kept, not lost
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs WHERE x_columns ? 'Id'") == 1000
    loads = scalar(db, "SELECT json_agg(json_build_array(rows_loaded, rows_inserted, jsonb_array_length(scopes)))"
                       " FROM finops.focus_loads")
    assert loads == [[1000, 1000, 4]]


def test_row_ids_are_the_identity_function(db: str, sample_rows: tuple[list[str], list[dict[str, Any]]]) -> None:
    load_file(db, SAMPLE)
    _, rows = sample_rows
    with psycopg.connect(db) as conn:
        stored = {r[0] for r in conn.execute("SELECT row_id FROM finops.focus_costs")}
    assert stored == {row_id(r) for r in rows}


def test_loading_twice_changes_nothing(db: str) -> None:
    load_file(db, SAMPLE)
    before = table_state(db)
    again = load_file(db, SAMPLE)
    assert again.skipped
    assert again.unchanged == 1000
    forced = load_file(db, SAMPLE, force=True)
    assert not forced.skipped
    assert (forced.inserted, forced.updated, forced.removed, forced.unchanged) == (0, 0, 0, 1000)
    assert table_state(db) == before  # same rows, same load ids and loaded_at
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs_history") == 0


def test_restated_export_updates_in_place_and_missing_row_moves_to_history(
    db: str, tmp_path: Path, sample_rows: tuple[list[str], list[dict[str, Any]]]
) -> None:
    header, rows = sample_rows
    first = load_file(db, SAMPLE)
    with psycopg.connect(db) as conn:
        others = conn.execute(
            f"SELECT row_id, billed_cost::text, load_id, loaded_at FROM finops.focus_costs WHERE NOT ({AWS_SCOPE_SQL})"
            " ORDER BY row_id"
        ).fetchall()
    newer, restated, gone = _aws_restated(tmp_path, header, rows)

    result = load_file(db, newer)

    assert {s.provider for s in result.scopes} == {AWS}
    assert (result.rows, result.inserted, result.updated, result.removed, result.unchanged) == (941, 0, 1, 1, 940)
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs") == 999
    restated_id, gone_id = row_id(restated), row_id(gone)
    assert restated_id == row_id({**restated, "BilledCost": Decimal(0)})  # same identity, new cost
    with psycopg.connect(db) as conn:
        current = conn.execute(
            "SELECT billed_cost, load_id FROM finops.focus_costs WHERE row_id = %s", (restated_id,)
        ).fetchone()
        assert current == (restated["BilledCost"], result.load_id)
        history = conn.execute(
            "SELECT row_id, billed_cost, load_id, superseded_by_load FROM finops.focus_costs_history ORDER BY row_id"
        ).fetchall()
        assert sorted(history) == sorted([
            (restated_id, restated["BilledCost"] - Decimal("1.00000000001"), first.load_id, result.load_id),
            (gone_id, gone["BilledCost"], first.load_id, result.load_id),
        ])  # fmt: skip
        assert conn.execute("SELECT count(*) FROM finops.focus_costs WHERE row_id = %s", (gone_id,)).fetchone() == (0,)
        unchanged_aws = conn.execute(
            f"SELECT count(*) FROM finops.focus_costs WHERE {AWS_SCOPE_SQL} AND load_id = %s", (first.load_id,)
        ).fetchone()
        assert unchanged_aws == (940,)
        # another scope is untouched: same rows, same load, same loaded_at
        assert conn.execute(
            f"SELECT row_id, billed_cost::text, load_id, loaded_at FROM finops.focus_costs WHERE NOT ({AWS_SCOPE_SQL})"
            " ORDER BY row_id"
        ).fetchall() == others
    assert len(others) == 58
    expected_total = SAMPLE_BILLED_TOTAL + Decimal("1.00000000001") - gone["BilledCost"]
    assert scalar(db, "SELECT sum(billed_cost) FROM finops.focus_costs") == expected_total


def test_identical_rows_in_one_file_are_all_kept(db: str, tmp_path: Path) -> None:
    header, rows = read_rows(FIXTURES / "focus-1.2-conformant.csv")
    # x_SourceRow differs per row in the fixture; drop it so the repeated row is identical in every dimension
    header = [h for h in header if h != "x_SourceRow"]
    twice = write_csv(tmp_path / "dup.csv", header, [*rows, rows[0]])
    result = load_file(db, twice)
    assert result.rows == len(rows) + 1
    assert result.duplicates == 1
    base = row_id({k: v for k, v in rows[0].items() if k != "x_SourceRow"})
    with psycopg.connect(db) as conn:
        ids = sorted(r[0] for r in conn.execute("SELECT row_id FROM finops.focus_costs WHERE row_id LIKE %s",
                                                (base + "%",)))
    assert ids == [base, base + "-2"]
    assert load_file(db, twice, force=True).unchanged == len(rows) + 1


def test_failure_mid_copy_leaves_previous_data(
    db: str, tmp_path: Path, sample_rows: tuple[list[str], list[dict[str, Any]]]
) -> None:
    load_file(db, SAMPLE)
    before = table_state(db)
    newer, _, _ = _aws_restated(tmp_path, *sample_rows)

    def explode(rows: int, total: int | None) -> None:
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        load_file(db, newer, progress=explode)
    assert table_state(db) == before
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs_history") == 0
    assert scalar(db, "SELECT count(*) FROM finops.focus_loads") == 1


def test_interrupted_first_load_leaves_nothing(db: str) -> None:
    def explode(rows: int, total: int | None) -> None:
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        load_file(db, SAMPLE, progress=explode)
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs") == 0
    assert scalar(db, "SELECT count(*) FROM finops.focus_loads") == 0
    assert load_file(db, SAMPLE).inserted == 1000


def test_failure_after_rows_were_moved_leaves_previous_data(
    db: str, tmp_path: Path, sample_rows: tuple[list[str], list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_file(db, SAMPLE)
    before = table_state(db)
    newer, _, _ = _aws_restated(tmp_path, *sample_rows)

    def fail_insert(self: Any, load_id: int) -> int:
        raise RuntimeError("database went away")

    monkeypatch.setattr(load_module._Loader, "_insert_new", fail_insert)
    with pytest.raises(RuntimeError, match="went away"):
        load_file(db, newer)
    assert table_state(db) == before
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs_history") == 0


_KILLED_LOADER = """
import sys, time
from focus.load import load_file
def hang(rows, total):
    print("copying", flush=True)
    time.sleep(600)
load_file(sys.argv[1], sys.argv[2], progress=hang)
"""


def test_killed_load_leaves_previous_data_and_no_lock(
    db: str, tmp_path: Path, sample_rows: tuple[list[str], list[dict[str, Any]]]
) -> None:
    load_file(db, SAMPLE)
    before = table_state(db)
    newer, _, _ = _aws_restated(tmp_path, *sample_rows)
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_LOADER, db, str(newer)],
        stdout=subprocess.PIPE, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "copying"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()
    assert table_state(db) == before
    # the server notices the dead client and rolls back; a new load of the same scope then goes through
    others = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
    )
    wait_until(lambda: scalar(db, others) == 0, what="the killed loader's session to end")
    result = load_file(db, newer)
    assert (result.updated, result.removed) == (1, 1)


def test_concurrent_loads_of_one_scope_serialize(
    db: str, tmp_path: Path, sample_rows: tuple[list[str], list[dict[str, Any]]]
) -> None:
    load_file(db, SAMPLE)
    newer, _, _ = _aws_restated(tmp_path, *sample_rows)
    scope = Scope(AWS, "1234567890123", next(r["BillingPeriodStart"] for r in sample_rows[1]))
    done = threading.Event()
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(load_file(db, newer))
        except Exception as exc:
            outcome.append(exc)
        finally:
            done.set()

    with psycopg.connect(db) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (scope.lock_key,))
        worker = threading.Thread(target=run)
        worker.start()
        wait_until(
            lambda: scalar(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == 1,
            what="the load to wait for the scope lock",
        )
        assert not done.is_set()
        holder.commit()  # releases the lock
    worker.join(timeout=60)
    assert done.is_set()
    result = outcome[0]
    assert not isinstance(result, Exception), result
    assert (result.updated, result.removed) == (1, 1)


def test_many_concurrent_loads_end_in_one_consistent_snapshot(
    db: str, tmp_path: Path, sample_rows: tuple[list[str], list[dict[str, Any]]]
) -> None:
    newer, _, _ = _aws_restated(tmp_path, *sample_rows)
    errors: list[BaseException] = []

    def run(path: Path) -> None:
        try:
            load_file(db, path, force=True)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(SAMPLE if i % 2 else newer,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    aws_rows = scalar(db, f"SELECT count(*) FROM finops.focus_costs WHERE {AWS_SCOPE_SQL}")
    assert aws_rows in (941, 942)  # exactly one of the two snapshots, never a mix or duplicates
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs WHERE NOT (" + AWS_SCOPE_SQL + ")") == 58
    assert scalar(db, "SELECT count(*) - count(DISTINCT row_id) FROM finops.focus_costs") == 0


def test_strict_mode_rejects_the_sample_and_changes_nothing(db: str) -> None:
    with pytest.raises(LoadRejectedError, match="datetime-format") as info:
        load_file(db, SAMPLE, mode="strict")
    assert info.value.problems["not-null"] == 7
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs") == 0
    assert scalar(db, "SELECT count(*) FROM finops.focus_loads") == 0


def test_conformant_fixtures_load_strictly(db: str) -> None:
    for path in sorted(FIXTURES.glob("*.csv")):
        result = load_file(db, path, mode="strict")
        assert result.rows == 13, path
    # the three fixtures describe the same scopes: each load replaced the previous snapshot
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs") == 13
    assert scalar(db, "SELECT array_agg(DISTINCT focus_version) FROM finops.focus_costs") == ["1.3"]


def test_strict_mode_also_applies_the_cross_column_rules(db: str, tmp_path: Path) -> None:
    header, rows = read_rows(FIXTURES / "focus-1.2-conformant.csv")
    rows[0]["ChargePeriodEnd"] = rows[0]["ChargePeriodStart"]  # the end must come after the start
    path = write_csv(tmp_path / "order.csv", header, rows)
    with pytest.raises(LoadRejectedError, match="period-order") as info:
        load_file(db, path, mode="strict")
    assert info.value.problems == {"period-order": 1}
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs") == 0
    assert load_file(db, path).rows == 13  # lenient loads keep what the provider sent


def test_unreadable_value_is_refused_even_when_lenient(db: str, tmp_path: Path) -> None:
    header, rows = read_rows(FIXTURES / "focus-1.2-conformant.csv")
    path = write_csv(tmp_path / "bad.csv", header, rows)
    path.write_text(path.read_text().replace(",0.9984,", ",12USD,", 1))
    with pytest.raises(LoadRejectedError, match="numeric-format"):
        load_file(db, path)
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs") == 0


def test_unreadable_files_raise_clear_errors(db: str, tmp_path: Path) -> None:
    with pytest.raises(FocusFileError, match="no such file"):
        load_file(db, tmp_path / "absent.csv")
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01\x02" * 50)
    with pytest.raises(BadInputError, match=r"junk\.csv"):
        load_file(db, junk)
    truncated = tmp_path / "cut.csv.gz"
    truncated.write_bytes(gzip.compress(SAMPLE.read_bytes())[:5000])
    with pytest.raises(BadInputError, match="gzip"):
        load_file(db, truncated)


def test_rows_without_scope_are_refused(db: str, tmp_path: Path) -> None:
    header, rows = read_rows(FIXTURES / "focus-1.2-conformant.csv")
    rows[3]["BillingAccountId"] = None
    with pytest.raises(BadInputError, match="row 4: BillingAccountId empty"):
        load_file(db, write_csv(tmp_path / "noscope.csv", header, rows))


def test_database_down_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(UnavailableError, match="cannot connect"):
        load_file("postgresql://postgres@127.0.0.1:1/none?connect_timeout=2", SAMPLE)


def test_gzip_and_parquet_load_the_same_rows(db: str, tmp_path: Path) -> None:
    gz = tmp_path / "sample.csv.gz"
    gz.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    first = load_file(db, gz)
    assert first.inserted == 1000
    table = pa_csv.read_csv(SAMPLE, convert_options=pa_csv.ConvertOptions(
        column_types={n: pa.string() for n in read_rows(SAMPLE)[0]}, strings_can_be_null=True))  # fmt: skip
    parquet = tmp_path / "sample.parquet"
    pq.write_table(table, parquet)
    again = load_file(db, parquet, source="focus-1.0-sample.csv")
    assert (again.inserted, again.updated, again.removed, again.unchanged) == (0, 0, 0, 1000)


class _QuietFileHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without a line on stderr per request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def http_root(tmp_path: Path) -> Iterator[str]:
    handler = functools.partial(_QuietFileHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_url_is_downloaded_and_loaded(db: str, tmp_path: Path, http_root: str) -> None:
    (tmp_path / "export.csv.gz").write_bytes(gzip.compress(SAMPLE.read_bytes()))
    result = load_file(db, f"{http_root}/export.csv.gz")
    assert result.inserted == 1000
    assert result.source == "export.csv.gz"
    assert result.location == f"{http_root}/export.csv.gz"
    assert scalar(db, "SELECT sum(billed_cost) FROM finops.focus_costs") == SAMPLE_BILLED_TOTAL


def test_unreachable_url_is_a_clear_error(db: str, http_root: str) -> None:
    with pytest.raises(DownloadError, match="HTTP 404"):
        load_file(db, f"{http_root}/missing.csv")
    with pytest.raises(DownloadError, match="unreachable"):
        load_file(db, "http://127.0.0.1:1/export.csv")
