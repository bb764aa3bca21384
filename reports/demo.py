"""The demo's showback and optimization lines (`scripts/demo.sh`): the top showback lines of the loaded bill,
its tag coverage, and rightsizing recommendations for six VMs with SYNTHETIC usage (the sample bill has no
usage series), computed in a scratch database `<db>_showback_demo` so the demo's own data stays untouched.

    .venv/bin/python -m reports.demo --db.url postgresql://postgres@127.0.0.1:55432/finops
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from finops.db import migrate
from focus.load import load_file
from reports import rightsizing, traces
from reports.render import render
from reports.showback import SHOWBACK_COLUMNS, coverage_rows, showback_rows

TEMPLATE = Path(__file__).resolve().parent.parent / "tests" / "focus" / "fixtures" / "focus-1.2-conformant.csv"


def _window(conn: psycopg.Connection[tuple[Any, ...]]) -> tuple[datetime, datetime]:
    row = conn.execute("SELECT min(charge_period_start), max(charge_period_start) FROM finops.focus_costs").fetchone()
    if not row or row[0] is None:
        raise click.ClickException("the FOCUS table is empty: load a bill first")
    first: datetime = row[0]
    last: datetime = row[1]
    return first, last + timedelta(seconds=1)


@click.command()
@click.option("--db.url", "db_url", envvar="FINOPS_DB_URL", required=True)
@click.option("--by", "dimension", default="tag:business_unit", show_default=True)
def main(db_url: str, dimension: str) -> None:
    with psycopg.connect(db_url) as conn:
        conn.execute("SET TIME ZONE 'UTC'")
        since, until = _window(conn)
        rows = showback_rows(conn, dimension, since, until)[:8]
        click.echo(render(SHOWBACK_COLUMNS, rows, "table",
                          title=f"Top showback lines by {dimension} (finops report showback --by {dimension})"))
        if dimension.startswith("tag:"):
            for c in coverage_rows(conn, [dimension[4:]], since, until):
                click.echo(f"tag coverage of {c['tag_key']!r}: {c['coverage_percent']} % of EffectiveCost\n")
    scratch = f"{conninfo_to_dict(db_url).get('dbname', 'finops')}_showback_demo"
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    demo_dsn = make_conninfo(db_url, dbname=scratch)
    migrate(demo_dsn)
    start = datetime(2025, 3, 3, tzinfo=UTC)
    vms = traces.synthetic(6, days=14, seed=11, start=start)
    with psycopg.connect(demo_dsn) as conn:
        traces.store_samples(conn, vms)
    with tempfile.TemporaryDirectory() as tmp:
        load_file(demo_dsn, traces.write_focus_csv(Path(tmp) / "vms.csv", vms, TEMPLATE, start, 14))
    th, sources, cat, _, _ = rightsizing.load(
        {"rightsizing": {"sources": [{"cpu": {"metric": traces.AZURE_METRICS["cpu"], "kind": "percent"},
                                      "memory": {"metric": traces.AZURE_METRICS["memory"], "kind": "used_bytes"},
                                      "network": {"metrics": [traces.AZURE_METRICS["network"]], "kind": "gauge"}}]}},
        {}, "demo")
    with psycopg.connect(demo_dsn) as conn:
        recs = rightsizing.compute(conn, th, sources, cat, now=start + timedelta(days=14))
    shown = ["resource_name", "finding", "from_size", "to_size", "delta_percent", "monthly_cost", "monthly_savings",
             "billing_currency", "confidence"]
    click.echo(render(shown, [asdict(r) for r in recs], "table",
                      title=f"Rightsizing for 6 VMs with SYNTHETIC usage (database {scratch}; "
                            "finops report rightsizing)"))


if __name__ == "__main__":
    main()
