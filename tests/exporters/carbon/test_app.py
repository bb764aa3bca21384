from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

from aiohttp.test_utils import TestClient, TestServer
from prometheus_client import CollectorRegistry, generate_latest

from exporters.carbon.app import build
from exporters.carbon.collector import CarbonCollector
from exporters.carbon.config import CarbonConfig
from exporters.carbon.source import CarbonSnapshot, Stats, actual, forecast
from tests.exporters.carbon.conftest import NOW, FakeTime
from tests.exporters.carbon.fakeapis import FakeCarbonApis, em_value, uk_value

MakeConfig = Callable[..., CarbonConfig]


def test_exposition_of_a_small_snapshot_is_exactly_this() -> None:
    stats = Stats()
    stats.add("requests", "electricity_maps", "latest", "200", n=3)
    stats.add("rate_limited", "electricity_maps")
    stats.paused("electricity_maps", NOW + 45)
    stats.add("zone_errors", "electricity_maps", "XX", "client_error")
    stats.add("dropped_points", "electricity_maps", "null", n=2)
    snap = CarbonSnapshot(
        "electricity_maps",
        (
            actual("electricity_maps", "DE", 322.0, NOW - 1800, signal="average", factor="lifecycle", estimated=True),
            forecast("electricity_maps", "DE", 300.5, NOW - 1800, NOW + 1800, signal="average", factor="lifecycle"),
        ),
        MappingProxyType({"DE": True, "XX": False}),
        MappingProxyType({"DE": NOW - 1800}),
        MappingProxyType({"DE": "Germany"}),
    )
    registry = CollectorRegistry()
    registry.register(CarbonCollector(lambda: [snap], stats, clock=lambda: NOW))
    text = generate_latest(registry).decode()
    ms = int((NOW - 1800) * 1000)
    assert text == f"""\
# HELP carbon_intensity_grams_per_kilowatt_hour Carbon intensity of the electricity grid in grams CO2e per kilowatt-hour, at the source's timestamp (the start of the period it describes).
# TYPE carbon_intensity_grams_per_kilowatt_hour gauge
carbon_intensity_grams_per_kilowatt_hour{{emission_factor_type="lifecycle",estimated="true",signal="average",source="electricity_maps",zone="DE"}} 322.0 {ms}
# HELP carbon_intensity_forecast_grams_per_kilowatt_hour Forecast grid carbon intensity in grams CO2e per kilowatt-hour; the sample timestamp is the issue slot, the forecast period starts horizon_seconds later.
# TYPE carbon_intensity_forecast_grams_per_kilowatt_hour gauge
carbon_intensity_forecast_grams_per_kilowatt_hour{{emission_factor_type="lifecycle",horizon_seconds="3600",signal="average",source="electricity_maps",zone="DE"}} 300.5 {ms}
# HELP carbon_signal_index_percent WattTime signal index: the current emissions rate as a percentile (0-100) of the coming day.
# TYPE carbon_signal_index_percent gauge
# HELP carbon_zone_info Zones of each source, with the source's name for the zone.
# TYPE carbon_zone_info gauge
carbon_zone_info{{name="Germany",source="electricity_maps",zone="DE"}} 1.0
carbon_zone_info{{name="",source="electricity_maps",zone="XX"}} 1.0
# HELP carbon_exporter_zone_up 1 if the last read of the zone succeeded, else 0.
# TYPE carbon_exporter_zone_up gauge
carbon_exporter_zone_up{{source="electricity_maps",zone="DE"}} 1.0
carbon_exporter_zone_up{{source="electricity_maps",zone="XX"}} 0.0
# HELP carbon_exporter_data_age_seconds Seconds since the source timestamp of the zone's newest actual value.
# TYPE carbon_exporter_data_age_seconds gauge
carbon_exporter_data_age_seconds{{source="electricity_maps",zone="DE"}} 1800.0
# HELP carbon_exporter_api_requests_total HTTP attempts against the carbon APIs by endpoint and status (error: no answer).
# TYPE carbon_exporter_api_requests_total counter
carbon_exporter_api_requests_total{{endpoint="latest",source="electricity_maps",status="200"}} 3.0
# HELP carbon_exporter_rate_limited_total 429 answers received.
# TYPE carbon_exporter_rate_limited_total counter
carbon_exporter_rate_limited_total{{source="electricity_maps"}} 1.0
# HELP carbon_exporter_paused_seconds Seconds the source still waits before its next request, after a 429.
# TYPE carbon_exporter_paused_seconds gauge
carbon_exporter_paused_seconds{{source="electricity_maps"}} 45.0
# HELP carbon_exporter_zone_errors_total Failed zone reads by reason.
# TYPE carbon_exporter_zone_errors_total counter
carbon_exporter_zone_errors_total{{reason="client_error",source="electricity_maps",zone="XX"}} 1.0
# HELP carbon_exporter_dropped_points_total Points not exposed: null, not a number, out of range or malformed.
# TYPE carbon_exporter_dropped_points_total counter
carbon_exporter_dropped_points_total{{reason="null",source="electricity_maps"}} 2.0
# HELP carbon_exporter_stale_samples_total Samples served again from an earlier read because their zone's read failed.
# TYPE carbon_exporter_stale_samples_total counter
# HELP carbon_exporter_token_renewals_total Logins for a new API token.
# TYPE carbon_exporter_token_renewals_total counter
"""  # noqa: E501


async def test_metrics_and_readiness_through_the_app(
    fake: FakeCarbonApis, make_config: MakeConfig, fake_time: FakeTime
) -> None:
    config = make_config(em=True, uk=True, carbon_electricity_maps_zones="DE,XX")
    exporter = build(config, start_pollers=False, clock=fake_time.clock, monotonic=fake_time.monotonic,
                     sleep=fake_time.sleep)
    client = TestClient(TestServer(exporter.app))
    await client.start_server()
    try:
        assert (await client.get("/readyz")).status == 503
        for poller in exporter.pollers:
            assert await poller.poll_once() is True
        fake_time.advance(120)  # scraped two minutes after the poll
        ready = await client.get("/readyz")
        body = await (await client.get("/metrics")).text()
    finally:
        await client.close()
    assert ready.status == 200
    hour = NOW // 3600 * 3600
    uk_actual = NOW // 1800 * 1800 - 1800
    for line in (
        'carbon_exporter_up{source="electricity_maps"} 1.0',
        'carbon_exporter_up{source="uk_carbon_intensity"} 1.0',
        'carbon_exporter_zone_up{source="electricity_maps",zone="DE"} 1.0',
        'carbon_exporter_zone_up{source="electricity_maps",zone="XX"} 0.0',
        'carbon_exporter_api_requests_total{endpoint="latest",source="electricity_maps",status="404"} 1.0',
        'carbon_exporter_zone_errors_total{reason="client_error",source="electricity_maps",zone="XX"} 1.0',
        f'carbon_exporter_data_age_seconds{{source="electricity_maps",zone="DE"}} {NOW + 120 - hour}',
        f'carbon_exporter_data_age_seconds{{source="uk_carbon_intensity",zone="GB"}} {NOW + 120 - uk_actual}',
        'carbon_intensity_grams_per_kilowatt_hour{emission_factor_type="lifecycle",estimated="false",'
        f'signal="average",source="electricity_maps",zone="DE"}} {em_value("DE", hour)} {int(hour * 1000)}',
        'carbon_intensity_grams_per_kilowatt_hour{emission_factor_type="direct",estimated="false",'
        f'signal="average",source="uk_carbon_intensity",zone="GB"}} {uk_value("GB", uk_actual)} '
        f'{int(uk_actual * 1000)}',
    ):
        assert line + "\n" in body, line
