"""`finops adapter` (serve remote write/read) and `finops db` (migrate, retention)."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
import sys
from typing import Any

import click

from finops.cli import setting_options
from finops.config import load_yaml_file, parse_duration
from finops.db import drop_old_data, migrate, wait_for_database
from finops.errors import FinopsError, StartupError
from finops.runtime import tune_gc
from finops.web import run
from remote_write_adapter.config import SETTINGS, AdapterConfig

log = logging.getLogger(__name__)

_options = setting_options(SETTINGS)


def _load(config_file: str | None, flags: dict[str, Any]) -> AdapterConfig:
    file_values = load_yaml_file(config_file) if config_file else {}
    return AdapterConfig.load(flags=flags, file_values=file_values, source=config_file or "adapter configuration")


def _serve(config: AdapterConfig) -> None:
    from remote_write_adapter.app import make_app

    app = make_app(config)
    tune_gc()
    run(app, config.web, reuse_port=config.workers > 1)


def _serve_worker(config: AdapterConfig) -> None:
    """A worker process: a start-up failure is one line on stderr and exit status 1, as in the parent."""
    try:
        _serve(config)
    except FinopsError as exc:
        click.echo(f"finops: adapter worker: {exc}", err=True)
        sys.exit(1)


def _wait_for_database(config: AdapterConfig) -> None:
    asyncio.run(wait_for_database(config.dsn, config.db_connect_timeout))


@click.command()
@_options
def adapter(config_file: str | None, **flags: Any) -> None:
    """Serve Prometheus remote write (1.0 and 2.0) and remote read on TimescaleDB."""
    config = _load(config_file, flags)
    if config.workers == 1:
        _serve(config)
        return
    _wait_for_database(config)  # once, so a database that is down fails here with one line, not in every worker
    if config.db_migrate:  # once, before the workers race for it
        migrate(config.dsn)
    worker_config = AdapterConfig(**{**config.__dict__, "db_migrate": False})
    procs = [multiprocessing.get_context("spawn").Process(target=_serve_worker, args=(worker_config,), daemon=False)
             for _ in range(config.workers)]
    for proc in procs:
        proc.start()
    log.info("started %d adapter workers on port %d", len(procs), config.web.port)

    def stop_workers(signum: int, _frame: object) -> None:
        # the workers drain in-flight requests on SIGTERM; none may outlive the parent
        for proc in procs:
            if proc.is_alive():
                proc.terminate()

    signal.signal(signal.SIGTERM, stop_workers)
    signal.signal(signal.SIGINT, stop_workers)
    for proc in procs:
        proc.join()
    failed = [p.exitcode for p in procs if p.exitcode not in (0, -signal.SIGTERM)]
    if failed:
        raise StartupError(f"--web.workers {config.workers}: {len(failed)} adapter worker(s) exited with {failed}")


@click.group()
def db() -> None:
    """Database schema and retention."""


@db.command("migrate")
@_options
def db_migrate(config_file: str | None, **flags: Any) -> None:
    """Apply pending schema migrations (idempotent, safe to run concurrently)."""
    config = _load(config_file, flags)
    _wait_for_database(config)
    result = migrate(config.dsn)
    click.echo(f"storage: {result.engine} (timescaledb license: {result.license or 'not installed'})")
    click.echo("applied: " + (", ".join(result.applied) if result.applied else "nothing, schema is up to date"))


@db.command("retention")
@click.option("--older-than", "older_than", required=True, help="drop data older than this duration, e.g. 90d")
@_options
def db_retention(older_than: str, config_file: str | None, **flags: Any) -> None:
    """Drop whole chunks (or daily partitions) older than the given age."""
    config = _load(config_file, flags)
    try:
        seconds = parse_duration(older_than)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--older-than") from exc
    _wait_for_database(config)
    dropped = drop_old_data(config.dsn, seconds)
    click.echo("dropped " + ", ".join(f"{n} {table} chunk(s)" for table, n in dropped.items()))


@db.command("compact")
@click.option("--older-than", "older_than", default="0s", show_default=True,
              help="compact samples older than this duration (0s: everything written so far)")
@_options
def db_compact(older_than: str, config_file: str | None, **flags: Any) -> None:
    """Rewrite hot samples older than the given age into compact blocks (what the adapter does in the background)."""
    import asyncio
    import time

    import psycopg

    from remote_write_adapter.compaction import compact

    config = _load(config_file, flags)
    try:
        seconds = parse_duration(older_than)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--older-than") from exc
    _wait_for_database(config)

    async def run() -> None:
        async with await psycopg.AsyncConnection.connect(config.dsn, autocommit=True) as conn:
            row = await (await conn.execute(
                "SELECT value::bigint FROM finops.storage_info WHERE key = 'window_ms'")).fetchone()
            window_ms = int(row[0]) if row else 7_200_000
            cutoff = int((time.time() - seconds) * 1000)
            result = await compact(conn, cutoff, window_ms)
        if result.skipped:
            click.echo("another compaction is running on this database; nothing done")
            return
        click.echo(f"compacted {result.samples} samples from {result.units} hot chunk(s) into {result.blocks} "
                   f"block(s) in {result.seconds:.1f}s")

    asyncio.run(run())
