"""Every numeric and duration setting of every component has a valid range, checked at start-up with the other
problems and shown in `--help` and the README."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from exporters.carbon.config import settings as carbon_settings
from finops.cli import cli
from finops.config import Setting, at_least, format_duration, greater_than, parse_duration, resolve
from finops.db import DB_SETTINGS
from finops.errors import ConfigError
from reports.forecast.config import SETTINGS as FORECAST_JOB_SETTINGS
from tests.kernel.servers import SERVERS, Server

ROOT = Path(__file__).resolve().parents[2]
COMPONENTS: dict[str, list[Setting]] = {
    **{server.name: list(server.settings) for server in SERVERS},
    "db": list(DB_SETTINGS),
    "forecast-job": list(FORECAST_JOB_SETTINGS),  # finops report forecast (--forecast.watch)
    "carbon": carbon_settings(),
}
NUMERIC = [
    pytest.param(name, setting, id=f"{name}:{setting.key}")
    for name, settings in COMPONENTS.items()
    for setting in settings
    if setting.is_numeric
]
DURATIONS = [
    pytest.param(name, setting, id=f"{name}:{setting.key}")
    for name, settings in COMPONENTS.items()
    for setting in settings
    if setting.is_duration
]


def _outside(setting: Setting) -> list[Any]:
    """Values just outside the setting's range, as a user would type them."""
    assert setting.bounds is not None
    low, high = setting.bounds.low, setting.bounds.high
    values: list[Any] = []
    if low is not None:
        below = low if setting.bounds.low_open else low - (1 if setting.type is int else low / 2 or 1)
        values.append(-1 if setting.is_duration and below < 0 else below)
    if high is not None:
        values.append(high + 1)
    return [int(v) if setting.type is int else v for v in values]


def test_every_numeric_and_duration_setting_declares_its_range() -> None:
    missing = [f"{name}:{s.key}" for name, settings in COMPONENTS.items() for s in settings
               if s.is_numeric and s.bounds is None]
    assert not missing, f"settings without a valid range: {missing}"
    assert len(NUMERIC) >= 25  # the adapter's and the Azure exporter's numbers and durations


# whole days with their own parser (a bare number is days, not seconds), the range in its message
OWN_DAY_PARSER = {"forecast.horizon", "forecast.lookback", "forecast.min_history", "forecast.stale_after"}


def _holds_a_number(setting: Setting) -> bool:
    for raw in (setting.default, "1h", "5"):
        if raw is None:
            continue
        try:
            value = setting.parse(raw)
        except (ConfigError, TypeError, ValueError):
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            return True
    return False


def test_no_number_hides_behind_a_hand_written_parser() -> None:
    """A custom parser that checks its own range keeps the range out of --help, the README and these tests."""
    hidden = [f"{name}:{s.key}" for name, settings in COMPONENTS.items() for s in settings
              if not s.is_numeric and s.key not in OWN_DAY_PARSER and _holds_a_number(s)]
    assert not hidden, f"numbers parsed by hand (declare type and bounds instead): {hidden}"


@pytest.mark.parametrize(("component", "setting"), NUMERIC)
def test_a_value_outside_the_range_is_reported_with_the_others(component: str, setting: Setting) -> None:
    settings = COMPONENTS[component]
    for value in _outside(setting):
        flag_value = format_duration(value) if setting.is_duration and value >= 0 else str(value)
        with pytest.raises(ConfigError) as err:
            resolve(settings, flags={setting.param: flag_value, "web_listen_address": "nope"}, environ={})
        problems = err.value.problems
        assert any(p.startswith(f"flag {setting.flag}: invalid value {flag_value!r}") for p in problems), problems
        if any(s.key == "web.listen_address" for s in settings):  # reported together, not one at a time
            assert any(p.startswith("flag --web.listen-address") for p in problems), problems
        with pytest.raises(ConfigError, match=re.escape(f"{setting.env}: invalid value")):
            resolve(settings, environ={setting.env: flag_value})
        with pytest.raises(ConfigError, match=re.escape(f"yml: {setting.key}: invalid value")):
            resolve(settings, file_values=_nested(setting.key, value), environ={}, source="c.yml")


@pytest.mark.parametrize(("component", "setting"), NUMERIC)
def test_not_a_number_and_infinity_are_reported(component: str, setting: Setting) -> None:
    for value in (float("nan"), float("inf"), "nan", "inf", "-inf"):
        with pytest.raises(ConfigError, match=re.escape(f"yml: {setting.key}: invalid value")):
            resolve(COMPONENTS[component], file_values=_nested(setting.key, value), environ={}, source="c.yml")


@pytest.mark.parametrize(("component", "setting"), NUMERIC)
def test_the_default_and_the_range_ends_are_valid(component: str, setting: Setting) -> None:
    assert setting.bounds is not None
    if setting.default is not None:
        value = setting.parse(setting.default)
        assert setting.bounds.contains(value), f"{setting.key}: default {setting.default!r} is outside its range"
    for end in (setting.bounds.low, setting.bounds.high):
        if end is not None and not (end == setting.bounds.low and setting.bounds.low_open):
            assert setting.parse(int(end) if setting.type is int else end) == end


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--ingest.max-body-bytes", "-5"),
        ("--ingest.max-pending-samples", "-1"),
        ("--ingest.flush-samples", "0"),
        ("--ingest.series-cache-entries", "0"),
        ("--read.max-samples", "0"),
        ("--db.connect-timeout", "0s"),
        ("--web.workers", "0"),
    ],
)
def test_the_issue_examples_stop_the_adapter_at_start_up(flag: str, value: str) -> None:
    result = CliRunner().invoke(cli, ["adapter", flag, value, "--db.url", "postgresql://u@127.0.0.1:1/x"])
    assert result.exit_code != 0
    assert isinstance(result.exception, ConfigError)
    assert f"flag {flag}: invalid value {value!r}: must be" in str(result.exception)


@pytest.mark.parametrize("server", SERVERS, ids=lambda s: s.name)
def test_help_shows_every_range_and_default(server: Server, tmp_path: Path) -> None:
    argv = [*server.argv(tmp_path)][:2] if server.name != "adapter" else ["adapter"]
    result = CliRunner().invoke(cli, [*argv, "--help"], terminal_width=400)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    for setting in server.settings:
        assert setting.flag in text
        assert f"env: {setting.env}" in text
        if setting.bounds:
            assert f"valid: {setting.valid}" in text, setting.key


def test_the_readme_configuration_reference_lists_every_range() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for component, settings in COMPONENTS.items():
        for setting in settings:
            if setting.bounds:
                row = f"| `{setting.flag}` | {setting.describe_default()} | {setting.valid} |"
                assert row in readme, f"README configuration reference lacks {component} {row}"


def test_bounds_read_like_prometheus_flags() -> None:
    assert at_least(1).describe() == ">= 1"
    assert greater_than(0).describe(duration=True) == "> 0s"
    assert at_least(1, 65535).describe() == ">= 1 and <= 65535"
    assert at_least(60).describe(duration=True) == ">= 1m"
    assert format_duration(parse_duration("1h30m")) == "1h30m"
    assert format_duration(0.25) == "250ms"
    assert not greater_than(0).contains(0) and greater_than(0).contains(0.001)
    assert not at_least(1).contains(0.5) and at_least(1).contains(1)


def _nested(key: str, value: Any) -> dict[str, Any]:
    node: Any = value
    for part in reversed(key.split(".")):
        node = {part: node}
    return dict(node)


@pytest.mark.parametrize(("component", "setting"), DURATIONS)
def test_a_mapping_or_list_where_a_duration_belongs_is_reported(component: str, setting: Setting) -> None:
    for value in ({"every": "5m"}, ["5m"]):
        with pytest.raises(ConfigError, match=re.escape(f"yml: {setting.key}: invalid value")):
            resolve(COMPONENTS[component], file_values=_nested(setting.key, value), environ={}, source="c.yml")
