"""WattTime API v3: marginal (`co2_moer`) or average (`co2_aoer`) emissions rates, in lbs/MWh.

Authentication: `GET /login` with HTTP basic auth -> `{"token": "<JWT>"}`, valid for 30 minutes, sent as
`Authorization: Bearer`. The token is renewed before it is 25 minutes old and whenever a call answers 401 (the
call is then retried once); a 401 from `/login` itself means wrong credentials and fails the poll. `/login`
allows 100 calls per 5 minutes, everything else 3,000: the client's rate limit keeps under it.

Shapes (docs.watttime.org):

* `GET /v3/signal-index?region&signal_type` -> `{"data": [{"point_time", "value"}], "meta": {…, "units":
  "percentile"}}`: the current value as a percentile of the coming day (`carbon_signal_index_percent`);
* `GET /v3/historical?region&start&end&signal_type` (at most 32 days per call) and `/v3/forecast?region&
  signal_type&horizon_hours` -> `{"data": [{"point_time": "2024-05-01T12:05:00+00:00", "value": 820.1}],
  "meta": {"region", "signal_type", "units": "lbs_co2_per_mwh", "data_point_period_seconds": 300,
  "generated_at", …}}`. The newest historical point is the actual; the forecast's 5-minute points are averaged
  into `forecast_step` buckets (1 h by default: 24 series a region instead of 288).

Units: lbs/MWh x 0.453592 = g/kWh (1 lb = 453.592 g, 1 MWh = 1,000 kWh); any other `units` is refused as
malformed rather than guessed. Free accounts get full data only for CAISO_NORTH: a 403 on one endpoint is
counted (`forbidden`) and the region keeps what the others gave; an unknown region answers 400.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from exporters.carbon.config import WattTimeConfig
from exporters.carbon.source import (
    SIGNAL_INDEX,
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

NAME = "watttime"
LBS_PER_MWH_TO_G_PER_KWH = 0.453592
TOKEN_LIFETIME = 30 * 60.0
RENEW_AFTER = 25 * 60.0
MAX_HISTORY = 32 * 86400.0
FACTOR = "direct"  # WattTime's rates count combustion emissions


class WattTimeSource(ZonedSource):
    name = NAME

    def __init__(self, config: WattTimeConfig, client: ApiClient, stats: Stats, *, horizon: float,
                 stale_limit: float, max_concurrency: int, clock: Callable[[], float] = time.time,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(config.regions, stats, stale_limit=stale_limit, max_concurrency=max_concurrency, clock=clock)
        self.config = config
        self.client = client
        self.horizon = horizon
        self._monotonic = monotonic
        self._token: str | None = None
        self._token_at = 0.0
        self._login_lock = asyncio.Lock()

    async def prepare(self) -> None:
        await self._ensure_token()

    async def _ensure_token(self, renew: bool = False, stale: str | None = None) -> str:
        async with self._login_lock:
            age = self._monotonic() - self._token_at
            if self._token is not None and not renew and age < RENEW_AFTER:
                return self._token
            if renew and self._token is not None and self._token != stale:
                return self._token  # another call renewed it while we waited
            try:
                answer = await self.client.get_json("login", f"{self.config.url}/login",
                                                    headers={"Authorization": self._basic()})
            except UnauthorizedError as exc:  # wrong user or password: no region can be read
                raise ApiError("login_failed", f"WattTime /login refused the credentials: {exc}") from exc
            token = field_of(answer, "token", "/login")
            if not isinstance(token, str) or not token:
                raise MalformedError("/login: 'token' is not a non-empty string")
            self.stats.add("token_renewals", NAME)
            self._token, self._token_at = token, self._monotonic()
            return token

    def _basic(self) -> str:
        pair = f"{self.config.username}:{self.config.password.value}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    async def _get(self, endpoint: str, path: str, params: dict[str, str]) -> Any:
        """A call with the bearer token; on 401 the token is renewed once and the call repeated."""
        token = await self._ensure_token()
        url = f"{self.config.url}{path}"
        try:
            return await self.client.get_json(endpoint, url, params=params,
                                              headers={"Authorization": f"Bearer {token}"})
        except UnauthorizedError as exc:
            if exc.status != 401:
                raise
        token = await self._ensure_token(renew=True, stale=token)
        return await self.client.get_json(endpoint, url, params=params, headers={"Authorization": f"Bearer {token}"})

    def _points(self, answer: Any, where: str, region: str) -> list[tuple[float, float]]:
        meta = field_of(answer, "meta", where)
        units = field_of(meta, "units", where)
        if units != "lbs_co2_per_mwh":
            raise MalformedError(f"{where}: units {units!r}, expected 'lbs_co2_per_mwh'")
        answered = meta.get("region", region)
        if answered != region:
            raise MalformedError(f"{where}: asked for region {region!r}, answered for {answered!r}")
        out = []
        for raw in list_of(answer, "data", where):
            at = timestamp(field_of(raw, "point_time", where), where)
            value = self.check.value(field_of(raw, "value", where), LBS_PER_MWH_TO_G_PER_KWH)
            if value is not None:
                out.append((at, value))
        return out

    async def read_zone(self, zone: str, now: float) -> ZoneRead:
        params = {"region": zone, "signal_type": self.config.signal_type}
        samples: list[Sample] = []
        reached = 0
        forbidden: ApiError | None = None
        try:
            index = await self._get("signal_index", "/v3/signal-index", params)
            samples.extend(self._index(zone, index))
            reached += 1
        except UnauthorizedError as exc:
            forbidden = exc
        try:
            hist = await self._get("historical", "/v3/historical",
                                   {**params, "start": iso_seconds(now - 3600), "end": iso_seconds(now)})
            points = self._points(hist, "/v3/historical", zone)
            if points:
                at, value = max(points)
                samples.append(actual(NAME, zone, value, at, signal=self.config.signal, factor=FACTOR,
                                      estimated=False))
            reached += 1
        except UnauthorizedError as exc:
            forbidden = exc
        if self.config.forecast:
            try:
                fc = await self._get("forecast", "/v3/forecast",
                                     {**params, "horizon_hours": str(max(1, round(self.horizon / 3600)))})
                samples.extend(self._forecast(zone, self._points(fc, "/v3/forecast", zone), now))
                reached += 1
            except UnauthorizedError as exc:
                forbidden = exc
        if forbidden is not None:
            self.stats.add("zone_errors", NAME, zone, forbidden.reason)
            if not reached:
                raise forbidden
        return ZoneRead(tuple(samples))

    def _index(self, zone: str, answer: Any) -> list[Sample]:
        where = "/v3/signal-index"
        meta = field_of(answer, "meta", where)
        if field_of(meta, "units", where) != "percentile":
            raise MalformedError(f"{where}: units {meta['units']!r}, expected 'percentile'")
        out = []
        for raw in list_of(answer, "data", where):
            at = timestamp(field_of(raw, "point_time", where), where)
            value = field_of(raw, "value", where)
            if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 100:
                labels = (("signal", self.config.signal), ("source", NAME), ("zone", zone))
                out.append(Sample(SIGNAL_INDEX, labels, float(value), at))
            else:
                self.stats.add("dropped_points", NAME, "out_of_range")
        return out[-1:]  # the current value

    def _forecast(self, zone: str, points: list[tuple[float, float]], now: float) -> list[Sample]:
        step = self.config.forecast_step
        slot = floor_to(now, step)
        buckets: dict[float, list[float]] = defaultdict(list)
        for at, value in points:
            start = floor_to(at, step)
            if slot <= start <= slot + self.horizon:
                buckets[start].append(value)
        return [
            forecast(NAME, zone, sum(values) / len(values), slot, start, signal=self.config.signal, factor=FACTOR)
            for start, values in sorted(buckets.items())
        ]

    async def history(self, zone: str, start: float, end: float) -> list[Sample]:
        """Every point in [start, end), 32 days per call (the backfill)."""
        out = []
        t0 = start
        while t0 < end:
            t1 = min(end, t0 + MAX_HISTORY)
            params = {"region": zone, "signal_type": self.config.signal_type, "start": iso_seconds(t0),
                      "end": iso_seconds(t1)}
            answer = await self._get("historical", "/v3/historical", params)
            for at, value in self._points(answer, "/v3/historical", zone):
                if start <= at < end:
                    out.append(actual(NAME, zone, value, at, signal=self.config.signal, factor=FACTOR,
                                      estimated=False))
            t0 = t1
        return out
