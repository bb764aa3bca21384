from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from aiohttp import web
from aiohttp.test_utils import TestServer

from exporters.carbon.app import build_sources
from exporters.carbon.backfill import run_backfill
from exporters.carbon.config import CarbonConfig
from exporters.carbon.source import INTENSITY, Http, Stats
from finops.prompb import decompress
from tests.exporters.base.test_remote_write import decode_write_request
from tests.exporters.carbon.conftest import NOW, FakeTime
from tests.exporters.carbon.fakeapis import FakeCarbonApis, Fault, em_value, uk_value, wt_value

MakeConfig = Callable[..., CarbonConfig]
Points = dict[tuple[tuple[str, str], ...], dict[int, float]]
EXTRA = {"job": "carbon", "instance": "carbon-exporter:9813"}


@asynccontextmanager
async def receiver(statuses: list[int]) -> AsyncIterator[tuple[str, list[bytes]]]:
    bodies: list[bytes] = []

    async def receive(request: web.Request) -> web.Response:
        bodies.append(decompress(await request.read(), 1 << 24))
        return web.Response(status=statuses.pop(0) if statuses else 204)

    app = web.Application()
    app.router.add_post("/api/v1/write", receive)
    server = TestServer(app)
    await server.start_server()
    try:
        yield str(server.make_url("/api/v1/write")), bodies
    finally:
        await server.close()


def decode(bodies: list[bytes]) -> Points:
    points: Points = {}
    for body in bodies:
        for labels, samples in decode_write_request(body):
            points.setdefault(tuple(sorted(labels.items())), {}).update(dict(samples))
    return points


async def test_backfill_writes_every_source_history_with_the_live_series_identity(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    config = make_config(uk=True, em=True, wt=True, carbon_electricity_maps_zones="DE",
                         carbon_watttime_forecast="false")
    fake.faults["wt_historical"] = [Fault(502)]  # retried within the backfill
    async with receiver([500]) as (url, bodies):  # the first write is retried too
        report = await run_backfill(config, since=10800, remote_write_url=url, extra_labels=EXTRA,
                                    clock=fake_time.clock, monotonic=fake_time.monotonic, sleep=fake_time.sleep,
                                    max_samples_per_request=50)
    points = decode(bodies[1:])
    by_source: dict[str, dict[str, dict[int, float]]] = {}
    for key, series in points.items():
        lab = dict(key)
        assert (lab["__name__"], lab["job"], lab["instance"]) == (INTENSITY, "carbon", "carbon-exporter:9813")
        by_source.setdefault(lab["source"], {})[lab["estimated"]] = series
    start = NOW - 10800
    # UK: every half-hour that has closed, from three hours back
    uk = by_source["uk_carbon_intensity"]["false"]
    first_uk = -(-start // 1800) * 1800
    assert uk == {int(t * 1000): uk_value("GB", t) for t in range(int(first_uk), int(NOW) - 1800 + 1, 1800)}
    # Electricity Maps /history: the last 24 h, the newest two hours estimated: a series of their own
    em = by_source["electricity_maps"]
    hour = NOW // 3600 * 3600
    assert em["false"] == {int((hour - 7200) * 1000): em_value("DE", hour - 7200)}  # 10:00 (09:00 is before 09:05)
    assert em["true"] == {int((hour - 3600) * 1000): em_value("DE", hour - 3600)}
    # WattTime: every 5-minute point in the window, converted to g/kWh
    wt = by_source["watttime"]["false"]
    assert len(wt) == 36  # 09:05 to 12:00, every 5 minutes
    for ts_ms, value in wt.items():
        assert value == wt_value("CAISO_NORTH", ts_ms / 1000) * 0.453592
    assert report.series == len(points) == 4
    assert report.samples == sum(len(v) for v in points.values())
    assert (report.zones, report.failed_zones) == (3, 0)

    # the live path's samples are the same series (labels + job/instance) and timestamps
    http, stats = Http(), Stats()
    try:
        live = [await s.fetch() for s in build_sources(config, http, stats, clock=fake_time.clock,
                                                        monotonic=fake_time.monotonic, sleep=fake_time.sleep)]
    finally:
        await http.close()
    for snap in live:
        for s in snap.samples:
            if s.metric != INTENSITY or s.timestamp is None or s.timestamp < start:
                continue
            key = tuple(sorted({**dict(s.labels), **EXTRA, "__name__": s.metric}.items()))
            if dict(s.labels)["source"] != "electricity_maps":  # EM's current hour is newer than its history
                assert points[key][int(s.timestamp * 1000)] == s.value


async def test_backfill_goes_on_when_one_zone_fails_and_uses_past_range_beyond_a_day(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    config = make_config(em=True, carbon_electricity_maps_zones="DE,XX")
    async with receiver([]) as (url, bodies):
        report = await run_backfill(config, since=12 * 86400, remote_write_url=url, extra_labels={},
                                    clock=fake_time.clock, monotonic=fake_time.monotonic, sleep=fake_time.sleep)
    points = decode(bodies)
    assert (report.zones, report.failed_zones) == (2, 1)
    assert fake.count("em_past_range") == 2 + 1  # 12 days in 10-day calls for DE; XX fails on its first
    (series,) = points.values()
    assert len(series) == 12 * 24
    assert report.samples == 12 * 24
