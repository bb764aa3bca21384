"""Electricity Maps API v3 (`auth-token` header), in gCO2eq/kWh, consumption-based (flow-traced) averages.

Shapes (static.electricitymap.org/api/docs; the carbon-aware-sdk models):

* `GET /carbon-intensity/latest?zone=DE` -> `{"zone": "DE", "carbonIntensity": 322, "datetime": "…Z",
  "updatedAt": "…Z", "emissionFactorType": "lifecycle", "isEstimated": false, "estimationMethod": null,
  "temporalGranularity": "hourly"}`; `carbonIntensity` may be null (no data yet: nothing exposed, counted).
* `GET /carbon-intensity/forecast?zone=DE` -> `{"zone", "forecast": [{"carbonIntensity", "datetime"}],
  "updatedAt"}` (commercial plans; a 401/403 here is counted and the zone stays up).
* `GET /carbon-intensity/history?zone=DE` (the last 24 h) and `/past-range?zone&start&end` (at most 10 days
  hourly, contract only) -> `{"zone", "history" | "data": [latest-shaped points]}`: the backfill.

`isEstimated` becomes the `estimated` label, `emissionFactorType` (as answered) the `emission_factor_type` label:
a value that is re-published measured is a different series, and the emissions SQL prefers measured values.
An unknown zone answers 4xx (counted as `client_error`; the zone is down, the others go on); a 401 means a
wrong token and fails the poll.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from exporters.carbon.config import ElectricityMapsConfig
from exporters.carbon.source import (
    ApiClient,
    ApiError,
    MalformedError,
    Sample,
    Stats,
    UnauthorizedError,
    ZonedSource,
    ZoneRead,
    actual,
    field_of,
    floor_to,
    forecast,
    iso_seconds,
    list_of,
    timestamp,
)

NAME = "electricity_maps"
STEP = 3600.0
PAST_RANGE = 10 * 86400.0


class ElectricityMapsSource(ZonedSource):
    name = NAME

    def __init__(self, config: ElectricityMapsConfig, client: ApiClient, stats: Stats, *, horizon: float,
                 stale_limit: float, max_concurrency: int, clock: Callable[[], float] = time.time) -> None:
        super().__init__(config.zones, stats, stale_limit=stale_limit, max_concurrency=max_concurrency, clock=clock)
        self.config = config
        self.client = client
        self.horizon = horizon
        self._forecast_denied: set[str] = set()

    def _headers(self) -> dict[str, str]:
        return {"auth-token": self.config.token.value}

    def _params(self, zone: str, **more: str) -> dict[str, str]:
        params = {"zone": zone, "emissionFactorType": self.config.emission_factor_type, **more}
        if self.config.disable_estimations:
            params["disableEstimations"] = "true"
        return params

    async def read_zone(self, zone: str, now: float) -> ZoneRead:
        url = f"{self.config.url}/carbon-intensity/latest"
        answer = await self.client.get_json("latest", url, params=self._params(zone), headers=self._headers())
        samples: list[Sample] = []
        point = self.point(zone, answer, f"{url}?zone={zone}")
        if point is not None:
            samples.append(point)
        if self.config.forecast and zone not in self._forecast_denied:
            samples.extend(await self._forecast(zone, now))
        return ZoneRead(tuple(samples))

    def point(self, zone: str, raw: Any, where: str) -> Sample | None:
        """One latest/history point, or None when its value is null or unusable (counted)."""
        answered = raw.get("zone", zone) if isinstance(raw, dict) else zone
        if answered != zone:
            raise MalformedError(f"{where}: asked for zone {zone!r}, answered for {answered!r}")
        at = timestamp(field_of(raw, "datetime", where), where)
        value = self.check.value(field_of(raw, "carbonIntensity", where))
        if value is None:
            return None
        estimated = raw.get("isEstimated")
        if estimated is not None and not isinstance(estimated, bool):
            raise MalformedError(f"{where}: isEstimated is {estimated!r}, not a boolean")
        factor = raw.get("emissionFactorType") or self.config.emission_factor_type
        if not isinstance(factor, str):
            raise MalformedError(f"{where}: emissionFactorType is {factor!r}")
        return actual(NAME, zone, value, at, signal="average", factor=factor, estimated=bool(estimated))

    async def _forecast(self, zone: str, now: float) -> list[Sample]:
        url = f"{self.config.url}/carbon-intensity/forecast"
        try:
            answer = await self.client.get_json("forecast", url, params=self._params(zone), headers=self._headers())
        except UnauthorizedError as exc:  # the plan has no forecast: say so once, keep the zone up
            self._forecast_denied.add(zone)
            self.stats.add("zone_errors", NAME, zone, "forecast_" + exc.reason)
            return []
        where = f"{url}?zone={zone}"
        slot = floor_to(now, STEP)
        out = []
        for raw in list_of(answer, "forecast", where):
            target = timestamp(field_of(raw, "datetime", where), where)
            if not slot <= target <= slot + self.horizon:
                continue
            value = self.check.value(field_of(raw, "carbonIntensity", where))
            if value is not None:
                out.append(forecast(NAME, zone, value, slot, target, signal="average",
                                    factor=self.config.emission_factor_type))
        return out

    async def history(self, zone: str, start: float, end: float, now: float) -> list[Sample]:
        """Actuals in [start, end): `/history` when the window lies in the last 24 h, else `/past-range` in
        10-day calls (contract plans)."""
        if start >= now - 86400:
            url = f"{self.config.url}/carbon-intensity/history"
            answer = await self.client.get_json("history", url, params=self._params(zone), headers=self._headers())
            points = list_of(answer, "history", url)
        else:
            points = []
            t0 = start
            url = f"{self.config.url}/carbon-intensity/past-range"
            while t0 < end:
                t1 = min(end, t0 + PAST_RANGE)
                answer = await self.client.get_json(
                    "past_range", url, params=self._params(zone, start=iso_seconds(t0), end=iso_seconds(t1)),
                    headers=self._headers())
                key = "data" if isinstance(answer, dict) and "data" in answer else "history"
                points += list_of(answer, key, url)
                t0 = t1
        out = []
        for raw in points:
            try:
                sample = self.point(zone, raw, url)
            except ApiError:
                self.stats.add("dropped_points", NAME, "malformed")
                continue
            if sample is not None and sample.timestamp is not None and start <= sample.timestamp < end:
                out.append(sample)
        return out
