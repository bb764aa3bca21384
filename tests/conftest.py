from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

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
    with pg_cluster.database() as dsn:
        yield dsn
