"""Krateo's files as they really are, read by the FOCUS exporter (issue 14, item 3): the config.yaml the
operator writes (yaml.v3 of the Go struct), multi-document files, endpoint_dir inside `krateo:`, variables
declared empty or read from an unset environment variable, metricType resource."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from exporters.focus_cost.config import load_config
from exporters.focus_cost.krateo import focus_spec_to_row, normalize_resource, quantity_text
from finops.errors import ConfigError

# What finops-operator-exporter mounts as /config/config.yaml: yaml.v3 Marshal of the ExporterScraperConfig
# struct (embedded TypeMeta/ObjectMeta without inline tags, API fields with JSON tags only, metav1.Duration as
# a struct, zero values written out).
OPERATOR_WRITTEN = """\
typemeta:
    kind: ExporterScraperConfig
    apiversion: finops.krateo.io/v1
objectmeta:
    name: focus-esc
    generatename: ""
    namespace: finops
    selflink: ""
    uid: 4b7f3e1a-2f0e-4a53-9d0c-0f6f1c1d2e3f
    resourceversion: "81234"
    generation: 1
    creationtimestamp: "2025-05-02T10:00:00Z"
    deletiontimestamp: null
    deletiongraceperiodseconds: null
    labels: {}
    annotations: {}
    ownerreferences: []
    finalizers: []
    managedfields: []
spec:
    exporterConfig:
        provider:
            name: ""
            namespace: ""
        api:
            path: /costs/<file>
            verb: GET
            headers: []
            payload: ""
            endpointref:
                name: mock-endpoint
                namespace: finops
        metricType: cost
        pollingInterval:
            duration: 1h0m0s
        additionalVariables:
            file: focus.csv
    scraperConfig:
        tableName: focus
        pollingInterval:
            duration: 5m0s
        api:
            path: ""
            verb: ""
            headers: []
            payload: ""
            endpointref: null
        metricType: ""
        scraperDatabaseConfigRef:
            name: db
            namespace: finops
status:
    conditions: []
    active:
        kind: ""
        name: ""
"""

KUBECTL_SHAPE = """\
apiVersion: finops.krateo.io/v1
kind: ExporterScraperConfig
metadata: {name: focus-esc, namespace: finops}
spec:
  exporterConfig:
    api:
      path: /costs/<file>
      verb: GET
      endpointRef: {name: mock-endpoint, namespace: finops}
    metricType: cost
    pollingInterval: 1h
    additionalVariables: {file: focus.csv}
"""

SECRET = """\
apiVersion: v1
kind: Secret
metadata: {name: mock-endpoint, namespace: finops}
stringData:
  server-url: http://mock:8080
"""


def _endpoint(tmp_path: Path) -> Path:
    directory = tmp_path / "endpoint"
    directory.mkdir(exist_ok=True)
    (directory / "server-url").write_text("http://mock:8080\n")
    (directory / "token").write_text("tok\n")
    return directory


def _indent(text: str) -> str:
    return "".join("  " + line for line in text.splitlines(keepends=True))


def _problems(path: Path, environ: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(str(path), environ=environ or {})
    return info.value.problems


def _source_entry(tmp_path: Path, exporter_config: str, endpoint_inside: bool) -> Path:
    endpoint = _endpoint(tmp_path)
    place = f"      endpoint_dir: {endpoint}\n" if endpoint_inside else f"    endpoint_dir: {endpoint}\n"
    text = "sources:\n  - name: esc\n    krateo:\n      exporterConfig:\n" + exporter_config
    text += place if endpoint_inside else ""
    if not endpoint_inside:
        text += place
    path = tmp_path / "exporter.yml"
    path.write_text(text)
    return path


ESC_BODY = """\
        api: {path: /costs.csv, endpointRef: {name: other-name, namespace: x}}
        pollingInterval: 1h
"""


def test_operator_written_config_yaml_loads_like_the_resource_itself(tmp_path: Path) -> None:
    """Before: `typemeta: unknown top-level key`."""
    operator = tmp_path / "operator.yaml"
    operator.write_text(OPERATOR_WRITTEN)
    kubectl = tmp_path / "kubectl.yaml"
    kubectl.write_text(KUBECTL_SHAPE)
    problems = [_problems(p) for p in (operator, kubectl)]
    # the endpoint Secret is not mounted here: both shapes fail the same way, at the same place
    assert problems[0] == problems[1]
    assert any("/etc/finops/endpoints/mock-endpoint" in p for p in problems[0])
    assert not any("typemeta" in p or "unknown" in p for p in problems[0])


def test_operator_written_shape_normalizes_to_the_resource_the_api_shows() -> None:
    operator = normalize_resource(yaml.safe_load(OPERATOR_WRITTEN))
    kubectl = yaml.safe_load(KUBECTL_SHAPE.replace("pollingInterval: 1h", "pollingInterval: 1h0m0s"))
    assert operator["spec"]["exporterConfig"] == kubectl["spec"]["exporterConfig"]
    assert operator["spec"]["scraperConfig"] == {
        "tableName": "focus", "pollingInterval": "5m0s",
        "scraperDatabaseConfigRef": {"name": "db", "namespace": "finops"},
    }
    assert {k: operator[k] for k in ("apiVersion", "kind", "metadata")} == {
        k: kubectl[k] for k in ("apiVersion", "kind", "metadata")}
    # field names are matched case-insensitively in that shape only; variable names are kept as written
    lowered = OPERATOR_WRITTEN.replace("additionalVariables:", "additionalvariables:")
    lowered = lowered.replace("file: focus", "File: focus")
    spec = normalize_resource(yaml.safe_load(lowered))["spec"]["exporterConfig"]
    assert spec["additionalVariables"] == {"File": "focus.csv"}


def test_multi_document_file_reads_its_exporter_scraper_config(tmp_path: Path) -> None:
    """Before: a YAML error ("expected a single document in the stream")."""
    path = tmp_path / "both.yaml"
    path.write_text(SECRET + "---\n" + KUBECTL_SHAPE)
    problems = _problems(path)
    assert not any("YAML" in p or "single document" in p for p in problems)
    assert any("mock-endpoint" in p and "does not exist" in p for p in problems)  # it read the ESC


@pytest.mark.parametrize(
    ("documents", "found"),
    [([SECRET, SECRET], "Secret, Secret"), ([KUBECTL_SHAPE, KUBECTL_SHAPE], "ExporterScraperConfig, Exporter")],
)
def test_multi_document_file_without_exactly_one_esc_says_which_documents_it_found(
    tmp_path: Path, documents: list[str], found: str
) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("---\n".join(documents))
    (problem,) = _problems(path)
    assert found in problem and "exactly one ExporterScraperConfig" in problem


def test_endpoint_dir_inside_krateo_is_used(tmp_path: Path) -> None:
    """Before: silently ignored, and the in-cluster API was called instead."""
    path = _source_entry(tmp_path, ESC_BODY, endpoint_inside=True)
    (source,) = load_config(str(path), environ={}).sources
    assert source.url == "http://mock:8080/costs.csv"
    assert source.auth.bearer_token is not None and source.auth.bearer_token.file is not None
    assert source.auth.bearer_token.file.endswith("endpoint/token")


def test_endpoint_dir_beside_krateo_still_works(tmp_path: Path) -> None:
    path = _source_entry(tmp_path, ESC_BODY, endpoint_inside=False)
    (source,) = load_config(str(path), environ={}).sources
    assert source.url == "http://mock:8080/costs.csv"


def test_unknown_key_in_the_krateo_wrapper_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "exporter.yml"
    path.write_text("sources:\n  - name: esc\n    krateo:\n      exporterConfig: {pollingInterval: 1h, api: {}}\n"
                    "      endpoint_directory: /x\n")
    assert any("krateo.endpoint_directory: unknown key" in p for p in _problems(path))


def test_variable_declared_empty_is_named_as_such(tmp_path: Path) -> None:
    """Krateo's Azure template ships `account_name:`. Before: 'placeholder <account_name> has no variable'."""
    esc = KUBECTL_SHAPE.replace("additionalVariables: {file: focus.csv}", "additionalVariables: {file: }")
    endpoint = _endpoint(tmp_path)
    body = _indent(esc.split("  exporterConfig:\n", 1)[1])
    path = tmp_path / "exporter.yml"
    path.write_text(f"sources:\n  - name: esc\n    endpoint_dir: {endpoint}\n    krateo:\n" + body)
    (problem,) = _problems(path)
    assert "additionalVariables.file: is declared empty" in problem


def test_native_variable_declared_empty_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "exporter.yml"
    path.write_text("sources:\n  - name: s\n    url: https://<account>.blob.core.windows.net/x.csv\n"
                    "    variables: {account: }\n")
    (problem,) = _problems(path)
    assert problem.endswith("variables.account: is declared empty: give it a value")


def test_unset_environment_variable_is_one_error(tmp_path: Path) -> None:
    """Before: a second, wrong error ('placeholder <host> has no variable (known: -)')."""
    esc = KUBECTL_SHAPE.replace("additionalVariables: {file: focus.csv}",
                                "additionalVariables: {file: focus.csv, host: MOCK_SERVICE_HOST}")
    esc = esc.replace("path: /costs/<file>", "path: /<host>/costs/<file>")
    endpoint = _endpoint(tmp_path)
    body = _indent(esc.split("  exporterConfig:\n", 1)[1])
    path = tmp_path / "exporter.yml"
    path.write_text(f"sources:\n  - name: esc\n    endpoint_dir: {endpoint}\n    krateo:\n" + body)
    (problem,) = _problems(path)
    assert "environment variable MOCK_SERVICE_HOST is not set" in problem
    native = tmp_path / "native.yml"
    native.write_text("sources:\n  - name: s\n    url: http://<h>/x\n    variables: {h: {env: NOPE}}\n")
    assert len(_problems(native)) == 1


def test_metric_type_resource_points_at_the_converter(tmp_path: Path) -> None:
    path = tmp_path / "esc.yaml"
    path.write_text(KUBECTL_SHAPE.replace("metricType: cost", "metricType: resource"))
    problems = _problems(path)
    assert any("finops krateo convert" in p for p in problems)


@pytest.mark.parametrize(
    ("quantity", "decimal"),
    [("27000", "27000"), ("0.45", "0.45"), ("500m", "0.5"), ("1.5k", "1500"), ("2Gi", "2147483648"),
     ("1e3", "1000"), ("-3", "-3"), (12, "12"), ("12.50", "12.5"), ("abc", "abc")],
)
def test_kubernetes_quantities_become_plain_decimals(quantity: object, decimal: str) -> None:
    assert quantity_text(quantity) == decimal


def test_focus_spec_quantities_are_decimals_and_text_stays_text() -> None:
    row = focus_spec_to_row({"billedCost": "1.5k", "resourceName": "100m", "contractedUnitCost": "250m"})
    assert row == {"BilledCost": "1500", "ResourceName": "100m", "ContractedUnitPrice": "0.25"}
