from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.services import PostgresCluster, free_port


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresCluster]:
    """One real PostgreSQL 15 + TimescaleDB cluster for the whole test session."""
    # pytest's temp folders are private to root; the server runs as "postgres" and must reach its folder
    base = Path(tempfile.mkdtemp(prefix="finops-pg-"))
    base.chmod(0o755)
    cluster = PostgresCluster(base / "data", free_port())
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def empty_db(pg_cluster: PostgresCluster) -> Iterator[str]:
    """A fresh, empty database per test (no migrations applied); dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_cluster.dsn("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield pg_cluster.dsn(name)
    finally:
        with psycopg.connect(pg_cluster.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def tmp_dir(tmp_path: Path) -> Path:
    return tmp_path
