from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest

from finops.db import migrate
from focus.reader import read_focus

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "focus" / "focus-1.0-sample.csv"
FIXTURES = REPO / "tests" / "focus" / "fixtures"
SAMPLE_BILLED_TOTAL = Decimal("20.52022672899")
AWS = "AWS"


@pytest.fixture
def db(empty_db: str) -> str:
    """A fresh database with every migration applied."""
    migrate(empty_db)
    return empty_db


def read_rows(path: Path, version: str | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    reader = read_focus(path, version=version)
    return list(reader.header), list(reader)


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, Decimal):
        return str(value)
    return _json_text(value)


def _json_text(value: Any) -> str:
    """JSON whose Decimals are written as their exact text (json.dumps knows no Decimal): each is a placeholder
    string first, then replaced by its digits."""
    numbers: dict[str, str] = {}

    def walk(item: Any) -> Any:
        if isinstance(item, Decimal):
            key = f"\x00{len(numbers)}\x00"
            numbers[json.dumps(key)] = str(item)
            return key
        if isinstance(item, dict):
            return {k: walk(v) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        return item

    text = json.dumps(walk(value))
    for placeholder, digits in numbers.items():
        text = text.replace(placeholder, digits)
    return text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> Path:
    """A FOCUS CSV written independently of focus.export: null = unquoted empty, "" = quoted empty."""

    def field(text: str | None) -> str:
        if text is None:
            return ""
        if text == "" or any(c in text for c in ',"\r\n'):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [",".join(field(h) for h in header)]
    lines += [",".join(field(_cell(row.get(h))) for h in header) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def value_key(value: Any) -> str:
    """Exact comparison key: type and repr (a Decimal keeps its scale, a dict its content)."""
    if isinstance(value, dict | list):
        return "json:" + json.dumps(value, sort_keys=True, default=repr)  # a Decimal keeps its digits
    return f"{type(value).__name__}:{value!r}"


def row_keys(rows: Iterable[Mapping[str, Any]]) -> list[tuple[tuple[str, str], ...]]:
    return sorted(tuple(sorted((k, value_key(v)) for k, v in row.items())) for row in rows)


def table_state(dsn: str) -> list[tuple[Any, ...]]:
    """Every current row with its bookkeeping, in a stable order."""
    with psycopg.connect(dsn) as conn:
        return conn.execute(
            "SELECT row_id, charge_period_start, billed_cost::text, effective_cost::text, load_id, loaded_at,"
            " source, x_columns FROM finops.focus_costs ORDER BY row_id, charge_period_start"
        ).fetchall()


def scalar(dsn: str, query: str, params: Sequence[Any] = ()) -> Any:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(query, params).fetchone()
        assert row is not None
        return row[0]
