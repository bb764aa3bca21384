from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import services
from tests.services import PostgresCluster, free_port

E2E = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/e2e starts a real Prometheus and must carry `@pytest.mark.slow` (so that
    `pytest -m "not slow"` leaves it out). One without it stops the run instead of being marked here: a forgotten
    marker is seen and fixed in the test itself, where readers look, rather than silently supplied."""
    unmarked = [item.nodeid for item in items if item.path.is_relative_to(E2E) and not item.get_closest_marker("slow")]
    if unmarked:
        raise pytest.UsageError(
            "tests under tests/e2e start Prometheus and must be marked slow (pytestmark = pytest.mark.slow): "
            + ", ".join(unmarked)
        )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before any fixture of the test runs: only a test marked slow may start Prometheus, wherever it lives
    (`PrometheusServer.start` fails the test otherwise)."""
    services.prometheus_allowed = item.get_closest_marker("slow") is not None


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
