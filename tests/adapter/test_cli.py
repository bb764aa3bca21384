"""`finops db …` and `finops adapter` configuration: file, environment and flags, errors reported at once."""

from __future__ import annotations

from pathlib import Path

import psycopg
import trustme
import yaml
from click.testing import CliRunner
from psycopg.conninfo import conninfo_to_dict

from finops.cli import cli
from finops.db import migrations
from remote_write_adapter.config import AdapterConfig


def test_db_migrate_reads_the_url_from_the_config_file(empty_db: str, tmp_path: Path) -> None:
    config = tmp_path / "adapter.yml"
    config.write_text(f"db:\n  url: {empty_db}\n")
    result = CliRunner().invoke(cli, ["db", "migrate", "--config.file", str(config)], env={})
    assert result.exit_code == 0, result.output
    assert "storage: timescaledb (timescaledb license: apache)" in result.output
    again = CliRunner().invoke(cli, ["db", "migrate", "--config.file", str(config)])
    assert "nothing, schema is up to date" in again.output
    with psycopg.connect(empty_db) as conn:
        assert conn.execute("SELECT count(*) FROM finops.schema_migrations").fetchone() == (len(migrations()),)


def test_retention_command_rejects_a_bad_duration(empty_db: str) -> None:
    result = CliRunner().invoke(cli, ["db", "retention", "--older-than", "soon", "--db.url", empty_db])
    assert result.exit_code != 0
    assert "--older-than" in result.output


def test_adapter_config_reports_every_problem_with_its_origin(tmp_path: Path) -> None:
    config = tmp_path / "adapter.yml"
    config.write_text("web:\n  workers: many\ningest:\n  max_future: tomorrow\nbogus: 1\n")
    result = CliRunner().invoke(cli, ["adapter", "--config.file", str(config), "--db.pool-size", "x"])
    assert result.exit_code != 0
    message = str(result.exception) + result.output
    for fragment in ("web.workers", "ingest.max_future", "unknown key 'bogus'", "flag --db.pool-size"):
        assert fragment in message, message


def test_password_file_is_used_and_never_shown(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("hunter2\n")
    config = AdapterConfig.load(
        flags={"db_password_file": str(secret)}, environ={"FINOPS_DB_URL": "postgresql://u@h/db"}
    )
    assert conninfo_to_dict(config.dsn) == {"user": "u", "host": "h", "dbname": "db", "password": "hunter2"}
    assert "hunter2" not in repr(config)


def test_the_readme_adapter_yaml_is_a_valid_configuration(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("# adapter.yml:", 1)[1].split("\n", 1)[1].split("```", 1)[0]
    for secret in ("/run/secrets/adapter-password", "/run/secrets/db-password"):
        path = tmp_path / secret.rsplit("/", 1)[1]
        path.write_text("s3cret\n")
        block = block.replace(secret, str(path))
    server = trustme.CA().issue_cert("adapter")  # TLS files are checked at start-up: give it real ones
    server.cert_chain_pems[0].write_to_path(str(tmp_path / "tls.crt"))
    server.private_key_pem.write_to_path(str(tmp_path / "tls.key"))
    block = block.replace("/etc/finops/", f"{tmp_path}/")
    loaded = AdapterConfig.load(file_values=yaml.safe_load(block), environ={}, source="README.md adapter.yml")
    assert loaded.workers == 2 and loaded.flush_samples == 20000 and loaded.retention_seconds == 400 * 86400
    assert loaded.web.username == "prometheus" and loaded.rw1_utf8_names is False
