"""The cost path end to end: FOCUS file -> `finops exporter focus-cost` -> real Prometheus -> remote write ->
`finops adapter` -> finops.focus_costs, against `finops focus load` of the same file.

Everything runs as users run it, in its own process, on 127.0.0.1: the exporter (``columns: all``, polling a
CSV in tmp_path every second, which the test rewrites), Prometheus (1 s scrapes) and the adapter. One test
walks through the life of a source and proves, with the table as the witness:

a. exactly once: through scrapes, re-sends and retries (the adapter is restarted, Prometheus retries into it;
   the exporter is restarted), the table holds every row once and per billing period and provider its
   BilledCost total equals the file's, as Decimals (the official sample: 20.52022672899 in total);
b. a restated row (same identity, new cost) is updated in place, its old version kept in history;
c. a row that leaves the file leaves finops.focus_costs within two scrape intervals of the first scrape without
   it (measured against the stale marker's timestamp) and is kept in finops.focus_costs_history;
d. a failed poll (the file corrupt: `focus_exporter_up` 0) and a killed exporter remove nothing, over several
   scrape intervals seen delivered to the adapter;
e. the FOCUS columns of finops.focus equal those of `focus.load.load_file` of the same file (into a database
   of its own), ids and FOCUS version included, after the first load and again after restatements, removals
   and duplicates; and `finops focus export` of both databases as FOCUS 1.3 gives the same rows (the 1.0 bill's
   ServiceProviderName and HostProviderName filled from ProviderName on both paths: the cost path stored every
   row as 1.3 before the exporter sent the version it read).
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from finops.db import migrate
from focus.export import export
from focus.identity import assign_row_ids
from focus.load import load_file
from focus.reader import read_focus
from remote_write_adapter.costs import REMOVAL_GRACE_MS
from tests.e2e.conftest import AdapterProcess, prom_query, prometheus_config
from tests.services import PostgresCluster, PrometheusServer, free_port, http_ready, wait_until

pytestmark = pytest.mark.slow  # starts Prometheus

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "focus" / "focus-1.0-sample.csv"
SAMPLE_TOTAL = Decimal("20.52022672899")
SCRAPE = 1.0  # seconds, the Prometheus scrape interval and the exporter's polling interval
JOB = "focus"
SOURCE = "sample"
BOOKKEEPING = {"x_Source"}


class ExporterProcess:
    """`python -m finops exporter focus-cost` on a fixed port, so Prometheus finds it again after a restart."""

    def __init__(self, workdir: Path, data: Path) -> None:
        self.port = free_port()
        self.config = workdir / "exporter.yml"
        self.config.write_text(
            yaml.safe_dump({"sources": [{"name": SOURCE, "path": str(data), "interval": "1s", "columns": "all"}]})
        )
        self.log_path = workdir / "exporter.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "finops", "exporter", "focus-cost", "--config.file", str(self.config),
                 "--web.listen-address", self.address],
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_until(self._ready, timeout=60, what="exporter ready")

    def _ready(self) -> bool:
        return http_ready(self.proc, self.log_path, f"http://{self.address}/readyz", "exporter")

    def metrics(self) -> str:
        with urllib.request.urlopen(f"http://{self.address}/metrics", timeout=5) as resp:
            return str(resp.read().decode())

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=60)


@pytest.fixture
def loader_db(pg_cluster: PostgresCluster) -> Iterator[str]:
    """A second migrated database, for `finops focus load` of the same files."""
    with pg_cluster.database() as dsn:
        migrate(dsn)
        yield dsn


def _cell(value: Any) -> Any:
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


def focus_table(dsn: str) -> Counter[tuple[Any, ...]]:
    """The FOCUS columns of finops.focus (custom columns without JSON nulls), as a multiset of rows."""
    with psycopg.connect(dsn) as conn:
        cur = conn.execute("SELECT * FROM finops.focus")
        names = [d.name for d in cur.description or ()]
        keep = [i for i, n in enumerate(names) if n not in BOOKKEEPING]
        x = names.index("x_columns")
        rows: Counter[tuple[Any, ...]] = Counter()
        for row in cur.fetchall():
            values = list(row)
            values[x] = {k: v for k, v in values[x].items() if v is not None}
            rows[tuple(_cell(values[i]) for i in keep)] += 1
    return rows


def exported(dsn: str, path: Path) -> Counter[tuple[tuple[str, Any], ...]]:
    """`finops focus export` of the whole table as FOCUS 1.3, read back as a multiset of typed rows."""
    export(dsn, path, version="1.3")
    return Counter(tuple(sorted((k, _cell(v)) for k, v in row.items())) for row in read_focus(path))


def wait_for_table(dsn: str, expected: Counter[tuple[Any, ...]], timeout: float, what: str) -> None:
    """Waits until the table equals `expected`; on timeout fails showing a few rows on each side only."""
    deadline = time.monotonic() + timeout
    actual: Counter[tuple[Any, ...]] = Counter()
    while time.monotonic() < deadline:
        actual = focus_table(dsn)
        if actual == expected:
            return
        time.sleep(0.5)
    missing, extra = list((expected - actual).elements()), list((actual - expected).elements())
    pytest.fail(f"{what}: {len(missing)} rows missing, {len(extra)} unexpected: {missing[:2]} / {extra[:2]}")


def query(dsn: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn) as conn:
        return list(conn.execute(sql, params).fetchall())


def billed_totals(dsn: str) -> dict[tuple[Any, str], Decimal]:
    rows = query(
        dsn,
        "SELECT billing_period_start, coalesce(service_provider_name, provider_name), sum(billed_cost)"
        " FROM finops.focus_costs GROUP BY 1, 2",
    )
    return {(period, provider): total for period, provider, total in rows}


def source_totals(path: Path) -> dict[tuple[Any, str], Decimal]:
    totals: dict[tuple[Any, str], Decimal] = {}
    for row in read_focus(path):
        key = (row["BillingPeriodStart"], row.get("ServiceProviderName") or row["ProviderName"])
        totals[key] = totals.get(key, Decimal(0)) + (row["BilledCost"] or Decimal(0))
    return totals


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Writes atomically (the exporter must never read a half-written file)."""
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, header, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


def latest_up(dsn: str) -> tuple[float, float] | None:
    """(time, value) of the newest `up` sample of the exporter's target in the adapter's database."""
    rows = query(
        dsn,
        "SELECT extract(epoch FROM time)::float8, value FROM finops.metric('up')"
        " WHERE labels->>'job' = %s ORDER BY time DESC LIMIT 1",
        (JOB,),
    )
    return (rows[0][0], rows[0][1]) if rows else None


def delivered_after(dsn: str, since: float, scrapes: int) -> bool:
    """Whether `up` samples of `scrapes` scrape intervals after `since` (wall clock) reached the adapter."""
    latest = latest_up(dsn)
    return latest is not None and latest[0] >= since + scrapes * SCRAPE


def test_cost_path_matches_the_loader_exactly_once_through_restatements_removals_and_outages(
    adapter: AdapterProcess, loader_db: str, tmp_path: Path
) -> None:
    db = adapter.dsn
    data = tmp_path / "focus.csv"
    with SAMPLE.open(newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        original = list(reader)
    write_csv(data, header, original)
    assert sum(source_totals(data).values()) == SAMPLE_TOTAL

    exporter = ExporterProcess(tmp_path, data)
    exporter.start()
    prom = PrometheusServer(
        tmp_path / "prom", prometheus_config({JOB: [exporter.address]}, adapter_url=adapter.url, interval="1s")
    )
    prom.start()
    try:
        # e + a: the first load through Prometheus equals `finops focus load` of the same file
        load_file(loader_db, data, source=SOURCE)
        expected = focus_table(loader_db)
        assert sum(expected.values()) == len(original) == 1000
        wait_for_table(db, expected, timeout=60, what="the cost path = the loader")
        assert query(db, "SELECT DISTINCT focus_version FROM finops.focus_costs") == [("1.0",)]
        through_prometheus = exported(db, tmp_path / "prometheus.csv")
        assert through_prometheus == exported(loader_db, tmp_path / "loaded.csv")
        assert all(dict(row)["ServiceProviderName"] for row in through_prometheus)
        assert billed_totals(db) == source_totals(data)
        assert sum(billed_totals(db).values()) == SAMPLE_TOTAL
        ids = sorted(assign_row_ids(read_focus(data)))
        assert sorted(r[0] for r in query(db, "SELECT row_id FROM finops.focus_costs")) == ids

        # a + d: restart the adapter (Prometheus retries into it) and the exporter: still every row once
        adapter.stop()
        outage = time.time()
        wait_until(lambda: prom_query(prom, "up", time.time()), timeout=60, what="scrapes while the adapter is down")
        adapter.start()
        exporter.kill()
        exporter.start()
        wait_until(lambda: delivered_after(db, outage, 4), timeout=60, interval=0.3, what="delivery after restarts")
        assert focus_table(db) == expected
        assert billed_totals(db) == source_totals(data)
        assert query(db, "SELECT count(*) FROM finops.focus_costs_history") == [(0,)]

        # b: a restatement updates the row in place, its previous version goes to history
        restated = [dict(r) for r in original]
        restated[0]["BilledCost"] = "1.5"
        restated[0]["EffectiveCost"] = "1.25"
        first_id = next(assign_row_ids(read_focus(data)))
        write_csv(data, header, restated)
        restated_values = "SELECT billed_cost, effective_cost FROM finops.focus_costs WHERE row_id = %s"
        wait_until(
            lambda: query(db, restated_values, (first_id,)) == [(Decimal("1.5"), Decimal("1.25"))],
            timeout=60, interval=0.3, what="the restated row",
        )  # fmt: skip
        assert query(db, "SELECT count(*) FROM finops.focus_costs") == [(1000,)]
        assert query(db, "SELECT row_id, billed_cost FROM finops.focus_costs_history") == [
            (first_id, Decimal("0.00000080000"))
        ]
        assert sum(billed_totals(db).values()) == SAMPLE_TOTAL - Decimal("0.0000008") + Decimal("1.5")

        # c: rows that leave the file leave the table within two scrape intervals, into history; an exact
        # duplicate row (the loader's `-2` id) arrives as a row of its own
        removed_ids = list(assign_row_ids(read_focus(SAMPLE)))[1:4]
        final = [restated[0], *restated[4:], dict(restated[4], BilledCost="0.25")]
        write_csv(data, header, final)
        final_ids = sorted(assign_row_ids(read_focus(data)))
        assert any(i.endswith("-2") for i in final_ids)
        wait_until(
            lambda: sorted(r[0] for r in query(db, "SELECT row_id FROM finops.focus_costs")) == final_ids,
            timeout=60, interval=0.2, what="removed rows gone, the duplicate there",
        )  # fmt: skip
        lags = query(
            db,
            "SELECT h.row_id, extract(epoch FROM h.superseded_at - to_timestamp(l.gone_ms / 1000.0))::float8"
            " FROM finops.focus_costs_history h JOIN finops.focus_live_rows l USING (row_id)"
            " WHERE h.row_id = ANY(%s)",
            (removed_ids,),
        )
        assert sorted(r[0] for r in lags) == sorted(removed_ids)
        # the removal follows the stale marker of the scrape without the row, not a later event (e.g. the grace
        # period): two scrape intervals on a quiet machine; the bound leaves room for a loaded one
        assert all(0 <= lag < REMOVAL_GRACE_MS / 1000 / 4 for _, lag in lags), lags
        assert billed_totals(db) == source_totals(data)
        # each column of the new duplicate row travels as its own series, so the row is complete only once
        # all of them arrived: wait for the table to equal the loader's snapshot of the same file
        load_file(loader_db, data, source=SOURCE)
        wait_for_table(db, focus_table(loader_db), timeout=60, what="the cost path = the loader after (b) and (c)")
        before = focus_table(db)
        history = query(db, "SELECT count(*) FROM finops.focus_costs_history")

        # d: a failed poll (corrupt file) removes nothing, over several delivered scrapes
        data.write_text("this is not,a FOCUS file\n1,2\n")
        wait_until(
            lambda: [r["value"][1] for r in prom_query(prom, f'focus_exporter_up{{source="{SOURCE}"}}', time.time())]
            == ["0"],
            timeout=60, interval=0.3, what="focus_exporter_up 0",
        )  # fmt: skip
        failed = time.time()
        wait_until(lambda: delivered_after(db, failed, 4), timeout=60, interval=0.3, what="scrapes of a failing poll")
        assert focus_table(db) == before
        assert query(db, "SELECT count(*) FROM finops.focus_costs_history") == history

        # d: an exporter that is down removes nothing either
        write_csv(data, header, final)
        exporter.kill()
        wait_until(lambda: (latest_up(db) or (0, 1))[1] == 0, timeout=60, interval=0.3, what="up 0 delivered")
        down = time.time()
        wait_until(lambda: delivered_after(db, down, 4), timeout=60, interval=0.3, what="scrapes of a dead target")
        assert focus_table(db) == before
        assert query(db, "SELECT count(*) FROM finops.focus_costs_history") == history

        # e again, after restatement, removals, duplicates and outages: the same table as the loader's
        exporter.start()
        load_file(loader_db, data, source=SOURCE)
        expected = focus_table(loader_db)
        assert sum(expected.values()) == len(final)
        wait_for_table(db, expected, timeout=60, what="the cost path = the loader, at the end")
        assert exported(db, tmp_path / "prometheus.csv") == exported(loader_db, tmp_path / "loaded.csv")
        assert billed_totals(db) == source_totals(data) == billed_totals(loader_db)
        assert query(db, "SELECT count(*) FROM finops.focus_costs_history") == history
    finally:
        prom.stop()
        exporter.kill()
