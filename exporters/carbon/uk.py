"""The UK National Grid ESO Carbon Intensity API (no key; CC BY 4.0), half-hourly, in gCO2/kWh.

Shapes (api.carbonintensity.org.uk, documented at carbon-intensity.github.io/api-definitions):

* national `GET /intensity/{from}/fw48h` -> `{"data": [{"from": "2024-05-01T12:00Z", "to": "…",
  "intensity": {"forecast": 146, "actual": 149 | null, "index": "low"}}]}`; `actual` is null until the
  half-hour has closed. One call a poll, from an hour back: the newest closed half-hour with an actual is the
  actual (zone `GB`, the Electricity Maps zone of Great Britain, so the same SQL matches either source), the
  periods from the current half-hour on are the forecast.
* regional `GET /regional/intensity/{from}/fw48h/regionid/{id}` -> `{"data": {"regionid": 13, "dnoregion":
  "UKPN London", "shortname": "London", "data": [{"from", "to", "intensity": {"forecast", "index"},
  "generationmix": […]}]}}` (some deployments wrap the region object in a one-element list: both are read).
  Regional values are forecasts only (zone `GB-region-<id>`); the current half-hour is horizon 0.
* history `GET /intensity/{from}/{to}` (at most 14 days per call): the backfill.

The API reports operational (direct) emissions of generation, including imports: `emission_factor_type="direct"`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from exporters.carbon.config import UkConfig
from exporters.carbon.source import (
    ApiClient,
    MalformedError,
    Sample,
    Stats,
    ZonedSource,
    ZoneRead,
    actual,
    field_of,
    floor_to,
    forecast,
    iso_minutes,
    list_of,
    timestamp,
)

NAME = "uk_carbon_intensity"
NATIONAL = "GB"
STEP = 1800.0  # half-hourly
MAX_HISTORY = 14 * 86400.0
FACTOR = "direct"


def regional_zone(region_id: int) -> str:
    return f"GB-region-{region_id}"


class UkSource(ZonedSource):
    name = NAME

    def __init__(self, config: UkConfig, client: ApiClient, stats: Stats, *, horizon: float, stale_limit: float,
                 max_concurrency: int, clock: Callable[[], float] = time.time) -> None:
        zones = ([NATIONAL] if config.national else []) + [regional_zone(r) for r in config.regions]
        super().__init__(zones, stats, stale_limit=stale_limit, max_concurrency=max_concurrency, clock=clock)
        self.config = config
        self.client = client
        self.horizon = horizon
        self._ids = {regional_zone(r): r for r in config.regions}

    async def read_zone(self, zone: str, now: float) -> ZoneRead:
        slot = floor_to(now, STEP)
        if zone == NATIONAL:
            url = f"{self.config.url}/intensity/{iso_minutes(slot - 3600)}/fw48h"
            periods = list_of(await self.client.get_json("intensity_fw48h", url), "data", url)
            return ZoneRead(tuple(self.national(periods, now, slot, url)))
        region_id = self._ids[zone]
        url = f"{self.config.url}/regional/intensity/{iso_minutes(slot)}/fw48h/regionid/{region_id}"
        body = field_of(await self.client.get_json("regional_fw48h", url), "data", url)
        if isinstance(body, list):
            if len(body) != 1:
                raise MalformedError(f"{url}: expected one region in 'data', got {len(body)}")
            body = body[0]
        name = field_of(body, "shortname", url)
        periods = list_of(body, "data", url)
        points = [self._forecast(zone, p, slot, url) for p in periods]
        return ZoneRead(tuple(s for s in points if s is not None), str(name))

    def national(self, periods: Sequence[Any], now: float, slot: float, where: str) -> list[Sample]:
        out: list[Sample] = []
        newest: Sample | None = None
        for period in periods:
            start = timestamp(field_of(period, "from", where), where)
            end = timestamp(field_of(period, "to", where), where)
            intensity = field_of(period, "intensity", where)
            if end <= now and field_of(intensity, "actual", where) is not None:
                value = self.check.value(intensity["actual"])
                if value is not None and (newest is None or start > (newest.timestamp or 0.0)):
                    newest = actual(NAME, NATIONAL, value, start, signal="average", factor=FACTOR, estimated=False)
            if self.config.forecast:
                point = self._forecast(NATIONAL, period, slot, where)
                if point is not None:
                    out.append(point)
        if newest is not None:
            out.append(newest)
        return out

    def _forecast(self, zone: str, period: Any, slot: float, where: str) -> Sample | None:
        start = timestamp(field_of(period, "from", where), where)
        if not slot <= start <= slot + self.horizon:
            return None
        value = self.check.value(field_of(field_of(period, "intensity", where), "forecast", where))
        if value is None:
            return None
        return forecast(NAME, zone, value, slot, start, signal="average", factor=FACTOR)

    async def history(self, start: float, end: float) -> list[Sample]:
        """Every national actual in [start, end), 14 days per call (the backfill)."""
        out: list[Sample] = []
        t0 = start
        while t0 < end:
            t1 = min(end, t0 + MAX_HISTORY)
            url = f"{self.config.url}/intensity/{iso_minutes(t0)}/{iso_minutes(t1)}"
            for period in list_of(await self.client.get_json("intensity_range", url), "data", url):
                at = timestamp(field_of(period, "from", url), url)
                raw = field_of(field_of(period, "intensity", url), "actual", url)
                value = self.check.value(raw)
                if value is not None and start <= at < end:
                    out.append(actual(NAME, NATIONAL, value, at, signal="average", factor=FACTOR, estimated=False))
            t0 = t1
        return out
