from __future__ import annotations

from tests.reports.conftest import JAN, query


def test_showback_by_service_on_the_13_fixture(db13: str) -> None:
    rows = query(db13, "SELECT * FROM finops.showback('ServiceName', %s, %s)", JAN)
    assert rows
