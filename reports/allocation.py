"""Shared-cost allocation: rules in YAML, applied as FOCUS 1.3 split-cost rows.

A rule picks shared FOCUS rows (`source`) and splits each one to targets by a method:

* `even` (AllocatedMethodId `finops:even`): 1 per target;
* `proportional` (`finops:proportional`): the targets' direct EffectiveCost (or BilledCost) in the same
  billing period and currency;
* `fixed` (`finops:fixed`): the rule's percentages (they must sum to exactly 100);
* `usage` (`finops:usage`): a usage metric's increase (counter) or unit-hours (gauge) per label value in the
  row's charge period;
* `kubernetes` (`finops:kubernetes`): the node's CPU and memory used by namespaces, workloads or pods
  (requests, usage or their max).

Each origin row becomes one row per target (AllocatedResourceId/Name, AllocatedTags, AllocatedMethodDetails
with the AllocatedRatio and the usage behind it), plus an explicit unallocated row (AllocatedResourceId null)
for what the rule could not place: idle node capacity, usage without a target, periods without usage. With
`share_unallocated: true` (OpenCost's shareIdle) that remainder goes to the targets in proportion instead.
The amounts are split in SQL by `finops.split_amount` (largest remainder), so the rows of one origin sum
exactly to it, per cost column and quantity; where the origin satisfies ListCost = ListUnitPrice x
PricingQuantity (and the same for ContractedCost), the split rows do too (their quantity is split and the
cost is price x quantity).

Rows that already carry an AllocatedMethodId (split by the provider) are never split again. A row matched by
two rules is an error, as is a tag key that no row carries.
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import click
import psycopg
from psycopg import sql

from finops.errors import BadInputError, ConfigError
from reports.context import common_options, context_from, run_report, window, window_options

log = logging.getLogger(__name__)

Method = Literal["even", "proportional", "fixed", "usage", "kubernetes"]
METHODS: tuple[Method, ...] = ("even", "proportional", "fixed", "usage", "kubernetes")
METHOD_IDS: Mapping[str, str] = {m: f"finops:{m}" for m in METHODS}
#: OpenCost's default prices (configs/default.json, "based on GCP us-central1"): per vCPU-hour and GiB-hour;
#: only their ratio matters here: the share of a node's cost that is CPU when no `cpu_cost_share` is given
OPENCOST_CPU_HOURLY = Decimal("0.031611")
OPENCOST_RAM_GIB_HOURLY = Decimal("0.004237")
_WEIGHT_QUANTUM = Decimal("1e-12")
_COLUMN_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_SOURCE_KEYS = {"tags", "untagged"}
_NOT_FILTERABLE = {"tags", "allocated_tags", "x_columns", "sku_price_details", "contract_applied",
                   "allocated_method_details"}


def snake(name: str) -> str:
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


@dataclass(frozen=True)
class Target:
    """Who receives a share: AllocatedResourceId, AllocatedResourceName and AllocatedTags."""

    key: str  # the tag value (or label value) that selects it
    id: str
    name: str
    tags: Mapping[str, Any]


@dataclass(frozen=True)
class UsageSpec:
    metric: str
    kind: Literal["counter", "gauge"]
    label: str
    unit: str
    match: Mapping[str, str]


@dataclass(frozen=True)
class KubernetesSpec:
    basis: Literal["max", "requests", "usage"]
    by: Literal["namespace", "workload", "pod"]
    cpu_cost_share: Decimal | None  # None: from OpenCost's default CPU and RAM prices and the node's capacity


@dataclass(frozen=True)
class Rule:
    name: str
    method: Method
    columns: Mapping[str, tuple[str, ...]]  # snake_case FOCUS column -> accepted values
    tags: Mapping[str, str]
    untagged: bool
    targets: tuple[Target, ...]
    weights: Mapping[str, Decimal]
    basis: Literal["effective", "billed"]
    usage: UsageSpec | None
    kubernetes: KubernetesSpec | None
    share_unallocated: bool

    @property
    def method_id(self) -> str:
        return METHOD_IDS[self.method]


@dataclass(frozen=True)
class RuleSet:
    tag_key: str
    min_scale: int
    rules: tuple[Rule, ...]

    def as_json(self) -> dict[str, Any]:
        def enc(value: Any) -> Any:
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, tuple | list):
                return [enc(v) for v in value]
            if isinstance(value, Mapping):
                return {str(k): enc(v) for k, v in value.items()}
            if hasattr(value, "__dataclass_fields__"):
                return {k: enc(getattr(value, k)) for k in value.__dataclass_fields__}
            return value

        return {"tag_key": self.tag_key, "min_scale": self.min_scale, "rules": [enc(r) for r in self.rules]}


# ------------------------------------------------------------------------------------------------------------
# Parsing and checking the YAML
# ------------------------------------------------------------------------------------------------------------


def parse_rules(raw: Any, focus_columns: Iterable[str], source: str = "allocation") -> RuleSet:
    """The `allocation:` section as a RuleSet; every problem of every rule in one ConfigError."""
    problems: list[str] = []
    if not isinstance(raw, Mapping):
        raise ConfigError(["'allocation' must be a mapping with 'rules' (and optionally tag_key, min_scale)"], source)
    for key, value in raw.items():
        _nul_problems("rules" if key == "rules" else f"allocation.{key}", value, problems)
    unknown = set(raw) - {"tag_key", "min_scale", "rules"}
    if unknown:
        problems.append(f"allocation: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    tag_key = str(raw.get("tag_key") or "team")
    min_scale = raw.get("min_scale", 10)
    if not isinstance(min_scale, int) or isinstance(min_scale, bool) or not 0 <= min_scale <= 30:
        problems.append(f"allocation.min_scale: {min_scale!r} is not an integer from 0 to 30")
        min_scale = 10
    items = raw.get("rules")
    if not isinstance(items, list) or not items:
        problems.append("allocation.rules: must be a non-empty list")
        items = []
    columns = set(focus_columns)
    rules: list[Rule] = []
    names: set[str] = set()
    for i, item in enumerate(items):
        rule = _parse_rule(i, item, tag_key, columns, problems)
        if rule is None:
            continue
        if rule.name in names:
            problems.append(f"rules[{i}]: rule name {rule.name!r} is used twice")
        names.add(rule.name)
        rules.append(rule)
    if problems:
        raise ConfigError(problems, source)
    return RuleSet(tag_key, min_scale, tuple(rules))


_NUL = "holds a NUL character (U+0000), which PostgreSQL text cannot store"


def _nul_problems(path: str, value: Any, problems: list[str]) -> None:
    """Every key and string under `value` with a NUL, by its path: rule names, targets and tags are written to
    finops.allocation_*, and the database would refuse them mid-run (issue 8)."""
    if isinstance(value, str):
        if "\x00" in value:
            problems.append(f"{path}: {_NUL}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and "\x00" in key:
                problems.append(f"{path}: key {key!r} {_NUL}")
            else:
                _nul_problems(f"{path}.{key}", item, problems)
    elif isinstance(value, list):
        for j, item in enumerate(value):
            _nul_problems(f"{path}[{j}]", item, problems)


def _parse_rule(i: int, item: Any, tag_key: str, columns: set[str], problems: list[str]) -> Rule | None:
    where = f"rules[{i}]"
    if not isinstance(item, Mapping):
        problems.append(f"{where}: must be a mapping")
        return None
    allowed = {"name", "method", "source", "targets", "weights", "basis", "usage", "kubernetes", "share_unallocated"}
    unknown = set(item) - allowed
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    name = str(item.get("name") or "")
    if not name or "/" in name:
        problems.append(f"{where}: name is required and must not contain '/'")
    where = f"rule {name or i!r}"
    method = item.get("method")
    if method not in METHODS:
        problems.append(f"{where}: method {method!r} is not one of {', '.join(METHODS)}")
        return None
    col_filters, tags, untagged = _parse_source(where, item.get("source"), columns, problems,
                                                required=method != "kubernetes")
    targets = _parse_targets(where, item.get("targets"), tag_key, problems)
    weights: dict[str, Decimal] = {}
    if method == "fixed":
        raw_weights = item.get("weights")
        if not isinstance(raw_weights, Mapping) or not raw_weights:
            problems.append(f"{where}: method fixed needs 'weights' (target: percent, summing to 100)")
        else:
            for key, value in raw_weights.items():
                try:
                    number = Decimal(str(value))
                    if not number.is_finite() or number < 0:
                        raise InvalidOperation
                except InvalidOperation:
                    problems.append(f"{where}: weight of {key!r} is {value!r}, not a non-negative number")
                    continue
                weights[str(key)] = number
            total = sum(weights.values(), Decimal(0))
            if weights and total != 100:
                problems.append(f"{where}: weights sum to {total} %, not 100 % "
                                f"({', '.join(f'{k}: {v}' for k, v in weights.items())})")
            if not targets:
                targets = tuple(_tag_target(tag_key, k) for k in weights)
            missing = set(weights) - {t.key for t in targets}
            if missing:
                problems.append(f"{where}: weights name targets not in 'targets': {', '.join(sorted(missing))}")
    elif "weights" in item:
        problems.append(f"{where}: 'weights' only applies to method fixed")
    basis = item.get("basis", "effective")
    if basis not in ("effective", "billed"):
        problems.append(f"{where}: basis {basis!r} is not effective or billed")
        basis = "effective"
    usage = _parse_usage(where, item.get("usage"), problems) if method == "usage" else None
    if method != "usage" and "usage" in item:
        problems.append(f"{where}: 'usage' only applies to method usage")
    kube = _parse_kubernetes(where, item.get("kubernetes"), problems) if method == "kubernetes" else None
    if method != "kubernetes" and "kubernetes" in item:
        problems.append(f"{where}: 'kubernetes' only applies to method kubernetes")
    share = item.get("share_unallocated", False)
    if not isinstance(share, bool):
        problems.append(f"{where}: share_unallocated must be true or false")
        share = False
    return Rule(name, method, col_filters, tags, untagged, targets, weights, basis, usage, kube, share)


def _parse_source(where: str, raw: Any, columns: set[str], problems: list[str], *,
                  required: bool) -> tuple[dict[str, tuple[str, ...]], dict[str, str], bool]:
    if raw is None and not required:
        return {}, {}, False
    if not isinstance(raw, Mapping) or not raw:
        problems.append(f"{where}: 'source' must be a mapping of FOCUS columns, tags or untagged (which rows "
                        "are shared)")
        return {}, {}, False
    col_filters: dict[str, tuple[str, ...]] = {}
    tags: dict[str, str] = {}
    untagged = False
    for raw_key, value in raw.items():
        key = str(raw_key)
        if key == "tags":
            if not isinstance(value, Mapping) or not value:
                problems.append(f"{where}: source.tags must be a mapping of tag key: value")
            else:
                tags = {str(k): _scalar(v) for k, v in value.items()}
        elif key == "untagged":
            if not isinstance(value, bool):
                problems.append(f"{where}: source.untagged must be true or false")
            else:
                untagged = value
        else:
            col = snake(key)
            if not _COLUMN_RE.match(key) or col not in columns or col in _NOT_FILTERABLE:
                problems.append(f"{where}: source.{key} is not a FOCUS dimension column")
                continue
            values = value if isinstance(value, list) else [value]
            if not values or any(isinstance(v, Mapping | list) or v is None for v in values):
                problems.append(f"{where}: source.{key} must be a value or a list of values")
                continue
            col_filters[col] = tuple(_scalar(v) for v in values)
    return col_filters, tags, untagged


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _tag_target(tag_key: str, value: str) -> Target:
    return Target(key=value, id=f"{tag_key}/{value}", name=value, tags={tag_key: value})


def _parse_targets(where: str, raw: Any, tag_key: str, problems: list[str]) -> tuple[Target, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        problems.append(f"{where}: targets must be a non-empty list of {tag_key} values or {{id, name, tags}}")
        return ()
    out: list[Target] = []
    for j, entry in enumerate(raw):
        if isinstance(entry, str | int) and not isinstance(entry, bool):
            out.append(_tag_target(tag_key, str(entry)))
        elif isinstance(entry, Mapping) and entry.get("id"):
            tags = entry.get("tags") or {}
            if not isinstance(tags, Mapping) or any(isinstance(v, Mapping | list) for v in tags.values()):
                problems.append(f"{where}: targets[{j}].tags must be a flat mapping")
                tags = {}
            key = str(entry.get("key") or tags.get(tag_key) or entry["id"])
            out.append(Target(key=key, id=str(entry["id"]), name=str(entry.get("name") or entry["id"]),
                              tags=dict(tags)))
        else:
            problems.append(f"{where}: targets[{j}] is neither a {tag_key} value nor a mapping with an id")
    keys = [t.key for t in out]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        problems.append(f"{where}: targets listed twice: {', '.join(dupes)}")
    return tuple(out)


def _parse_usage(where: str, raw: Any, problems: list[str]) -> UsageSpec | None:
    if not isinstance(raw, Mapping) or not raw.get("metric") or not raw.get("label"):
        problems.append(f"{where}: method usage needs usage: {{metric, label[, kind, unit, match]}}")
        return None
    kind = raw.get("kind", "counter")
    if kind not in ("counter", "gauge"):
        problems.append(f"{where}: usage.kind {kind!r} is not counter or gauge")
        kind = "counter"
    match = raw.get("match") or {}
    if not isinstance(match, Mapping):
        problems.append(f"{where}: usage.match must be a mapping of label: value")
        match = {}
    unit = str(raw.get("unit") or ("Units" if kind == "counter" else "Unit-Hours"))
    return UsageSpec(str(raw["metric"]), kind, str(raw["label"]), unit, {str(k): str(v) for k, v in match.items()})


def _parse_kubernetes(where: str, raw: Any, problems: list[str]) -> KubernetesSpec:
    raw = raw or {}
    if not isinstance(raw, Mapping):
        problems.append(f"{where}: kubernetes must be a mapping")
        raw = {}
    basis = raw.get("basis", "max")
    if basis not in ("max", "requests", "usage"):
        problems.append(f"{where}: kubernetes.basis {basis!r} is not max, requests or usage")
        basis = "max"
    by = raw.get("by", "namespace")
    if by not in ("namespace", "workload", "pod"):
        problems.append(f"{where}: kubernetes.by {by!r} is not namespace, workload or pod")
        by = "namespace"
    share: Decimal | None = None
    if raw.get("cpu_cost_share") is not None:
        try:
            share = Decimal(str(raw["cpu_cost_share"]))
            if not share.is_finite() or not 0 <= share <= 1:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(f"{where}: kubernetes.cpu_cost_share {raw['cpu_cost_share']!r} is not in [0, 1]")
            share = None
    return KubernetesSpec(basis, by, share)


# ------------------------------------------------------------------------------------------------------------
# Applying rules
# ------------------------------------------------------------------------------------------------------------


@dataclass
class _Origin:
    row_id: str
    cps: datetime
    cpe: datetime
    billing_period_start: datetime
    currency: str
    resource_id: str | None


_Element = tuple[Decimal, str | None, Decimal | None]  # (weight, UsageUnit, UsageQuantity)


@dataclass
class _Share:
    """One output row of an origin: a target (None: unallocated) and its weighted elements."""

    target: Target | None
    elements: Sequence[_Element]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AllocationResult:
    run_id: int | None
    rows: int
    origins: int
    summary: list[dict[str, Any]]
    warnings: list[str]


def _weight(value: float | Decimal) -> Decimal:
    number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return max(number, Decimal(0)).quantize(_WEIGHT_QUANTUM)


def _source_where(rule: Rule, tag_key: str) -> tuple[sql.Composable, list[Any]]:
    parts: list[sql.Composable] = [sql.SQL("c.allocated_method_id IS NULL")]
    params: list[Any] = []
    for col, values in rule.columns.items():
        parts.append(sql.SQL("{}::text = ANY(%s)").format(sql.Identifier("c", col)))
        params.append(list(values))
    for key, value in rule.tags.items():
        parts.append(sql.SQL("finops.tag_value(c.tags, c.allocated_tags, %s) = %s"))
        params += [key, value]
    if rule.untagged:
        parts.append(sql.SQL("finops.tag_value(c.tags, c.allocated_tags, %s) IS NULL"))
        params.append(tag_key)
    return sql.SQL(" AND ").join(parts), params


def focus_columns(conn: psycopg.Connection[Any]) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'finops' "
        "AND table_name = 'focus_costs' ORDER BY ordinal_position"
    ).fetchall()
    return [str(r[0]) for r in rows]


def apply_rules(conn: psycopg.Connection[Any], rules: RuleSet, since: datetime, until: datetime) -> AllocationResult:
    """Replaces the allocations of [since, until) by those of `rules`, in the caller's transaction."""
    warnings: list[str] = []
    _check_tags(conn, rules, since, until)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS alloc_origin (row_id text, cps timestamptz, rule text) "
                 "ON COMMIT DROP")
    conn.execute("TRUNCATE alloc_origin")
    origins: dict[str, list[_Origin]] = {}
    for rule in rules.rules:
        where, params = _source_where(rule, rules.tag_key)
        query = sql.SQL(
            "SELECT c.row_id, c.charge_period_start, c.charge_period_end, c.billing_period_start, "
            "c.billing_currency, c.resource_id FROM finops.focus_costs c "
            "WHERE c.charge_period_start >= %s AND c.charge_period_start < %s AND {} ORDER BY 1, 2"
        ).format(where)
        found = [_Origin(r[0], r[1], r[2] or r[1], r[3], r[4], r[5])
                 for r in conn.execute(query, [since, until, *params]).fetchall()]
        if rule.method == "kubernetes":
            found = _kubernetes_origins(conn, found, since, until, rule, warnings)
        origins[rule.name] = found
        if not found:
            warnings.append(f"rule {rule.name!r} matches no row between {since:%Y-%m-%d} and {until:%Y-%m-%d}")
        with conn.cursor() as cur, cur.copy("COPY alloc_origin (row_id, cps, rule) FROM STDIN") as copy:
            for o in found:
                copy.write_row((o.row_id, o.cps, rule.name))
    overlaps = conn.execute(
        "SELECT row_id, cps, array_agg(rule ORDER BY rule) FROM alloc_origin GROUP BY 1, 2 HAVING count(*) > 1 "
        "ORDER BY 1, 2"
    ).fetchall()
    if overlaps:
        pairs = sorted({" and ".join(r[2]) for r in overlaps})
        raise BadInputError(
            f"rules overlap: {len(overlaps)} row(s) match more than one rule ({'; '.join(pairs)}), "
            f"e.g. row {overlaps[0][0]} of {overlaps[0][1]:%Y-%m-%d}; make their sources disjoint"
        )
    shares: dict[tuple[str, datetime], tuple[Rule, list[_Share]]] = {}
    for rule in rules.rules:
        computed = _shares(conn, rule, rules, origins[rule.name], since, until, warnings)
        for origin, rule_shares in computed:
            shares[(origin.row_id, origin.cps)] = (rule, rule_shares)
    run_id = _write(conn, rules, shares, since, until)
    summary = _summary(conn, run_id)
    conn.execute("UPDATE finops.allocation_runs SET summary = %s WHERE id = %s",
                 (json.dumps({"rows": summary, "warnings": warnings}, default=str), run_id))
    n_rows = conn.execute("SELECT count(*) FROM finops.allocation_rows WHERE run_id = %s", (run_id,)).fetchone()
    return AllocationResult(run_id, int(n_rows[0]) if n_rows else 0, len(shares), summary, warnings)


def _check_tags(conn: psycopg.Connection[Any], rules: RuleSet, since: datetime, until: datetime) -> None:
    known = {str(r[0]) for r in conn.execute("SELECT DISTINCT tag_key FROM finops.tag_keys(%s, %s)",
                                              (since, until)).fetchall()}
    problems = []
    needs_tag_key = any(r.method in ("even", "proportional") and not r.targets for r in rules.rules) or any(
        r.untagged for r in rules.rules)
    if needs_tag_key and rules.tag_key not in known:
        problems.append(f"tag_key {rules.tag_key!r} appears on no row")
    for rule in rules.rules:
        for key in rule.tags:
            if key not in known:
                problems.append(f"rule {rule.name!r}: source tag {key!r} appears on no row")
    if problems:
        raise BadInputError(f"unknown tags between {since:%Y-%m-%d} and {until:%Y-%m-%d}: {'; '.join(problems)}; "
                            f"keys present: {', '.join(sorted(known)) or '(none)'}")


def _direct_costs(conn: psycopg.Connection[Any], rules: RuleSet, basis: str, since: datetime,
                  until: datetime) -> dict[tuple[datetime, str], dict[str, Decimal]]:
    """Per (billing period, currency): each tag value's direct cost (rows no rule shares)."""
    column = sql.Identifier("effective_cost" if basis == "effective" else "billed_cost")
    rows = conn.execute(sql.SQL(
        "SELECT c.billing_period_start, c.billing_currency, finops.tag_value(c.tags, c.allocated_tags, %s), "
        "sum(c.{}) FROM finops.focus_costs c "
        "WHERE c.charge_period_start >= %s AND c.charge_period_start < %s "
        "AND NOT EXISTS (SELECT 1 FROM alloc_origin o WHERE o.row_id = c.row_id AND o.cps = c.charge_period_start) "
        "AND finops.tag_value(c.tags, c.allocated_tags, %s) IS NOT NULL GROUP BY 1, 2, 3"
    ).format(column), (rules.tag_key, since, until, rules.tag_key)).fetchall()
    out: dict[tuple[datetime, str], dict[str, Decimal]] = defaultdict(dict)
    for bps, cur, value, total in rows:
        out[(bps, cur)][str(value)] = Decimal(total or 0)
    return out


def _shares(conn: psycopg.Connection[Any], rule: Rule, rules: RuleSet, origins: list[_Origin], since: datetime,
            until: datetime, warnings: list[str]) -> list[tuple[_Origin, list[_Share]]]:
    if not origins:
        return []
    if rule.method == "kubernetes":
        return _kubernetes_shares(conn, rule, origins, since, until)
    out: list[tuple[_Origin, list[_Share]]] = []
    if rule.method in ("even", "proportional"):
        direct = _direct_costs(conn, rules, rule.basis, since, until)
        targets = list(rule.targets)
        if not targets:
            values = sorted({v for per in direct.values() for v in per})
            targets = [_tag_target(rules.tag_key, v) for v in values]
        for origin in origins:
            if rule.method == "even":
                shares = [_Share(t, [(Decimal(1), None, None)]) for t in targets]
            else:
                basis = direct.get((origin.billing_period_start, origin.currency), {})
                shares = []
                for t in targets:
                    cost = basis.get(t.key, Decimal(0))
                    shares.append(_Share(t, [(_weight(cost), None, None)],
                                         {"x_DirectCost": str(cost), "x_Basis": f"{rule.basis.title()}Cost"}))
            out.append((origin, _finish(shares, rule, "no target has a positive direct cost in this billing "
                                                      "period and currency" if rule.method == "proportional"
                                        else "no targets")))
        return out
    if rule.method == "fixed":
        for origin in origins:
            shares = [_Share(t, [(rule.weights[t.key], None, None)], {"x_WeightPercent": str(rule.weights[t.key])})
                      for t in rule.targets]
            out.append((origin, _finish(shares, rule, "no weights")))
        return out
    assert rule.usage is not None
    return _usage_shares(conn, rule, rule.usage, rules.tag_key, origins)


def _finish(shares: list[_Share], rule: Rule, why_empty: str,
            unallocated: Sequence[_Element] | None = None,
            unallocated_extra: Mapping[str, Any] | None = None) -> list[_Share]:
    """Adds the unallocated remainder (or shares it), and makes an all-zero split one explicit remainder."""
    shares = [s for s in shares if sum((w for w, _, _ in s.elements), Decimal(0)) > 0]
    rest = [e for e in (unallocated or []) if e[0] > 0]
    if rest and not (rule.share_unallocated and shares):
        shares.append(_Share(None, rest, dict(unallocated_extra or {})))
    elif rest and shares:
        for s in shares:
            s.extra["x_SharedUnallocated"] = True
    if not shares:
        return [_Share(None, [(Decimal(1), None, None)], {"x_Reason": why_empty})]
    return shares


def _usage_shares(conn: psycopg.Connection[Any], rule: Rule, spec: UsageSpec, tag_key: str,
                  origins: list[_Origin]) -> list[tuple[_Origin, list[_Share]]]:
    by_key = {t.key: t for t in rule.targets}
    cache: dict[tuple[datetime, datetime], dict[str | None, Decimal]] = {}
    out: list[tuple[_Origin, list[_Share]]] = []
    function = "counter_increase" if spec.kind == "counter" else "gauge_integral"
    divisor = 1.0 if spec.kind == "counter" else 3600.0
    for origin in origins:
        period = (origin.cps, origin.cpe)
        if period not in cache:
            rows = conn.execute(sql.SQL(
                "SELECT r.labels ->> %s, sum(g.{}) / %s FROM finops.{}(%s, %s::jsonb, %s, %s, %s - %s) g "
                "JOIN finops.series r ON r.id = g.series_id GROUP BY 1"
            ).format(sql.Identifier("increase" if spec.kind == "counter" else "value_seconds"),
                     sql.Identifier(function)),
                (spec.label, divisor, spec.metric, json.dumps(spec.match), origin.cps, origin.cpe, origin.cpe,
                 origin.cps)).fetchall()
            cache[period] = {(None if v is None else str(v)): _weight(q or 0) for v, q in rows}
        usage = cache[period]
        shares: list[_Share] = []
        lost = Decimal(0)
        for value, qty in sorted(usage.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
            if value is None or (by_key and value not in by_key):
                lost += qty
                continue
            target = by_key.get(value) or _tag_target(tag_key, value)
            shares.append(_Share(target, [(qty, spec.unit, qty)]))
        shares.sort(key=lambda s: s.target.key if s.target else "")
        unallocated = [(lost, spec.unit, lost)] if lost > 0 else []
        out.append((origin, _finish(shares, rule, f"no {spec.metric} usage in the charge period", unallocated,
                                    {"x_Reason": f"{spec.metric} usage without a target"})))
    return out


# ------------------------------------------------------------------------------------------------------------
# Kubernetes
# ------------------------------------------------------------------------------------------------------------


@dataclass
class _KubeData:
    # (bucket, node) -> (cpu core-hours, memory GiB-hours) capacity
    capacity: dict[tuple[datetime, str], tuple[float, float]]
    node_keys: dict[str, list[str]]
    # (bucket, node) -> {(namespace, pod): (cpu_req, cpu_use, mem_req, mem_use)}
    pods: dict[tuple[datetime, str], dict[tuple[str, str], tuple[float, float, float, float]]]
    namespace_tags: dict[str, dict[str, str]]
    owners: dict[tuple[str, str], str]


def _kube_data(conn: psycopg.Connection[Any], since: datetime, until: datetime) -> _KubeData:
    capacity: dict[tuple[datetime, str], tuple[float, float]] = {}
    node_keys: dict[str, list[str]] = {}
    for bucket, node, keys, cpu, mem in conn.execute(
            "SELECT * FROM finops.kubernetes_nodes(%s, %s)", (since, until)).fetchall():
        capacity[(bucket, node)] = (float(cpu), float(mem))
        node_keys[node] = list(keys)
    pods: dict[tuple[datetime, str], dict[tuple[str, str], tuple[float, float, float, float]]] = defaultdict(dict)
    for bucket, node, ns, pod, cr, cu, mr, mu in conn.execute(
            "SELECT * FROM finops.kubernetes_pod_usage(%s, %s)", (since, until)).fetchall():
        if node is not None:
            pods[(bucket, node)][(ns, pod)] = (float(cr or 0), float(cu or 0), float(mr or 0), float(mu or 0))
    namespace_tags: dict[str, dict[str, str]] = {}
    for (labels,) in conn.execute("SELECT labels FROM finops.series WHERE metric_name = 'kube_namespace_labels' "
                                  "ORDER BY id").fetchall():
        ns = labels.get("namespace")
        if ns:
            namespace_tags[ns] = {k[len("label_"):]: v for k, v in labels.items() if k.startswith("label_") and v}
    replicasets: dict[tuple[str, str], str] = {}
    for (labels,) in conn.execute("SELECT labels FROM finops.series WHERE metric_name = 'kube_replicaset_owner' "
                                  "ORDER BY id").fetchall():
        if labels.get("owner_kind") and labels.get("owner_name") and labels.get("owner_name") != "<none>":
            replicasets[(labels.get("namespace", ""), labels.get("replicaset", ""))] = (
                f"{labels['owner_kind']}/{labels['owner_name']}")
    owners: dict[tuple[str, str], str] = {}
    for (labels,) in conn.execute("SELECT labels FROM finops.series WHERE metric_name = 'kube_pod_owner' "
                                  "ORDER BY id").fetchall():
        ns, pod = labels.get("namespace", ""), labels.get("pod", "")
        kind, name = labels.get("owner_kind", ""), labels.get("owner_name", "")
        if kind == "ReplicaSet":
            owners[(ns, pod)] = replicasets.get((ns, name), f"{kind}/{name}")
        elif kind and name and name != "<none>":
            owners[(ns, pod)] = f"{kind}/{name}"
    return _KubeData(capacity, node_keys, pods, namespace_tags, owners)


def _matches(resource_id: str | None, keys: Sequence[str]) -> bool:
    if not resource_id:
        return False
    rid = resource_id.lower()
    return any(rid == k or rid.endswith("/" + k) for k in keys)


def _kubernetes_origins(conn: psycopg.Connection[Any], found: list[_Origin], since: datetime, until: datetime,
                        rule: Rule, warnings: list[str]) -> list[_Origin]:
    """The rule's rows that are node VMs of the cluster (matched through kube_node_info's provider_id)."""
    keys = {str(k) for (k,) in conn.execute(
        "SELECT DISTINCT unnest(resource_keys) FROM finops.kubernetes_nodes(%s, %s)", (since, until)).fetchall()}
    if not keys:
        warnings.append(f"rule {rule.name!r}: no kube_node_status_capacity/kube_node_info samples in the window")
        return []
    return [o for o in found if _matches(o.resource_id, list(keys))]


def _node_elements(cpu_share: Decimal, cpu: float, cpu_den: float, mem: float, mem_den: float) -> list[_Element]:
    """A share of a node's cost: its CPU part (core-hours) and memory part (GiB-hours) as weighted elements."""
    elements: list[_Element] = []
    if cpu_den > 0:
        elements.append((_weight(cpu_share * Decimal(repr(cpu / cpu_den))), "Core-Hours", _weight(cpu).normalize()))
    if mem_den > 0:
        elements.append((_weight((1 - cpu_share) * Decimal(repr(mem / mem_den))), "GiB-Hours",
                         _weight(mem).normalize()))
    return elements


def _kubernetes_shares(conn: psycopg.Connection[Any], rule: Rule, origins: list[_Origin], since: datetime,
                       until: datetime) -> list[tuple[_Origin, list[_Share]]]:
    spec = rule.kubernetes
    assert spec is not None
    data = _kube_data(conn, since, until)
    out: list[tuple[_Origin, list[_Share]]] = []
    for origin in origins:
        nodes = [n for n, keys in data.node_keys.items() if _matches(origin.resource_id, keys)]
        cap_cpu = cap_mem = 0.0
        per_target: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for (bucket, node), (cpu, mem) in data.capacity.items():
            if node not in nodes or not origin.cps <= bucket < origin.cpe:
                continue
            cap_cpu += cpu
            cap_mem += mem
            for (ns, pod), (cr, cu, mr, mu) in data.pods.get((bucket, node), {}).items():
                cpu_t = {"requests": cr, "usage": cu}.get(spec.basis, max(cr, cu))
                mem_t = {"requests": mr, "usage": mu}.get(spec.basis, max(mr, mu))
                key = ns if spec.by == "namespace" else (
                    f"{ns}/{pod}" if spec.by == "pod" else f"{ns}/{data.owners.get((ns, pod), 'Pod/' + pod)}")
                per_target[key][0] += cpu_t
                per_target[key][1] += mem_t
        if cap_cpu <= 0 and cap_mem <= 0:
            out.append((origin, [_Share(None, [(Decimal(1), None, None)],
                                        {"x_Reason": "no node capacity samples in the charge period"})]))
            continue
        if spec.cpu_cost_share is not None:
            cpu_share = spec.cpu_cost_share
        else:
            cpu_price = Decimal(repr(cap_cpu)) * OPENCOST_CPU_HOURLY
            mem_price = Decimal(repr(cap_mem)) * OPENCOST_RAM_GIB_HOURLY
            cpu_share = cpu_price / (cpu_price + mem_price) if cpu_price + mem_price > 0 else Decimal("0.5")
        used_cpu = sum(v[0] for v in per_target.values())
        used_mem = sum(v[1] for v in per_target.values())
        cpu_den = max(cap_cpu, used_cpu)  # requests/usage above capacity: no idle, shares in proportion
        mem_den = max(cap_mem, used_mem)
        shares: list[_Share] = []
        for key in sorted(per_target):
            cpu_t, mem_t = per_target[key]
            ns = key.split("/", 1)[0]
            tags = {"k8s/namespace": ns, **data.namespace_tags.get(ns, {})}
            if spec.by != "namespace":
                tags["k8s/" + spec.by] = key.split("/", 1)[1]
            target = Target(key=key, id=f"k8s/{spec.by}/{key}", name=key, tags=tags)
            shares.append(_Share(target, _node_elements(cpu_share, cpu_t, cpu_den, mem_t, mem_den)))
        idle_cpu, idle_mem = max(cap_cpu - used_cpu, 0.0), max(cap_mem - used_mem, 0.0)
        idle = _node_elements(cpu_share, idle_cpu, cpu_den, idle_mem, mem_den)
        finished = _finish(shares, rule, "no pods on the node in the charge period", idle,
                           {"x_Unallocated": "idle capacity"})
        for share in finished:
            share.extra.setdefault("x_CpuCostShare", str(cpu_share.quantize(Decimal("1e-6"))))
            share.extra.setdefault("x_Basis", spec.basis)
        out.append((origin, finished))
    return out


# ------------------------------------------------------------------------------------------------------------
# Writing split rows
# ------------------------------------------------------------------------------------------------------------

_SPLIT_COLUMNS = ("billed_cost", "effective_cost", "list_cost", "contracted_cost", "pricing_currency_effective_cost",
                  "consumed_quantity", "pricing_quantity", "commitment_discount_quantity")


def _write(conn: psycopg.Connection[Any], rules: RuleSet,
           shares: Mapping[tuple[str, datetime], tuple[Rule, list[_Share]]], since: datetime, until: datetime) -> int:
    conn.execute("DELETE FROM finops.allocation_rows WHERE origin_charge_period_start >= %s "
                 "AND origin_charge_period_start < %s", (since, until))
    row = conn.execute("INSERT INTO finops.allocation_runs (from_time, to_time, rules) VALUES (%s, %s, %s) "
                       "RETURNING id", (since, until, json.dumps(rules.as_json()))).fetchone()
    assert row is not None
    run_id = int(row[0])
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS alloc_targets (row_id text, cps timestamptz, rule text, "
                 "method_id text, ord integer, target_id text, target_name text, target_tags jsonb, extra jsonb) "
                 "ON COMMIT DROP")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS alloc_elements (row_id text, cps timestamptz, ord integer, "
                 "elem integer, weight numeric, usage_unit text, usage_quantity numeric) ON COMMIT DROP")
    conn.execute("TRUNCATE alloc_targets, alloc_elements")
    with conn.cursor() as cur:
        with cur.copy("COPY alloc_targets FROM STDIN") as copy:
            for (row_id, cps), (rule, rule_shares) in shares.items():
                for ord_, s in enumerate(rule_shares, start=1):
                    extra = {"x_Rule": rule.name, **s.extra}
                    copy.write_row((row_id, cps, rule.name, rule.method_id, ord_,
                                    None if s.target is None else s.target.id,
                                    None if s.target is None else s.target.name,
                                    None if s.target is None else json.dumps(dict(s.target.tags)),
                                    json.dumps(extra, default=str)))
        with cur.copy("COPY alloc_elements FROM STDIN") as copy:
            for (row_id, cps), (_rule, rule_shares) in shares.items():
                for ord_, s in enumerate(rule_shares, start=1):
                    for elem, (weight, unit, qty) in enumerate(s.elements, start=1):
                        copy.write_row((row_id, cps, ord_, elem, weight, unit, qty))
    conn.execute("ANALYZE alloc_targets")
    conn.execute("ANALYZE alloc_elements")
    cols = focus_columns(conn)
    replaced: dict[str, sql.Composable] = {
        c: sql.SQL("(s.{})[t.ord]").format(sql.Identifier(c)) for c in _SPLIT_COLUMNS}
    replaced["list_cost"] = sql.SQL(
        "CASE WHEN c.list_unit_price IS NOT NULL AND c.pricing_quantity IS NOT NULL "
        "AND c.list_cost = c.list_unit_price * c.pricing_quantity THEN c.list_unit_price * (s.pricing_quantity)[t.ord] "
        "ELSE (s.list_cost)[t.ord] END")
    replaced["contracted_cost"] = sql.SQL(
        "CASE WHEN c.contracted_unit_price IS NOT NULL AND c.pricing_quantity IS NOT NULL "
        "AND c.contracted_cost = c.contracted_unit_price * c.pricing_quantity "
        "THEN c.contracted_unit_price * (s.pricing_quantity)[t.ord] ELSE (s.contracted_cost)[t.ord] END")
    replaced.update({
        "allocated_method_id": sql.SQL("t.method_id"),
        "allocated_resource_id": sql.SQL("t.target_id"),
        "allocated_resource_name": sql.SQL("t.target_name"),
        "allocated_tags": sql.SQL(
            "(SELECT jsonb_object_agg(k.key, k.value) FROM jsonb_each(t.target_tags) k "
            "WHERE NOT coalesce(c.tags, '{}'::jsonb) @> jsonb_build_object(k.key, k.value))"),
        "allocated_method_details": sql.SQL(
            "jsonb_build_object('Elements', d.elements) || t.extra"),
        "row_id": sql.SQL("c.row_id || '/' || t.rule || '/' || coalesce(t.target_id, '(unallocated)')"),
        "loaded_at": sql.SQL("now()"),
    })
    select = sql.SQL(", ").join(replaced.get(c, sql.Identifier("c", c)) for c in cols)
    splits = sql.SQL(", ").join(
        sql.SQL("finops.split_amount(c.{0}, w.ws, %(scale)s) AS {0}").format(sql.Identifier(c))
        for c in _SPLIT_COLUMNS)
    conn.execute(sql.SQL("""
        INSERT INTO finops.allocation_rows ({cols}, run_id, rule, origin_row_id, origin_charge_period_start,
                                            origin_billed_cost, origin_effective_cost, origin_list_cost,
                                            origin_contracted_cost)
        WITH rw AS (
            SELECT row_id, cps, ord, sum(weight) AS w FROM alloc_elements GROUP BY 1, 2, 3),
        w AS (
            SELECT row_id, cps, array_agg(w ORDER BY ord) AS ws FROM rw GROUP BY 1, 2),
        ew AS (
            SELECT row_id, cps, array_agg(weight ORDER BY ord, elem) AS ws FROM alloc_elements GROUP BY 1, 2),
        ratios AS (
            SELECT ew.row_id, ew.cps, r.ratio, r.n FROM ew,
                   unnest(finops.split_amount(1, ew.ws, 10)) WITH ORDINALITY AS r(ratio, n)),
        el AS (
            SELECT e.*, row_number() OVER (PARTITION BY e.row_id, e.cps ORDER BY e.ord, e.elem) AS n
            FROM alloc_elements e),
        d AS (
            SELECT el.row_id, el.cps, el.ord,
                   jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                       'AllocatedRatio', ratios.ratio, 'UsageUnit', el.usage_unit,
                       'UsageQuantity', el.usage_quantity)) ORDER BY el.elem) AS elements
            FROM el JOIN ratios ON ratios.row_id = el.row_id AND ratios.cps = el.cps AND ratios.n = el.n
            GROUP BY 1, 2, 3),
        s AS (
            SELECT c.row_id, c.charge_period_start, {splits}
            FROM finops.focus_costs c JOIN w ON w.row_id = c.row_id AND w.cps = c.charge_period_start)
        SELECT {select}, %(run)s, t.rule, c.row_id, c.charge_period_start, c.billed_cost, c.effective_cost,
               c.list_cost, c.contracted_cost
        FROM alloc_targets t
        JOIN finops.focus_costs c ON c.row_id = t.row_id AND c.charge_period_start = t.cps
        JOIN s ON s.row_id = t.row_id AND s.charge_period_start = t.cps
        JOIN d ON d.row_id = t.row_id AND d.cps = t.cps AND d.ord = t.ord
    """).format(cols=sql.SQL(", ").join(sql.Identifier(c) for c in cols), splits=splits, select=select),
        {"scale": rules.min_scale, "run": run_id})
    return run_id


def _summary(conn: psycopg.Connection[Any], run_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT rule, coalesce(allocated_resource_name, '(unallocated)'), billing_currency, sum(billed_cost), "
        "sum(effective_cost), count(*) FROM finops.allocation_rows WHERE run_id = %s "
        "GROUP BY 1, 2, 3 ORDER BY 1, 3, 5 DESC, 2", (run_id,)).fetchall()
    return [{"rule": r[0], "target": r[1], "billing_currency": r[2], "billed_cost": r[3], "effective_cost": r[4],
             "rows": r[5]} for r in rows]


def allocate(dsn_conn: psycopg.Connection[Any], raw_rules: Any, since: datetime, until: datetime, *,
             dry_run: bool = False, source: str = "allocation") -> AllocationResult:
    """Parses `raw_rules` (the `allocation:` YAML section) and applies them in one transaction."""
    rules = parse_rules(raw_rules, focus_columns(dsn_conn), source)
    with dsn_conn.transaction() as tx:
        result = apply_rules(dsn_conn, rules, since, until)
        if dry_run:
            result = AllocationResult(None, result.rows, result.origins, result.summary, result.warnings)
            raise psycopg.Rollback(tx)  # the block swallows it: nothing stored
    return result


@click.command("allocate")
@click.option("--dry-run", is_flag=True, help="Compute and show the split, store nothing.")
@click.option("--export", "export_file", default=None, type=click.Path(dir_okay=False),
              help="Then write the bill with the split rows as a FOCUS 1.3 file (CSV, CSV.gz or Parquet).")
@window_options
@common_options
def allocate_command(dry_run: bool, export_file: str | None, start: str | None, end: str | None,
                     **common: Any) -> None:
    """Split shared costs by the `allocation:` rules of the YAML file into FOCUS 1.3 split-cost rows.

    Replaces the allocations of the window (a rerun with the same rules gives the same rows). The split rows
    replace their origins in finops.focus_allocated, which showback, budgets and Grafana read.
    """

    def body() -> None:
        ctx = context_from(**common)
        raw = ctx.section("allocation")
        if raw is None:
            raise ConfigError(["no 'allocation:' section (give --config.file with allocation rules)"], ctx.source)
        since, until = window(start, end)
        with ctx.connect() as conn:
            result = allocate(conn, raw, since, until, dry_run=dry_run, source=ctx.source)
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)
        ctx.emit(["rule", "target", "billing_currency", "billed_cost", "effective_cost", "rows"], result.summary,
                 title=f"{'dry run: ' if dry_run else ''}{result.origins} shared rows split into {result.rows} rows"
                       f"{'' if result.run_id is None else f' (run {result.run_id})'}")
        if export_file and not dry_run:
            from focus.export import export

            count = export(ctx.dsn, export_file, version="1.3", start=since, end=until, table="focus_allocated")
            click.echo(f"{export_file}: {count} rows as FOCUS 1.3 (split-cost rows included)", err=True)

    run_report("allocate", body)


__all__ = ["METHOD_IDS", "AllocationResult", "Rule", "RuleSet", "allocate", "allocate_command", "apply_rules",
           "parse_rules"]
