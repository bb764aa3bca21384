from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "focus" / "focus-1.0-sample.csv"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def sample() -> Path:
    return SAMPLE
