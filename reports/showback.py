"""`finops report showback` and `finops report tag-coverage`: cost per team, tag or FOCUS dimension.

Both run SQL functions of migration 0011 (`finops.showback`, `finops.tag_coverage`, `finops.tag_keys`), the
same ones a Grafana panel calls. By default the bill is read with allocations applied
(`finops.focus_allocated`: shared costs split by `finops report allocate`); `--unallocated` reads it as
loaded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click
import psycopg

from finops.errors import BadInputError
from reports.context import common_options, context_from, dict_rows, run_report, window, window_options

SHOWBACK_COLUMNS = ["key", "billing_currency", "billed_cost", "effective_cost", "list_cost", "contracted_cost",
                    "rows", "effective_percent", "untagged"]


def known_tag_keys(conn: psycopg.Connection[tuple[Any, ...]], since: datetime, until: datetime) -> list[str]:
    rows = conn.execute("SELECT DISTINCT tag_key FROM finops.tag_keys(%s, %s) ORDER BY 1", (since, until)).fetchall()
    return [str(r[0]) for r in rows]


def check_tag_keys(conn: psycopg.Connection[tuple[Any, ...]], keys: list[str], since: datetime,
                   until: datetime) -> None:
    """A tag key no row of the window carries is a typo until proven otherwise: refuse it, naming the keys."""
    known = known_tag_keys(conn, since, until)
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise BadInputError(
            f"tag key(s) {', '.join(repr(k) for k in unknown)} appear on no row between {since:%Y-%m-%d} and "
            f"{until:%Y-%m-%d}; keys present: {', '.join(known) or '(none)'}"
        )


def showback_rows(conn: psycopg.Connection[tuple[Any, ...]], dimension: str, since: datetime, until: datetime,
                  allocated: bool = True) -> list[dict[str, Any]]:
    if dimension.lower().startswith("tag:"):
        check_tag_keys(conn, [dimension[4:]], since, until)
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM finops.showback(%s, %s, %s, %s)", (dimension, since, until, allocated))
        return dict_rows(cur)[1]


def coverage_rows(conn: psycopg.Connection[tuple[Any, ...]], keys: list[str], since: datetime, until: datetime,
                  allocated: bool = True) -> list[dict[str, Any]]:
    check_tag_keys(conn, keys, since, until)
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM finops.tag_coverage(%s, %s, %s, %s)", (keys, since, until, allocated))
        return dict_rows(cur)[1]


@click.command("showback")
@click.option("--by", "dimension", default=None,
              help="tag:<key> (e.g. tag:team) or a FOCUS column (ServiceName, SubAccountId, RegionId, ...) "
                   "[YAML showback.by; default tag:team]")
@click.option("--unallocated", is_flag=True, help="Read the bill as loaded, without split-cost allocations.")
@click.option("--top", default=0, type=click.IntRange(0), help="Only the N most expensive lines per currency.")
@window_options
@common_options
def showback_command(dimension: str | None, unallocated: bool, top: int, start: str | None, end: str | None,
                     **common: Any) -> None:
    """Showback/chargeback: billed, effective, list and contracted cost per value of a tag or FOCUS column.

    Lines are per currency (never converted); costs without a value for the tag are the explicit
    '(untagged)' line. For a tag, its coverage (share of EffectiveCost carrying it) follows in table output.
    """

    def body() -> None:
        ctx = context_from(**common)
        section = ctx.section("showback") or {}
        dim = dimension or (section.get("by") if isinstance(section, dict) else None) or "tag:team"
        since, until = window(start, end)
        with ctx.connect() as conn:
            rows = showback_rows(conn, dim, since, until, allocated=not unallocated)
            if top:
                rows = _top(rows, top)
            ctx.emit(SHOWBACK_COLUMNS, rows,
                     title=f"cost by {dim} from {since:%Y-%m-%d} to {until:%Y-%m-%d} (exclusive)"
                           f"{' as loaded' if unallocated else ', allocations applied'}")
            if dim.lower().startswith("tag:") and ctx.output == "table":
                for row in coverage_rows(conn, [dim[4:]], since, until, allocated=not unallocated):
                    click.echo(f"tag coverage of {row['tag_key']!r} ({row['billing_currency']}): "
                               f"{row['coverage_percent']} % of EffectiveCost, "
                               f"{row['tagged_rows']} of {row['rows']} rows")

    run_report("showback", body)


def _top(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    seen: dict[str, int] = {}
    out = []
    for row in rows:  # ordered by currency, then cost descending
        cur = str(row["billing_currency"])
        seen[cur] = seen.get(cur, 0) + 1
        if seen[cur] <= n:
            out.append(row)
    return out


@click.command("tag-coverage")
@click.argument("keys", nargs=-1, required=True)
@click.option("--unallocated", is_flag=True, help="Read the bill as loaded, without split-cost allocations.")
@window_options
@common_options
def tag_coverage_command(keys: tuple[str, ...], unallocated: bool, start: str | None, end: str | None,
                         **common: Any) -> None:
    """Tag coverage: the share of EffectiveCost on rows carrying each KEY (the FOCUS use case)."""

    def body() -> None:
        ctx = context_from(**common)
        since, until = window(start, end)
        with ctx.connect() as conn:
            rows = coverage_rows(conn, list(keys), since, until, allocated=not unallocated)
        ctx.emit(["tag_key", "billing_currency", "tagged_effective_cost", "total_effective_cost",
                  "coverage_percent", "tagged_rows", "rows"], rows)

    run_report("tag-coverage", body)


__all__ = ["coverage_rows", "showback_command", "showback_rows", "tag_coverage_command"]
