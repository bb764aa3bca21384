from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from focus.cli import focus
from tests.focus.conftest import FIXTURES, SAMPLE


def test_validate_sample_strict_exits_1_with_rows_and_columns() -> None:
    result = CliRunner().invoke(focus, ["validate", str(SAMPLE)])
    assert result.exit_code == 1
    assert "FOCUS 1.0, 1000 rows" in result.output
    assert "allowed-values-case [ChargeFrequency]: 7" in result.output
    assert "row 926 value='Usage-based'" in result.output
    assert "FAILED" in result.output


def test_validate_conformant_fixture_exits_0() -> None:
    result = CliRunner().invoke(focus, ["validate", "--version", "1.3", str(FIXTURES / "focus-1.3-conformant.csv")])
    assert result.exit_code == 0, result.output
    assert "OK: no violations" in result.output


def test_lenient_lists_normalizations() -> None:
    result = CliRunner().invoke(focus, ["validate", "--lenient", str(SAMPLE)])
    assert "normalized (lenient)" in result.output
    assert result.exit_code == 1  # ContractedCost nulls cannot be normalised


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01\x02" * 100)
    result = CliRunner().invoke(focus, ["validate", str(junk)])
    assert result.exit_code == 2
    assert "junk.csv" in result.output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(focus, ["validate", str(tmp_path / "absent.csv")])
    assert result.exit_code == 2


def test_group_has_room_for_more_subcommands() -> None:
    result = CliRunner().invoke(focus, ["--help"])
    assert result.exit_code == 0
    assert "validate" in result.output


def test_validate_names_a_nul_character_with_its_row_and_column(tmp_path: Path) -> None:
    text = (FIXTURES / "focus-1.3-conformant.csv").read_text(encoding="utf-8")
    path = tmp_path / "nul.csv"
    path.write_text(text.replace("Example Corp", "Exa\x00mple", 1), encoding="utf-8")
    for flags in ([], ["--lenient"]):
        result = CliRunner().invoke(focus, ["validate", "--version", "1.3", *flags, str(path)])
        assert result.exit_code == 1, result.output
        assert "not-storable [" in result.output
        assert "row 1 " in result.output
