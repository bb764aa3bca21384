from __future__ import annotations

import psycopg

from tests.services import PostgresCluster


def test_cluster_has_timescaledb_with_its_license(pg_cluster: PostgresCluster, empty_db: str) -> None:
    with psycopg.connect(empty_db, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS timescaledb")
        row = conn.execute("SHOW timescaledb.license").fetchone()
    assert row is not None and row[0] in {"apache", "timescale"}
