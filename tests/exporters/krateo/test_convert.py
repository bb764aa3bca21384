"""`finops krateo convert` on Krateo-shaped resources (the e2e ESC with its Secret in one file, an Azure Monitor
ESC, a FocusConfig with quantities, a DatabaseConfig with its password Secret, a Notebook, a broken file): what
it writes loads with our own loaders and passes promtool; what it cannot convert is reported with the reason."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import yaml
from click.testing import CliRunner

from exporters.azure.config import load_config as load_azure_config
from exporters.focus_cost.config import load_config
from finops.cli import cli
from tests.services import require_binary

FIXTURES = Path(__file__).parent / "fixtures"
ENV = {"WEBSERVICE_API_MOCK_SERVICE_HOST": "10.0.0.7", "WEBSERVICE_API_MOCK_SERVICE_PORT": "8080"}


def _run(tmp_path: Path, source: Path = FIXTURES) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["krateo", "convert", str(source), "--output", str(out)])
    return result.exit_code, result.output, out


def test_converts_what_it_can_and_reports_the_rest(tmp_path: Path) -> None:
    code, output, _out = _run(tmp_path)
    assert code == 1  # something was not converted
    assert output.splitlines()[0] == "4 converted, 2 not converted"
    assert "NOT converted ? - (broken.yaml): not readable YAML" in output
    assert "NOT converted Notebook finops/costs (db.yaml): notebooks run SQL on CrateDB" in output
    assert "needs environment variable WEBSERVICE_API_MOCK_SERVICE_HOST at run time" in output
    assert "abc" not in output and "c2VjcmV0" not in output and "secret" not in output  # no secret printed


def test_exporter_configuration_loads_and_reaches_the_endpoint_from_the_secret(tmp_path: Path) -> None:
    _code, _output, out = _run(tmp_path)
    config = load_config(str(out / "focus-exporter.yml"), environ=ENV)
    sample, rows = config.sources
    assert sample.url == "http://10.0.0.7:8080/costs/gzip" and sample.interval == 3600
    token = sample.auth.bearer_token
    assert token is not None and token.read().value == "abc"
    assert (Path(token.file or "").stat().st_mode & 0o777) == 0o600
    assert rows.path == str(out / "focus-configs.csv")


def test_focus_configs_become_rows_with_plain_decimals(tmp_path: Path) -> None:
    _code, _output, out = _run(tmp_path)
    (row,) = list(csv.DictReader((out / "focus-configs.csv").read_text().splitlines()))
    assert row["BilledCost"] == "27000" and row["EffectiveCost"] == "30000"  # 30k
    assert row["ChargeCategory"] == "purchase"  # the FOCUS reader spells it Purchase (documented)
    assert row["Tags"] == '{"testkey1":"testvalue"}'


def test_azure_monitor_esc_becomes_an_azure_exporter_configuration(tmp_path: Path) -> None:
    _code, _output, out = _run(tmp_path)
    azure = load_azure_config(file_values=yaml.safe_load((out / "azure-exporter.yml").read_text()), environ={})
    (rid,) = azure.resource_ids
    assert rid.endswith("/virtualMachines/vm1")
    spec = azure.type_spec("Microsoft.Compute/virtualMachines")
    assert [m.name for m in spec.metrics] == ["Percentage CPU"] and spec.granularity == 900
    assert azure.poll_interval == 3600


def test_prometheus_settings_pass_promtool_and_write_to_the_adapter(tmp_path: Path) -> None:
    _code, _output, out = _run(tmp_path)
    config = yaml.safe_load((out / "prometheus.yml").read_text())
    assert config["remote_write"][0]["url"] == "http://finops-adapter:9201/api/v1/write"
    assert config["remote_write"][0]["basic_auth"]["username"] == "system"
    assert {j["job_name"] for j in config["scrape_configs"]} == {"focus-cost-exporter", "azure-exporter"}
    password = out / "endpoints" / "finops" / "cratedb-system-credentials" / "password"
    assert password.read_text() == "secret"
    local = out / "check.yml"  # the password file is mounted in the pod; point at the written copy to check
    local.write_text((out / "prometheus.yml").read_text().replace(
        "/etc/prometheus/secrets/cratedb-system-credentials/password", str(password)))
    done = subprocess.run([require_binary("promtool"), "check", "config", str(local)], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_malformed_resources_get_a_clear_reason_and_the_rest_is_written(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(FIXTURES / "focus.yaml", source)
    (source / "bad.yaml").write_text(
        "apiVersion: finops.krateo.io/v1\nkind: ExporterScraperConfig\nmetadata: {name: a, namespace: n}\n"
        "spec: {exporterConfig: {api: {path: /x, endpointRef: {name: missing, namespace: n}}, pollingInterval: 1h}}\n"
        "---\napiVersion: finops.krateo.io/v1\nkind: ExporterScraperConfig\nmetadata: {name: b, namespace: n}\n"
        "spec: {exporterConfig: {api: {path: /x}, pollingInterval: soon, metricType: bogus}}\n"
        "---\napiVersion: finops.krateo.io/v1\nkind: FocusConfig\nmetadata: {name: c, namespace: n}\nspec: {}\n"
        "---\n- just a list\n"
    )
    code, output, out = _run(tmp_path, source)
    assert code == 1
    assert "ExporterScraperConfig n/a (bad.yaml): endpoint Secret n/missing is not in" in output
    assert "n/b (bad.yaml): spec.exporterConfig.metricType: must be cost, resource or generic" in output
    assert "pollingInterval: not a duration" in output
    assert "FocusConfig n/c (bad.yaml): spec.focusSpec is missing" in output
    assert "(bad.yaml#3): not a Kubernetes resource" in output
    assert "converted     FocusConfig finops/focus-1" in output
    assert load_config(str(out / "focus-exporter.yml"), environ={}).sources[0].name == "krateo-focusconfigs"


def test_operator_written_shape_converts_too(tmp_path: Path) -> None:
    from tests.exporters.krateo.test_krateo_files import OPERATOR_WRITTEN, SECRET

    source = tmp_path / "in"
    source.mkdir()
    (source / "config.yaml").write_text(OPERATOR_WRITTEN)
    (source / "secret.yaml").write_text(SECRET)
    code, output, out = _run(tmp_path, source)
    assert code == 0, output
    (esc,) = load_config(str(out / "focus-exporter.yml"), environ={}).sources
    assert esc.url == "http://mock:8080/costs/focus.csv"
