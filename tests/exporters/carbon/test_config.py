from __future__ import annotations

from pathlib import Path

import pytest

from exporters.carbon.config import load_config
from finops.errors import ConfigError


def test_with_no_key_the_embedded_table_is_the_only_source_and_covers_every_region() -> None:
    config = load_config(environ={})
    assert config.source_names() == ["embedded_table"]
    assert config.table is not None and config.table.regions == ()  # () = every row of the table
    assert (config.web.port, config.poll_interval, config.stale_limit) == (9813, 300.0, 900.0)


def test_flags_win_over_environment_over_yaml() -> None:
    file_values = {"carbon": {"poll_interval": "10m", "forecast_horizon": "12h", "retries": 5}}
    environ = {"FINOPS_CARBON_POLL_INTERVAL": "2m", "FINOPS_CARBON_FORECAST_HORIZON": "6h"}
    config = load_config(flags={"carbon_poll_interval": "30s"}, file_values=file_values, environ=environ)
    assert (config.poll_interval, config.forecast_horizon, config.retries) == (30.0, 6 * 3600.0, 5)


def test_cloud_regions_add_their_zones_to_the_keyed_sources(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("em-s3cret-value\n")
    password = tmp_path / "pw"
    password.write_text("wt-s3cret-value\n")
    config = load_config(
        flags={
            "carbon_cloud_regions": "azure/West Europe,aws/us-west-1,gcp/europe-west2",
            "carbon_electricity_maps_token_file": str(token),
            "carbon_electricity_maps_zones": "DE",
            "carbon_watttime_username": "alice",
            "carbon_watttime_password_file": str(password),
        },
        environ={},
    )
    assert config.electricity_maps is not None and config.watttime is not None
    assert config.electricity_maps.zones == ("DE", "NL", "US-CAL-CISO", "GB")
    assert config.watttime.regions == ("CAISO_NORTH", "UK")
    assert config.table is None  # a key is configured: the table is off unless asked for
    assert config.electricity_maps.token.value == "em-s3cret-value"
    assert "s3cret" not in repr(config)


def test_the_table_can_be_limited_to_some_regions_and_kept_beside_a_key(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("tok")
    config = load_config(flags={"carbon_table_enabled": "true", "carbon_table_regions": "aws/eu-west-2",
                                "carbon_electricity_maps_token_file": str(token),
                                "carbon_electricity_maps_zones": "GB"}, environ={})
    assert config.source_names() == ["electricity_maps", "embedded_table"]
    assert config.table is not None and config.table.regions == (("aws", "eu-west-2"),)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(
            flags={
                "carbon_electricity_maps_zones": "DE",
                "carbon_electricity_maps_emission_factor_type": "marginal",
                "carbon_uk_regions": "13,99,x",
                "carbon_watttime_username": "alice",
                "carbon_watttime_signal_type": "health_damage",
                "carbon_cloud_regions": "azure/atlantis,oracle/us-ashburn-1,westeurope",
                "carbon_table_enabled": "false",
                "carbon_max_concurrency": "0",
                "carbon_watttime_password_file": str(tmp_path / "missing"),
            },
            environ={},
        )
    text = str(info.value)
    for expected in (
        "electricity_maps.zones is set but no token_file",
        "'marginal' is not lifecycle or direct",
        "'99' is not a region id 1-17",
        "'x' is not a region id 1-17",
        "uk.regions is set but carbon.uk.enabled is false",
        "'health_damage' is not one of co2_moer, co2_aoer",
        "'azure/atlantis' is not in the region table",
        "'oracle/us-ashburn-1' is not provider/region",
        "'westeurope' is not provider/region",
        "--carbon.max-concurrency: invalid value '0': must be >= 1",
        "cannot read secret file",
        "carbon.watttime: credentials but no regions",
    ):
        assert expected in text, expected
    assert len(info.value.problems) >= 12


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ({"carbon_poll_interval": "soon"}, "not a duration"),
        ({"carbon_poll_interval": "0s"}, "must be > 0"),
        ({"carbon_table_enabled": "maybe"}, "expected auto, true or false"),
        ({"carbon_uk_requests_per_second": "-1"}, "must be > 0"),
        ({"carbon_retries": "-2"}, "must be >= 0"),
        ({"carbon_forecast_horizon": "4d"}, "must be > 0s and <= 3d"),
        ({"carbon_watttime_username": "alice"}, "password"),
        ({"web_listen_address": "nowhere"}, "listen address"),
        ({"carbon_uk_enabled": "true", "carbon_uk_national": "false"}, "neither the national series nor any region"),
    ],
)
def test_bad_values_are_config_errors(flags: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(flags=flags, environ={})


def test_unknown_yaml_keys_are_reported() -> None:
    with pytest.raises(ConfigError, match=r"unknown key 'carbon\.uk\.regoins'"):
        load_config(file_values={"carbon": {"uk": {"regoins": [1]}}}, environ={})


def test_the_deploy_config_loads_and_serves_the_table() -> None:
    from finops.config import load_yaml_file
    from tests.services import ROOT

    config = load_config(file_values=load_yaml_file(ROOT / "deploy" / "carbon-exporter.yml"), environ={})
    assert config.source_names() == ["embedded_table"]
    assert config.poll_interval == 300.0


def test_the_readme_lists_every_carbon_range() -> None:
    from exporters.carbon.config import settings
    from tests.services import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in settings():
        if setting.bounds and setting.key.startswith("carbon."):
            row = f"| `{setting.flag}` | {setting.describe_default()} | {setting.valid} |"
            assert row in readme, row
