from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from exporters.focus_cost.config import Columns, PaginationStyle, SourceMode, load_config
from exporters.focus_cost.krateo import IN_CLUSTER_URL, focus_spec_to_row
from finops.errors import ConfigError


def _write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


def test_valid_config_with_several_sources(tmp_path: Path) -> None:
    (tmp_path / "token").write_text("t")
    path = _write(
        tmp_path,
        {
            "web": {"listen_address": ":9555"},
            "sources": [
                {"name": "file", "path": "/data/focus.csv", "interval": "15m"},
                {
                    "name": "api",
                    "url": "https://<host>/v1/<acct>/costs",
                    "headers": ["Accept: text/csv", "X-Acct: <acct>"],
                    "variables": {"host": "api.example.com", "acct": {"env": "ACCT"}},
                    "auth": {"bearer_token_file": str(tmp_path / "token")},
                    "pagination": {"style": "k8s_continue", "max_pages": 10},
                    "metrics": ["billed_cost", "consumed_quantity"],
                    "tag_labels": ["env"],
                },
                {
                    "name": "cpu",
                    "url": "http://prom:9090/api/v1/query",
                    "mode": "generic",
                    "generic": {"metric_name": "cpu", "value_column": 3},
                },
            ],
        },
    )
    config = load_config(path, environ={"ACCT": "a-7"})
    assert config.web.port == 9555
    file, api, cpu = config.sources
    assert file.interval == 900
    assert api.url == "https://api.example.com/v1/a-7/costs"
    assert api.headers == (("Accept", "text/csv"), ("X-Acct", "a-7"))
    assert api.pagination.style is PaginationStyle.K8S_CONTINUE
    assert cpu.mode is SourceMode.GENERIC and cpu.generic is not None and cpu.generic.value_column == 3
    assert "t" not in repr(api.auth.bearer_token) or api.auth.bearer_token is not None


def test_reports_every_problem_at_once_with_file_and_field(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        {
            "web": {"listen_address": "nowhere"},
            "sources": [
                {"name": "a", "url": "ftp://x", "interval": "soon", "auth": {"password": "hunter2", "username": "u"}},
                {"name": "a", "path": "/x.csv", "url": "http://y", "mode": "cheap"},
                {
                    "name": "h",
                    "url": "http://z/<missing>",
                    "headers": {"Authorization": "Bearer abc"},
                    "auth": {"bearer_token_env": "NOPE"},
                },
                {"name": "g", "url": "http://z", "mode": "generic"},
                {"name": "m", "path": "/x", "metrics": ["billed_cost", "fun"], "extra_labels": ["NotAColumn"]},
            ],
        },
    )
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={})
    text = str(info.value)
    assert path in text
    expected = [
        "sources[0].url: must be an http(s) URL",
        "sources[0].interval: not a duration",
        "sources[0].auth.password: plain secrets are not allowed",
        "sources[1]: set exactly one of path",
        "sources[1].mode: must be one of cost, generic",
        "sources[2].url: placeholder <missing> has no variable",
        "sources[2].headers.Authorization: credentials must not be written",
        "sources[2].auth.bearer_token_env: environment variable NOPE is not set",
        "sources[3].generic: mode generic needs",
        "sources[4].metrics: unknown metric 'fun'",
        "sources[4].extra_labels: 'NotAColumn'",
        "listen address must be host:port",
    ]
    for needle in expected:
        assert needle in text, needle
    assert "hunter2" not in text
    assert len(info.value.problems) >= len(expected)


def test_rejects_credentials_in_urls(tmp_path: Path) -> None:
    path = _write(tmp_path, {"sources": [{"name": "u", "url": "https://user:pw@host/x"}]})
    with pytest.raises(ConfigError, match="credentials must not be written in URLs"):
        load_config(path, environ={})


def _endpoint(tmp_path: Path, **keys: str) -> Path:
    directory = tmp_path / "endpoint"
    directory.mkdir()
    for key, value in keys.items():
        (directory / key).write_text(value)
    return directory


# the shape of krateo's e2e ExporterScraperConfig (finops-operator-exporter test/e2e/manifests)
KRATEO_ESC = {
    "apiVersion": "finops.krateo.io/v1",
    "kind": "ExporterScraperConfig",
    "metadata": {"name": "exporterscraperconfig-sample", "namespace": "finops-test"},
    "spec": {
        "exporterConfig": {
            "api": {
                "path": "/subscriptions/<subscription_id>/costs?x=1",
                "verb": "GET",
                "headers": ["x-ms-version: 2017-11-09"],
                "endpointRef": {"name": "webservice-api-mock-endpoint", "namespace": "finops-test"},
            },
            "metricType": "cost",
            "pollingInterval": "12h30m",
            "additionalVariables": {
                "subscription_id": "d3sad326-42a4-5434-9623-a3sd22fefb84",
                "host": "WEBSERVICE_API_MOCK_SERVICE_HOST",
            },
        },
        "scraperConfig": {
            "tableName": "testfocus",
            "pollingInterval": "1h",
            "scraperDatabaseConfigRef": {"name": "db", "namespace": "x"},
        },
    },
}


def test_maps_a_krateo_exporter_config_entry(tmp_path: Path) -> None:
    endpoint = _endpoint(tmp_path, **{"server-url": "http://<host>:8080", "token": "tok"})
    path = _write(
        tmp_path,
        {
            "sources": [
                {
                    "name": "esc",
                    "krateo": KRATEO_ESC["spec"],
                    "endpoint_dir": str(endpoint),
                    "tag_labels": ["env"],
                }
            ]
        },
    )
    (source,) = load_config(path, environ={"WEBSERVICE_API_MOCK_SERVICE_HOST": "10.0.0.7"}).sources
    assert source.url == "http://10.0.0.7:8080/subscriptions/d3sad326-42a4-5434-9623-a3sd22fefb84/costs?x=1"
    assert source.method == "GET"
    assert source.headers == (("x-ms-version", "2017-11-09"),)
    assert source.interval == 12.5 * 3600
    assert source.mode is SourceMode.COST
    assert source.auth.bearer_token is not None and source.auth.bearer_token.file == str(endpoint / "token")
    assert source.tag_labels == ("env",)


def test_maps_a_whole_krateo_resource_without_endpoint_to_the_in_cluster_api(tmp_path: Path) -> None:
    esc = {
        "apiVersion": "finops.krateo.io/v1",
        "kind": "ExporterScraperConfig",
        "metadata": {"name": "all-cr-exporter"},
        "spec": {
            "exporterConfig": {
                "api": {"path": "/apis/finops.krateo.io/v1/namespaces/ns/focusconfigs?limit=500", "verb": "GET"},
                "metricType": "cost",
                "pollingInterval": "0s",
            }
        },
    }
    with pytest.raises(ConfigError) as info:  # no service account in the test machine: reported, not crashed
        load_config(_write(tmp_path, esc), environ={})
    assert "serviceaccount/token" in str(info.value)
    assert "serviceaccount/ca.crt" in str(info.value)
    assert IN_CLUSTER_URL == "https://kubernetes.default.svc"


def test_maps_krateo_generic_and_reports_krateo_errors_at_once(tmp_path: Path) -> None:
    endpoint = _endpoint(
        tmp_path, **{"server-url": "http://prom:9090", "username": "u", "token": "t", "awsAccessKey": "x"}
    )
    generic = {
        "api": {"path": "/api/v1/query?query=container_cpu_usage_seconds_total", "endpointRef": {"name": "e"}},
        "metricType": "Generic",
        "pollingInterval": "5m",
        "generic": {"metricName": "cpu", "valueColumnIndex": 14},
    }
    bad = {"api": {"path": "/x"}, "metricType": "resource", "pollingInterval": "soon", "extra": 1}
    path = _write(
        tmp_path,
        {
            "sources": [
                {"name": "g", "krateo": {"exporterConfig": generic}, "endpoint_dir": str(endpoint)},
                {"name": "b", "krateo": bad, "endpoint_dir": str(endpoint)},
            ]
        },
    )
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={})
    text = str(info.value)
    for needle in (
        "AWS SigV4",
        "resource (Azure Monitor)",
        "pollingInterval: not a duration",
        "unknown ExporterConfig",
    ):
        assert needle in text, needle


def test_focus_spec_fields_are_mapped_to_focus_columns() -> None:
    row = focus_spec_to_row(
        {
            "billedCost": "27000",
            "commitmentDiscoutId": "cd",
            "contractedUnitCost": "1",
            "tags": [{"key": "b", "value": "2"}, {"key": "a", "value": "1"}],
        }
    )
    assert row == {
        "BilledCost": "27000",
        "CommitmentDiscountId": "cd",
        "ContractedUnitPrice": "1",
        "Tags": '{"a":"1","b":"2"}',
    }


def test_columns_all_is_a_cost_layout_of_its_own(tmp_path: Path) -> None:
    path = _write(tmp_path, {"sources": [{"name": "f", "path": "/data/focus.csv", "columns": "all"}]})
    (source,) = load_config(path, environ={}).sources
    assert source.columns is Columns.ALL
    assert (
        load_config(_write(tmp_path, {"sources": [{"name": "f", "path": "/x"}]}), environ={}).sources[0].columns
        is Columns.COMPACT
    )
    bad = _write(
        tmp_path,
        {
            "sources": [
                {"name": "a", "path": "/x", "columns": "all", "metrics": ["billed_cost"]},
                {"name": "b", "path": "/x", "columns": "some"},
                {"name": "c", "path": "/x", "columns": "all", "mode": "generic", "generic": {"metric_name": "m"}},
                {"name": "d", "path": "/x", "metrics": ["list_unit_price"]},
            ]
        },
    )
    with pytest.raises(ConfigError) as info:
        load_config(bad, environ={})
    text = str(info.value)
    assert "sources[0].columns: columns: all exposes every column" in text
    assert "sources[1].columns: must be one of compact, all" in text
    assert "sources[2].columns: only applies to mode: cost" in text
    assert "sources[3]" not in text  # every FOCUS metric column can be exposed
