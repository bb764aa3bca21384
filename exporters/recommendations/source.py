"""The poll: recompute the recommendations in the database (in a thread: psycopg's blocking API), as an
immutable snapshot."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg

from exporters.recommendations.config import RecommendationsConfig
from finops.errors import SourceError
from reports import rightsizing


@dataclass(frozen=True)
class Snapshot:
    computed_at: float
    recommendations: tuple[rightsizing.Recommendation, ...]


EMPTY = Snapshot(0.0, ())


class RecommendationsSource:
    def __init__(self, config: RecommendationsConfig, now: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self._config = config
        self._now = now

    def compute(self) -> Snapshot:
        c = self._config
        now = self._now()
        try:
            with psycopg.connect(c.dsn, connect_timeout=10) as conn:
                conn.execute("SET TIME ZONE 'UTC'")
                recs = rightsizing.compute(conn, c.thresholds, c.sources, c.catalog, now=now, sizes=c.sizes,
                                           carbon=c.carbon)
        except psycopg.Error as exc:
            raise SourceError(f"database: {exc}") from exc
        return Snapshot(now.timestamp(), tuple(recs))

    async def fetch(self) -> Snapshot:
        return await asyncio.to_thread(self.compute)
