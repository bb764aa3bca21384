"""Each source against the local HTTPS fake in the APIs' documented shapes: exact values and timestamps, and
every fault the APIs produce (401 and expired tokens, 429 with Retry-After, 5xx, malformed JSON, unknown zones,
nulls)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import pytest

from exporters.carbon.app import Source, build_sources
from exporters.carbon.config import CarbonConfig
from exporters.carbon.electricity_maps import ElectricityMapsSource
from exporters.carbon.embedded import EmbeddedTableSource
from exporters.carbon.source import (
    FORECAST,
    INTENSITY,
    SIGNAL_INDEX,
    ApiError,
    CarbonSnapshot,
    Http,
    Sample,
    Stats,
    UnauthorizedError,
    retry_after_seconds,
)
from exporters.carbon.uk import UkSource
from exporters.carbon.watttime import WattTimeSource
from reports.carbon.regions import REGIONS
from reports.carbon.table import region_table
from tests.exporters.carbon.conftest import NOW, FakeTime
from tests.exporters.carbon.fakeapis import FakeCarbonApis, Fault, em_value, uk_value, wt_value

MakeConfig = Callable[..., CarbonConfig]
HALF_HOUR = 1800.0


@asynccontextmanager
async def sources(config: CarbonConfig, t: FakeTime) -> AsyncIterator[tuple[list[Source], Stats]]:
    http, stats = Http(), Stats()
    try:
        yield build_sources(config, http, stats, clock=t.clock, monotonic=t.monotonic, sleep=t.sleep), stats
    finally:
        await http.close()


def by_metric(snap: CarbonSnapshot, metric: str) -> dict[tuple[tuple[str, str], ...], tuple[float, float | None]]:
    return {s.labels: (s.value, s.timestamp) for s in snap.samples if s.metric == metric}


def labels(**kw: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(kw.items()))


# -- UK Carbon Intensity ------------------------------------------------------------------------------------


async def test_uk_national_actual_is_the_newest_closed_half_hour_and_forecasts_carry_their_horizon(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    config = make_config(uk=True, carbon_uk_regions="13", carbon_forecast_horizon="2h")
    async with sources(config, fake_time) as (srcs, stats):
        (uk,) = srcs
        snap = await uk.fetch()
    slot = NOW // HALF_HOUR * HALF_HOUR  # 12:00: the half-hour now running; 11:30-12:00 is the newest closed
    actual = by_metric(snap, INTENSITY)
    key = labels(emission_factor_type="direct", estimated="false", signal="average", source="uk_carbon_intensity",
                 zone="GB")
    assert actual == {key: (uk_value("GB", slot - HALF_HOUR), slot - HALF_HOUR)}
    forecasts = by_metric(snap, FORECAST)
    national = {dict(k)["horizon_seconds"]: v for k, v in forecasts.items() if dict(k)["zone"] == "GB"}
    assert national == {str(h): (uk_value("GB", slot + h) + 5, slot) for h in range(0, 7201, 1800)}
    regional = {dict(k)["horizon_seconds"]: v for k, v in forecasts.items() if dict(k)["zone"] == "GB-region-13"}
    assert regional["0"] == (uk_value("GB-region-13", slot) + 5, slot)
    assert len(regional) == 5
    assert snap.zone_names == {"GB-region-13": "London"}
    assert snap.newest == {"GB": slot - HALF_HOUR}
    assert dict(snap.zones_up) == {"GB": True, "GB-region-13": True}
    # one call per zone: the national window starts an hour back, in the API's minute precision
    assert sorted(e for e, _ in fake.requests) == ["uk_fw48h", "uk_regional"]  # read concurrently
    assert stats.get("requests") == {("uk_carbon_intensity", "intensity_fw48h", "200"): 1,
                                     ("uk_carbon_intensity", "regional_fw48h", "200"): 1}


async def test_uk_regional_answer_wrapped_in_a_list_is_read_the_same(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    fake.uk_regional_list_wrapped = True
    config = make_config(uk=True, carbon_uk_national="false", carbon_uk_regions="7")
    async with sources(config, fake_time) as (srcs, _):
        snap = await srcs[0].fetch()
    assert snap.zone_names == {"GB-region-7": "South Wales"}
    assert len(by_metric(snap, FORECAST)) == 49  # 24 h ahead, both ends included


async def test_uk_null_actuals_are_skipped_and_a_null_forecast_is_counted(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    closed = NOW // HALF_HOUR * HALF_HOUR - HALF_HOUR
    fake.uk_actual = lambda zone, start: None if start == closed else uk_value(zone, start)
    fake.uk_forecast = lambda zone, start: None
    async with sources(make_config(uk=True), fake_time) as (srcs, stats):
        snap = await srcs[0].fetch()
    # the newest closed half-hour has no actual yet: the one before it is the newest value there is
    assert by_metric(snap, INTENSITY) == {
        labels(emission_factor_type="direct", estimated="false", signal="average", source="uk_carbon_intensity",
               zone="GB"): (uk_value("GB", closed - HALF_HOUR), closed - HALF_HOUR)}
    assert by_metric(snap, FORECAST) == {}
    assert stats.get("dropped_points")[("uk_carbon_intensity", "null")] >= 49


async def test_uk_5xx_is_retried_within_the_poll(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    fake.faults["uk_fw48h"] = [Fault(503), Fault(502)]
    async with sources(make_config(uk=True), fake_time) as (srcs, stats):
        snap = await srcs[0].fetch()
    assert snap.zones_up == {"GB": True}
    assert fake.count("uk_fw48h") == 3
    assert fake_time.sleeps == [0.5, 1.0]  # doubling back-off, no real waiting
    assert stats.get("requests")[("uk_carbon_intensity", "intensity_fw48h", "503")] == 1


async def test_uk_malformed_answers_fail_the_zone_then_its_last_values_are_served_until_stale(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    config = make_config(uk=True, carbon_uk_regions="13", carbon_poll_interval="5m")  # stale limit: 15 minutes
    async with sources(config, fake_time) as (srcs, stats):
        uk = srcs[0]
        first = await uk.fetch()
        fake.faults["uk_regional"] = [
            Fault(200, body="<html>maintenance</html>", content_type="text/html"),
            Fault(200, body='{"data": {"regionid": 13, "data": []}}'),  # no shortname: not the documented shape
            Fault(200, body='{"data": {"shortname": "London", "data": [{"from": "yesterday", "to": "x"}]}}'),
        ]
        fake_time.advance(300)
        second = await uk.fetch()
        fake_time.advance(300)
        third = await uk.fetch()
        fake_time.advance(600)  # 20 minutes after the last good read
        fourth = await uk.fetch()
    regional = {s for s in first.samples if dict(s.labels)["zone"] == "GB-region-13"}
    assert regional
    for snap in (second, third):
        assert snap.zones_up == {"GB": True, "GB-region-13": False}
        assert regional <= set(snap.samples)  # the same values and issue timestamps again
        assert snap.stale_zones == 1
    assert not [s for s in fourth.samples if dict(s.labels)["zone"] == "GB-region-13"]
    assert fourth.stale_zones == 0
    assert stats.get("zone_errors")[("uk_carbon_intensity", "GB-region-13", "malformed")] == 3


async def test_uk_429_pauses_the_source_for_retry_after(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    fake.faults["uk_fw48h"] = [Fault(429, headers={"Retry-After": "120"})]
    async with sources(make_config(uk=True), fake_time) as (srcs, stats):
        uk = srcs[0]
        with pytest.raises(ApiError, match="429"):
            await uk.fetch()
        fake_time.advance(60)
        with pytest.raises(ApiError, match="rate limited for another 60s"):
            await uk.fetch()
        assert fake.count("uk_fw48h") == 1  # nothing sent while paused
        fake_time.advance(61)
        snap = await uk.fetch()
    assert snap.zones_up == {"GB": True}
    assert fake.count("uk_fw48h") == 2
    assert stats.get("rate_limited") == {("uk_carbon_intensity",): 1}
    assert stats.get("zone_errors")[("uk_carbon_intensity", "GB", "throttled")] == 2


def test_retry_after_is_seconds_or_an_http_date() -> None:
    assert retry_after_seconds("30", NOW) == 30
    assert retry_after_seconds("Wed, 01 May 2024 12:07:00 GMT", NOW) == 120
    assert retry_after_seconds("Wed, 01 May 2024 12:07:00 -0000", NOW) == 120  # RFC 5322 "-0000": naive, UTC
    assert retry_after_seconds("Wed, 01 May 2024 13:07:00 +0100", NOW) == 120
    assert retry_after_seconds("Wed, 01 May 2024 11:00:00 GMT", NOW) == 0  # in the past: go now
    assert retry_after_seconds(None, NOW) == 60
    assert retry_after_seconds("soon", NOW) == 60


# -- Electricity Maps ---------------------------------------------------------------------------------------


async def test_electricity_maps_latest_with_token_estimated_label_and_unknown_zone(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    fake.em_estimated = {"FR"}
    config = make_config(em=True, carbon_electricity_maps_zones="DE,FR,XX")
    async with sources(config, fake_time) as (srcs, stats):
        snap = await srcs[0].fetch()
    hour = NOW // 3600 * 3600
    assert by_metric(snap, INTENSITY) == {
        labels(emission_factor_type="lifecycle", estimated="false", signal="average", source="electricity_maps",
               zone="DE"): (em_value("DE", hour), hour),
        labels(emission_factor_type="lifecycle", estimated="true", signal="average", source="electricity_maps",
               zone="FR"): (em_value("FR", hour), hour),
    }
    assert dict(snap.zones_up) == {"DE": True, "FR": True, "XX": False}
    assert stats.get("zone_errors") == {("electricity_maps", "XX", "client_error"): 1}
    assert set(fake.em_headers) == {"em-secret"}
    assert {q["emissionFactorType"] for e, q in fake.requests if e == "em_latest"} == {"lifecycle"}


async def test_electricity_maps_wrong_token_fails_the_poll(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    fake.em_token = "another"
    async with sources(make_config(em=True), fake_time) as (srcs, _):
        with pytest.raises(UnauthorizedError, match="401"):
            await srcs[0].fetch()


async def test_electricity_maps_forecast_and_a_plan_without_it(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    config = make_config(em=True, carbon_electricity_maps_zones="NL", carbon_electricity_maps_forecast="true",
                         carbon_forecast_horizon="3h")
    hour = NOW // 3600 * 3600
    async with sources(config, fake_time) as (srcs, stats):
        snap = await srcs[0].fetch()
        assert {dict(k)["horizon_seconds"]: v for k, v in by_metric(snap, FORECAST).items()} == {
            str(h * 3600): (em_value("NL", hour + h * 3600) + 1, hour) for h in range(4)}
        fake.em_forecast_allowed = False
        fake_time.advance(300)
        snap = await srcs[0].fetch()
        fake_time.advance(300)
        snap = await srcs[0].fetch()
    assert snap.zones_up == {"NL": True}
    assert by_metric(snap, FORECAST) == {}
    assert fake.count("em_forecast") == 2  # asked once more, then no longer
    assert stats.get("zone_errors") == {("electricity_maps", "NL", "forecast_forbidden"): 1}


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{"zone": "DE", "carbonIntensity": null, "datetime": "2024-05-01T12:00:00.000Z"}', "null"),
        ('{"zone": "DE", "carbonIntensity": true, "datetime": "2024-05-01T12:00:00.000Z"}', "not_a_number"),
        ('{"zone": "DE", "carbonIntensity": "322", "datetime": "2024-05-01T12:00:00.000Z"}', "not_a_number"),
        ('{"zone": "DE", "carbonIntensity": -4, "datetime": "2024-05-01T12:00:00.000Z"}', "out_of_range"),
        ('{"zone": "DE", "carbonIntensity": 1e9, "datetime": "2024-05-01T12:00:00.000Z"}', "out_of_range"),
    ],
)
async def test_electricity_maps_unusable_values_are_dropped_and_counted(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime, body: str, reason: str
) -> None:
    fake.faults["em_latest"] = [Fault(200, body=body)]
    async with sources(make_config(em=True, carbon_electricity_maps_zones="DE"), fake_time) as (srcs, stats):
        snap = await srcs[0].fetch()
    assert snap.zones_up == {"DE": True}
    assert snap.samples == ()
    assert stats.get("dropped_points") == {("electricity_maps", reason): 1}


@pytest.mark.parametrize(
    "body",
    [
        '{"zone": "FR", "carbonIntensity": 50, "datetime": "2024-05-01T12:00:00.000Z"}',  # another zone
        '{"zone": "DE", "carbonIntensity": 50, "datetime": "2024-05-01 12:00"}',  # no time zone
        '{"zone": "DE", "carbonIntensity": 50}',  # no datetime
        '{"zone": "DE", "carbonIntensity": 50, "datetime": "2024-05-01T12:00Z", "isEstimated": "no"}',
        "[1, 2, 3]",
        '{"zone": "DE", "carbonIntensity": 5',
    ],
)
async def test_electricity_maps_malformed_answers_fail_only_their_zone(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime, body: str
) -> None:
    fake.faults["em_latest"] = [Fault(200, body=body)]
    config = make_config(em=True, carbon_max_concurrency="1")  # DE is read first: it gets the fault
    async with sources(config, fake_time) as (srcs, stats):
        snap = await srcs[0].fetch()
    assert dict(snap.zones_up) == {"DE": False, "FR": True}
    assert stats.get("zone_errors") == {("electricity_maps", "DE", "malformed"): 1}


# -- WattTime -------------------------------------------------------------------------------------------------


async def test_watttime_converts_pounds_per_megawatt_hour_and_averages_the_forecast_hourly(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    config = make_config(wt=True, carbon_forecast_horizon="2h")
    async with sources(config, fake_time) as (srcs, stats):
        snap = await srcs[0].fetch()
    newest = NOW - 300  # the last 5-minute point that has ended (12:00-12:05)
    assert by_metric(snap, INTENSITY) == {
        labels(emission_factor_type="direct", estimated="false", signal="marginal", source="watttime",
               zone="CAISO_NORTH"): (wt_value("CAISO_NORTH", newest) * 0.453592, newest)}
    assert by_metric(snap, SIGNAL_INDEX) == {
        labels(signal="marginal", source="watttime", zone="CAISO_NORTH"): (42.0, NOW // 300 * 300)}
    hour = NOW // 3600 * 3600
    points = {NOW + i * 300: wt_value("CAISO_NORTH", NOW + i * 300) * 0.453592 for i in range(24)}
    expected: dict[str, tuple[object, float]] = {}  # horizon -> (approx. mean of the hour, issue slot)
    for h in (0, 1, 2):
        values = [v for t, v in points.items() if hour + h * 3600 <= t < hour + (h + 1) * 3600]
        if values:
            expected[str(h * 3600)] = (pytest.approx(sum(values) / len(values), rel=1e-12), hour)
    assert {dict(k)["horizon_seconds"]: v for k, v in by_metric(snap, FORECAST).items()} == expected
    assert fake.wt_tokens == ["wt-token-1"]
    assert stats.get("token_renewals") == {("watttime",): 1}


async def test_watttime_expired_token_is_renewed_once_and_the_call_repeated(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    async with sources(make_config(wt=True, carbon_watttime_forecast="false"), fake_time) as (srcs, _):
        await srcs[0].fetch()
        fake.expire_tokens()  # the API now answers 401 to wt-token-1
        fake_time.advance(300)
        snap = await srcs[0].fetch()
        fake_time.advance(26 * 60)  # older than 25 minutes: renewed before use, no 401 needed
        await srcs[0].fetch()
    assert snap.zones_up == {"CAISO_NORTH": True}
    assert fake.wt_tokens == ["wt-token-1", "wt-token-2", "wt-token-3"]
    assert fake.count("wt_login") == 3
    assert sum(1 for e, _ in fake.requests if e == "wt_index") == 4  # one repeated after the 401


async def test_watttime_wrong_password_fails_the_poll(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    fake.wt_password = "changed"
    async with sources(make_config(wt=True), fake_time) as (srcs, _):
        with pytest.raises(ApiError, match="refused the credentials") as info:
            await srcs[0].fetch()
    assert info.value.reason == "login_failed"
    assert fake.count("wt_index") == 0


async def test_watttime_forbidden_region_keeps_its_signal_index_and_unknown_region_is_down(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    fake.wt_forbidden = {"PJM_DC"}
    config = make_config(wt=True, carbon_watttime_regions="CAISO_NORTH,PJM_DC,NOWHERE")
    async with sources(config, fake_time) as (srcs, stats):
        snap = await srcs[0].fetch()
    assert dict(snap.zones_up) == {"CAISO_NORTH": True, "PJM_DC": True, "NOWHERE": False}
    pjm = [s for s in snap.samples if dict(s.labels)["zone"] == "PJM_DC"]
    assert [s.metric for s in pjm] == [SIGNAL_INDEX]
    errors = stats.get("zone_errors")
    assert errors[("watttime", "PJM_DC", "forbidden")] == 1
    assert errors[("watttime", "NOWHERE", "client_error")] == 1


async def test_watttime_unknown_units_are_refused_not_guessed(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    fake.wt_units = "kg_co2_per_mwh"
    async with sources(make_config(wt=True), fake_time) as (srcs, stats):
        with pytest.raises(ApiError, match="units 'kg_co2_per_mwh'"):
            await srcs[0].fetch()
    assert stats.get("zone_errors") == {("watttime", "CAISO_NORTH", "malformed"): 1}


# -- the embedded table -------------------------------------------------------------------------------------


async def test_embedded_table_is_the_default_and_serves_every_region(make_config: MakeConfig,
                                                                     fake_time: FakeTime) -> None:
    config = make_config()
    assert config.source_names() == ["embedded_table"]
    async with sources(config, fake_time) as (srcs, _):
        (table,) = srcs
        assert isinstance(table, EmbeddedTableSource)
        snap = await table.fetch()
    rows = region_table()
    assert len(snap.samples) == len(rows.regions()) == sum(len(r) for r in REGIONS.values())
    for s in snap.samples:
        lab = dict(s.labels)
        provider, region = lab["zone"].split("/")
        row = rows.resolve(provider, region, 2024)
        assert row is not None
        assert (s.value, s.timestamp, lab["estimated"], lab["source"]) == (row.g_per_kwh, None, "true",
                                                                         "embedded_table")


def test_sources_are_built_only_for_what_is_configured(make_config: MakeConfig) -> None:
    config = make_config(uk=True, em=True, wt=True)
    assert config.source_names() == ["uk_carbon_intensity", "electricity_maps", "watttime"]
    built = build_sources(config, Http(), Stats())
    assert [type(s) for s in built] == [UkSource, ElectricityMapsSource, WattTimeSource]


def test_samples_are_immutable_values() -> None:
    sample = Sample(INTENSITY, (("zone", "DE"),), 1.0, 2.0)
    with pytest.raises(AttributeError):
        sample.value = 3.0  # type: ignore[misc]  # what the types forbid, tried at run time

