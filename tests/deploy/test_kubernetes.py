"""deploy/kubernetes: every overlay rendered with kustomize (what `kubectl apply -k` runs), every object validated
against the Kubernetes OpenAPI schemas (kubernetes-validate, strict: unknown fields fail) or the Prometheus Operator's
(validators generated from its API types, npm @kubernetes-models/prometheus-operator), and the wiring between
objects checked: selectors find pods, ports exist, every component is scraped, the configurations load with
our own loaders, the rules are the ones promtool tests. No API server runs here: what only a cluster can show
(admission, the operator's reconciliation, DNS, CNI enforcement of NetworkPolicies) is not covered."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from exporters.azure.config import load_config as load_azure_config
from exporters.carbon.config import load_config as load_carbon_config
from exporters.cli import _EXPORTERS
from exporters.focus_cost.config import load_config as load_focus_config
from exporters.forecast.app import load_exporter_config as load_forecast_exporter_config
from exporters.recommendations.config import load_config as load_recommendations_config
from remote_write_adapter.config import AdapterConfig
from reports.forecast.config import load_config as load_forecast_config
from tests.services import ROOT, require_binary

K8S = ROOT / "deploy" / "kubernetes"
OVERLAYS = sorted(p.name for p in (K8S / "overlays").iterdir() if p.is_dir())
OPERATOR_OVERLAYS = ["production", "sidecars", "trial"]
VALIDATORS = ROOT / ".node-validators"
#: the oldest Kubernetes minor we claim (1.30: validation of every field used here) and the newest schemas shipped
KUBERNETES_VERSIONS = ["1.30.0", kubernetes_validate.latest_version()]
WORKLOADS = {"Deployment", "StatefulSet", "Job"}
#: every `finops exporter` subcommand, by the name of its Deployment, Service and scrape job
EXPORTERS = {"focus-cost-exporter", "azure-exporter", "carbon-exporter", "forecast-exporter",
             "recommendations-exporter"}
#: what the sidecars overlay moves into the Prometheus pod; the others stay Deployments there
SIDECARS = {"focus-cost-exporter", "azure-exporter"}
Doc = dict[str, Any]


def kustomize() -> str:
    """kustomize v5 (Debian sid's build, unpacked by scripts/bootstrap.sh): what `kubectl apply -k` runs."""
    path = ROOT / "var" / "kustomize" / "kustomize"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run scripts/bootstrap.sh (tests never skip a missing tool)")
    return str(path)


def _render(overlay: str) -> list[Doc]:
    done = subprocess.run([kustomize(), "build", str(K8S / "overlays" / overlay)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, f"kustomize build {overlay}: {done.stderr}"
    return [d for d in yaml.safe_load_all(done.stdout) if d]


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[Doc]]:
    return {overlay: _render(overlay) for overlay in OVERLAYS}


def _get(docs: list[Doc], kind: str, name: str) -> Doc:
    found = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def _operator_results(docs: list[Doc]) -> list[Doc]:
    require_binary("node")
    if not (VALIDATORS / "node_modules").is_dir():
        pytest.fail("Prometheus Operator schema validators missing: run scripts/bootstrap.sh")
    done = subprocess.run(["node", str(ROOT / "tests" / "deploy" / "node" / "validate.mjs"), str(VALIDATORS)],
                          input=json.dumps(docs), capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    results: list[Doc] = json.loads(done.stdout)
    return results


def _pod_templates(docs: list[Doc]) -> list[tuple[str, Doc, Doc]]:
    """(name, pod metadata, pod spec) of every workload, the Prometheus resources' pods included."""
    out = []
    for d in docs:
        if d["kind"] in WORKLOADS | {"CronJob"}:
            spec = d["spec"]["jobTemplate"]["spec"] if d["kind"] == "CronJob" else d["spec"]
            template = spec["template"]
            out.append((f"{d['kind']}/{d['metadata']['name']}", template["metadata"], template["spec"]))
        elif d["kind"] == "Prometheus":
            spec = d["spec"]
            out.append((f"Prometheus/{d['metadata']['name']}", spec.get("podMetadata", {}), spec))
    return out


def _selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def _overlay_pods(docs: list[Doc]) -> list[tuple[str, dict[str, str], Doc]]:
    return [(name, meta.get("labels", {}), spec) for name, meta, spec in _pod_templates(docs)]


# --- generation, rendering and schemas ------------------------------------------------------------------------


def test_generated_manifests_are_up_to_date() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_kubernetes.py"), "--check"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def test_prometheus_rule_holds_the_rules_promtool_tests() -> None:
    files = sorted((ROOT / "prometheus" / "rules").glob("*.yml"))
    groups = [g for p in files for g in yaml.safe_load(p.read_text())["groups"]]
    rule = yaml.safe_load((K8S / "components" / "operator" / "prometheusrule.yaml").read_text())
    assert rule["spec"]["groups"] == groups
    assert sum(len(g["rules"]) for g in groups) >= 5
    configmap = yaml.safe_load((K8S / "components" / "plain-prometheus" / "prometheus-rules.yaml").read_text())
    assert configmap["data"] == {p.name: p.read_text() for p in files}


def test_every_overlay_renders(rendered: dict[str, list[Doc]]) -> None:
    assert set(rendered) == {"production", "sidecars", "plain", "trial"}
    for overlay, docs in rendered.items():
        assert all(d["metadata"].get("namespace") == "finops" for d in docs if d["kind"] != "Namespace"), overlay


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kubernetes_objects_match_the_openapi_schemas(rendered: dict[str, list[Doc]], overlay: str,
                                                      version: str) -> None:
    problems = []
    checked = 0
    for doc in rendered[overlay]:
        if doc["apiVersion"].startswith("monitoring.coreos.com/"):
            continue
        try:
            kubernetes_validate.validate(doc, version, strict=True)
            checked += 1
        except (kubernetes_validate.ValidationError, kubernetes_validate.SchemaNotFoundError) as exc:
            problems.append(f"{doc['kind']}/{doc['metadata']['name']}: {exc}")
    assert not problems
    assert checked >= 15


def test_the_kubernetes_schema_check_catches_an_unknown_field_and_a_wrong_type(
    rendered: dict[str, list[Doc]],
) -> None:
    adapter = json.loads(json.dumps(_get(rendered["production"], "Deployment", "finops-adapter")))
    adapter["spec"]["template"]["spec"]["containers"][0]["readinessProbes"] = {}
    with pytest.raises(kubernetes_validate.ValidationError, match="readinessProbes"):
        kubernetes_validate.validate(adapter, KUBERNETES_VERSIONS[0], strict=True)
    service = json.loads(json.dumps(_get(rendered["production"], "Service", "finops-adapter")))
    service["spec"]["ports"][0]["port"] = "9201"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(service, KUBERNETES_VERSIONS[0], strict=True)


@pytest.mark.parametrize("overlay", OPERATOR_OVERLAYS)
def test_operator_objects_match_the_prometheus_operator_schemas(rendered: dict[str, list[Doc]],
                                                                 overlay: str) -> None:
    docs = [d for d in rendered[overlay] if d["apiVersion"].startswith("monitoring.coreos.com/")]
    results = _operator_results(docs)
    assert [r for r in results if r["errors"]] == []
    assert {r["kind"] for r in results} >= {"Prometheus", "PrometheusRule", "ServiceMonitor"}


def test_the_operator_schema_check_catches_errors(rendered: dict[str, list[Doc]]) -> None:
    prometheus = json.loads(json.dumps(_get(rendered["production"], "Prometheus", "finops")))
    prometheus["spec"]["remoteWrite"][0]["queueConfig"]["capacity"] = "lots"
    monitor = {"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor", "metadata": {"name": "m"},
               "spec": {"selector": {}, "endpoints": [{"port": "http", "interval": "thirty seconds"}]}}
    unknown = {"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitorr", "metadata": {"name": "u"}}
    results = _operator_results([prometheus, monitor, unknown])
    assert "capacity must be integer" in results[0]["errors"][0]
    assert "interval must match pattern" in results[1]["errors"][0]
    assert results[2]["errors"]


# --- the wiring between objects --------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_pod_runs_non_root_read_only_with_requests(rendered: dict[str, list[Doc]], overlay: str) -> None:
    pods = _pod_templates(rendered[overlay])
    assert len(pods) >= 2
    for name, _meta, spec in pods:
        pod_security = spec.get("securityContext", {})
        assert pod_security.get("runAsNonRoot") is True, name
        assert pod_security.get("seccompProfile") == {"type": "RuntimeDefault"}, name
        for container in spec.get("containers", []):
            where = f"{name} {container['name']}"
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, where
            assert security["allowPrivilegeEscalation"] is False, where
            assert security["capabilities"]["drop"] == ["ALL"], where
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), where


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_adapter_is_replicated_probed_and_reads_its_password_from_a_secret(
    rendered: dict[str, list[Doc]], overlay: str
) -> None:
    docs = rendered[overlay]
    adapter = _get(docs, "Deployment", "finops-adapter")
    pod = adapter["spec"]["template"]
    (container,) = pod["spec"]["containers"]
    assert adapter["spec"]["replicas"] >= 2
    port_names = {p["name"] for p in container["ports"]}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert "http" in port_names
    pdb = _get(docs, "PodDisruptionBudget", "finops-adapter")
    assert _selects(pdb["spec"]["selector"]["matchLabels"], pod["metadata"]["labels"])
    assert pdb["spec"]["minAvailable"] < adapter["spec"]["replicas"]
    _assert_password_from_the_secret(docs, overlay, container, pod["spec"])


def _assert_password_from_the_secret(docs: list[Doc], overlay: str, container: Doc, pod_spec: Doc) -> None:
    env = {e["name"]: e.get("value") for e in container["env"]}
    password_file = Path(env["FINOPS_DB_PASSWORD_FILE"])
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod_spec["volumes"]}
    secret = volumes[mounts[str(password_file.parent)]]["secret"]
    assert {"key": "password", "path": password_file.name} in secret["items"]
    secret_names = {d["metadata"]["name"] for d in docs if d["kind"] == "Secret"}
    if overlay == "trial":  # generated with a hash suffix: the reference must have followed it
        assert secret["secretName"] in secret_names
    else:  # created by the operator of the cluster, never committed
        assert secret["secretName"] == "finops-db" and not secret_names


def _database_readers(docs: list[Doc]) -> dict[str, tuple[dict[str, str], Doc, Doc]]:
    """Every container that reads the database (it is given the password file): name -> (pod labels, pod spec,
    container)."""
    return {f"{name} {c['name']}": (meta.get("labels", {}), spec, c) for name, meta, spec in _pod_templates(docs)
            for c in spec.get("containers", [])
            if any(e["name"] == "FINOPS_DB_PASSWORD_FILE" for e in c.get("env", []))}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_database_reader_gets_the_password_from_the_secret_and_production_its_url(
    rendered: dict[str, list[Doc]], overlay: str
) -> None:
    docs = rendered[overlay]
    readers = _database_readers(docs)
    names = {name.split()[0] for name in readers}
    assert names >= {"Deployment/finops-adapter", "Deployment/forecast-exporter",
                     "Deployment/recommendations-exporter", "CronJob/finops-forecast"}
    for name, (_labels, spec, container) in readers.items():
        _assert_password_from_the_secret(docs, overlay, container, spec)
        env = {e["name"]: e.get("value") for e in container["env"]}
        if overlay == "production":  # the overlay's external database reaches every reader, not the adapter only
            assert env.get("FINOPS_DB_URL", "").startswith("postgresql://finops@db.example.org"), name


def test_the_trial_database_lets_every_reader_in(rendered: dict[str, list[Doc]]) -> None:
    docs = rendered["trial"]
    (rule,) = _get(docs, "NetworkPolicy", "finops-timescaledb")["spec"]["ingress"]
    allowed = [p["podSelector"]["matchLabels"] for p in rule["from"] if "namespaceSelector" not in p]
    readers = _database_readers(docs)
    assert len(readers) >= 4
    for name, (labels, _spec, _container) in readers.items():
        assert any(_selects(a, labels) for a in allowed), name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_migrations_run_once(rendered: dict[str, list[Doc]], overlay: str) -> None:
    docs = rendered[overlay]
    (container,) = _get(docs, "Deployment", "finops-adapter")["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    jobs = [d for d in docs if d["kind"] == "Job"]
    if overlay == "plain":  # components/migration-job
        assert env["FINOPS_DB_MIGRATE"] == "false"
        (job,) = jobs
        assert job["spec"]["template"]["spec"]["containers"][0]["args"][:2] == ["db", "migrate"]
    else:  # the adapter migrates at start-up under an advisory lock
        assert "FINOPS_DB_MIGRATE" not in env and not jobs


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_services_select_pods_and_name_their_ports(rendered: dict[str, list[Doc]], overlay: str) -> None:
    pods = _overlay_pods(rendered[overlay])
    services = [d for d in rendered[overlay] if d["kind"] == "Service"]
    assert services
    for service in services:
        matches = [(n, s) for n, labels, s in pods if _selects(service["spec"]["selector"], labels)]
        assert matches, f"Service {service['metadata']['name']} selects no pod"
        ports = {p["name"] for _n, spec in matches for c in spec.get("containers", []) for p in c.get("ports", [])}
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in ports or service["metadata"]["name"] == "finops-prometheus", port
            # the operator adds the Prometheus container (port "web") itself


@pytest.mark.parametrize("overlay", OPERATOR_OVERLAYS)
def test_every_component_is_scraped_by_a_monitor_prometheus_selects(rendered: dict[str, list[Doc]],
                                                                     overlay: str) -> None:
    docs = rendered[overlay]
    prometheus = _get(docs, "Prometheus", "finops")["spec"]
    scraped: set[str] = set()
    for monitor in (d for d in docs if d["kind"] in {"ServiceMonitor", "PodMonitor"}):
        selector_key = "serviceMonitorSelector" if monitor["kind"] == "ServiceMonitor" else "podMonitorSelector"
        assert _selects(prometheus[selector_key]["matchLabels"], monitor["metadata"]["labels"]), monitor
        wanted = monitor["spec"]["selector"]["matchLabels"]
        if monitor["kind"] == "ServiceMonitor":
            for service in (d for d in docs if d["kind"] == "Service" and _selects(wanted, d["metadata"]["labels"])):
                ports = {p["name"] for p in service["spec"]["ports"]}
                assert {e["port"] for e in monitor["spec"]["endpoints"]} <= ports
                scraped.add(service["metadata"]["labels"]["app.kubernetes.io/name"])
        else:
            assert _selects(wanted, prometheus["podMetadata"]["labels"])
            container_of = {p["name"]: c["name"] for c in prometheus["containers"] for p in c["ports"]}
            scraped.update(container_of[e["port"]] for e in monitor["spec"]["podMetricsEndpoints"])
        if wanted == {"operated-prometheus": "true"}:
            scraped.add("prometheus")  # the operator's own Service for the Prometheus pods
    assert scraped >= {"finops-adapter", "prometheus", *EXPORTERS}
    rule = _get(docs, "PrometheusRule", "finops")
    assert _selects(prometheus["ruleSelector"]["matchLabels"], rule["metadata"]["labels"])


def _deployed_exporters(docs: list[Doc]) -> set[str]:
    """The `finops exporter` subcommands some workload or sidecar runs."""
    return {c["args"][1] for _name, _meta, spec in _pod_templates(docs) for c in spec.get("containers", [])
            if c.get("args", [""])[0] == "exporter"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_exporter_is_deployed(rendered: dict[str, list[Doc]], overlay: str) -> None:
    assert _deployed_exporters(rendered[overlay]) == set(_EXPORTERS)


def test_sidecars_replace_the_exporter_deployments(rendered: dict[str, list[Doc]]) -> None:
    docs = rendered["sidecars"]
    deployments = {d["metadata"]["name"] for d in docs if d["kind"] == "Deployment"}
    assert deployments == {"finops-adapter"} | EXPORTERS - SIDECARS
    assert not [d for d in docs if d["kind"] in {"Service", "ServiceMonitor"} and d["metadata"]["name"] in SIDECARS]
    containers = _get(docs, "Prometheus", "finops")["spec"]["containers"]
    assert {c["name"] for c in containers} == SIDECARS
    assert [c["args"][:2] for c in containers] == [["exporter", "focus-cost"], ["exporter", "azure"]]
    production = rendered["production"]
    assert {d["metadata"]["name"] for d in production if d["kind"] == "Deployment"} == {"finops-adapter", *EXPORTERS}


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


@pytest.mark.parametrize("overlay", OPERATOR_OVERLAYS)
def test_prometheus_resource_writes_to_and_reads_from_the_adapter_as_prometheus_yml_does(
    rendered: dict[str, list[Doc]], overlay: str
) -> None:
    docs = rendered[overlay]
    spec = _get(docs, "Prometheus", "finops")["spec"]
    plain = yaml.safe_load((ROOT / "prometheus" / "prometheus.yml").read_text())
    (write,) = spec["remoteWrite"]
    (read,) = spec["remoteRead"]
    service = _get(docs, "Service", "finops-adapter")
    base = f"http://{service['metadata']['name']}:{service['spec']['ports'][0]['port']}"
    assert write["url"] == base + "/api/v1/write" and read["url"] == base + "/api/v1/read"
    assert write["queueConfig"] == {_camel(k): v for k, v in plain["remote_write"][0]["queue_config"].items()}
    assert read["readRecent"] is False


def test_plain_prometheus_config_reaches_every_component(rendered: dict[str, list[Doc]]) -> None:
    docs = rendered["plain"]
    config = yaml.safe_load(_get(docs, "ConfigMap", "finops-prometheus-config")["data"]["prometheus.yml"])
    services = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Service"}
    jobs = {j["job_name"]: j for j in config["scrape_configs"]}
    assert set(jobs) == {"prometheus", "finops-adapter", *EXPORTERS}
    (dns,) = jobs["finops-adapter"]["dns_sd_configs"]
    headless = services[dns["names"][0]]
    assert headless["spec"]["clusterIP"] == "None"
    assert dns["port"] == headless["spec"]["ports"][0]["port"]
    for job in EXPORTERS:
        host, port = jobs[job]["static_configs"][0]["targets"][0].split(":")
        assert host == job and int(port) in {p["port"] for p in services[host]["spec"]["ports"]}
    host = re.match(r"http://([^:/]+):(\d+)/", config["remote_write"][0]["url"])
    assert host is not None and host[1] in services


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_select_pods_and_let_prometheus_in(rendered: dict[str, list[Doc]], overlay: str) -> None:
    docs = rendered[overlay]
    pods = _overlay_pods(docs)
    policies = [d for d in docs if d["kind"] == "NetworkPolicy"]
    prometheus_labels = [labels for name, labels, _ in pods if "prometheus" in name.lower()]
    assert prometheus_labels
    deny = _get(docs, "NetworkPolicy", "finops-default-deny-ingress")
    assert deny["spec"]["podSelector"] == {} and "ingress" not in deny["spec"]
    for policy in policies:
        selector = policy["spec"]["podSelector"].get("matchLabels", {})
        assert [n for n, labels, _ in pods if _selects(selector, labels)], policy["metadata"]["name"]
    targets = [p for p in policies if p["metadata"]["name"] in {"finops-adapter", "finops-exporters"}]
    assert len(targets) == 2  # sidecars: two exporters live in Prometheus' pod, the others are still Deployments
    for policy in targets:
        target = policy["metadata"]["name"]
        (rule,) = policy["spec"]["ingress"]
        allowed = [p["podSelector"]["matchLabels"] for p in rule["from"]]
        assert any(_selects(a, labels) for a in allowed for labels in prometheus_labels), target


def test_grafana_configmaps_carry_every_dashboard(rendered: dict[str, list[Doc]]) -> None:
    docs = rendered["production"]
    dashboards = sorted((ROOT / "deploy" / "grafana" / "dashboards").glob("*.json"))
    maps = [d for d in docs if d["kind"] == "ConfigMap" and d["metadata"].get("labels", {}).get("grafana_dashboard")]
    assert {k: json.loads(v) for m in maps for k, v in m["data"].items()} == {
        p.name: json.loads(p.read_text()) for p in dashboards}
    (sources,) = [d for d in docs if d["metadata"].get("labels", {}).get("grafana_datasource") == "1"]
    provisioning = yaml.safe_load(next(iter(sources["data"].values())))
    uids = {s["uid"] for s in provisioning["datasources"]}
    assert uids == {s["uid"] for s in yaml.safe_load((ROOT / "deploy" / "grafana-datasources.yml").read_text())[
        "datasources"]}
    assert all("change-me" not in json.dumps(s) for s in provisioning["datasources"])


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_component_configurations_load_with_their_own_loaders(rendered: dict[str, list[Doc]], overlay: str,
                                                              tmp_path: Path) -> None:
    docs = rendered[overlay]
    password = tmp_path / "password"
    password.write_text("secret\n")
    adapter_yml = yaml.safe_load(_get(docs, "ConfigMap", "finops-adapter")["data"]["adapter.yml"])
    (container,) = _get(docs, "Deployment", "finops-adapter")["spec"]["template"]["spec"]["containers"]
    environ = {e["name"]: e["value"] for e in container["env"]} | {"FINOPS_DB_PASSWORD_FILE": str(password)}
    adapter = AdapterConfig.load(file_values=adapter_yml, environ=environ)
    assert adapter.web.port == 9201 and adapter.db_password is not None
    assert adapter.db_migrate is (overlay != "plain")
    focus_file = tmp_path / "focus-exporter.yml"
    focus_file.write_text(_get(docs, "ConfigMap", "focus-cost-exporter")["data"]["focus-exporter.yml"])
    assert load_focus_config(str(focus_file), environ={}).sources
    azure = yaml.safe_load(_get(docs, "ConfigMap", "azure-exporter")["data"]["azure-exporter.yml"])
    assert load_azure_config(file_values=azure, environ={}).subscription_ids
    carbon = yaml.safe_load(_get(docs, "ConfigMap", "carbon-exporter")["data"]["carbon-exporter.yml"])
    assert load_carbon_config(file_values=carbon, environ={}).source_names() == ["embedded_table"]  # no key needed
    secret_env = {"FINOPS_DB_PASSWORD_FILE": str(password)}
    forecast_file = tmp_path / "forecast.yml"
    forecast_file.write_text(_get(docs, "ConfigMap", "finops-forecast")["data"]["forecast.yml"])
    job, _ = load_forecast_config(str(forecast_file), environ=secret_env)  # the CronJob's loader
    exporter = load_forecast_exporter_config(str(forecast_file), environ=secret_env)
    assert "password=secret" in job.dsn and exporter.dsn == job.dsn and exporter.budgets
    recommendations_file = tmp_path / "recommendations-exporter.yml"
    recommendations_file.write_text(
        _get(docs, "ConfigMap", "recommendations-exporter")["data"]["recommendations-exporter.yml"])
    assert "password=secret" in load_recommendations_config(str(recommendations_file), environ=secret_env).dsn


