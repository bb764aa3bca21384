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
    assert output.splitlines()[0] == "7 converted, 2 not converted"
    assert ("converted     ScraperConfig finops-test/exporterscraperconfig-sample-scraper (scraper.yaml): scrapes "
            "the exporter of ExporterScraperConfig finops-test/exporterscraperconfig-sample, converted here: the "
            "focus-cost-exporter job in prometheus.yml takes its place") in output
    assert ("converted     ExporterScraperConfig finops/focus-hw-exporter (focus-operator.yaml): lists FocusConfigs "
            "of namespace finops through the Kubernetes API: replaced by their 1 row in focus-configs.csv") in output
    assert "converted     FocusConfig finops/focus-2 (focus-operator.yaml)" in output
    assert "NOT converted Secret" not in output  # the Secrets were all used
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
    rows = {r["ResourceId"]: r for r in csv.DictReader((out / "focus-configs.csv").read_text().splitlines())}
    assert set(rows) == {"0000", "0001"}  # focus.yaml, and the FocusConfig beside the focus operator's ESC
    row = rows["0000"]
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


# ---- ScraperConfig and the focus operator's ExporterScraperConfig (issue 14) ---------------------------------


def _only(tmp_path: Path, *names: str, extra: str = "") -> Path:
    """A directory with the named fixtures (and `extra` as one more file)."""
    source = tmp_path / "in"
    source.mkdir()
    for name in names:
        shutil.copy(FIXTURES / name, source)
    if extra:
        (source / "extra.yaml").write_text(extra)
    return source


def test_a_scraper_config_of_an_exporter_not_converted_here_becomes_a_scrape_job(tmp_path: Path) -> None:
    # without its ExporterScraperConfig, the Krateo exporter keeps running: Prometheus scrapes it instead
    code, output, out = _run(tmp_path, _only(tmp_path, "scraper.yaml"))
    assert code == 0, output
    assert output.splitlines()[0] == "1 converted, 0 not converted"
    assert ("converted     ScraperConfig finops-test/exporterscraperconfig-sample-scraper (scraper.yaml): scrape "
            "job krateo-exporterscraperconfig-sample-scraper in prometheus.yml (table 'testfocus': samples land in "
            "finops.samples)") in output
    config = yaml.safe_load((out / "prometheus.yml").read_text())
    (job,) = config["scrape_configs"]
    assert job == {"job_name": "krateo-exporterscraperconfig-sample-scraper", "scheme": "http",
                   "metrics_path": "/metrics", "static_configs": [{"targets": ["10.96.142.7:2112"]}]}
    assert "# Krateo scraped every 1h0m0s" in (out / "prometheus.yml").read_text()
    assert not (out / "focus-exporter.yml").exists()
    done = subprocess.run([require_binary("promtool"), "check", "config", str(out / "prometheus.yml")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_scraper_config_without_its_secret_or_in_the_readme_shape_is_reported(tmp_path: Path) -> None:
    readme_shape = (  # finops-operator-scraper's README nests the fields; its CRD and operator read them flat
        "apiVersion: finops.krateo.io/v1\nkind: ScraperConfig\nmetadata: {name: nested, namespace: n}\n"
        "spec:\n  scraperConfig:\n    tableName: t\n    pollingInterval: 1h\n"
        "    api: {path: /metrics, endpointRef: {name: s, namespace: n}}\n"
        "    scraperDatabaseConfigRef: {name: db, namespace: n}\n"
    )
    source = _only(tmp_path, extra=readme_shape)
    scraper = (FIXTURES / "scraper.yaml").read_text().split("---\n", 1)[1]  # the ScraperConfig, not its Secret
    (source / "scraper.yaml").write_text(scraper)
    code, output, _out = _run(tmp_path, source)
    assert code == 1
    assert output.splitlines()[0] == "0 converted, 2 not converted"
    assert ("NOT converted ScraperConfig n/nested (extra.yaml): spec.scraperConfig holds tableName, "
            "pollingInterval, api, scraperDatabaseConfigRef: a ScraperConfig has them directly under spec "
            "(the nesting of finops-operator-scraper's README example, which its CRD refuses)") in output
    assert ("NOT converted ScraperConfig finops-test/exporterscraperconfig-sample-scraper (scraper.yaml): its "
            "api.endpointRef Secret finops-test/exporterscraperconfig-sample (with server-url) is not in") in output
    assert "and its ExporterScraperConfig is not either" in output


def test_the_focus_operators_esc_is_replaced_by_the_rows_it_lists(tmp_path: Path) -> None:
    code, output, out = _run(tmp_path, _only(tmp_path, "focus-operator.yaml"))
    assert code == 0, output
    assert output.splitlines()[0] == "2 converted, 0 not converted"
    assert "replaced by their 1 row in focus-configs.csv" in output
    (source,) = load_config(str(out / "focus-exporter.yml"), environ={}).sources
    assert source.name == "krateo-focusconfigs"
    jobs = yaml.safe_load((out / "prometheus.yml").read_text())["scrape_configs"]
    assert [j["job_name"] for j in jobs] == ["focus-cost-exporter"]  # the exporter serving the rows is scraped
    (row,) = list(csv.DictReader((out / "focus-configs.csv").read_text().splitlines()))
    assert (row["BilledCost"], row["ResourceId"], row["Tags"]) == ("30000", "0001", '{"testkey2":"testvalue"}')


def test_the_focus_operators_esc_without_its_focus_configs_says_where_to_get_them(tmp_path: Path) -> None:
    esc = (FIXTURES / "focus-operator.yaml").read_text().split("---\n", 1)[1]
    source = _only(tmp_path, extra=esc)
    code, output, out = _run(tmp_path, source)
    assert code == 1
    assert ("NOT converted ExporterScraperConfig finops/focus-hw-exporter (extra.yaml): lists FocusConfigs of "
            "namespace finops through the Kubernetes API, and none is in") in output
    assert "kubectl get focusconfigs -n finops -o yaml" in output
    assert not (out / "focus-exporter.yml").exists()


def test_focus_configs_exported_with_kubectl_as_a_list_are_read(tmp_path: Path) -> None:
    # `kubectl get focusconfigs -o yaml` answers a List whose items are the resources
    docs = list(yaml.safe_load_all((FIXTURES / "focus-operator.yaml").read_text()))
    listed = {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""},
              "items": [docs[0], yaml.safe_load((FIXTURES / "focus.yaml").read_text())]}
    source = _only(tmp_path, extra=yaml.safe_dump(listed))
    (source / "esc.yaml").write_text(yaml.safe_dump(docs[1]))
    code, output, out = _run(tmp_path, source)
    assert code == 0, output
    assert output.splitlines()[0] == "3 converted, 0 not converted"
    assert "converted     FocusConfig finops/focus-1 (extra.yaml#0.items[1])" in output
    assert "replaced by their 1 row in focus-configs.csv" in output  # its group only: focus-1 has none
    assert len(list(csv.DictReader((out / "focus-configs.csv").read_text().splitlines()))) == 2
