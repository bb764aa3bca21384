from __future__ import annotations

import pytest

from finops.db import migrate


@pytest.fixture
def db(empty_db: str) -> str:
    """A fresh database with every migration applied."""
    migrate(empty_db)
    return empty_db
