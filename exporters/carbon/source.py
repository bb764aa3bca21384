"""What every carbon source shares: samples and snapshots, the HTTP client (rate limit, 429 pauses, retries,
JSON checks) and the per-zone polling loop that keeps a failing zone's last values for a while.

**Samples.** An actual value becomes `carbon_intensity_grams_per_kilowatt_hour{source, zone, signal,
emission_factor_type, estimated}` stamped with the source's own time (the start of the period it describes). A
forecast point becomes `carbon_intensity_forecast_grams_per_kilowatt_hour{…, horizon_seconds}` stamped with the
start of the source period the forecast was read in (its issue slot), `horizon_seconds` after which the point's
period starts: Prometheus rejects future timestamps and anything more than an hour old, so a forecast cannot be
written at its target time; stored this way every forecast stays in the database after the fact and is scored
against the actual of its target time (`finops.carbon_forecast_accuracy`). A forecast revised within its issue
slot keeps the first value seen (Prometheus drops a different value for the same timestamp).

**Faults.** A 429 pauses the whole source until its `Retry-After` (seconds or an HTTP date; 60 s when absent;
capped by `carbon.max_retry_after`): no request is sent before, the zones not yet read serve their last values.
5xx answers, timeouts and connection errors are retried `carbon.retries` times with doubling back-off. 401/403
are credential problems (`UnauthorizedError`); other 4xx answers fail one zone (`unknown_zone`); a body that is not
JSON, or JSON without the documented fields, fails one zone (`malformed`). Points whose value is null, not a
number, negative or above 5,000 g/kWh are dropped and counted, not exposed. A zone that fails serves its last
good samples (same values, same source timestamps: Prometheus stores nothing new) for at most
`carbon.stale_limit`; the poll fails (and the Poller keeps the whole snapshot) only when every zone failed.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import math
import ssl
import threading
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import aiohttp

from finops.errors import SourceError
from focus.formats import as_utc

log = logging.getLogger(__name__)

INTENSITY = "carbon_intensity_grams_per_kilowatt_hour"
FORECAST = "carbon_intensity_forecast_grams_per_kilowatt_hour"
SIGNAL_INDEX = "carbon_signal_index_percent"
MAX_G_PER_KWH = 5000.0  # above any grid on record (coal-only grids are ~1,000): a larger value is a fault
MAX_BODY_BYTES = 16 * 1024 * 1024
USER_AGENT = "finops-carbon-exporter/0.1"

Labels = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Sample:
    """One exposed value: metric name, sorted labels, value and the source's timestamp (Unix seconds; None
    for the embedded table, whose values describe a year, not an instant)."""

    metric: str
    labels: Labels
    value: float
    timestamp: float | None


def actual(source: str, zone: str, value: float, at: float | None, *, signal: str, factor: str,
           estimated: bool) -> Sample:
    labels = (("emission_factor_type", factor), ("estimated", "true" if estimated else "false"),
              ("signal", signal), ("source", source), ("zone", zone))
    return Sample(INTENSITY, labels, value, at)


def forecast(source: str, zone: str, value: float, issued: float, target: float, *, signal: str,
             factor: str) -> Sample:
    labels = (("emission_factor_type", factor), ("horizon_seconds", str(round(target - issued))),
              ("signal", signal), ("source", source), ("zone", zone))
    return Sample(FORECAST, labels, value, issued)


@dataclass(frozen=True)
class CarbonSnapshot:
    """One source's values after a poll. Immutable; swapped whole by the Poller."""

    source: str = ""
    samples: tuple[Sample, ...] = ()
    zones_up: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))
    newest: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))  # zone -> newest actual
    zone_names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    stale_zones: int = 0

    def counts(self) -> Mapping[str, float]:
        return {
            "zones": len(self.zones_up),
            "zones_up": sum(self.zones_up.values()),
            "samples": len(self.samples),
            "stale_zones": self.stale_zones,
        }


class Stats:
    """Counters written by the event loop and read by the `/metrics` renderer thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, dict[tuple[str, ...], int]] = defaultdict(lambda: defaultdict(int))
        self._paused_until: dict[str, float] = {}

    def add(self, family: str, *key: str, n: int = 1) -> None:
        with self._lock:
            self._counts[family][key] += n

    def get(self, family: str) -> dict[tuple[str, ...], int]:
        with self._lock:
            return dict(self._counts.get(family, {}))

    def paused(self, source: str, until_wall: float) -> None:
        with self._lock:
            self._paused_until[source] = until_wall

    def paused_until(self) -> dict[str, float]:
        with self._lock:
            return dict(self._paused_until)


class ApiError(SourceError):
    """A request failed; `reason` is the label it is counted under."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


class UnauthorizedError(ApiError):
    """401/403: the credentials are wrong, expired or not entitled to this data."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__("unauthorized" if status == 401 else "forbidden", message)


class ThrottledError(ApiError):
    """429, or a request not sent because the source is paused by an earlier 429."""

    def __init__(self, message: str) -> None:
        super().__init__("throttled", message)


def retry_after_seconds(value: str | None, now: float, default: float = 60.0) -> float:
    """`Retry-After` as seconds from now: delta-seconds or an HTTP date; `default` when absent or unreadable."""
    if not value:
        return default
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return default
    return max(0.0, as_utc(when).timestamp() - now)


class TokenBucket:
    """`rate` permits per second with bursts of up to `burst`; callers wait (injectable clock and sleep)."""

    def __init__(self, rate: float, burst: float = 1.0, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._rate = rate
        self._burst = max(1.0, burst)
        self._tokens = self._burst
        self._clock = clock
        self._sleep = sleep
        self._last = clock()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:
            now = self._clock()
            self._tokens = min(self._burst, self._tokens + (now - self._last) * self._rate)
            self._last = now
            if self._tokens < 1.0:
                wait = (1.0 - self._tokens) / self._rate
                await self._sleep(wait)
                self._tokens = 1.0
                self._last = self._clock()
            self._tokens -= 1.0


def ssl_context(ca_file: str | None) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=ca_file) if ca_file else ssl.create_default_context()
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


class Http:
    """The process's aiohttp session, opened on first use inside the event loop and closed by the app (or the
    backfill) when it stops; `trust_env` so HTTPS_PROXY/NO_PROXY apply."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(trust_env=True)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class ApiClient:
    """GETs JSON from one API for one source: rate-limited, paused by 429s, retried on 5xx, checked.

    `monotonic` drives the 429 pause; `clock` (wall time) reads HTTP-date `Retry-After`s and reports the pause.
    """

    def __init__(
        self,
        source: str,
        http: Http,
        stats: Stats,
        *,
        requests_per_second: float,
        retries: int = 2,
        timeout: float = 20.0,
        max_retry_after: float = 3600.0,
        ssl_ctx: ssl.SSLContext | None = None,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.source = source
        self._http = http
        self._stats = stats
        self._bucket = TokenBucket(requests_per_second, burst=max(1.0, requests_per_second), clock=monotonic,
                                   sleep=sleep)
        self._retries = retries
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._max_retry_after = max_retry_after
        self._ssl = ssl_ctx
        self._clock = clock
        self._monotonic = monotonic
        self._sleep = sleep
        self._paused_until = 0.0

    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._monotonic())

    async def get_json(
        self,
        endpoint: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """The decoded JSON of a 2xx answer; raises ApiError (ThrottledError, UnauthorizedError, …) otherwise."""
        attempt = 0
        while True:
            wait = self.paused_for()
            if wait > 0:
                raise ThrottledError(f"{self.source} is rate limited for another {wait:.0f}s")
            await self._bucket.acquire()
            attempt += 1
            try:
                async with self._http.session().get(
                    url, params=params, headers={"User-Agent": USER_AGENT, **(headers or {})},
                    timeout=self._timeout, ssl=self._ssl if self._ssl is not None else True,
                ) as resp:
                    self._stats.add("requests", self.source, endpoint, str(resp.status))
                    if resp.status == 429:
                        delay = min(self._max_retry_after,
                                    retry_after_seconds(resp.headers.get("Retry-After"), self._clock()))
                        self._paused_until = self._monotonic() + delay
                        self._stats.add("rate_limited", self.source)
                        self._stats.paused(self.source, self._clock() + delay)
                        log.warning("%s: %s answered 429; pausing the source for %.0fs", self.source, endpoint, delay)
                        raise ThrottledError(f"{self.source} {endpoint}: 429, retry after {delay:.0f}s")
                    body = await _read_limited(resp)
                    if resp.status in (401, 403):
                        raise UnauthorizedError(resp.status, f"{self.source} {endpoint}: HTTP {resp.status}: "
                                                        f"{_excerpt(body)}")
                    if 400 <= resp.status < 500:
                        raise ApiError("client_error", f"{self.source} {endpoint}: HTTP {resp.status}: "
                                                       f"{_excerpt(body)}")
                    if resp.status >= 500:
                        problem = f"HTTP {resp.status}: {_excerpt(body)}"
                    else:
                        try:
                            return json.loads(body)
                        except ValueError as exc:
                            raise ApiError("malformed", f"{self.source} {endpoint}: the answer is not JSON: "
                                                        f"{_excerpt(body)}") from exc
            except (aiohttp.ClientError, TimeoutError) as exc:
                self._stats.add("requests", self.source, endpoint, "error")
                problem = f"{type(exc).__name__}: {exc}"
            if attempt > self._retries:
                raise ApiError("unavailable", f"{self.source} {endpoint}: failed after {attempt} attempts: {problem}")
            await self._sleep(min(10.0, 0.5 * 2 ** (attempt - 1)))


async def _read_limited(resp: aiohttp.ClientResponse) -> bytes:
    chunks = []
    size = 0
    async for chunk in resp.content.iter_chunked(65536):
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ApiError("malformed", f"answer larger than {MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _excerpt(body: bytes) -> str:
    return body[:300].decode("utf-8", "replace").replace("\n", " ")


# -- reading documented shapes ------------------------------------------------------------------------------


class MalformedError(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__("malformed", message)


def field_of(obj: Any, key: str, where: str) -> Any:
    if not isinstance(obj, dict):
        raise MalformedError(f"{where}: expected an object, got {type(obj).__name__}")
    if key not in obj:
        raise MalformedError(f"{where}: no {key!r} in the answer")
    return obj[key]


def list_of(obj: Any, key: str, where: str) -> list[Any]:
    value = field_of(obj, key, where)
    if not isinstance(value, list):
        raise MalformedError(f"{where}: {key!r} is not a list")
    return value


def timestamp(raw: Any, where: str) -> float:
    """ISO 8601 with a zone (`2024-05-01T12:00Z`, `…:00.000Z`, `…+00:00`) as Unix seconds."""
    if not isinstance(raw, str):
        raise MalformedError(f"{where}: timestamp {raw!r} is not a string")
    try:
        when = datetime.fromisoformat(raw.strip())
    except ValueError as exc:
        raise MalformedError(f"{where}: {raw!r} is not an ISO 8601 timestamp") from exc
    if when.tzinfo is None:
        raise MalformedError(f"{where}: {raw!r} has no time zone")
    return when.timestamp()


def iso_minutes(ts: float) -> str:
    """`2024-05-01T12:00Z`: the form the UK API takes in its paths."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%MZ")


def iso_seconds(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class PointCheck:
    """Accepts a value or says why not (counted as dropped points by reason)."""

    def __init__(self, source: str, stats: Stats) -> None:
        self._source = source
        self._stats = stats

    def value(self, raw: Any, scale: float = 1.0) -> float | None:
        if raw is None:
            self._stats.add("dropped_points", self._source, "null")
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            self._stats.add("dropped_points", self._source, "not_a_number")
            return None
        value = float(raw) * scale
        if not math.isfinite(value) or value < 0 or value > MAX_G_PER_KWH:
            self._stats.add("dropped_points", self._source, "out_of_range")
            return None
        return value


def floor_to(ts: float, step: float) -> float:
    return math.floor(ts / step) * step


# -- the per-zone poll ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZoneRead:
    samples: tuple[Sample, ...]
    name: str = ""


class ZonedSource:
    """Base of the API sources: reads every zone (bounded concurrency), keeps a failing zone's last samples
    for `stale_limit`, and fails the poll only when every zone failed. Subclasses implement `read_zone`."""

    name = ""

    def __init__(self, zones: Sequence[str], stats: Stats, *, stale_limit: float, max_concurrency: int,
                 clock: Callable[[], float] = time.time) -> None:
        self.zones = tuple(zones)
        self.stats = stats
        self.check = PointCheck(self.name, stats)
        self._stale_limit = stale_limit
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self._clock = clock
        self._last: dict[str, tuple[float, ZoneRead]] = {}
        self._failing: dict[str, str] = {}  # zone -> reason, for logging state changes only

    async def read_zone(self, zone: str, now: float) -> ZoneRead:
        raise NotImplementedError

    async def prepare(self) -> None:
        """Runs once per poll before the zones (e.g. a login); an exception fails the poll."""

    async def fetch(self) -> CarbonSnapshot:
        now = self._clock()
        await self.prepare()
        results = await asyncio.gather(*(self._guarded(z, now) for z in self.zones))
        samples: list[Sample] = []
        up: dict[str, bool] = {}
        names: dict[str, str] = {}
        stale = 0
        errors: list[ApiError] = []
        for zone, result in zip(self.zones, results, strict=True):
            if isinstance(result, ZoneRead):
                self._last[zone] = (now, result)
                up[zone] = True
                self._recovered(zone)
                read = result
            else:
                errors.append(result)
                up[zone] = False
                self._failed(zone, result)
                last = self._last.get(zone)
                if last is None or now - last[0] > self._stale_limit:
                    self._last.pop(zone, None)
                    continue
                stale += 1
                self.stats.add("stale_samples", self.name, n=len(last[1].samples))
                read = last[1]
            samples.extend(read.samples)
            if read.name:
                names[zone] = read.name
        if self.zones and not any(up.values()):
            unauthorized = [e for e in errors if isinstance(e, UnauthorizedError)]
            raise (unauthorized or errors)[0]
        newest: dict[str, float] = {}
        for s in samples:
            if s.metric == INTENSITY and s.timestamp is not None:
                zone = dict(s.labels)["zone"]
                newest[zone] = max(newest.get(zone, s.timestamp), s.timestamp)
        samples.sort(key=lambda s: (s.metric, s.labels, s.timestamp or 0.0))
        return CarbonSnapshot(self.name, tuple(samples), MappingProxyType(up), MappingProxyType(newest),
                              MappingProxyType(names), stale)

    async def _guarded(self, zone: str, now: float) -> ZoneRead | ApiError:
        async with self._semaphore:
            try:
                return await self.read_zone(zone, now)
            except ApiError as exc:
                self.stats.add("zone_errors", self.name, zone, exc.reason)
                return exc

    def _failed(self, zone: str, exc: ApiError) -> None:
        if self._failing.get(zone) != exc.reason:
            log.warning("%s zone %s: %s", self.name, zone, exc)
            self._failing[zone] = exc.reason

    def _recovered(self, zone: str) -> None:
        if self._failing.pop(zone, None) is not None:
            log.info("%s zone %s: read again", self.name, zone)


def sort_samples(samples: Iterable[Sample]) -> tuple[Sample, ...]:
    return tuple(sorted(samples, key=lambda s: (s.metric, s.labels, s.timestamp or 0.0)))
