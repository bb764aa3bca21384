"""A real Prometheus scrapes real targets and remote-writes to the adapter; the database must hold exactly
what Prometheus' own TSDB holds, stale markers included, and give it back through remote read."""

from __future__ import annotations

import struct
import time
from collections import defaultdict
from pathlib import Path

import psycopg
import pytest

from tests.e2e.conftest import AdapterProcess, StaticTarget, prom_query, prometheus_config
from tests.services import PostgresCluster, PrometheusServer, free_port, wait_until

STALE_NAN = struct.unpack(">d", bytes.fromhex("7ff0000000000002"))[0]

SeriesKey = tuple[tuple[str, str], ...]


def _key(labels: dict[str, str]) -> SeriesKey:
    return tuple(sorted(labels.items()))


def prometheus_samples(prom: PrometheusServer, start: float, end: float) -> dict[SeriesKey, list[tuple[int, float]]]:
    """Raw samples in (start, end] straight from Prometheus' TSDB (a range selector returns them unmodified)."""
    window_ms = round((end - start) * 1000)
    result = prom_query(prom, f'{{__name__=~".+"}}[{window_ms}ms]', at=end)
    out: dict[SeriesKey, list[tuple[int, float]]] = {}
    for series in result:
        out[_key(series["metric"])] = [(round(float(t) * 1000), float(v)) for t, v in series["values"]]
    return out


def database_samples(dsn: str, start: float, end: float) -> dict[SeriesKey, list[tuple[int, float]]]:
    out: dict[SeriesKey, list[tuple[int, float]]] = defaultdict(list)
    with psycopg.connect(dsn) as conn, conn.cursor(binary=True) as cur:
        cur.execute(
            "SELECT s.labels, (extract(epoch FROM d.time) * 1000)::int8, d.value FROM finops.samples d "
            "JOIN finops.series s ON s.id = d.series_id "
            "WHERE d.time > to_timestamp(%s) AND d.time <= to_timestamp(%s) AND NOT finops.is_stale_marker(d.value) "
            "ORDER BY s.id, d.time",
            (start, end),
        )
        for labels, ts, value in cur:
            out[_key(labels)].append((ts, value))
    return dict(out)


def _count_stale(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT count(*) FROM finops.samples WHERE finops.is_stale_marker(value)").fetchone()
    return int(row[0]) if row else 0


def _same(a: dict[SeriesKey, list[tuple[int, float]]], b: dict[SeriesKey, list[tuple[int, float]]]) -> bool:
    return a.keys() == b.keys() and all(
        len(a[k]) == len(b[k])
        and all(
            ta == tb and (va == vb or (va != va and vb != vb)) for (ta, va), (tb, vb) in zip(a[k], b[k], strict=True)
        )
        for k in a
    )


def _assert_database_equals_prometheus(prom: PrometheusServer, dsn: str, start: float, end: float) -> int:
    start, end = round(start, 3), round(end, 3)  # both sides then select exactly (start, end] in milliseconds
    def converged() -> bool:
        return _same(prometheus_samples(prom, start, end), database_samples(dsn, start, end))

    wait_until(converged, timeout=60, interval=1.0, what="database to hold what Prometheus holds")
    expected = prometheus_samples(prom, start, end)
    got = database_samples(dsn, start, end)
    assert got.keys() == expected.keys()
    assert got == expected or _same(got, expected)
    return sum(len(v) for v in expected.values())


@pytest.mark.slow
def test_database_holds_exactly_what_prometheus_scraped_with_stale_markers(
    adapter: AdapterProcess, tmp_path: Path
) -> None:
    target = StaticTarget(tmp_path, '# TYPE demo_value gauge\ndemo_value{kind="a"} 42.5\ndemo_value{kind="b"} -1e-9\n')
    target.start()
    prom = PrometheusServer(tmp_path / "prom", "")
    prom.config_path.write_text(
        prometheus_config(
            {
                "demo": [target.address],
                "adapter": [adapter.url.removeprefix("http://")],
                "prometheus": [f"127.0.0.1:{prom.port}"],
            },
            adapter_url=adapter.url,
        )
    )
    prom.start()
    try:
        start = time.time()
        time.sleep(8)
        end = time.time() - 2
        samples = _assert_database_equals_prometheus(prom, adapter.dsn, start, end)
        assert samples > 100  # three jobs, hundreds of series, a few scrapes

        # take the target away: Prometheus writes stale markers for its series, and they must arrive bit-exact
        target.stop()

        def stale_markers() -> list[tuple[object, ...]]:
            with psycopg.connect(adapter.dsn) as conn, conn.cursor(binary=True) as cur:
                cur.execute(
                    "SELECT s.labels ->> 'kind', d.value FROM finops.samples d "
                    "JOIN finops.series s ON s.id = d.series_id "
                    "WHERE s.metric_name = 'demo_value' AND finops.is_stale_marker(d.value)"
                )
                return list(cur.fetchall())

        markers = wait_until(stale_markers, timeout=30, what="stale markers in the database")
        assert {kind for kind, _ in markers} == {"a", "b"}
        assert all(struct.pack(">d", v) == struct.pack(">d", STALE_NAN) for _, v in markers)

        # metadata arrived through the RW1 side channel
        with psycopg.connect(adapter.dsn) as conn:
            row = wait_until(
                lambda: conn.execute(
                    "SELECT type, help FROM finops.metric_metadata WHERE metric_family_name = 'demo_value'"
                ).fetchone(),
                timeout=30,
                what="metadata",
            )
        assert row[0] == "gauge"
    finally:
        prom.stop()
        target.stop()


@pytest.mark.slow
def test_remote_read_gives_promql_the_long_term_data_and_honours_staleness(
    adapter: AdapterProcess, tmp_path: Path
) -> None:
    target = StaticTarget(tmp_path, "demo_counter_total 7\n")
    target.start()
    writer_dir = tmp_path / "writer"
    writer_dir.mkdir()
    writer = PrometheusServer(writer_dir, prometheus_config({"demo": [target.address]}, adapter_url=adapter.url))
    writer.start()
    try:
        wait_until(lambda: prom_query(writer, "demo_counter_total", time.time()), timeout=30, what="first scrape")
        time.sleep(3)
        target.stop()
        time.sleep(3)  # a failed scrape: the stale marker goes out
        wait_until(lambda: _count_stale(adapter.dsn) > 0, timeout=30, what="stale marker stored")
    finally:
        writer.stop()
    reader_dir = tmp_path / "reader"
    reader_dir.mkdir()
    reader = PrometheusServer(reader_dir, prometheus_config({}, remote_read_url=adapter.url))
    reader.start()
    try:
        now = time.time()
        via_remote = prom_query(reader, "demo_counter_total[2m]", now)
        direct = database_samples(adapter.dsn, now - 120, now)
        (series,) = via_remote
        assert series["metric"]["job"] == "demo"
        values = [(round(float(t) * 1000), float(v)) for t, v in series["values"]]
        assert values == direct[_key(series["metric"] | {"__name__": "demo_counter_total"})]
        # the stale marker came back bit-exact: an instant query after it finds no value (a NaN would show)
        assert prom_query(reader, "demo_counter_total", now) == []
        assert prom_query(reader, "count(demo_counter_total)", now) == []
    finally:
        reader.stop()


@pytest.mark.slow
def test_nothing_is_lost_when_postgresql_stops_while_prometheus_writes(tmp_path: Path) -> None:
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="finops-pg-fault-"))
    base.chmod(0o755)
    cluster = PostgresCluster(base / "data", free_port())
    cluster.start()
    adapter = None
    prom = None
    try:
        from finops.db import migrate

        migrate(cluster.dsn())
        adapter = AdapterProcess(cluster.dsn(), tmp_path)
        adapter.start()
        prom_dir = tmp_path / "prom"
        prom_dir.mkdir()
        prom = PrometheusServer(prom_dir, "")
        prom.config_path.write_text(
            prometheus_config({"prometheus": [f"127.0.0.1:{prom.port}"]}, adapter_url=adapter.url)
        )
        prom.start()
        start = time.time()
        time.sleep(4)
        cluster.stop()
        time.sleep(8)  # Prometheus keeps scraping; the adapter answers 503 and Prometheus retries
        with urllib_open(f"{adapter.url}/metrics") as text:
            assert 'code="503"' in text
        cluster.start()
        time.sleep(4)
        end = time.time() - 1
        total = _assert_database_equals_prometheus(prom, cluster.dsn(), start, end)
        assert total > 500
    finally:
        if prom:
            prom.stop()
        if adapter:
            adapter.stop()
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


class urllib_open:  # noqa: N801 - a tiny context manager reading a URL as text
    def __init__(self, url: str) -> None:
        self.url = url

    def __enter__(self) -> str:
        import urllib.request

        with urllib.request.urlopen(self.url, timeout=10) as resp:
            return str(resp.read().decode())

    def __exit__(self, *exc: object) -> None:
        return None
