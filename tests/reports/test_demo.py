"""The demo's showback and recommendation lines run on the official sample as scripts/demo.sh runs them."""

from __future__ import annotations

from click.testing import CliRunner

from reports.demo import main


def test_demo_prints_showback_and_recommendations(sample_db: str) -> None:
    result = CliRunner().invoke(main, ["--db.url", sample_db], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Top showback lines by tag:business_unit" in result.output and "PeoriaData" in result.output
    assert "tag coverage of 'business_unit'" in result.output
    assert "SYNTHETIC usage" in result.output and "over-provisioned" in result.output
