from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from focus.load_cli import export_command, load_command
from tests.focus_db.conftest import SAMPLE, read_rows, row_keys, scalar


def test_load_then_export_via_cli(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(load_command, [str(SAMPLE), "--source", "sample", "--db.url", db])
    assert result.exit_code == 0, result.output
    assert "1000 rows as source 'sample'" in result.output
    assert "1000 new, 0 updated, 0 removed, 0 unchanged" in result.output
    assert "scopes (4):" in result.output
    assert "AWS / 1234567890123 / billing period 2024-09-01T00:00:00Z" in result.output
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs WHERE source = 'sample'") == 1000

    again = runner.invoke(load_command, [str(SAMPLE), "--source", "sample", "--db.url", db])
    assert again.exit_code == 0
    assert "already loaded" in again.output

    out = tmp_path / "out.csv"
    exported = runner.invoke(
        export_command,
        ["--version", "1.0", "--from", "2024-09-01", "--to", "2024-10-01", "--provider", "AWS", str(out)],
        env={"FINOPS_DB_URL": db},
    )
    assert exported.exit_code == 0, exported.output
    aws = [r for r in read_rows(SAMPLE)[1] if r["ProviderName"] == "AWS"]
    assert f"{len(aws)} rows as FOCUS 1.0" in exported.output
    assert row_keys(read_rows(out)[1]) == row_keys(aws)


def test_load_unreadable_file_exits_2(db: str, tmp_path: Path) -> None:
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00" * 10)
    result = CliRunner().invoke(load_command, [str(junk), "--db.url", db])
    assert result.exit_code == 2
    assert "junk.csv" in result.output


def test_strict_load_of_the_sample_exits_2_and_names_rules(db: str) -> None:
    result = CliRunner().invoke(load_command, [str(SAMPLE), "--strict", "--db.url", db])
    assert result.exit_code == 2
    assert "datetime-format" in result.output
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs") == 0


def test_database_down_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        load_command, [str(SAMPLE), "--db.url", "postgresql://postgres@127.0.0.1:1/x?connect_timeout=2"]
    )
    assert result.exit_code == 1
    assert "cannot connect" in result.output


def test_export_rejects_bad_date(db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(export_command, ["--from", "yesterday", str(tmp_path / "x.csv"), "--db.url", db])
    assert result.exit_code == 2
    assert "not a date" in result.output
