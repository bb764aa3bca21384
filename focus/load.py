"""Load a FOCUS file (CSV, CSV.gz, Parquet; path or http(s) URL) into finops.focus_costs as a snapshot.

A file is authoritative for its *scopes*: the distinct (provider, BillingAccountId, BillingPeriodStart) of its
rows, provider being ServiceProviderName or else ProviderName. Loading it makes the current rows of those
scopes equal to the file's rows, in one transaction:

* rows whose identity (`focus.identity`) is not in the file move to finops.focus_costs_history;
* rows whose identity is in the file with different values (a restatement) are replaced, the old version
  going to history;
* unchanged rows (same values in every FOCUS and custom column; the source name and FOCUS version labels do not
  count) are left alone, keeping their load_id and loaded_at; new rows are inserted.

Rows of other scopes are never touched. Loading the same content again is a no-op: a load whose content hash,
source and version match the latest load of all its scopes returns at once (`skipped`), and even when forced
the row-level comparison changes nothing. A failed or interrupted load rolls back and leaves the previous data
as it was. Loads of the same scope serialize on a transaction-scoped advisory lock per scope (taken in sorted
order, so loads with overlapping scopes cannot deadlock); loads of different scopes run in parallel.

Mechanics: rows are typed by the reader, given their ids column-wise, streamed with binary COPY into a
temporary table (only the columns the file has), then merged with three set-based statements. Costs stay
Decimal -> NUMERIC all the way, never float.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from pathlib import Path
from typing import Any

import psycopg
import pyarrow as pa
from psycopg import sql
from psycopg.types.json import Jsonb, set_json_dumps

from finops.errors import BadInputError, UnavailableError
from focus.columns import all_columns
from focus.columns import column as focus_column
from focus.files import FocusFileError, open_csv, open_file, parquet_file, sniff
from focus.formats import DATA_LOSS_RULES, RULES, Severity, as_utc, converter_for, storable_text
from focus.identity import ColumnwiseIdentity, RowIds, canonical_json, format_datetime
from focus.reader import FocusReader, Mode, read_focus
from focus.validate import check_rows

log = logging.getLogger(__name__)

#: progress(rows_done, rows_total_or_estimate); the total is None when unknown (gzip).
Progress = Callable[[int, int | None], None]

_SCOPE_LOCK_PREFIX = "finops.focus-scope"
_DOWNLOAD_TIMEOUT = 60.0
_CHUNK = 1 << 20
_COLUMNS = all_columns()


class DownloadError(FocusFileError):
    """A URL could not be downloaded (unreachable, HTTP error, timeout)."""


class LoadRejectedError(BadInputError):
    """The file was read but breaks rules the load mode does not accept; nothing was changed."""

    def __init__(self, location: str, problems: Mapping[str, int]) -> None:
        self.location = location
        self.problems = dict(problems)
        listing = ", ".join(f"{rule} x{n}" for rule, n in sorted(self.problems.items()))
        super().__init__(f"{location}: not loaded, the file breaks FOCUS rules: {listing}")


@dataclass(frozen=True, slots=True, order=True)
class Scope:
    """What one file is authoritative for."""

    provider: str
    billing_account_id: str
    billing_period_start: datetime

    @property
    def lock_key(self) -> str:
        return "\x1f".join(
            (_SCOPE_LOCK_PREFIX, self.provider, self.billing_account_id, format_datetime(self.billing_period_start))
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "provider": self.provider,
            "billing_account_id": self.billing_account_id,
            "billing_period_start": format_datetime(self.billing_period_start),
        }


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What a load did. `rows` = rows in the file = inserted + updated + unchanged."""

    load_id: int | None
    location: str
    source: str
    version: str
    content_sha256: str
    rows: int
    inserted: int
    updated: int
    removed: int
    unchanged: int
    scopes: tuple[Scope, ...]
    skipped: bool = False
    duplicates: int = 0
    problems: Mapping[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "load_id": self.load_id,
            "location": self.location,
            "source": self.source,
            "version": self.version,
            "content_sha256": self.content_sha256,
            "rows": self.rows,
            "inserted": self.inserted,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "scopes": [s.as_dict() for s in self.scopes],
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "problems": dict(self.problems),
            "seconds": round(self.seconds, 3),
        }


def is_url(location: str) -> bool:
    return urllib.parse.urlsplit(location).scheme in {"http", "https"}


def load_file(
    dsn: str,
    path_or_url: str | Path,
    *,
    source: str | None = None,
    version: str | None = None,
    mode: Mode = "lenient",
    progress: Progress | None = None,
    force: bool = False,
) -> LoadResult:
    """Load one FOCUS file as the new snapshot of its scopes (see the module docstring).

    `source` labels the rows (default: the file name); `version` overrides the detected FOCUS version;
    `mode="strict"` refuses files breaking any FOCUS format rule, lenient normalises fixable defects (and
    refuses only data loss); `force` skips the already-loaded shortcut. Raises BadInputError subclasses for
    unreadable or rejected files and UnavailableError when the database cannot be reached.
    """
    started = time.monotonic()
    location = storable_name(str(path_or_url))
    if source is not None and not storable_text(source):
        raise BadInputError(f"source name {source!r} holds a NUL character, which the database cannot store")
    name = source or _default_source(location)
    with _local_copy(str(path_or_url)) as path:
        sha, estimate = _fingerprint(path)
        reader = read_focus(path, mode=mode, version=version)
        if reader.kind == "parquet":
            estimate = parquet_file(path).metadata.num_rows
        try:
            conn = psycopg.connect(dsn)
        except psycopg.OperationalError as exc:
            raise UnavailableError(f"cannot connect to the database: {exc}") from exc
        try:
            with conn:
                if not force:
                    previous = _already_loaded(conn, sha, name, reader.version)
                    if previous is not None:
                        load_id, rows, scopes = previous
                        log.info("%s: already loaded as load %d, nothing to do", location, load_id)
                        return LoadResult(
                            load_id, location, name, reader.version, sha, rows, 0, 0, 0, rows, scopes,
                            skipped=True, seconds=time.monotonic() - started,
                        )  # fmt: skip
                result = _Loader(conn, reader, location, name, sha, progress, estimate).run()
        except REFUSED_BY_DATABASE as exc:
            # the rows' checks let nothing through that PostgreSQL is known to refuse; this is the net under them
            # (an index entry too large, say): the transaction rolled back, the previous data is intact
            raise BadInputError(
                f"{location}: not loaded, the database refused a value: {exc.diag.message_primary or exc}"
            ) from None
    result = _with_seconds(result, time.monotonic() - started)
    log.info(
        "loaded %s: %d rows (%d new, %d updated, %d removed, %d unchanged) in %d scopes, %.1fs",
        location, result.rows, result.inserted, result.updated, result.removed, result.unchanged,
        len(result.scopes), result.seconds,
    )  # fmt: skip
    return result


#: database errors caused by the data itself (a value, a constraint, a limit such as an index entry's size)
REFUSED_BY_DATABASE = (psycopg.DataError, psycopg.IntegrityError, psycopg.errors.ProgramLimitExceeded)


def storable_name(text: str) -> str:
    """A file name or URL as text the database can store and a terminal can show: bytes that were not UTF-8 (the
    OS hands them over as lone surrogates) become `\\xNN` escapes, a NUL `\\x00`."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace").replace("\x00", "\\x00")


def _with_seconds(result: LoadResult, seconds: float) -> LoadResult:
    values = {f: getattr(result, f) for f in result.__dataclass_fields__}
    values["seconds"] = seconds
    return LoadResult(**values)


def _default_source(location: str) -> str:
    if is_url(location):
        parts = urllib.parse.urlsplit(location)
        return Path(parts.path).name or parts.netloc
    return Path(location).name


# --- input ---------------------------------------------------------------------------------------------------


@contextmanager
def _local_copy(location: str) -> Iterator[Path]:
    """The file itself, or a downloaded temporary copy of an http(s) URL (removed afterwards)."""
    if not is_url(location):
        yield Path(location)
        return
    suffixes = "".join(Path(urllib.parse.urlsplit(location).path).suffixes[-2:])
    with tempfile.TemporaryDirectory(prefix="finops-focus-") as tmp:
        target = Path(tmp) / f"download{suffixes}"
        _download(location, target)
        yield target


def _download(url: str, target: Path) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "finops-focus-load"})  # noqa: S310 - http(s) only
    try:
        with urllib.request.urlopen(request, timeout=_DOWNLOAD_TIMEOUT) as response, open(target, "wb") as out:  # noqa: S310
            shutil.copyfileobj(response, out, _CHUNK)
            declared = response.headers.get("Content-Length")
            # http.client returns a short body without complaint when the connection closes early
            if declared is not None and declared.isdigit() and out.tell() != int(declared):
                raise DownloadError(
                    url, f"cannot download: the transfer was cut short ({out.tell()} of {declared} bytes)"
                )
    except urllib.error.HTTPError as exc:
        raise DownloadError(url, f"cannot download: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise DownloadError(url, f"cannot download, unreachable: {exc.reason}") from None
    except (TimeoutError, OSError, http.client.HTTPException) as exc:  # IncompleteRead: a chunked body cut short
        raise DownloadError(url, f"cannot download: {exc!r}") from None
    log.info("downloaded %s (%d bytes)", url, target.stat().st_size)


def _fingerprint(path: Path) -> tuple[str, int | None]:
    """SHA-256 of the file and, for plain CSV, an estimate of its rows (line breaks minus the header)."""
    digest = hashlib.sha256()
    lines = 0
    binary = False
    with open_file(path) as handle:
        first = True
        while chunk := handle.read(_CHUNK):
            if first:
                binary = sniff(chunk) != "csv"
                first = False
            digest.update(chunk)
            if not binary:
                lines += chunk.count(b"\n")
    return digest.hexdigest(), (None if binary else max(0, lines - 1))


# --- database ------------------------------------------------------------------------------------------------


def _lock_scopes(conn: psycopg.Connection[Any], scopes: Sequence[Scope]) -> None:
    with conn.cursor() as cur:
        for key in sorted({s.lock_key for s in scopes}):
            cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (key,))


def _already_loaded(
    conn: psycopg.Connection[Any], sha: str, source: str, version: str
) -> tuple[int, int, tuple[Scope, ...]] | None:
    """The latest load of the same content when no later load touched any of its scopes; else None."""
    with conn.transaction():
        row = conn.execute(
            "SELECT id, rows_loaded, scopes FROM finops.focus_loads"
            " WHERE content_sha256 = %s AND source = %s AND focus_version = %s ORDER BY id DESC LIMIT 1",
            (sha, source, version),
        ).fetchone()
        if row is None:
            return None
        load_id, rows, scope_docs = row
        scopes = tuple(
            Scope(d["provider"], d["billing_account_id"], datetime.fromisoformat(d["billing_period_start"]))
            for d in scope_docs
        )
        _lock_scopes(conn, scopes)
        later = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM finops.focus_loads l, jsonb_array_elements(l.scopes) s"
            " WHERE l.id > %s AND %s::jsonb @> jsonb_build_array(s))",
            (load_id, Jsonb(scope_docs)),
        ).fetchone()
        if later is None or later[0]:
            return None
        return int(load_id), int(rows), scopes


class _Loader:
    """One load: stage, lock, merge, record; all in the connection's single transaction."""

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        reader: FocusReader,
        location: str,
        source: str,
        sha: str,
        progress: Progress | None,
        estimate: int | None,
    ) -> None:
        self.conn = conn
        set_json_dumps(canonical_json, conn)  # JSON values hold exact Decimals (focus.formats.parse_json)
        self.reader = reader
        self.location = location
        self.source = source
        self.sha = sha
        self.progress = progress
        self.estimate = estimate
        self.focus_names = [n for n in reader.header if n in set(reader.focus_columns)]
        self.custom_names = [n for n in reader.header if n not in set(reader.focus_columns)]
        self.scopes: set[Scope] = set()
        self.prescan = _prescan_scopes(reader)

    def run(self) -> LoadResult:
        conn = self.conn
        with conn.transaction():
            load_row = conn.execute(
                "INSERT INTO finops.focus_loads (source, content_sha256, focus_version, location)"
                " VALUES (%s, %s, %s, %s) RETURNING id",
                (self.source, self.sha, self.reader.version, self.location),
            ).fetchone()
            assert load_row is not None
            load_id = int(load_row[0])
            direct = self.prescan is not None and self._scopes_empty(self.prescan)
            if direct:
                # first load of every scope in the file: nothing to compare, COPY straight into the table
                staged, duplicates = self._copy_rows(load_id, direct=True)
                problems = self._check_problems()
                scopes = tuple(sorted(self.scopes))
                if self.prescan is None or not set(scopes) <= self.prescan:
                    raise BadInputError(f"{self.location}: the file changed while it was being loaded")
                inserted, updated, removed, unchanged = staged, 0, 0, 0
            else:
                self._create_stage()
                staged, duplicates = self._copy_rows(load_id, direct=False)
                problems = self._check_problems()
                scopes = tuple(sorted(self.scopes))
                _lock_scopes(conn, scopes)
                self._create_scope_table(scopes)
                moved, restated = self._move_superseded(load_id)
                written = self._insert_new(load_id)
                inserted, updated = written - restated, restated
                removed, unchanged = moved - restated, staged - written
            conn.execute(
                "UPDATE finops.focus_loads SET scopes = %s, rows_loaded = %s, rows_removed = %s,"
                " rows_inserted = %s, rows_updated = %s, rows_unchanged = %s WHERE id = %s",
                (
                    Jsonb([s.as_dict() for s in scopes]),
                    staged, removed, inserted, updated, unchanged, load_id,
                ),
            )  # fmt: skip
        return LoadResult(
            load_id, self.location, self.source, self.reader.version, self.sha, staged,
            inserted, updated, removed, unchanged, scopes, duplicates=duplicates, problems=problems,
        )  # fmt: skip

    # staging

    def _create_stage(self) -> None:
        columns: list[sql.Composable] = [
            sql.SQL("{} {}").format(sql.Identifier(c.sql_name), sql.SQL(c.sql_type)) for c in _COLUMNS
        ]
        columns.append(sql.SQL("x_columns jsonb NOT NULL"))
        columns.append(sql.SQL("row_id text NOT NULL"))
        self.conn.execute(
            sql.SQL("CREATE TEMP TABLE focus_stage ({}) ON COMMIT DROP").format(sql.SQL(", ").join(columns))
        )

    def _scopes_empty(self, scopes: set[Scope]) -> bool:
        """Locks `scopes` and tells whether none of them has current rows."""
        ordered = sorted(scopes)
        _lock_scopes(self.conn, ordered)
        row = self.conn.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM finops.focus_costs c"
            " JOIN unnest(%s::text[], %s::text[], %s::timestamptz[]) AS s(provider, account, period)"
            " ON coalesce(c.service_provider_name, c.provider_name) = s.provider"
            " AND c.billing_account_id = s.account AND c.billing_period_start = s.period)",
            (
                [s.provider for s in ordered],
                [s.billing_account_id for s in ordered],
                [s.billing_period_start for s in ordered],
            ),
        ).fetchone()
        return bool(row and row[0])

    def _copy_rows(self, load_id: int, *, direct: bool) -> tuple[int, int]:
        """Binary COPY of every row into the stage (or, `direct`, into finops.focus_costs); (rows, duplicates)."""
        cols = [focus_column(n) for n in self.focus_names]
        names = [c.sql_name for c in cols] + ["x_columns", "row_id"]
        types = [c.sql_type for c in cols] + ["jsonb", "text"]
        tail: tuple[Any, ...] = ()
        table = sql.Identifier("focus_stage")
        if direct:
            names += ["source", "focus_version", "load_id"]
            types += ["text", "text", "int8"]
            tail = (self.source, self.reader.version, load_id)
            table = sql.Identifier("finops", "focus_costs")
        copy_sql = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
            table, sql.SQL(", ").join(map(sql.Identifier, names))
        )
        identity = ColumnwiseIdentity(self.reader.header)
        ids = RowIds()
        staged = 0
        with self.conn.cursor() as cur, cur.copy(copy_sql) as copy:
            copy.set_types(types)
            strict = self.reader.mode == "strict"
            for batch in self.reader.batches():
                if strict:
                    check_rows(batch, self.reader.problems)
                columns = batch.columns
                n = batch.num_rows
                row_ids = [ids.number(base) for base in identity.base_ids(columns, n)]
                self._collect_scopes(columns, batch.first_row, n)
                customs = self._custom_documents(columns, n)
                focus_values = [columns[name] for name in self.focus_names]
                write = copy.write_row
                if tail:
                    tails = [repeat(value, n) for value in tail]
                    for values in zip(*focus_values, customs, row_ids, *tails, strict=True):
                        write(values)
                else:
                    for values in zip(*focus_values, customs, row_ids, strict=True):
                        write(values)
                staged += n
                if self.progress is not None:
                    self.progress(staged, self.estimate)
        return staged, ids.duplicates

    def _custom_documents(self, columns: Mapping[str, list[Any]], n: int) -> list[dict[str, Any]]:
        if not self.custom_names:
            return [{}] * n
        lists = [[_json_scalar(v) for v in columns[name]] for name in self.custom_names]
        names = self.custom_names
        return [dict(zip(names, values, strict=True)) for values in zip(*lists, strict=True)]

    def _collect_scopes(self, columns: Mapping[str, list[Any]], first_row: int, n: int) -> None:
        none = [None] * n
        service = columns.get("ServiceProviderName", none)
        provider = columns.get("ProviderName", none)
        accounts = columns.get("BillingAccountId", none)
        periods = columns.get("BillingPeriodStart", none)
        charges = columns.get("ChargePeriodStart", none)
        seen = self.scopes
        for i, (spn, pn, account, period, charge) in enumerate(
            zip(service, provider, accounts, periods, charges, strict=True)
        ):
            who = spn if spn is not None else pn
            if who is None or account is None or period is None or charge is None:
                missing = [
                    name for name, v in (("ServiceProviderName/ProviderName", who), ("BillingAccountId", account),
                                         ("BillingPeriodStart", period), ("ChargePeriodStart", charge)) if v is None
                ]  # fmt: skip
                raise BadInputError(
                    f"{self.location}, row {first_row + i}: {', '.join(missing)} empty; every row needs them to be"
                    " loaded (they place it in its snapshot scope and time)"
                )
            seen.add(Scope(who, account, period))

    def _check_problems(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for (rule_id, _column), n in self.reader.problems.counts.items():
            counts[rule_id] = counts.get(rule_id, 0) + n
        rejected = {r: n for r, n in counts.items() if r in DATA_LOSS_RULES}
        if self.reader.mode == "strict":
            rejected.update({r: n for r, n in counts.items() if RULES[r].severity is Severity.ERROR})
        if rejected:
            raise LoadRejectedError(self.location, rejected)
        return counts

    # merging

    def _create_scope_table(self, scopes: Sequence[Scope]) -> None:
        self.conn.execute(
            "CREATE TEMP TABLE focus_scopes (provider text, billing_account_id text,"
            " billing_period_start timestamptz) ON COMMIT DROP"
        )
        with self.conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO focus_scopes VALUES (%s, %s, %s)",
                [(s.provider, s.billing_account_id, s.billing_period_start) for s in scopes],
            )
        self.conn.execute("ANALYZE focus_stage (row_id, charge_period_start)")

    def _move_superseded(self, load_id: int) -> tuple[int, int]:
        """Moves the scopes' rows that the file does not have unchanged into history: (moved, restated)."""
        data = [sql.Identifier(c.sql_name) for c in _COLUMNS] + [sql.Identifier("x_columns")]
        kept = [*data, *(sql.Identifier(n) for n in ("row_id", "source", "focus_version", "load_id", "loaded_at"))]

        def qualified(alias: str, names: Sequence[sql.Composable]) -> sql.Composable:
            return sql.SQL(", ").join(sql.SQL("{}.{}").format(sql.Identifier(alias), n) for n in names)

        statement = sql.SQL(
            """
            WITH gone AS (
                DELETE FROM finops.focus_costs c
                USING focus_scopes s
                WHERE coalesce(c.service_provider_name, c.provider_name) = s.provider
                  AND c.billing_account_id = s.billing_account_id
                  AND c.billing_period_start = s.billing_period_start
                  AND NOT EXISTS (
                      SELECT 1 FROM focus_stage st
                      WHERE st.row_id = c.row_id AND st.charge_period_start = c.charge_period_start
                        AND ({stage_data}) IS NOT DISTINCT FROM ({costs_data}))
                RETURNING {costs_kept}
            ), moved AS (
                INSERT INTO finops.focus_costs_history ({kept}, superseded_by_load)
                SELECT {kept}, %(load_id)s FROM gone
                RETURNING row_id, charge_period_start
            )
            SELECT count(*), count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM focus_stage st
                WHERE st.row_id = m.row_id AND st.charge_period_start = m.charge_period_start))
            FROM moved m
            """
        ).format(
            stage_data=qualified("st", data),
            costs_data=qualified("c", data),
            costs_kept=qualified("c", kept),
            kept=sql.SQL(", ").join(kept),
        )
        row = self.conn.execute(statement, {"load_id": load_id}).fetchone()
        assert row is not None
        return int(row[0]), int(row[1])

    def _insert_new(self, load_id: int) -> int:
        data = [sql.Identifier(c.sql_name) for c in _COLUMNS] + [sql.Identifier("x_columns"), sql.Identifier("row_id")]
        statement = sql.SQL(
            """
            INSERT INTO finops.focus_costs ({data}, source, focus_version, load_id)
            SELECT {data}, %(source)s, %(version)s, %(load_id)s FROM focus_stage st
            WHERE NOT EXISTS (
                SELECT 1 FROM finops.focus_costs c
                WHERE c.row_id = st.row_id AND c.charge_period_start = st.charge_period_start)
            """
        ).format(data=sql.SQL(", ").join(data))
        cur = self.conn.execute(statement, {"source": self.source, "version": self.reader.version, "load_id": load_id})
        return cur.rowcount


def _prescan_scopes(reader: FocusReader) -> set[Scope] | None:
    """The file's scopes from its scope columns alone (arrow, no typing of the other columns), converted with
    the reader's own converters; None when they cannot be known up front (then the load stages and compares)."""
    names = [n for n in ("ServiceProviderName", "ProviderName", "BillingAccountId", "BillingPeriodStart")
             if n in reader.focus_columns]  # fmt: skip
    if "BillingAccountId" not in names or "BillingPeriodStart" not in names:
        return None
    try:
        if reader.kind == "parquet":
            tables = [parquet_file(reader.path).read(columns=names)]
        else:
            tables = list(_scan_csv(reader, names))
    except (pa.ArrowException, OSError, EOFError, ValueError):
        return None
    converters = {n: converter_for(focus_column(n), reader.version) for n in names}
    scopes: set[Scope] = set()
    for table in tables:
        for combo in table.group_by(names).aggregate([]).to_pylist():
            typed = {n: _typed_scope_value(converters[n], combo[n]) for n in names}
            who = typed.get("ServiceProviderName")
            who = typed.get("ProviderName") if who is None else who
            if who is None or typed["BillingAccountId"] is None or typed["BillingPeriodStart"] is None:
                return None  # the staging path reports the row
            scopes.add(Scope(who, typed["BillingAccountId"], typed["BillingPeriodStart"]))
    return scopes


def _scan_csv(reader: FocusReader, names: Sequence[str]) -> Iterator[pa.Table]:
    with open_csv(
        reader.path, reader.header, gzip_compressed=reader.gzip_compressed, block_size=reader.block_size,
        on_invalid_row=lambda _row: "skip", columns=names,
    ) as batches:  # fmt: skip
        for batch in batches:
            yield pa.Table.from_batches([batch]).group_by(list(names)).aggregate([])


def _typed_scope_value(convert: Callable[[str], tuple[Any, str | None]], raw: Any) -> Any:
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return as_utc(raw)
    return convert(str(raw))[0]


def _json_scalar(value: Any) -> Any:
    """Custom column values as JSON: text stays text, typed Parquet timestamps become FOCUS date/time text."""
    if isinstance(value, datetime):
        return format_datetime(value)
    return value


__all__ = [
    "DATA_LOSS_RULES",
    "DownloadError",
    "LoadRejectedError",
    "LoadResult",
    "Progress",
    "Scope",
    "is_url",
    "load_file",
]
