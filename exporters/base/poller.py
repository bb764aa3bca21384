"""A source polled on its own schedule, independent of Prometheus scrapes.

`Poller[S]` calls an async `fetch() -> S` every `interval` (with jitter so several exporters and sources do
not hit an API in lock-step), swaps the immutable snapshot on success, and keeps serving the last good one on
failure while backing off exponentially (capped at `backoff_max`, by default the interval). With `max_stale`
set, a snapshot whose last successful poll is older than that is dropped (back to `initial`) instead of being
served forever: for sources whose values describe the present (resource usage), not a bill.

The snapshot and the status are kept together in one frozen `PollerState` and replaced with a single
assignment, so a reader on another thread (the `/metrics` renderer runs in an executor) always sees a snapshot
and the status that belongs to it, never half of an update.

Time is injectable: `clock` (wall time, for the last-success timestamp), `monotonic` (durations), `sleep`
and `rng` (jitter), so tests drive polls by hand with `poll_once()` and never wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

SnapshotT = TypeVar("SnapshotT")

_EMPTY: Mapping[str, float] = MappingProxyType({})


@dataclass(frozen=True)
class PollStatus:
    """What the self-metrics report about one source. Immutable; replaced after every poll."""

    up: bool = False
    ever_succeeded: bool = False
    last_success_timestamp: float | None = None
    consecutive_failures: int = 0
    last_duration_seconds: float = 0.0
    polls_ok: int = 0
    polls_failed: int = 0
    counts: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    last_error: str | None = None


@dataclass(frozen=True)
class PollerState(Generic[SnapshotT]):
    snapshot: SnapshotT
    status: PollStatus


class Poller(Generic[SnapshotT]):
    """Polls `fetch` on its own schedule and serves the last good snapshot.

    `counts(snapshot)` returns numbers the source wants reported (rows read, parse errors, …); they are
    exposed as `<prefix>_poll_items{source, kind}` by `PollerCollector`.
    """

    def __init__(
        self,
        name: str,
        fetch: Callable[[], Awaitable[SnapshotT]],
        *,
        initial: SnapshotT,
        interval: float,
        jitter: float = 0.1,
        backoff_initial: float = 1.0,
        backoff_max: float | None = None,
        timeout: float | None = None,
        max_stale: float | None = None,
        counts: Callable[[SnapshotT], Mapping[str, float]] | None = None,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        if interval <= 0:
            raise ValueError("poll interval must be positive")
        if not 0 <= jitter < 1:
            raise ValueError("jitter must be in [0, 1)")
        self.name = name
        self.interval = interval
        self._fetch = fetch
        self._jitter = jitter
        self._backoff_initial = backoff_initial
        self._backoff_max = interval if backoff_max is None else backoff_max
        self._timeout = timeout
        self._max_stale = max_stale
        self._initial = initial
        self._counts = counts
        self._clock = clock
        self._monotonic = monotonic
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
        self._state: PollerState[SnapshotT] = PollerState(initial, PollStatus())
        self._task: asyncio.Task[None] | None = None

    @property
    def state(self) -> PollerState[SnapshotT]:
        """Snapshot and status read together (one attribute read: consistent across threads)."""
        return self._state

    @property
    def snapshot(self) -> SnapshotT:
        return self._state.snapshot

    @property
    def status(self) -> PollStatus:
        return self._state.status

    async def poll_once(self) -> bool:
        """Fetches once; on success swaps the snapshot, on failure keeps it. Returns whether it succeeded."""
        started = self._monotonic()
        old = self._state
        try:
            if self._timeout is not None:
                snapshot = await asyncio.wait_for(self._fetch(), self._timeout)
            else:
                snapshot = await self._fetch()
            counts = MappingProxyType(dict(self._counts(snapshot))) if self._counts else _EMPTY
        except Exception as exc:  # any source failure keeps the last snapshot
            duration = self._monotonic() - started
            status = replace(
                old.status,
                up=False,
                consecutive_failures=old.status.consecutive_failures + 1,
                last_duration_seconds=duration,
                polls_failed=old.status.polls_failed + 1,
                last_error=f"{type(exc).__name__}: {exc}",
            )
            snapshot = old.snapshot
            last = old.status.last_success_timestamp
            if self._max_stale is not None and last is not None and self._clock() - last > self._max_stale:
                if snapshot is not self._initial:
                    log.warning("source %s: no successful poll for %.0fs, dropping its last snapshot",
                                self.name, self._clock() - last)
                snapshot = self._initial
            self._state = PollerState(snapshot, status)
            if old.status.up or (not old.status.ever_succeeded and status.consecutive_failures == 1):
                log.warning("source %s: poll failed, serving last snapshot: %s", self.name, status.last_error)
            else:
                log.debug("source %s: poll failed again (%d): %s", self.name, status.consecutive_failures, exc)
            return False
        duration = self._monotonic() - started
        if not old.status.up:
            log.info("source %s: poll succeeded in %.3fs", self.name, duration)
        status = PollStatus(
            up=True,
            ever_succeeded=True,
            last_success_timestamp=self._clock(),
            consecutive_failures=0,
            last_duration_seconds=duration,
            polls_ok=old.status.polls_ok + 1,
            polls_failed=old.status.polls_failed,
            counts=counts,
            last_error=None,
        )
        self._state = PollerState(snapshot, status)
        return True

    def next_delay(self) -> float:
        """Seconds until the next poll: the jittered interval, or the jittered backoff after failures."""
        failures = self._state.status.consecutive_failures
        if failures == 0:
            base = self.interval
        else:
            base = min(self._backoff_max, self._backoff_initial * 2 ** min(failures - 1, 30))
        spread = base * self._jitter
        return max(0.0, base + self._rng.uniform(-spread, spread))

    async def run(self, initial_delay: float = 0.0) -> None:
        """Polls forever (until cancelled)."""
        if initial_delay > 0:
            await self._sleep(initial_delay)
        while True:
            await self.poll_once()
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                # Python 3.11's wait_for drops a cancel that arrives as the fetch ends: honour it here, or stop()
                # (SIGTERM, a failed start-up) waits for a poll loop that never ends
                raise asyncio.CancelledError
            await self._sleep(self.next_delay())

    def start(self, initial_delay: float = 0.0) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self.run(initial_delay), name=f"poll-{self.name}")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
