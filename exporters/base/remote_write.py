"""A minimal Prometheus Remote-Write 1.0 client for backfills.

The exporters never import the adapter (dependencies run one way), so the RW1 `WriteRequest` is encoded here
by hand; it is four tiny messages:

    WriteRequest { repeated TimeSeries timeseries = 1; }
    TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
    Label        { string name = 1; string value = 2; }
    Sample       { double value = 1; int64 timestamp = 2; }   // timestamp in milliseconds

Bodies are snappy block-compressed and sent with `Content-Encoding: snappy`, `Content-Type:
application/x-protobuf` and `X-Prometheus-Remote-Write-Version: 0.1.0`. Requests are batched by sample count;
5xx answers and connection errors are retried with capped exponential backoff, 4xx answers are not (the
receiver rejected the data; resending it cannot help) and raise `RemoteWriteError`.
"""

from __future__ import annotations

import asyncio
import logging
import math
import struct
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import aiohttp
import snappy

from finops.errors import FinopsError

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


def _varint(value: int) -> bytes:
    if value < 0:
        value += 1 << 64  # int64 negatives are 10-byte two's complement varints
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def _field_bytes(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def encode_label(name: str, value: str) -> bytes:
    return _field_bytes(1, name.encode()) + _field_bytes(2, value.encode())


def encode_sample(timestamp_ms: int, value: float) -> bytes:
    out = _varint(1 << 3 | 1) + struct.pack("<d", value)
    if timestamp_ms:
        out += _varint(2 << 3 | 0) + _varint(timestamp_ms)
    return out


def encode_timeseries(series: TimeSeries) -> bytes:
    parts = [_field_bytes(1, encode_label(n, v)) for n, v in sorted(series.labels)]
    parts += [_field_bytes(2, encode_sample(ts, v)) for ts, v in series.samples]
    return b"".join(parts)


def encode_write_request(series: Iterable[TimeSeries]) -> bytes:
    """The protobuf bytes of a WriteRequest (labels sorted by name, as receivers expect)."""
    return b"".join(_field_bytes(1, encode_timeseries(s)) for s in series)


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
            body = snappy.compress(encode_write_request(batch))
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
