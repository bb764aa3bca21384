from __future__ import annotations

import asyncio
import random
import threading
from dataclasses import dataclass

import pytest
from prometheus_client import CollectorRegistry
from prometheus_client.exposition import generate_latest

from exporters.base import Poller, PollerCollector
from finops.errors import SourceError


@dataclass(frozen=True)
class Snap:
    generation: int
    rows: tuple[int, ...]


class FakeClock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class ScriptedSource:
    """Returns snapshots or raises, in the order given."""

    def __init__(self, clock: FakeClock, script: list[Snap | Exception]) -> None:
        self.clock = clock
        self.script = list(script)
        self.calls = 0

    async def fetch(self) -> Snap:
        self.calls += 1
        self.clock.now += 2.5  # each poll "takes" 2.5 s on the fake clock
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        return item


def make_poller(source: ScriptedSource, clock: FakeClock, name: str = "src") -> Poller[Snap]:
    return Poller(
        name,
        source.fetch,
        initial=Snap(0, ()),
        interval=60.0,
        jitter=0.1,
        backoff_initial=2.0,
        counts=lambda s: {"rows": len(s.rows), "parse_errors": 0},
        clock=clock,
        monotonic=clock,
        rng=random.Random(7),
    )


async def test_success_swaps_snapshot_and_records_status() -> None:
    clock = FakeClock()
    source = ScriptedSource(clock, [Snap(1, (1, 2, 3))])
    poller = make_poller(source, clock)
    assert not poller.status.ever_succeeded

    assert await poller.poll_once()

    assert poller.snapshot == Snap(1, (1, 2, 3))
    status = poller.status
    assert status.up and status.ever_succeeded
    assert status.last_success_timestamp == clock.now
    assert status.last_duration_seconds == 2.5
    assert status.consecutive_failures == 0
    assert dict(status.counts) == {"rows": 3, "parse_errors": 0}


async def test_failure_keeps_last_snapshot_and_flips_up_then_recovers() -> None:
    clock = FakeClock()
    source = ScriptedSource(clock, [Snap(1, (1,)), SourceError("boom"), OSError("down"), Snap(2, (1, 2))])
    poller = make_poller(source, clock)
    await poller.poll_once()
    success_at = poller.status.last_success_timestamp

    assert not await poller.poll_once()
    assert not await poller.poll_once()

    assert poller.snapshot == Snap(1, (1,))
    assert not poller.status.up
    assert poller.status.ever_succeeded
    assert poller.status.consecutive_failures == 2
    assert poller.status.last_success_timestamp == success_at
    assert poller.status.last_error == "OSError: down"
    assert poller.status.polls_failed == 2

    assert await poller.poll_once()
    assert poller.snapshot == Snap(2, (1, 2))
    assert poller.status.up
    assert poller.status.consecutive_failures == 0
    assert poller.status.polls_ok == 2
    assert poller.status.polls_failed == 2


async def test_max_stale_drops_a_snapshot_only_after_that_long_without_success() -> None:
    clock = FakeClock()
    source = ScriptedSource(clock, [Snap(1, (1,)), SourceError("a"), SourceError("b"), Snap(2, (2,))])
    poller: Poller[Snap] = Poller("src", source.fetch, initial=Snap(0, ()), interval=60.0, max_stale=100.0,
                                  clock=clock, monotonic=clock)
    await poller.poll_once()
    success_at = poller.status.last_success_timestamp
    clock.now += 90  # 92.5 s after the success when the poll ends: still within max_stale
    assert not await poller.poll_once()
    assert poller.snapshot == Snap(1, (1,))
    clock.now += 10
    assert not await poller.poll_once()
    assert poller.snapshot == Snap(0, ())  # dropped: the series disappear rather than lie
    assert poller.status.last_success_timestamp == success_at and not poller.status.up
    assert await poller.poll_once()
    assert poller.snapshot == Snap(2, (2,))


async def test_backoff_doubles_after_failures_and_is_capped_by_interval() -> None:
    clock = FakeClock()
    source = ScriptedSource(clock, [RuntimeError("x")] * 8)
    poller = make_poller(source, clock)
    delays = []
    for _ in range(8):
        await poller.poll_once()
        delays.append(poller.next_delay())
    bases = [2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0, 60.0]
    for delay, base in zip(delays, bases, strict=True):
        assert base * 0.9 <= delay <= base * 1.1


async def test_interval_is_jittered_within_bounds() -> None:
    clock = FakeClock()
    poller = make_poller(ScriptedSource(clock, []), clock)
    delays = {poller.next_delay() for _ in range(50)}
    assert all(54.0 <= d <= 66.0 for d in delays)
    assert len(delays) > 1


async def test_run_loop_polls_on_its_own_schedule_and_stops() -> None:
    clock = FakeClock()
    source = ScriptedSource(clock, [Snap(i, ()) for i in range(1, 100)])
    slept: list[float] = []
    third = asyncio.Event()

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) >= 3:
            third.set()
        await asyncio.sleep(0)

    poller = Poller("s", source.fetch, initial=Snap(0, ()), interval=30.0, jitter=0.0, sleep=fake_sleep)
    poller.start()
    await asyncio.wait_for(third.wait(), 5)
    await poller.stop()
    assert slept[:3] == [30.0, 30.0, 30.0]
    assert poller.snapshot.generation >= 3


@pytest.mark.parametrize("outcome", [SourceError("database down"), Snap(1, ())])
async def test_stop_ends_the_loop_when_the_cancel_meets_the_end_of_a_fetch(outcome: Snap | Exception) -> None:
    # Python 3.11's asyncio.wait_for returns the inner result (or raises its error) when the cancel arrives as the
    # fetch ends, swallowing the cancel: the loop went on to sleep and poll, and stop() (so SIGTERM, or a failed
    # start-up with the listen address in use) waited forever. Seen with `finops exporter recommendations`.
    gate: asyncio.Future[Snap] = asyncio.get_running_loop().create_future()
    fetching = asyncio.Event()
    slept: list[float] = []

    async def fetch() -> Snap:
        fetching.set()
        return await gate

    async def forever(seconds: float) -> None:
        slept.append(seconds)
        await asyncio.Event().wait()

    poller = Poller("s", fetch, initial=Snap(0, ()), interval=30.0, timeout=60.0, sleep=forever)
    poller.start()
    await fetching.wait()
    if isinstance(outcome, Exception):
        gate.set_exception(outcome)
    else:
        gate.set_result(outcome)
    stopping = asyncio.ensure_future(poller.stop())  # its first step runs right after the fetch's last one
    for _ in range(20):  # loop iterations, not time: stop() needs a handful
        await asyncio.sleep(0)
        if stopping.done():
            break
    assert stopping.done(), "stop() still waiting for the poll loop"
    assert slept == []


async def test_timeout_counts_as_failure() -> None:
    async def hang() -> Snap:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    poller = Poller("slow", hang, initial=Snap(0, ()), interval=10.0, timeout=0.01)
    assert not await poller.poll_once()
    assert poller.status.last_error is not None
    assert poller.status.last_error.startswith("TimeoutError")


def test_rejects_bad_interval() -> None:
    async def fetch() -> int:
        return 1

    with pytest.raises(ValueError, match="positive"):
        Poller("x", fetch, initial=0, interval=0)


async def test_snapshot_and_status_are_read_together_from_another_thread() -> None:
    """A reader thread never sees generation N's snapshot with generation M's counts."""
    clock = FakeClock()
    n = 300
    source = ScriptedSource(clock, [Snap(i, tuple(range(i))) for i in range(1, n + 1)])
    poller = make_poller(source, clock)
    await poller.poll_once()
    mismatches: list[tuple[int, float]] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            state = poller.state
            if state.status.counts["rows"] != len(state.snapshot.rows):
                mismatches.append((state.snapshot.generation, state.status.counts["rows"]))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(n - 1):
            await poller.poll_once()
            await asyncio.sleep(0)
    finally:
        stop.set()
        thread.join()
    assert mismatches == []
    assert poller.snapshot.generation == n


async def test_status_metrics_values_per_source() -> None:
    clock = FakeClock(1000.0)
    ok = make_poller(ScriptedSource(clock, [Snap(1, (1, 2))]), clock, name="a")
    bad = make_poller(ScriptedSource(clock, [SourceError("no")]), clock, name="b")
    await ok.poll_once()
    await bad.poll_once()
    registry = CollectorRegistry()
    registry.register(PollerCollector("demo", [ok, bad]))

    text = generate_latest(registry).decode()

    expected = """\
# HELP demo_up 1 if the last poll of the source succeeded, else 0.
# TYPE demo_up gauge
demo_up{source="a"} 1.0
demo_up{source="b"} 0.0
# HELP demo_last_success_timestamp_seconds Unix time of the last successful poll of the source.
# TYPE demo_last_success_timestamp_seconds gauge
demo_last_success_timestamp_seconds{source="a"} 1002.5
# HELP demo_consecutive_failures Failed polls since the last successful one.
# TYPE demo_consecutive_failures gauge
demo_consecutive_failures{source="a"} 0.0
demo_consecutive_failures{source="b"} 1.0
# HELP demo_poll_duration_seconds Duration of the last poll of the source.
# TYPE demo_poll_duration_seconds gauge
demo_poll_duration_seconds{source="a"} 2.5
demo_poll_duration_seconds{source="b"} 2.5
# HELP demo_polls_total Polls of the source by result.
# TYPE demo_polls_total counter
demo_polls_total{result="success",source="a"} 1.0
demo_polls_total{result="failure",source="a"} 0.0
demo_polls_total{result="success",source="b"} 0.0
demo_polls_total{result="failure",source="b"} 1.0
# HELP demo_poll_items Counts reported by the source on its last successful poll (rows, parse errors, …).
# TYPE demo_poll_items gauge
demo_poll_items{kind="parse_errors",source="a"} 0.0
demo_poll_items{kind="rows",source="a"} 2.0
"""
    assert text == expected
