"""Secrets never reach a message: configuration errors, start-up failures and log lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import pytest
from psycopg.conninfo import conninfo_to_dict

from exporters.forecast.app import load_exporter_config as load_forecast_exporter
from exporters.recommendations.config import load_config as load_recommendations
from finops.config import Secret, resolve
from finops.db import DB_SETTINGS, dsn_with_password, resolved_dsn, wait_for_database
from finops.errors import ConfigError, StartupError
from finops.logging import redact
from finops.web import web_settings
from focus.load_cli import db_dsn
from remote_write_adapter.config import AdapterConfig
from reports.context import build_context
from reports.forecast.config import load_config as load_forecast
from tests.services import free_port

PASSWORD = "p@ss w'rd\\x"  # spaces, quotes, an '@' and a backslash: every way a password breaks naive masking


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://u:p@ss@h/db",
        "user=u password='p@ss w\\'rd' host=h",
        'password="p@ss w rd" z',
        "postgresql://u:pw@h/db?password=p@ss",
        "Authorization: Basic p@ss",
        "token: p@ss",
    ],
)
def test_redact_masks_the_whole_secret_and_keeps_the_rest(text: str) -> None:
    masked = redact(text)
    assert "p@ss" not in masked and "pw@" not in masked and "w rd" not in masked, masked
    assert "***" in masked


def test_an_invalid_url_is_reported_without_its_password() -> None:
    with pytest.raises(ConfigError) as err:
        resolve(DB_SETTINGS, flags={"db_url": "postgresql://u:hunter2@h/db?bogus=1"}, environ={})
    assert "hunter2" not in str(err.value)
    assert "flag --db.url: invalid value" in str(err.value) and "bogus" in str(err.value)


@pytest.mark.parametrize("in_url", [False, True])
async def test_start_up_failures_never_show_the_database_password(in_url: bool) -> None:
    port = free_port()
    if in_url:
        dsn = f"postgresql://postgres:hunter2@127.0.0.1:{port}/finops"
    else:
        dsn = dsn_with_password(f"postgresql://postgres@127.0.0.1:{port}/finops", Secret(PASSWORD))
    with pytest.raises(StartupError) as err:
        await wait_for_database(dsn, timeout=0.1)
    message = str(err.value)
    assert "hunter2" not in message and "p@ss" not in message and "w'rd" not in message, message
    assert f"port={port}" in message or f":{port}/" in message
    assert "\n" not in message


def test_an_empty_value_unsets_a_file_setting_of_a_lower_layer(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("t\n")
    values = resolve(web_settings(":1"), flags={"web_auth_bearer_token_file": ""},
                     environ={"FINOPS_WEB_AUTH_BEARER_TOKEN_FILE": str(token)})
    assert values["web.auth.bearer_token_file"] == ""


def test_redact_keeps_a_url_readable() -> None:
    assert redact("connecting to postgresql://u:p@ss@h:5432/db now") == "connecting to postgresql://u:***@h:5432/db now"
    assert redact("Authorization: Bearer abc.def") == "Authorization: Bearer ***"


class _Connects(Protocol):
    @property
    def dsn(self) -> str: ...


def test_every_component_joins_the_password_file_to_the_url_one_way(tmp_path: Path) -> None:
    password_file = tmp_path / "pw"
    password_file.write_text(PASSWORD + "\n")
    url = "postgresql://finops@db.example:5432/finops"
    flags: dict[str, Any] = {"db_url": url, "db_password_file": str(password_file)}
    expected = resolved_dsn({"db.url": url, "db.password_file": str(password_file)})
    assert conninfo_to_dict(expected)["password"] == PASSWORD and conninfo_to_dict(expected)["host"] == "db.example"
    configs: dict[str, _Connects] = {
        "adapter": AdapterConfig.load(flags=flags, environ={}),
        "report": build_context({**flags, "report_output": None}, None, environ={}),
        "report forecast": load_forecast(None, flags=flags, environ={})[0],
        "exporter forecast": load_forecast_exporter(None, flags=flags, environ={}),
        "exporter recommendations": load_recommendations(None, flags=flags, environ={}),
    }
    dsns = {name: config.dsn for name, config in configs.items()}
    dsns["focus load"] = db_dsn(url, str(password_file))
    assert dsns == dict.fromkeys(dsns, expected)
    for name, config in configs.items():
        shown = repr(config)
        assert "p@ss" not in shown and "w'rd" not in shown, (name, shown)
