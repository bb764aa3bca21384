"""Reads Azure Monitor platform metrics for many resources and returns an immutable snapshot.

**Why batches of 50.** Metrics come from the data-plane batch API (`POST /subscriptions/{id}/metrics:getBatch`
on `https://{region}.metrics.monitor.azure.com`, via `MetricsClient.query_resources` of
azure-monitor-querymetrics). One call returns every requested metric for up to 50 resources, which must share
subscription, region and resource type (the API is regional, takes one subscription in its path and one
metric namespace). So resources are grouped by (subscription, region, type) and cut into chunks of 50: 1,000
VMs in one region are 20 calls per poll instead of 1,000 ARM `Microsoft.Insights/metrics` reads, and the
batch API is not charged against the ARM read budget (12,000 reads/hour/subscription, or the regional token
bucket of 250 refilled 25/s). Only discovery uses ARM: one paged `resources` list per (subscription, type,
resource group) every `discovery_interval` (1 h by default).

**Resource IDs.** ARM IDs are case-insensitive and Azure itself returns them in mixed spellings
(`resourceGroups` / `resourcegroups`, `Microsoft.Compute` / `microsoft.compute`). We compare and expose them
in one canonical form: the full ARM ID, lower-cased, without a trailing slash. It equals the FOCUS
`ResourceId` of the same resource lower-cased, so a join between usage and cost is `lower(ResourceId) =
resource_id`. `subscription_id`, `resource_group`, `resource_type` and `region` are lower-cased too;
`resource_name` keeps the spelling ARM returns.

**Throttling and faults.** Every call waits for a token of an evenly spaced rate limiter
(`requests_per_second`), so the calls of a poll are spread out rather than fired in a burst, and at most
`max_concurrency` are in flight. azure-core's retry policy retries 408/429/5xx/529 and connection errors with
exponential back-off and honours `Retry-After` (also on the POST of getBatch, which we mark retryable since it
only reads). If a subscription is still throttled when the retries are spent, it is left alone until its
`Retry-After` has passed. A failing batch, region or subscription does not stop the others: its failure is
counted (`azure_exporter_api_requests_total{status}`, `azure_exporter_batches_total{result}`,
`azure_exporter_subscription_up`) and the poll goes on. The poll as a whole fails (and the `Poller` backs off
and keeps the last snapshot, for at most `stale_limit`: then it serves none) only if every batch failed.

**Errors per resource.** A getBatch answer is HTTP 200 even when some of its resources could not be read:
each metric entry carries `errorCode` (`Success`, or e.g. `ResourceNotFound` for a resource deleted since
discovery) and an `errorMessage`. Such an entry is a failure of that resource's metric, not "no data": it is
counted (`azure_exporter_resource_errors_total{subscription_id,reason}`, reason = Azure's errorCode;
`azure_exporter_failing_resources{subscription_id}`), the batch counts as `partial` and the subscription as
not up, its previous samples are served as below, and it is logged once when the resource starts failing (or
its error code changes) and once when it is read again, never on every poll. A resource or metric that the
answer leaves out altogether is treated the same way (reason `NotInAnswer`).

**Previous values of a failing read.** When a batch fails (or is skipped while its subscription is paused), or
a resource's metric is answered with an error, the new snapshot still carries the samples that resource and
metric returned in their last successful poll, unchanged: same value and same Azure timestamp, so Prometheus
ingests a duplicate, not a new point, and the series do not flap. They are counted
(`azure_exporter_stale_resources{subscription_id}`, `azure_exporter_stale_samples_total`). A resource whose
last good read is older than `stale_limit` (default 3 poll intervals) is dropped, so a dead resource does not
linger.

**Time grain.** Azure may answer with another `interval` than the one asked. A point is complete (settled)
once the grain *Azure answered with* has ended, and `azure_exporter_granularity_seconds` reports that grain;
a change is logged once.

**Token requests.** The credential is built with the same `raw_response_hook` as the clients (azure-identity
puts a `CustomHookPolicy` after its retry policy), so every Entra ID attempt, retries included, is counted
under `azure_exporter_api_requests_total{api="token"}`. A token request that gets no response at all surfaces
as a failure of the metrics or ARM call that needed the token, and is counted there as `status="error"`.

**SDK note.** `MetricsQueryResult` (querymetrics 1.0.0) drops the batch item's `resourceid` and each metric's
`errorCode` and `errorMessage`. So each call passes the generated operation's standard `cls` hook, which
receives the deserialized wire answer (`MetricResultsResponse`, a mapping of the JSON) before the SDK converts
it; the SDK's results and the answer's `values[]` come in the same order. The resource of an entry is its
`resourceid`, else each metric's `id` (`<resource id>/providers/Microsoft.Insights/metrics/<name>`), else the
request order when the counts match.

**Logging.** azure-core logs every HTTP request and response, headers included, at INFO: `quiet_sdk_logs()`
sets the `azure` loggers to WARNING unless the process logs at DEBUG (`--log.level debug`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any, Protocol

from azure.identity.aio import CertificateCredential, ClientSecretCredential, DefaultAzureCredential
from azure.mgmt.resource.resources.aio import ResourceManagementClient
from azure.monitor.querymetrics.aio import MetricsClient

from exporters.azure.config import AzureConfig, MetricSpec, TypeSpec
from finops.errors import SourceError
from focus.formats import as_utc

log = logging.getLogger(__name__)

BATCH_SIZE = 50
_METRIC_ID_SPLIT = re.compile(r"/providers/microsoft\.insights/metrics/", re.IGNORECASE)
_ID_RE = re.compile(
    r"^/subscriptions/(?P<sub>[^/]+)/resourcegroups/(?P<rg>[^/]+)/providers/(?P<ns>[^/]+)/(?P<type>[^/]+)/(?P<name>[^/]+)",
    re.IGNORECASE,
)
RESOURCE_LABELS = ("resource_id", "resource_name", "resource_type", "resource_group", "subscription_id", "region")


def canonical_id(arm_id: str) -> str:
    """The one spelling we expose: the full ARM ID lower-cased, no trailing slash."""
    return arm_id.strip().rstrip("/").lower()


@dataclass(frozen=True)
class Resource:
    arm_id: str  # as ARM spells it; sent to the metrics API
    name: str
    type: str  # lower-case, e.g. microsoft.compute/virtualmachines
    resource_group: str
    subscription_id: str
    region: str

    @property
    def id(self) -> str:
        return canonical_id(self.arm_id)

    @classmethod
    def from_arm(cls, arm_id: str, location: str, name: str | None = None) -> Resource:
        m = _ID_RE.match(arm_id)
        if not m:
            raise ValueError(f"not an ARM resource ID: {arm_id!r}")
        return cls(
            arm_id=arm_id,
            name=name or m["name"],
            type=f"{m['ns']}/{m['type']}".lower(),
            resource_group=m["rg"].lower(),
            subscription_id=m["sub"].lower(),
            region=location.replace(" ", "").lower(),
        )

    def label_pairs(self) -> tuple[tuple[str, str], ...]:
        values = (self.id, self.name, self.type, self.resource_group, self.subscription_id, self.region)
        return tuple(zip(RESOURCE_LABELS, values, strict=True))


@dataclass(frozen=True)
class Sample:
    """One exposed value: Prometheus metric name, labels (resource labels, then dimensions), value and the
    Azure timestamp (Unix seconds, start of the time grain)."""

    metric: str
    labels: tuple[tuple[str, str], ...]
    value: float
    timestamp: float


@dataclass(frozen=True)
class AzureSnapshot:
    samples: tuple[Sample, ...] = ()
    resources: tuple[Resource, ...] = ()
    subscriptions_up: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))
    missing_resource_ids: tuple[str, ...] = ()
    # subscription -> resources served with previous values (their batch failed or was skipped)
    stale_resources: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    # subscription -> resources whose last answer carried an error entry for at least one metric
    failing_resources: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    # resource type -> time grain (seconds) of Azure's last answer, where it told us
    granularity: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    def counts(self) -> Mapping[str, float]:
        return {
            "resources": len(self.resources),
            "samples": len(self.samples),
            "stale_resources": sum(self.stale_resources.values()),
        }


class ApiStats:
    """Counters shared by the event loop (writers) and the `/metrics` renderer thread (reader)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[tuple[str, str], int] = defaultdict(int)
        self._batches: dict[tuple[str, str], int] = defaultdict(int)
        self._stale: dict[str, int] = defaultdict(int)
        self._resource_errors: dict[tuple[str, str], int] = defaultdict(int)

    def request(self, api: str, status: str) -> None:
        with self._lock:
            self._requests[(api, status)] += 1

    def batch(self, subscription_id: str, result: str) -> None:
        with self._lock:
            self._batches[(subscription_id, result)] += 1

    def resource_error(self, subscription_id: str, reason: str) -> None:
        with self._lock:
            self._resource_errors[(subscription_id, reason)] += 1

    def resource_errors(self) -> dict[tuple[str, str], int]:
        with self._lock:
            return dict(self._resource_errors)

    def stale(self, subscription_id: str, samples: int) -> None:
        with self._lock:
            self._stale[subscription_id] += samples

    def stale_samples(self) -> dict[str, int]:
        with self._lock:
            return dict(self._stale)

    def requests(self) -> dict[tuple[str, str], int]:
        with self._lock:
            return dict(self._requests)

    def batches(self) -> dict[tuple[str, str], int]:
        with self._lock:
            return dict(self._batches)

    def hook(self, api: str) -> Callable[[Any], None]:
        """An azure-core `raw_response_hook`: called for every HTTP attempt, retries included."""

        def on_response(pipeline_response: Any) -> None:
            self.request(api, str(pipeline_response.http_response.status_code))

        return on_response


class RateLimiter:
    """Evenly spaced permits (`rate` per second): calls are spread out, never bursty. Injectable clock/sleep."""

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._gap = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0

    async def acquire(self) -> None:
        now = self._clock()
        slot = max(now, self._next)
        self._next = slot + self._gap
        if slot > now:
            await self._sleep(slot - now)


class MetricsQuery(Protocol):
    """What we need of `azure.monitor.querymetrics.aio.MetricsClient` (a seam for unit tests)."""

    async def query_resources(self, **kwargs: Any) -> list[Any]: ...


class ResourceLister(Protocol):
    async def list_resources(
        self, subscription_id: str, resource_type: str, resource_group: str | None
    ) -> list[Resource]: ...


SUCCESS = "success"
NOT_IN_ANSWER = "NotInAnswer"  # our reason when a 200 answer has no entry for a requested resource or metric
_REASON_MAX = 64  # Azure's error codes are short names; a longer one is cut (it becomes a label value)


@dataclass(frozen=True)
class MetricError:
    """An error entry of a 200 getBatch answer: one metric of one resource could not be read."""

    resource: Resource
    metric: MetricSpec
    code: str  # Azure's errorCode, e.g. ResourceNotFound
    message: str  # Azure's errorMessage


@dataclass(frozen=True)
class BatchResult:
    """What one getBatch answer yields: samples, per-resource errors and the grain Azure answered with."""

    samples: tuple[Sample, ...] = ()
    errors: tuple[MetricError, ...] = ()
    granularity: float | None = None


async def query_batch(
    client: MetricsQuery,
    chunk: Sequence[Resource],
    spec: TypeSpec,
    group: Sequence[MetricSpec],
    start: float,
    end: float,
) -> tuple[list[Any], Any]:
    """One getBatch call. Returns the SDK's results and the deserialized wire answer, taken through the generated
    operation's `cls` hook because only it keeps `resourceid`, `errorCode` and `errorMessage`."""
    answers: list[Any] = []

    def keep(_pipeline_response: Any, deserialized: Any, _headers: Any) -> Any:
        answers.append(deserialized)
        return deserialized

    results = await client.query_resources(
        resource_ids=[r.arm_id for r in chunk],
        metric_namespace=spec.namespace,
        metric_names=[m.name for m in group],
        timespan=(datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC)),
        granularity=timedelta(seconds=spec.granularity),
        aggregations=sorted({m.aggregation for m in group}),
        filter=dimension_filter(group),
        retry_on_methods=frozenset({"GET", "POST"}),  # getBatch is a read: safe to retry
        cls=keep,
    )
    return list(results), (answers[-1] if answers else None)


def read_batch(
    results: Sequence[Any],
    answer: Any,
    chunk: Sequence[Resource],
    spec: TypeSpec,
    metrics: Sequence[MetricSpec],
    *,
    not_after: float,
    latest_only: bool,
) -> BatchResult:
    """Turns one getBatch answer into samples and per-resource errors. Pure; shared by the live path and the
    backfill, so both produce the same series identity and timestamps.

    `results` are the SDK's `MetricsQueryResult`s, `answer` the wire answer they came from (or None). A metric
    entry whose `errorCode` is not `Success` yields a `MetricError` and no samples; so does a requested resource
    or metric the answer leaves out. Points without a value for the metric's aggregation are skipped (Azure
    leaves the key out, or sends null, for grains without data, e.g. a deallocated VM). Points whose grain
    (Azure's answered grain, else the one asked) ends after `not_after` are not settled yet and skipped. With
    `latest_only`, each series yields its newest remaining point.
    """
    by_id = {r.id: r for r in chunk}
    by_name = {m.name.lower(): m for m in metrics}
    entries = _answer_values(answer)
    if len(entries) != len(results):
        entries = []  # cannot pair them: read without the wire's identity and errors
    samples: list[Sample] = []
    errors: list[MetricError] = []
    answered: set[tuple[str, str]] = set()
    answered_grain: float | None = None
    for position, result in enumerate(results):
        entry = entries[position] if entries else None
        resource = _resource_of(result, entry, position, results, chunk, by_id)
        if resource is None:
            continue
        grain = _granularity(result)
        if grain is not None:
            answered_grain = grain
        wire_errors = _metric_errors(entry)
        base = resource.label_pairs()
        for metric in getattr(result, "metrics", None) or []:
            mspec = by_name.get(str(getattr(metric, "name", "") or "").lower())
            if mspec is None:
                continue
            answered.add((resource.id, mspec.prometheus_name))
            error = wire_errors.get(mspec.name.lower())
            if error is not None:
                errors.append(MetricError(resource, mspec, *error))
                continue
            for series in metric.timeseries or []:
                labels = base + _dimension_labels(series.metadata_values or {}, mspec)
                points: list[Sample] = []
                for point in series.data or []:
                    value = getattr(point, mspec.aggregation, None)
                    if value is None or point.timestamp is None:
                        continue
                    ts = as_utc(point.timestamp).timestamp()
                    if ts + (grain or spec.granularity) > not_after:
                        continue
                    points.append(Sample(mspec.prometheus_name, labels, float(value) * mspec.scale, ts))
                if latest_only and points:
                    samples.append(max(points, key=lambda s: s.timestamp))
                else:
                    samples.extend(sorted(points, key=lambda s: s.timestamp))
    for r in chunk:
        for m in metrics:
            if (r.id, m.prometheus_name) not in answered:
                errors.append(MetricError(r, m, NOT_IN_ANSWER, "the answer has no entry for this resource and metric"))
    return BatchResult(tuple(samples), tuple(errors), answered_grain)


def _answer_values(answer: Any) -> list[Mapping[str, Any]]:
    """The `values[]` entries of a wire answer (the SDK's model is a mapping of the JSON), or [] if unreadable."""
    if isinstance(answer, str | bytes):  # the SDK notes the service sometimes sends JSON inside a string
        try:
            answer = json.loads(answer)
        except ValueError:
            return []
    values = answer.get("values") if isinstance(answer, Mapping) else None
    if not isinstance(values, list) or not all(isinstance(v, Mapping) for v in values):
        return []
    return values


def _metric_errors(entry: Mapping[str, Any] | None) -> dict[str, tuple[str, str]]:
    """Lower-cased metric name -> (errorCode, errorMessage) of the entry's metrics that Azure could not read."""
    out: dict[str, tuple[str, str]] = {}
    for metric in (entry or {}).get("value") or []:
        if not isinstance(metric, Mapping):
            continue
        code = metric.get("errorCode")
        name = metric.get("name")
        name = name.get("value") if isinstance(name, Mapping) else name
        if code is None or str(code).lower() == SUCCESS or not name:
            continue
        out[str(name).lower()] = (str(code)[:_REASON_MAX] or "Unknown", str(metric.get("errorMessage") or ""))
    return out


def _granularity(result: Any) -> float | None:
    grain = getattr(result, "granularity", None)
    if isinstance(grain, timedelta) and grain.total_seconds() > 0:
        return grain.total_seconds()
    return None


def _resource_of(
    result: Any,
    entry: Mapping[str, Any] | None,
    position: int,
    results: Sequence[Any],
    chunk: Sequence[Resource],
    by_id: Mapping[str, Resource],
) -> Resource | None:
    if entry is not None and entry.get("resourceid"):
        found = by_id.get(canonical_id(str(entry["resourceid"])))
        if found is not None:
            return found
    for metric in getattr(result, "metrics", None) or []:
        parts = _METRIC_ID_SPLIT.split(str(getattr(metric, "id", "") or ""), maxsplit=1)
        if len(parts) == 2 and (found := by_id.get(canonical_id(parts[0]))) is not None:
            return found
    if len(results) == len(chunk):
        return chunk[position]
    return None


def _dimension_labels(metadata: Mapping[str, Any], mspec: MetricSpec) -> tuple[tuple[str, str], ...]:
    if not mspec.dimensions:
        return ()
    lowered = {str(k).lower(): "" if v is None else str(v) for k, v in metadata.items()}
    return tuple(
        (dimension_label(d), lowered.get(d.lower(), "")) for d in sorted(mspec.dimensions, key=dimension_label)
    )


def dimension_label(dimension: str) -> str:
    return "dimension_" + re.sub(r"[^a-z0-9]+", "_", dimension.lower()).strip("_")


def chunks(resources: Iterable[Resource], size: int = BATCH_SIZE) -> list[list[Resource]]:
    """Groups by (subscription, region, type) — what one batch call may mix — then cuts into `size`."""
    groups: dict[tuple[str, str, str], list[Resource]] = defaultdict(list)
    for r in resources:
        groups[(r.subscription_id, r.region, r.type)].append(r)
    out: list[list[Resource]] = []
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda r: r.id)
        out.extend(members[i : i + size] for i in range(0, len(members), size))
    return out


def metric_groups(spec: TypeSpec) -> list[tuple[MetricSpec, ...]]:
    """Metrics queried together: one call per distinct dimension split (the `$filter` is per call)."""
    groups: dict[tuple[str, ...], list[MetricSpec]] = defaultdict(list)
    for m in spec.metrics:
        groups[tuple(sorted(d.lower() for d in m.dimensions))].append(m)
    return [tuple(v) for _, v in sorted(groups.items())]


def dimension_filter(group: Sequence[MetricSpec]) -> str | None:
    dims = sorted({d for m in group for d in m.dimensions})
    return " and ".join(f"{d} eq '*'" for d in dims) or None


def _retry_after(exc: Exception) -> float | None:
    response = getattr(exc, "response", None)
    if response is None or getattr(response, "status_code", None) not in (429, 529):
        return None
    headers = getattr(response, "headers", {}) or {}
    for name, scale in (("Retry-After", 1.0), ("retry-after-ms", 0.001), ("x-ms-retry-after-ms", 0.001)):
        raw = headers.get(name)
        if raw:
            try:
                return float(raw) * scale
            except ValueError:
                continue
    return 60.0


class AzureMetricsSource:
    """Discovers resources (periodically) and queries their metrics; `fetch()` returns an `AzureSnapshot`.

    `metrics_client(region)` and `lister` are injected, so the same code runs against Azure, a local fake
    server (tests, bench) or test doubles. `clock` is wall time (query windows), `monotonic` drives
    discovery refresh and throttling cool-downs.
    """

    def __init__(
        self,
        config: AzureConfig,
        metrics_client: Callable[[str], MetricsQuery],
        lister: ResourceLister,
        stats: ApiStats,
        *,
        limiter: RateLimiter | None = None,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._config = config
        self._metrics_client = metrics_client
        self._lister = lister
        self._stats = stats
        self._limiter = limiter or RateLimiter(config.requests_per_second)
        self._clock = clock
        self._monotonic = monotonic
        self._semaphore = asyncio.Semaphore(config.max_concurrency)
        self._inventory: dict[tuple[str, str, str | None], list[Resource]] = {}
        self._discovered_at: float | None = None
        self._discovery_ok: dict[str, bool] = {}
        self._cooldown_until: dict[str, float] = {}
        self._missing: tuple[str, ...] = ()
        # (resource id, Prometheus metric) -> (monotonic time of the last successful read, its samples)
        self._last_good: dict[tuple[str, str], tuple[float, tuple[Sample, ...]]] = {}
        # (resource id, Prometheus metric) -> the error Azure answered last for it (while it keeps failing)
        self._errors: dict[tuple[str, str], MetricError] = {}
        self._grain: dict[str, float] = {}  # resource type -> grain of Azure's last answer
        self._blind_logged = False  # warned that the SDK did not hand over a wire answer

    # -- discovery ---------------------------------------------------------------------------------------

    def _targets(self) -> list[tuple[str, str, str | None]]:
        cfg = self._config
        targets: set[tuple[str, str, str | None]] = set()
        for sub in cfg.subscription_ids:
            for rtype in cfg.resource_types:
                for rg in cfg.resource_groups or (None,):
                    targets.add((sub, rtype, rg))
        for rid in cfg.resource_ids:
            probe = Resource.from_arm(rid, "unknown")
            arm_type = next(
                (t for t in cfg.resource_types if t.lower() == probe.type), cfg.type_spec(probe.type).namespace
            )
            targets.add((probe.subscription_id, arm_type, probe.resource_group))
        return sorted(targets, key=lambda t: (t[0], t[1], t[2] or ""))

    async def _discover(self) -> None:
        now = self._monotonic()
        if self._discovered_at is not None and now - self._discovered_at < self._config.discovery_interval:
            return
        await self.refresh_resources()

    async def refresh_resources(self) -> None:
        """Lists every target now (one paged ARM list per subscription, type and resource group)."""
        now = self._monotonic()
        ok: dict[str, bool] = defaultdict(lambda: True)
        for target in self._targets():
            sub, rtype, rg = target
            if self._cooling(sub):
                ok[sub] = False
                continue
            try:
                await self._limiter.acquire()
                async with self._semaphore:
                    self._inventory[target] = await self._lister.list_resources(sub, rtype, rg)
            except Exception as exc:  # one subscription's failure must not stop the others
                ok[sub] = False
                self._note_throttle(sub, exc)
                if getattr(exc, "response", None) is None:
                    self._stats.request("arm", "error")
                log.warning("listing %s in subscription %s failed: %s", rtype, sub, exc)
        self._discovery_ok = dict(ok)
        self._discovered_at = now

    def resources(self) -> list[Resource]:
        """Discovered resources of configured types, plus the explicitly listed ones found in ARM."""
        cfg = self._config
        wanted_types = {t.lower() for t in cfg.resource_types}
        explicit = {canonical_id(r) for r in cfg.resource_ids}
        seen: dict[str, Resource] = {}
        for (sub, rtype, rg), members in self._inventory.items():
            for r in members:
                in_discovery = (
                    sub in cfg.subscription_ids
                    and rtype.lower() in wanted_types
                    and (not cfg.resource_groups or rg in cfg.resource_groups)
                )
                if (in_discovery or r.id in explicit) and r.type in cfg.types:
                    seen.setdefault(r.id, r)
        self._missing = tuple(sorted(explicit - set(seen)))
        return sorted(seen.values(), key=lambda r: r.id)

    # -- metrics -----------------------------------------------------------------------------------------

    def _cooling(self, sub: str) -> bool:
        until = self._cooldown_until.get(sub)
        return until is not None and self._monotonic() < until

    def _note_throttle(self, sub: str, exc: Exception) -> None:
        delay = _retry_after(exc)
        if delay is not None:
            self._cooldown_until[sub] = self._monotonic() + delay
            log.warning("subscription %s throttled; pausing it for %.0fs", sub, delay)

    async def _query(
        self, chunk: list[Resource], spec: TypeSpec, group: tuple[MetricSpec, ...], end: float
    ) -> BatchResult:
        client = self._metrics_client(chunk[0].region)
        await self._limiter.acquire()
        async with self._semaphore:
            results, answer = await query_batch(client, chunk, spec, group, end - spec.timespan, end)
        if answer is None and not self._blind_logged:
            self._blind_logged = True
            log.warning(
                "the metrics client did not pass the wire answer to the `cls` hook: per-resource error entries "
                "(e.g. ResourceNotFound) cannot be seen and such resources show no data"
            )
        return read_batch(
            results, answer, chunk, spec, group, not_after=end - self._config.settle_delay, latest_only=True
        )

    async def fetch(self) -> AzureSnapshot:
        await self._discover()
        resources = self.resources()
        end = self._clock()
        now = self._monotonic()
        jobs: list[tuple[list[Resource], tuple[MetricSpec, ...], Awaitable[BatchResult]]] = []
        held_back: list[tuple[Resource, MetricSpec]] = []  # served from their last good read, if recent
        sub_ok: dict[str, bool] = {s: self._discovery_ok.get(s, True) for s in self._config.subscription_ids}
        for r in resources:
            sub_ok.setdefault(r.subscription_id, self._discovery_ok.get(r.subscription_id, True))
        for chunk in chunks(resources):
            sub = chunk[0].subscription_id
            spec = self._config.type_spec(chunk[0].type)
            if self._cooling(sub):
                sub_ok[sub] = False
                self._stats.batch(sub, "skipped")
                held_back.extend(pair for group in metric_groups(spec) for pair in _pairs(chunk, group))
                continue
            jobs.extend((chunk, group, self._query(chunk, spec, group, end)) for group in metric_groups(spec))
        outcomes = await asyncio.gather(*(job for _, _, job in jobs), return_exceptions=True)
        samples: list[Sample] = []
        stale: dict[str, set[str]] = defaultdict(set)
        answered: list[tuple[Resource, MetricSpec]] = []
        errors: dict[tuple[str, str], MetricError] = {}
        failures = 0
        for (chunk, group, _), outcome in zip(jobs, outcomes, strict=True):
            sub = chunk[0].subscription_id
            if isinstance(outcome, BaseException):
                if not isinstance(outcome, Exception):
                    raise outcome
                failures += 1
                sub_ok[sub] = False
                self._stats.batch(sub, "failure")
                if getattr(outcome, "response", None) is None:
                    self._stats.request("metrics", "error")
                self._note_throttle(sub, outcome)
                log.warning("metrics batch in subscription %s failed: %s", sub, outcome)
                held_back.extend(_pairs(chunk, group))
                continue
            failed = {(e.resource.id, e.metric.prometheus_name): e for e in outcome.errors}
            self._stats.batch(sub, "partial" if failed else "success")
            for _, reason in sorted({(e.resource.id, e.code) for e in outcome.errors}):
                self._stats.resource_error(sub, reason)  # once per resource and code per batch
            if failed:
                sub_ok[sub] = False
            errors.update(failed)
            answered.extend(_pairs(chunk, group))
            held_back.extend((e.resource, e.metric) for e in outcome.errors)
            self._remember(chunk, group, outcome.samples, failed, now)
            samples.extend(outcome.samples)
            if outcome.granularity is not None:
                self._note_grain(self._config.type_spec(chunk[0].type), outcome.granularity)
        if jobs and failures == len(jobs):
            raise SourceError(f"all {failures} metrics batches failed")
        if not resources and sub_ok and not any(sub_ok.values()):
            raise SourceError("resource discovery failed in every subscription")
        self._track_errors(answered, errors)
        samples.extend(self._previous(held_back, now, stale))
        self._forget_except({r.id for r in resources})
        failing: dict[str, set[str]] = {sub: set() for sub in sub_ok}
        for error in self._errors.values():
            failing.setdefault(error.resource.subscription_id, set()).add(error.resource.id)
        return AzureSnapshot(
            samples=tuple(samples),
            resources=tuple(resources),
            subscriptions_up=MappingProxyType(dict(sub_ok)),
            missing_resource_ids=self._missing,
            stale_resources=MappingProxyType({sub: len(ids) for sub, ids in sorted(stale.items())}),
            failing_resources=MappingProxyType({sub: len(ids) for sub, ids in sorted(failing.items())}),
            granularity=MappingProxyType(dict(self._grain)),
        )

    def _note_grain(self, spec: TypeSpec, grain: float) -> None:
        """Remembers the grain Azure answered with for a type; logs when it changes (not on every poll)."""
        before = self._grain.get(spec.resource_type, spec.granularity)
        self._grain[spec.resource_type] = grain
        if grain != before:
            log.warning(
                "Azure answers %s metrics with a time grain of %.0fs (asked: %.0fs); points count as settled "
                "once that grain has ended",
                spec.resource_type,
                grain,
                spec.granularity,
            )

    def _track_errors(
        self, answered: Iterable[tuple[Resource, MetricSpec]], errors: Mapping[tuple[str, str], MetricError]
    ) -> None:
        """Logs per-resource errors once per change of state: when a resource starts failing or its error code
        changes, and when it is read again. Reads whose batch failed as a whole leave the state as it was."""
        started: dict[str, list[MetricError]] = defaultdict(list)
        recovered: set[str] = set()
        for resource, metric in answered:
            key = (resource.id, metric.prometheus_name)
            error = errors.get(key)
            before = self._errors.pop(key, None)
            if error is not None:
                self._errors[key] = error
                if before is None or before.code != error.code:
                    started[resource.id].append(error)
            elif before is not None:
                recovered.add(resource.id)
        for resource_id, new in sorted(started.items()):
            log.warning(
                "resource %s: Azure answered %s for %s: %s; serving its previous values for at most %.0fs",
                resource_id,
                ", ".join(sorted({e.code for e in new})),
                ", ".join(sorted(e.metric.name for e in new)),
                new[0].message,
                self._config.stale_limit,
            )
        still_failing = {resource_id for resource_id, _ in self._errors}
        for resource_id in sorted(recovered - still_failing):
            log.info("resource %s: its metrics are read again", resource_id)

    # -- previous values of failing reads ----------------------------------------------------------------

    def _remember(
        self,
        chunk: Sequence[Resource],
        group: Sequence[MetricSpec],
        samples: Sequence[Sample],
        failed: Mapping[tuple[str, str], MetricError],
        now: float,
    ) -> None:
        """Keeps what a read returned, per resource and metric (also "nothing"), with the time it was read;
        reads answered with an error keep their earlier entry."""
        by_key: dict[tuple[str, str], list[Sample]] = defaultdict(list)
        for sample in samples:
            by_key[(sample.labels[0][1], sample.metric)].append(sample)  # labels start with resource_id
        for key in ((r.id, m.prometheus_name) for r, m in _pairs(chunk, group)):
            if key not in failed:
                self._last_good[key] = (now, tuple(by_key.get(key, ())))

    def _previous(
        self, pairs: Iterable[tuple[Resource, MetricSpec]], now: float, stale: dict[str, set[str]]
    ) -> list[Sample]:
        """The last good samples of failed or skipped reads, unchanged (same Azure timestamps, so Prometheus sees
        duplicates, not new points), unless they were read more than `stale_limit` ago: then they are
        forgotten and the series disappear."""
        out: list[Sample] = []
        dropped: dict[str, float] = {}
        for resource, metric in pairs:
            key = (resource.id, metric.prometheus_name)
            entry = self._last_good.get(key)
            if entry is None:
                continue
            read_at, previous = entry
            if now - read_at > self._config.stale_limit:
                del self._last_good[key]
                dropped[resource.id] = now - read_at
                continue
            if previous:
                out.extend(previous)
                stale[resource.subscription_id].add(resource.id)
                self._stats.stale(resource.subscription_id, len(previous))
        for resource_id, age in sorted(dropped.items()):
            log.warning("resource %s failed for %.0fs: dropping its series", resource_id, age)
        return out

    def _forget_except(self, resource_ids: set[str]) -> None:
        for table in (self._last_good, self._errors):
            for key in [k for k in table if k[0] not in resource_ids]:
                del table[key]


def _pairs(chunk: Sequence[Resource], group: Sequence[MetricSpec]) -> list[tuple[Resource, MetricSpec]]:
    return [(r, m) for r in chunk for m in group]


# -- Azure SDK glue -------------------------------------------------------------------------------------------

SDK_LOGGER = "azure"


def quiet_sdk_logs() -> None:
    """azure-core logs every HTTP request and response, headers included, at INFO (most of a poll's log lines):
    the `azure` loggers keep WARNING and above unless the process logs at DEBUG (`--log.level debug`)."""
    debug = logging.getLogger().getEffectiveLevel() <= logging.DEBUG
    logging.getLogger(SDK_LOGGER).setLevel(logging.NOTSET if debug else logging.WARNING)



def sdk_kwargs(config: AzureConfig, stats: ApiStats | None, api: str) -> dict[str, Any]:
    """Transport and retry settings shared by every Azure client we build."""
    kwargs: dict[str, Any] = {
        "retry_total": config.retry_total,
        "retry_backoff_max": config.retry_backoff_max,
        "retry_backoff_factor": 0.8,
    }
    if config.ca_file:
        kwargs["connection_verify"] = config.ca_file
    if stats is not None:
        kwargs["raw_response_hook"] = stats.hook(api)
    return kwargs


def build_credential(config: AzureConfig, stats: ApiStats | None = None) -> Any:
    """ClientSecretCredential / CertificateCredential from files, else DefaultAzureCredential (async).

    With `stats`, every token request (retries included) is counted under `api="token"`."""
    kwargs = sdk_kwargs(config, stats, "token")
    if config.authority_host:
        kwargs["authority"] = config.authority_host
    if config.credential_kind == "client_secret":
        assert config.client_secret is not None
        return ClientSecretCredential(
            str(config.tenant_id), str(config.client_id), config.client_secret.value, **kwargs
        )
    if config.credential_kind == "certificate":
        return CertificateCredential(
            str(config.tenant_id), str(config.client_id), certificate_path=config.client_certificate_file, **kwargs
        )
    return DefaultAzureCredential(**kwargs)


class SdkClients:
    """Owns the credential, one `MetricsClient` per region and one ARM client per subscription."""

    def __init__(self, config: AzureConfig, stats: ApiStats, credential: Any | None = None) -> None:
        quiet_sdk_logs()  # logging is configured by the CLI before any client is built
        self._config = config
        self._stats = stats
        self.credential = credential if credential is not None else build_credential(config, stats)
        self._metrics: dict[str, Any] = {}
        self._arm: dict[str, Any] = {}

    def metrics_client(self, region: str) -> MetricsQuery:
        if region not in self._metrics:
            self._metrics[region] = MetricsClient(
                self._config.metrics_endpoint.format(region=region),
                self.credential,
                audience=self._config.metrics_audience,
                **sdk_kwargs(self._config, self._stats, "metrics"),
            )
        client: MetricsQuery = self._metrics[region]
        return client

    def _arm_client(self, subscription_id: str) -> Any:
        if subscription_id not in self._arm:
            self._arm[subscription_id] = ResourceManagementClient(
                self.credential,
                subscription_id,
                base_url=self._config.arm_endpoint,
                credential_scopes=[self._config.arm_endpoint + "/.default"],
                **sdk_kwargs(self._config, self._stats, "arm"),
            )
        return self._arm[subscription_id]

    async def list_resources(
        self, subscription_id: str, resource_type: str, resource_group: str | None
    ) -> list[Resource]:
        """Pages through ARM `resources` (nextLink) for one type, optionally in one resource group."""
        client = self._arm_client(subscription_id)
        query = f"resourceType eq '{resource_type}'"
        if resource_group:
            pages = client.resources.list_by_resource_group(resource_group, filter=query)
        else:
            pages = client.resources.list(filter=query)
        found: list[Resource] = []
        async for item in pages:
            try:
                found.append(Resource.from_arm(item.id, item.location or "", item.name))
            except ValueError:
                log.warning("ignoring unexpected resource id from ARM: %r", item.id)
        return found

    async def close(self) -> None:
        for client in [*self._metrics.values(), *self._arm.values()]:
            await client.close()
        self._metrics.clear()
        self._arm.clear()
        close = getattr(self.credential, "close", None)
        if close is not None:
            await close()
