"""Local HTTPS stand-ins for the three carbon APIs, in their documented shapes, on one port:

* `/uk/...`: the UK Carbon Intensity API (`/intensity/{from}/fw48h`, `/intensity/{from}/{to}`,
  `/regional/intensity/{from}/fw48h/regionid/{id}`): half-hourly periods `{"from": "2024-05-01T12:00Z", "to",
  "intensity": {"forecast", "actual" | null, "index"}}` (the minute-precision timestamps the API writes);
  `actual` is null for periods that have not closed; regional periods carry no `actual` and a `generationmix`;
* `/em/v3/...`: Electricity Maps v3 (`auth-token` header; `latest`, `forecast`, `history`, `past-range`); an
  unknown zone answers 404 with an error object, a wrong token 401;
* `/wt/...`: WattTime (`/login` with basic auth -> a token; `/v3/signal-index`, `/v3/historical`,
  `/v3/forecast` with `Authorization: Bearer`, `meta.units` "lbs_co2_per_mwh"); tokens can be expired by the
  test (the API then answers 401, as for a token older than 30 minutes), regions can be forbidden (403), an
  unknown region answers 400.

Faults (429 with `Retry-After`, 5xx, malformed bodies) are scripted per endpoint and popped in order. Values
come from functions of (zone, period start) that tests set, so every expected figure is computed, not copied.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

ValueFn = Callable[[str, float], float | None]


@dataclass
class Fault:
    status: int
    body: str = '{"error": "scripted fault"}'
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


def iso_minute(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%dT%H:%MZ")


def iso_ms(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def iso_offset(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat()


def parse(text: str) -> float:
    return dt.datetime.fromisoformat(text).timestamp()


def uk_value(zone: str, start: float) -> float:
    return 100.0 + (start // 1800) % 48


def em_value(zone: str, start: float) -> float:
    return 200.0 + len(zone) + (start // 3600) % 24


def wt_value(zone: str, start: float) -> float:
    return 1000.0 + (start // 300) % 12  # lbs/MWh


class FakeCarbonApis:
    def __init__(self, now: Callable[[], float]) -> None:
        self.now = now  # the fake's idea of the present: which periods have closed
        self.faults: dict[str, list[Fault]] = defaultdict(list)  # endpoint -> script
        self.requests: list[tuple[str, dict[str, str]]] = []  # (endpoint, query)
        # UK
        self.uk_actual: ValueFn = uk_value
        self.uk_forecast: ValueFn = lambda zone, start: uk_value(zone, start) + 5
        self.uk_regions: dict[int, str] = {13: "London", 7: "South Wales"}
        self.uk_regional_list_wrapped = False
        # Electricity Maps
        self.em_token = "em-secret"
        self.em_zones: dict[str, ValueFn] = {"DE": em_value, "FR": em_value, "NL": em_value}
        self.em_estimated: set[str] = set()  # zones whose latest is estimated
        self.em_forecast_allowed = True
        self.em_period = 3600.0  # `latest` is stamped with the start of the current period of this length
        self.em_headers: list[str] = []
        # WattTime
        self.wt_user, self.wt_password = "alice", "wt-pass"
        self.wt_regions: dict[str, ValueFn] = {"CAISO_NORTH": wt_value, "PJM_DC": wt_value}
        self.wt_forbidden: set[str] = set()  # 403 on historical and forecast
        self.wt_tokens: list[str] = []
        self.wt_valid: set[str] = set()
        self.wt_units = "lbs_co2_per_mwh"

    # -- plumbing -----------------------------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application()
        r = app.router
        r.add_get("/uk/intensity/{start}/fw48h", self._uk_fw48h)
        r.add_get("/uk/intensity/{start}/{end}", self._uk_range)
        r.add_get("/uk/regional/intensity/{start}/fw48h/regionid/{rid}", self._uk_regional)
        r.add_get("/em/v3/carbon-intensity/latest", self._em_latest)
        r.add_get("/em/v3/carbon-intensity/forecast", self._em_forecast)
        r.add_get("/em/v3/carbon-intensity/history", self._em_history)
        r.add_get("/em/v3/carbon-intensity/past-range", self._em_past_range)
        r.add_get("/wt/login", self._wt_login)
        r.add_get("/wt/v3/signal-index", self._wt_index)
        r.add_get("/wt/v3/historical", self._wt_historical)
        r.add_get("/wt/v3/forecast", self._wt_forecast)
        return app

    def _hit(self, endpoint: str, request: web.Request) -> web.Response | None:
        self.requests.append((endpoint, dict(request.query)))
        script = self.faults.get(endpoint)
        if script:
            f = script.pop(0)
            return web.Response(status=f.status, text=f.body, headers=f.headers, content_type=f.content_type)
        return None

    def count(self, endpoint: str) -> int:
        return sum(1 for e, _ in self.requests if e == endpoint)

    # -- UK -----------------------------------------------------------------------------------------------

    def _uk_period(self, start: float, regional: str | None = None) -> dict[str, Any]:
        zone = regional or "GB"
        fc = self.uk_forecast(zone, start)
        intensity: dict[str, Any] = {"forecast": fc, "index": "moderate"}
        if regional is None:
            intensity["actual"] = self.uk_actual(zone, start) if start + 1800 <= self.now() else None
        period: dict[str, Any] = {"from": iso_minute(start), "to": iso_minute(start + 1800), "intensity": intensity}
        if regional is not None:
            period["generationmix"] = [{"fuel": "gas", "perc": 40.1}, {"fuel": "wind", "perc": 59.9}]
        return period

    async def _uk_fw48h(self, request: web.Request) -> web.Response:
        fault = self._hit("uk_fw48h", request)
        if fault:
            return fault
        start = parse(request.match_info["start"])
        return web.json_response({"data": [self._uk_period(start + i * 1800) for i in range(96)]})

    async def _uk_range(self, request: web.Request) -> web.Response:
        fault = self._hit("uk_range", request)
        if fault:
            return fault
        start, end = parse(request.match_info["start"]), parse(request.match_info["end"])
        if end - start > 14 * 86400:
            return web.json_response({"error": {"code": "400 Bad Request", "message": "range too long"}},
                                     status=400)
        periods = []
        t = start // 1800 * 1800  # whole half-hours, from the one holding `start`
        while t < end:
            periods.append(self._uk_period(t))
            t += 1800
        return web.json_response({"data": periods})

    async def _uk_regional(self, request: web.Request) -> web.Response:
        fault = self._hit("uk_regional", request)
        if fault:
            return fault
        rid = int(request.match_info["rid"])
        if rid not in self.uk_regions:
            return web.json_response({"error": {"code": "400 Bad Request", "message": "Invalid region id"}},
                                     status=400)
        start = parse(request.match_info["start"])
        zone = f"GB-region-{rid}"
        region = {"regionid": rid, "dnoregion": f"DNO {self.uk_regions[rid]}", "shortname": self.uk_regions[rid],
                  "data": [self._uk_period(start + i * 1800, zone) for i in range(96)]}
        return web.json_response({"data": [region] if self.uk_regional_list_wrapped else region})

    # -- Electricity Maps ---------------------------------------------------------------------------------

    def _em_check(self, endpoint: str, request: web.Request) -> tuple[web.Response | None, str]:
        fault = self._hit(endpoint, request)
        if fault:
            return fault, ""
        self.em_headers.append(request.headers.get("auth-token", ""))
        if request.headers.get("auth-token") != self.em_token:
            return web.json_response({"error": "Invalid authentication token"}, status=401), ""
        zone = request.query.get("zone", "")
        if zone not in self.em_zones:
            return web.json_response({"error": f"Zone '{zone}' does not exist."}, status=404), zone
        return None, zone

    def _em_point(self, zone: str, start: float, estimated: bool) -> dict[str, Any]:
        return {
            "zone": zone, "carbonIntensity": self.em_zones[zone](zone, start), "datetime": iso_ms(start),
            "updatedAt": iso_ms(self.now()), "createdAt": iso_ms(start), "emissionFactorType": "lifecycle",
            "isEstimated": estimated, "estimationMethod": "TIME_SLICER_AVERAGE" if estimated else None,
            "temporalGranularity": "hourly",
        }

    async def _em_latest(self, request: web.Request) -> web.Response:
        err, zone = self._em_check("em_latest", request)
        if err:
            return err
        start = self.now() // self.em_period * self.em_period
        return web.json_response(self._em_point(zone, start, zone in self.em_estimated))

    async def _em_forecast(self, request: web.Request) -> web.Response:
        err, zone = self._em_check("em_forecast", request)
        if err:
            return err
        if not self.em_forecast_allowed:
            return web.json_response({"error": "Your plan does not include forecasts"}, status=403)
        hour = self.now() // 3600 * 3600
        value = self.em_zones[zone]
        points = [{"carbonIntensity": None if (v := value(zone, t)) is None else v + 1, "datetime": iso_ms(t)}
                  for t in (hour + i * 3600 for i in range(25))]
        return web.json_response({"zone": zone, "forecast": points, "updatedAt": iso_ms(self.now())})

    async def _em_history(self, request: web.Request) -> web.Response:
        err, zone = self._em_check("em_history", request)
        if err:
            return err
        hour = self.now() // 3600 * 3600
        points = [self._em_point(zone, hour - i * 3600, i < 2) for i in range(24, 0, -1)]
        return web.json_response({"zone": zone, "history": points})

    async def _em_past_range(self, request: web.Request) -> web.Response:
        err, zone = self._em_check("em_past_range", request)
        if err:
            return err
        start, end = parse(request.query["start"]), parse(request.query["end"])
        if end - start > 10 * 86400:
            return web.json_response({"error": "at most 10 days"}, status=400)
        points = []
        t = start // 3600 * 3600
        while t < end:
            points.append(self._em_point(zone, t, False))
            t += 3600
        return web.json_response({"zone": zone, "data": points})

    # -- WattTime -----------------------------------------------------------------------------------------

    def expire_tokens(self) -> None:
        self.wt_valid.clear()

    async def _wt_login(self, request: web.Request) -> web.Response:
        fault = self._hit("wt_login", request)
        if fault:
            return fault
        expected = "Basic " + base64.b64encode(f"{self.wt_user}:{self.wt_password}".encode()).decode()
        if request.headers.get("Authorization") != expected:
            return web.Response(status=401, text="Unauthorized")
        token = f"wt-token-{len(self.wt_tokens) + 1}"
        self.wt_tokens.append(token)
        self.wt_valid.add(token)
        return web.json_response({"token": token})

    def _wt_check(self, endpoint: str, request: web.Request, gated: bool) -> tuple[web.Response | None, str]:
        fault = self._hit(endpoint, request)
        if fault:
            return fault, ""
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.wt_valid:
            return web.json_response({"error": "Unauthorized", "message": "token expired"}, status=401), ""
        region = request.query.get("region", "")
        if region not in self.wt_regions:
            return web.json_response({"error": "Invalid region", "message": f"unknown region {region}"},
                                     status=400), region
        if gated and region in self.wt_forbidden:
            return web.json_response({"error": "Forbidden", "message": "no access to this region"},
                                     status=403), region
        return None, region

    def _wt_meta(self, region: str, units: str) -> dict[str, Any]:
        return {"region": region, "signal_type": "co2_moer", "units": units, "data_point_period_seconds": 300,
                "model": {"date": "2023-03-01"}, "warnings": [], "generated_at": iso_offset(self.now()),
                "generated_at_period_seconds": 300}

    async def _wt_index(self, request: web.Request) -> web.Response:
        err, region = self._wt_check("wt_index", request, gated=False)
        if err:
            return err
        at = self.now() // 300 * 300
        return web.json_response({"data": [{"point_time": iso_offset(at), "value": 42.0}],
                                  "meta": self._wt_meta(region, "percentile")})

    async def _wt_historical(self, request: web.Request) -> web.Response:
        err, region = self._wt_check("wt_historical", request, gated=True)
        if err:
            return err
        start, end = parse(request.query["start"]), parse(request.query["end"])
        points = []
        t = -(-start // 300) * 300
        while t < end and t + 300 <= self.now():
            points.append({"point_time": iso_offset(t), "value": self.wt_regions[region](region, t)})
            t += 300
        return web.json_response({"data": points, "meta": self._wt_meta(region, self.wt_units)})

    async def _wt_forecast(self, request: web.Request) -> web.Response:
        err, region = self._wt_check("wt_forecast", request, gated=True)
        if err:
            return err
        hours = int(request.query.get("horizon_hours", "24"))
        start = self.now() // 300 * 300
        points = [{"point_time": iso_offset(start + i * 300), "value": self.wt_regions[region](region, start + i * 300)}
                  for i in range(hours * 12)]
        return web.json_response({"data": points, "meta": self._wt_meta(region, self.wt_units)})
