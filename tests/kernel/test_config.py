from __future__ import annotations

import logging
from pathlib import Path

import pytest

from finops.config import Secret, Setting, load_yaml_file, parse_duration, read_secret_file, resolve
from finops.errors import ConfigError
from finops.logging import redact, setup_logging
from finops.web import web_settings

SETTINGS = [
    Setting("web.listen_address", str, ":9201", "listen"),
    Setting("db.pool_size", int, 4, "pool"),
    Setting("ingest.enabled", bool, True, "flag"),
]


def test_flags_beat_env_beat_file_beat_defaults() -> None:
    file_values = {"web": {"listen_address": ":1"}, "db": {"pool_size": 7}}
    env = {"FINOPS_WEB_LISTEN_ADDRESS": ":2"}
    resolved = resolve(SETTINGS, flags={"web_listen_address": ":3"}, file_values=file_values, environ=env)
    assert resolved == {"web.listen_address": ":3", "db.pool_size": 7, "ingest.enabled": True}
    resolved = resolve(SETTINGS, flags={}, file_values=file_values, environ=env)
    assert resolved["web.listen_address"] == ":2"


def test_every_problem_is_reported_at_once_with_its_origin() -> None:
    with pytest.raises(ConfigError) as err:
        resolve(
            SETTINGS,
            file_values={"db": {"pool_size": "many"}, "bogus": 1},
            environ={"FINOPS_INGEST_ENABLED": "perhaps"},
            source="adapter.yml",
        )
    text = str(err.value)
    assert "adapter.yml: unknown key 'bogus'" in text
    assert "adapter.yml: db.pool_size: invalid value 'many'" in text
    assert "environment FINOPS_INGEST_ENABLED" in text
    assert len(err.value.problems) == 3


def test_wrongly_shaped_yaml_values_are_named_not_misreported() -> None:
    web = web_settings(":9201")
    with pytest.raises(ConfigError) as err:
        resolve([*SETTINGS, *web[1:]], file_values={"web": 5, "db": {"pool_size": [1]}}, source="a.yml")
    assert "a.yml: 'web' must be a mapping of settings, not a single value" in str(err.value)
    assert "db.pool_size: invalid value [1]" in str(err.value)
    with pytest.raises(ConfigError, match="expected a single value, got a list"):
        resolve(web, file_values={"web": {"auth": {"username": ["a", "b"]}}})


@pytest.mark.parametrize("address", ["5", "nope", ":99999", "host:", "[::1]"])
def test_a_bad_listen_address_is_a_config_error_with_the_others(address: str) -> None:
    with pytest.raises(ConfigError) as err:
        resolve(web_settings(":9201"), flags={"web_listen_address": address})
    assert f"flag --web.listen-address: invalid value {address!r}" in str(err.value)


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("5m", 300), ("1h30m", 5400), ("7d", 604800), ("250ms", 0.25), ("15", 15)]
)
def test_parses_prometheus_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "5x", "m", "1h5", "-3s"])
def test_rejects_malformed_durations(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_yaml_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("a: [1, 2\n")
    with pytest.raises(ConfigError, match=r"bad\.yml"):
        load_yaml_file(bad)
    bad.write_text("- just\n- a list\n")
    with pytest.raises(ConfigError, match="mapping"):
        load_yaml_file(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_yaml_file(tmp_path / "missing.yml")


def test_secrets_are_masked_everywhere(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "token"
    path.write_text("s3cr3t-value\n")
    secret = read_secret_file(path)
    assert secret == Secret("s3cr3t-value")
    assert "s3cr3t" not in repr(secret) and "s3cr3t" not in str(secret) and "s3cr3t" not in f"{secret}"
    assert "hunter2" not in redact("connecting to postgresql://app:hunter2@db:5432/finops")
    assert "abc.def" not in redact("Authorization: Bearer abc.def")
    assert "xyz" not in redact("client_secret=xyz&scope=1")


def test_log_lines_are_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging("info", "json")
    logging.getLogger("t").info("dsn %s", "postgresql://u:topsecret@h/db")
    err = capsys.readouterr().err
    assert "topsecret" not in err and '"level": "info"' in err
