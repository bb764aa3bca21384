"""A minimal Prometheus Remote-Write 1.0 client for backfills.

The exporters never import the adapter (dependencies run one way): requests are encoded with the kernel's
`finops.prompb` (the generated `prometheus.WriteRequest` classes and the snappy block framing), the definition
of the wire format the adapter decodes with, so sender and receiver cannot drift apart. Bodies are sent with
`Content-Encoding: snappy`, `Content-Type: application/x-protobuf` and `X-Prometheus-Remote-Write-Version:
0.1.0`. Requests are batched by sample count; 5xx answers and connection errors are retried with capped
exponential backoff, 4xx answers are not (the receiver rejected the data; resending it cannot help) and raise
`RemoteWriteError`.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import aiohttp

from finops.errors import FinopsError
from finops.prompb import compress
from finops.prompb.prometheus import remote_pb2, types_pb2

log = logging.getLogger(__name__)

HEADERS = {
    "Content-Encoding": "snappy",
    "Content-Type": "application/x-protobuf",
    "X-Prometheus-Remote-Write-Version": "0.1.0",
    "User-Agent": "finops-backfill/0.1",
}


class RemoteWriteError(FinopsError):
    """The receiver rejected a write request (4xx) or stayed unavailable after every retry."""


@dataclass(frozen=True)
class TimeSeries:
    """One series: labels (including `__name__`) and samples as (timestamp in ms, value), oldest first."""

    labels: tuple[tuple[str, str], ...]
    samples: tuple[tuple[int, float], ...]


class TimedSample(Protocol):
    """What an exporter exposes, as backfills send it: metric name, labels, value, Unix seconds (None: timeless)."""

    @property
    def metric(self) -> str: ...
    @property
    def labels(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def value(self) -> float: ...
    @property
    def timestamp(self) -> float | None: ...


def to_timeseries(samples: Iterable[TimedSample], extra: Mapping[str, str]) -> list[TimeSeries]:
    """Groups samples into series: labels = `__name__` + sample labels + `extra`, one point per millisecond
    (the last wins); samples without a timestamp are left out (a backfill has nowhere to put them)."""
    by_key: dict[tuple[tuple[str, str], ...], dict[int, float]] = defaultdict(dict)
    for s in samples:
        if s.timestamp is None:
            continue
        labels = {**dict(s.labels), **extra, "__name__": s.metric}
        by_key[tuple(sorted(labels.items()))][round(s.timestamp * 1000)] = s.value
    return [TimeSeries(key, tuple(sorted(points.items()))) for key, points in sorted(by_key.items())]


def encode_write_request(series: Iterable[TimeSeries]) -> bytes:
    """The protobuf bytes of a WriteRequest (labels sorted by name, as receivers expect)."""
    request = remote_pb2.WriteRequest()
    label, sample = types_pb2.Label, types_pb2.Sample
    for s in series:
        ts = request.timeseries.add()
        ts.labels.extend([label(name=n, value=v) for n, v in sorted(s.labels)])
        ts.samples.extend([sample(value=v, timestamp=t) for t, v in s.samples])
    return bytes(request.SerializeToString())


def batches(series: Iterable[TimeSeries], max_samples: int) -> Iterator[list[TimeSeries]]:
    """Groups series into requests of at most `max_samples` samples, splitting long series."""
    batch: list[TimeSeries] = []
    size = 0
    for s in series:
        samples = s.samples
        while samples:
            room = max_samples - size
            head, samples = samples[:room], samples[room:]
            batch.append(TimeSeries(s.labels, head))
            size += len(head)
            if size >= max_samples:
                yield batch
                batch, size = [], 0
    if batch:
        yield batch


class RemoteWriteClient:
    """Sends WriteRequests to one URL; `write` batches, compresses and retries."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        *,
        max_samples_per_request: int = 2000,
        retries: int = 5,
        backoff_initial: float = 0.5,
        backoff_max: float = 30.0,
        timeout: float = 30.0,
        headers: dict[str, str] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._session = session
        self._url = url
        self._max_samples = max_samples_per_request
        self._retries = retries
        self._backoff_initial = backoff_initial
        self._backoff_max = backoff_max
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._headers = {**HEADERS, **(headers or {})}
        self._sleep = sleep
        self.requests_sent = 0
        self.samples_sent = 0

    async def write(self, series: Sequence[TimeSeries] | Iterable[TimeSeries]) -> int:
        """Writes every sample; returns how many were sent. Raises RemoteWriteError on 4xx or exhaustion."""
        sent = 0
        for batch in batches(series, self._max_samples):
            body = compress(encode_write_request(batch))
            await self._send(body)
            n = sum(len(s.samples) for s in batch)
            sent += n
            self.samples_sent += n
        return sent

    async def _send(self, body: bytes) -> None:
        attempt = 0
        while True:
            attempt += 1
            try:
                async with self._session.post(
                    self._url, data=body, headers=self._headers, timeout=self._timeout
                ) as resp:
                    self.requests_sent += 1
                    if resp.status < 300:
                        return
                    text = (await resp.text(errors="replace"))[:500]
                    if resp.status < 500:
                        raise RemoteWriteError(f"remote write to {self._url} rejected with {resp.status}: {text}")
                    problem = f"HTTP {resp.status}: {text}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                problem = f"{type(exc).__name__}: {exc}"
            if attempt > self._retries:
                raise RemoteWriteError(f"remote write to {self._url} failed after {attempt} attempts: {problem}")
            delay = min(self._backoff_max, self._backoff_initial * math.pow(2, attempt - 1))
            log.warning("remote write attempt %d failed (%s); retrying in %.1fs", attempt, problem, delay)
            await self._sleep(delay)
