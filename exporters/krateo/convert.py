"""`finops krateo convert DIR`: Krateo's collection resources -> this project's configuration files.

Every ``*.yaml``/``*.yml`` under DIR is read (multi-document files and ``kubectl get -o yaml`` Lists too, in the
API's shape or the one Krateo's operator writes). What each kind becomes:

* ExporterScraperConfig, metricType cost/generic: a source of ``focus-exporter.yml`` (the FOCUS exporter); its
  endpoint Secret (found beside it) is written to ``endpoints/<namespace>/<name>/<key>`` and the source points
  there. One whose API lists FocusConfigs (what Krateo's focus operator creates) is replaced by the FocusConfig
  rows themselves.
* ExporterScraperConfig, metricType resource: resource IDs and metrics of ``azure-exporter.yml`` (the Azure
  exporter queries Azure Monitor with its own credentials; the bearer-token Secret is not used).
* the scraper part (``spec.scraperConfig``, ScraperConfig): Prometheus scrape jobs in ``prometheus.yml``; the
  target table has no counterpart (samples land in ``finops.samples``, FOCUS rows in ``finops.focus_costs``). A
  ScraperConfig of an ESC in DIR adds no job (the converted exporter's job replaces it: scraping the Krateo
  exporter as well would read the bill twice).
* FocusConfig: a row of ``focus-configs.csv``, read by a ``path`` source of ``focus-exporter.yml``.
* DatabaseConfig: the ``remote_write`` (and ``remote_read``) section of ``prometheus.yml``, pointing at the
  adapter, with basic auth of the same user when its password Secret is beside it.
* Secret: used by the resources above; anything else: not converted, with the reason.

The exporter configurations are checked by loading them with the exporters' own loaders; a source that does not
load is left out and reported with the loader's words. An environment variable a source reads (Krateo's
upper-case ``additionalVariables``) that is not set here gets a stand-in for that check and is listed: the
exporter needs it at run time.
"""

from __future__ import annotations

import base64
import binascii
import csv
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

from exporters.azure.config import load_config as load_azure_config
from exporters.focus_cost import krateo
from exporters.focus_cost.config import _Problems, load_config
from finops.config import parse_duration
from finops.errors import ConfigError
from focus.columns import column, is_focus_column

ESC = "ExporterScraperConfig"
SCRAPE_INTERVAL = "60s"  # Prometheus marks series stale after 5 minutes: Krateo's hourly scrapes cannot be kept
_NOT_HERE = {
    "Notebook": "notebooks run SQL on CrateDB; here the data is SQL in PostgreSQL (finops.focus, Grafana)",
    "ConfigManagerVM": "VM actions are not part of data collection",
}


@dataclass
class Outcome:
    kind: str
    name: str
    file: str
    converted: bool
    detail: str


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    env_needed: set[str] = field(default_factory=set)

    def add(self, doc: Mapping[str, Any], file: str, converted: bool, detail: str) -> None:
        meta = doc.get("metadata") if isinstance(doc.get("metadata"), Mapping) else {}
        assert isinstance(meta, Mapping)
        name = f"{meta.get('namespace') or '-'}/{meta.get('name') or '?'}"
        self.outcomes.append(Outcome(str(doc.get("kind") or "?"), name, file, converted, detail))

    @property
    def ok(self) -> bool:
        return all(o.converted for o in self.outcomes)

    def text(self) -> str:
        lines = [f"{len([o for o in self.outcomes if o.converted])} converted, "
                 f"{len([o for o in self.outcomes if not o.converted])} not converted"]
        for o in self.outcomes:
            mark = "converted    " if o.converted else "NOT converted"
            lines.append(f"  {mark} {o.kind} {o.name} ({o.file}): {o.detail}")
        lines += [f"  needs environment variable {n} at run time" for n in sorted(self.env_needed)]
        lines += [f"  wrote {p}" for p in self.written]
        return "\n".join(lines)


def _documents(directory: Path, report: Report) -> list[tuple[str, dict[str, Any]]]:
    out = []
    files = sorted(p for p in directory.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())
    if not files:
        raise ConfigError([f"no *.yaml or *.yml files in {directory}"], source=str(directory))
    for path in files:
        rel = str(path.relative_to(directory))
        try:
            docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            report.outcomes.append(Outcome("?", "-", rel, False, f"not readable YAML: {exc}".replace("\n", " ")))
            continue
        for i, raw in enumerate(docs):
            items = raw.get("items") if isinstance(raw, dict) and str(raw.get("kind", "")).endswith("List") else None
            if isinstance(items, list):  # `kubectl get … -o yaml`: a List of the resources
                entries = [(f"{rel}#{i}.items[{j}]", item) for j, item in enumerate(items)]
            else:
                entries = [(rel, raw)]
            for where, item in entries:
                doc = krateo.normalize_resource(item) if isinstance(item, dict) else None
                if doc is None or not doc.get("kind"):
                    label = where if where != rel else f"{rel}#{i}"
                    report.outcomes.append(Outcome("?", "-", label, False, "not a Kubernetes resource"))
                else:
                    out.append((where, doc))
    return out


def _namespaced(doc: Mapping[str, Any]) -> tuple[str, str]:
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), Mapping) else {}
    assert isinstance(meta, Mapping)
    return str(meta.get("namespace") or ""), str(meta.get("name") or "")


def _group_key(doc: Mapping[str, Any]) -> str:
    """The group finops-operator-focus puts a FocusConfig in: `<db namespace>..<db name>..<table>`, `....` for
    one without a scraperConfig (status.groupKey when the operator wrote it)."""
    status = doc.get("status") if isinstance(doc.get("status"), Mapping) else {}
    assert isinstance(status, Mapping)
    if isinstance(status.get("groupKey"), str):
        return str(status["groupKey"])
    spec = doc.get("spec") if isinstance(doc.get("spec"), Mapping) else {}
    assert isinstance(spec, Mapping)
    scraper = spec.get("scraperConfig") if isinstance(spec.get("scraperConfig"), Mapping) else {}
    assert isinstance(scraper, Mapping)
    db = scraper.get("scraperDatabaseConfigRef") if isinstance(scraper.get("scraperDatabaseConfigRef"), Mapping) else {}
    assert isinstance(db, Mapping)
    return f"{db.get('namespace') or ''}..{db.get('name') or ''}..{scraper.get('tableName') or ''}"


def _listed_focus_configs(path: str, documents: list[tuple[str, dict[str, Any]]]) -> tuple[str, int]:
    """(namespace, how many FocusConfigs of DIR) an ESC of the focus operator lists through the Kubernetes API."""
    parts = urlsplit(path)
    match = re.search(r"/namespaces/([^/]+)/focusconfigs", parts.path)
    namespace = match[1] if match else ""
    selector = next((v.split("=", 1)[1] for v in parse_qs(parts.query).get("fieldSelector", [])
                     if v.startswith("status.groupKey=")), None)
    count = sum(1 for _f, d in documents if d["kind"] == "FocusConfig"
                and (not namespace or _namespaced(d)[0] == namespace)
                and (selector is None or _group_key(d) == selector))
    return namespace, count


def _owner_esc(doc: Mapping[str, Any], escs: set[tuple[str, str]]) -> tuple[str, str] | None:
    """The ExporterScraperConfig of DIR whose exporter this ScraperConfig scrapes (the exporter operator creates
    `<esc>-scraper` with an ownerReference to it)."""
    namespace, name = _namespaced(doc)
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), Mapping) else {}
    assert isinstance(meta, Mapping)
    for owner in meta.get("ownerReferences") or []:
        if isinstance(owner, Mapping) and owner.get("kind") == ESC and (namespace, str(owner.get("name"))) in escs:
            return namespace, str(owner["name"])
    if name.endswith("-scraper") and (namespace, name.removesuffix("-scraper")) in escs:
        return namespace, name.removesuffix("-scraper")
    return None


def _secret_data(doc: Mapping[str, Any]) -> dict[str, str] | str:
    data: dict[str, str] = {}
    for key, value in (doc.get("data") or {}).items():
        try:
            data[str(key)] = base64.b64decode(str(value), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return f"data.{key} is not base64 of UTF-8 text"
    data.update({str(k): str(v) for k, v in (doc.get("stringData") or {}).items()})
    return data


def _ref(node: Any) -> tuple[str, str] | None:
    if isinstance(node, Mapping) and node.get("name"):
        return str(node.get("namespace") or ""), str(node["name"])
    return None


def _write_secret(output: Path, ref: tuple[str, str], data: Mapping[str, str]) -> Path:
    directory = output / "endpoints" / (ref[0] or "default") / ref[1]
    directory.mkdir(parents=True, exist_ok=True)
    for key, value in data.items():
        target = directory / key
        target.write_text(value, encoding="utf-8")
        target.chmod(0o600)
    return directory


def _azure_source(exporter: Mapping[str, Any]) -> tuple[str, list[str], str]:
    """(resource id, metric names, granularity) of a Krateo Azure Monitor ESC; ValueError says what is missing."""
    api = exporter.get("api") if isinstance(exporter.get("api"), Mapping) else {}
    assert isinstance(api, Mapping)
    variables = {str(k): str(v) for k, v in (exporter.get("additionalVariables") or {}).items() if v is not None}
    path = re.sub(r"<([A-Za-z_][A-Za-z0-9_.-]*)>", lambda m: variables.get(m[1], m[0]), str(api.get("path") or ""))
    parts = urlsplit(path)
    resource_id = variables.get("ResourceId") or parts.path.split("/providers/microsoft.insights", 1)[0]
    if not re.match(r"^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/[^/]+/[^/]+/[^/<>]+$", resource_id, re.I):
        raise ValueError(f"no ARM resource ID in additionalVariables.ResourceId or api.path (got {resource_id!r})")
    query = parse_qs(parts.query)
    names = [n.strip() for v in query.get("metricnames", []) for n in v.split(",") if n.strip()]
    if not names:
        raise ValueError("api.path names no metric (metricnames=...)")
    interval = (query.get("interval") or ["PT1M"])[0].upper()
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?", interval)
    if not match or not (match[1] or match[2]):
        raise ValueError(f"interval {interval!r} is not an ISO 8601 duration in hours/minutes")
    return resource_id, names, f"{int(match[1] or 0) * 60 + int(match[2] or 0)}m"


def _write_yaml(path: Path, header: str, data: Any, report: Report) -> None:
    path.write_text(header + yaml.safe_dump(data, sort_keys=False, width=120), encoding="utf-8")
    report.written.append(path)


def convert(directory: Path, output: Path, *, adapter_url: str, environ: Mapping[str, str] | None = None) -> Report:
    """Converts what DIR holds into OUTPUT; every resource ends up in the report, converted or not."""
    environ = os.environ if environ is None else environ
    report = Report()
    documents = _documents(directory, report)
    output.mkdir(parents=True, exist_ok=True)
    secrets: dict[tuple[str, str], Any] = {}
    for _file, doc in documents:
        if doc["kind"] == "Secret" and doc.get("apiVersion") == "v1":
            ref = _ref(doc.get("metadata"))
            if ref:
                secrets[ref] = _secret_data(doc)
                secrets.setdefault(("", ref[1]), secrets[ref])
    sources: list[tuple[dict[str, Any], str, Mapping[str, Any]]] = []  # (native entry, file, resource)
    azure_ids: list[str] = []
    azure_metrics: dict[str, dict[str, Any]] = {}
    azure_poll: list[float] = []
    scrape_intervals: list[str] = []
    focus_rows: list[tuple[dict[str, str | None], str, Mapping[str, Any]]] = []
    remote_auth: dict[str, Any] | None = None
    used_secrets: set[tuple[str, str]] = set()
    escs = {_namespaced(d) for _f, d in documents if d["kind"] == ESC}
    covered: list[tuple[str, Mapping[str, Any], tuple[str, str]]] = []  # ScraperConfigs of the ESCs in DIR

    def secret_for(ref: tuple[str, str] | None) -> Any:
        if ref is None:
            return None
        return secrets.get(ref) if ref in secrets else secrets.get(("", ref[1]))

    for file, doc in documents:
        kind = doc["kind"]
        spec = doc.get("spec") if isinstance(doc.get("spec"), Mapping) else None
        is_krateo = str(doc.get("apiVersion", "")).startswith(krateo.API_GROUP + "/")
        if kind == "Secret":
            continue
        if not is_krateo:
            report.add(doc, file, False, _NOT_HERE.get(kind, f"{doc.get('apiVersion')} {kind} is not a Krateo "
                                                       "FinOps collection resource"))
            continue
        if spec is None:
            report.add(doc, file, False, "spec is missing or not a mapping")
            continue
        name = str(doc.get("metadata", {}).get("name") or "krateo")
        if kind == ESC:
            exporter = spec.get("exporterConfig")
            if not isinstance(exporter, Mapping):
                report.add(doc, file, False, "spec.exporterConfig is missing")
                continue
            scraper = spec.get("scraperConfig")
            if isinstance(scraper, Mapping) and scraper.get("pollingInterval"):
                scrape_intervals.append(str(scraper["pollingInterval"]))
            api = exporter.get("api") if isinstance(exporter.get("api"), Mapping) else {}
            assert isinstance(api, Mapping)
            if str(exporter.get("metricType") or "cost").lower() == "resource":
                try:
                    rid, names, grain = _azure_source(exporter)
                    poll = parse_duration(str(exporter.get("pollingInterval") or "5m")) or 300.0
                except ValueError as exc:
                    report.add(doc, file, False, f"metricType resource: {exc}")
                    continue
                azure_ids.append(rid)
                rtype = rid.split("/providers/", 1)[1].rsplit("/", 1)[0]
                entry = azure_metrics.setdefault(rtype, {"granularity": grain, "metrics": []})
                entry["metrics"] += [{"name": n} for n in names if {"name": n} not in entry["metrics"]]
                azure_poll.append(poll)
                report.add(doc, file, True, f"azure-exporter.yml: resource {rid}, metrics {', '.join(names)} every "
                           f"{grain} (credentials: DefaultAzureCredential, not the token Secret)")
                continue
            if "/focusconfigs" in str(api.get("path") or "") and api.get("endpointRef") is None:
                namespace, listed = _listed_focus_configs(str(api.get("path")), documents)
                where = f"lists FocusConfigs of namespace {namespace or '(any)'} through the Kubernetes API"
                if listed:
                    report.add(doc, file, True, f"{where}: replaced by their {listed} row{'s' * (listed != 1)} in "
                               "focus-configs.csv")
                else:
                    report.add(doc, file, False, f"{where}, and none is in {directory}: add them (kubectl get "
                               f"focusconfigs{f' -n {namespace}' if namespace else ' -A'} -o yaml > focusconfigs.yaml)")
                continue
            ref = _ref(api.get("endpointRef"))
            endpoint_dir = None
            if ref is not None:
                data = secret_for(ref)
                if data is None:
                    report.add(doc, file, False, f"endpoint Secret {ref[0]}/{ref[1]} is not in {directory}")
                    continue
                if isinstance(data, str):
                    report.add(doc, file, False, f"endpoint Secret {ref[1]}: {data}")
                    continue
                endpoint_dir = str(_write_secret(output, ref, data))
                used_secrets.add(ref)
            problems = _Problems()
            mapped = krateo.map_exporter_config(exporter, name=name, endpoint_dir=endpoint_dir,
                                                where="spec.exporterConfig", problems=problems)
            if mapped is None:
                report.add(doc, file, False, "; ".join(problems.items))
                continue
            sources.append((mapped, file, doc))
        elif kind == "ScraperConfig":
            nested = spec.get("scraperConfig")
            if isinstance(nested, Mapping) and not spec.get("api") and not spec.get("tableName"):
                report.add(doc, file, False, f"spec.scraperConfig holds {', '.join(map(str, nested))}: a "
                           "ScraperConfig has them directly under spec (the nesting of finops-operator-scraper's "
                           "README example, which its CRD refuses)")
                continue
            ref = _ref((spec.get("api") or {}).get("endpointRef") if isinstance(spec.get("api"), Mapping) else None)
            if ref is not None:
                used_secrets.add(ref)
            owner = _owner_esc(doc, escs)
            if owner is not None:  # its exporter becomes ours: scraping the Krateo one would read it twice
                covered.append((file, doc, owner))
                continue
            data = secret_for(ref)
            if ref is None:
                report.add(doc, file, False, "spec.api.endpointRef is missing: nothing says where to scrape")
                continue
            if not isinstance(data, Mapping) or not data.get("server-url"):
                report.add(doc, file, False, f"its api.endpointRef Secret {ref[0]}/{ref[1]} (with server-url) is "
                           f"not in {directory}, and its ExporterScraperConfig is not either")
                continue
            scrape_intervals.append(str(spec.get("pollingInterval") or SCRAPE_INTERVAL))
            report.add(doc, file, True, f"scrape job krateo-{name} in prometheus.yml (table "
                       f"{spec.get('tableName')!r}: samples land in finops.samples)")
            sources.append(({"__scrape__": name, "url": str(data["server-url"]).rstrip("/")
                             + str(spec["api"].get("path") or "/metrics")}, file, doc))
        elif kind == "FocusConfig":
            focus = spec.get("focusSpec")
            if not isinstance(focus, Mapping):
                report.add(doc, file, False, "spec.focusSpec is missing")
                continue
            row = krateo.focus_spec_to_row(focus)
            unknown = [c for c in row if not is_focus_column(c)]
            if unknown:
                report.add(doc, file, False, f"not FOCUS columns: {', '.join(unknown)}")
                continue
            focus_rows.append((row, file, doc))
        elif kind == "DatabaseConfig":
            user = spec.get("username")
            ref = _ref(spec.get("passwordSecretRef"))
            if not user or ref is None:
                report.add(doc, file, False, "spec.username and spec.passwordSecretRef are required")
                continue
            key = str(spec["passwordSecretRef"].get("key") or "password")
            remote_auth = {"username": str(user), "password_file": f"/etc/prometheus/secrets/{ref[1]}/{key}"}
            data = secret_for(ref)
            note = ""
            if isinstance(data, Mapping) and key in data:
                _write_secret(output, ref, {key: data[key]})
                used_secrets.add(ref)
                note = f"; password written to endpoints/{ref[0] or 'default'}/{ref[1]}/{key}"
            report.add(doc, file, True, f"remote_write/remote_read to {adapter_url} with basic auth user {user} "
                       f"(start the adapter with --web.auth.username {user} --web.auth.password-file){note}")
        else:
            report.add(doc, file, False, _NOT_HERE.get(kind, f"{kind} has no counterpart here"))

    focus_sources = [s for s in sources if "__scrape__" not in s[0]]
    if focus_rows:
        csv_path = output / "focus-configs.csv"
        columns = sorted({c for row, _f, _d in focus_rows for c in row}, key=lambda c: column(c).name)
        with csv_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            for row, _f, _d in focus_rows:
                writer.writerow(row)
        report.written.append(csv_path)
        focus_sources.append(({"name": "krateo-focusconfigs", "path": str(csv_path), "interval": "5m",
                               "columns": "all"}, "", {}))
    _exporter_config(output, focus_sources, focus_rows, environ, report)
    if azure_ids:
        azure = {"azure": {"resource_ids": azure_ids, "poll_interval": f"{int(min(azure_poll))}s",
                           "metrics": azure_metrics}}
        load_azure_config(file_values=azure, environ={})
        _write_yaml(output / "azure-exporter.yml", "# written by finops krateo convert; "
                    "run with: finops exporter azure --config.file azure-exporter.yml\n", azure, report)
    _prometheus_config(output, sources, scrape_intervals, remote_auth, adapter_url,
                       (output / "focus-exporter.yml") in report.written, bool(azure_ids), report)
    for scraper_file, scraper_doc, owner in covered:
        esc = f"ExporterScraperConfig {owner[0] or '-'}/{owner[1]}"
        done = [o for o in report.outcomes if o.kind == ESC and o.name == f"{owner[0] or '-'}/{owner[1]}"]
        if done and all(o.converted for o in done):
            job = "azure-exporter" if done[0].detail.startswith("azure-exporter.yml") else "focus-cost-exporter"
            report.add(scraper_doc, scraper_file, True, f"scrapes the exporter of {esc}, converted here: the {job} "
                       "job in prometheus.yml takes its place")
        else:
            report.add(scraper_doc, scraper_file, False, f"scrapes the exporter of {esc}, which is not converted "
                       "(see its line)")
    for ref, data in secrets.items():
        if ref[0] and ref not in used_secrets:
            secret_doc = next(d for _f, d in documents if d["kind"] == "Secret" and _ref(d.get("metadata")) == ref)
            file = next(f for f, d in documents if d is secret_doc)
            report.add(secret_doc, file, False, data if isinstance(data, str) else "no converted resource refers to it")
    return report


def _exporter_config(output: Path, sources: list[tuple[dict[str, Any], str, Mapping[str, Any]]],
                     focus_rows: list[tuple[dict[str, str | None], str, Mapping[str, Any]]],
                     environ: Mapping[str, str], report: Report) -> None:
    """Writes focus-exporter.yml with the sources that load; each one that does not is reported."""
    path = output / "focus-exporter.yml"
    entries = [dict(s[0]) for s in sources]
    stand_in = dict(environ)
    for entry in entries:
        for value in (entry.get("variables") or {}).values():
            if isinstance(value, Mapping) and value.get("env") not in environ:
                report.env_needed.add(str(value["env"]))
                stand_in[str(value["env"])] = "env-" + str(value["env"]).lower().replace("_", "-")
    while entries:
        path.write_text(yaml.safe_dump({"sources": entries}, sort_keys=False, width=120), encoding="utf-8")
        try:
            load_config(str(path), environ=stand_in)
            break
        except ConfigError as exc:
            bad = {int(m[1]) for p in exc.problems if (m := re.match(r"sources\[(\d+)\]", p))}
            if not bad:
                raise
            for i in sorted(bad, reverse=True):
                why = "; ".join(p for p in exc.problems if p.startswith(f"sources[{i}]"))
                _entry, file, doc = sources[i]
                if doc:
                    report.add(doc, file, False, f"does not load: {why}")
                else:
                    for _row, row_file, row_doc in focus_rows:
                        report.add(row_doc, row_file, False, f"does not load: {why}")
                del entries[i], sources[i]
    for entry, file, doc in sources:
        if doc:
            report.add(doc, file, True, f"focus-exporter.yml source {entry['name']} ({entry.get('mode', 'cost')})")
        else:
            for _row, row_file, row_doc in focus_rows:
                report.add(row_doc, row_file, True, "a row of focus-configs.csv (source krateo-focusconfigs)")
    if entries:
        text = path.read_text(encoding="utf-8")
        path.write_text("# written by finops krateo convert; run with: finops exporter focus-cost --config.file "
                        "focus-exporter.yml\n" + text, encoding="utf-8")
        report.written.append(path)
    else:
        path.unlink(missing_ok=True)


def _prometheus_config(output: Path, sources: list[tuple[dict[str, Any], str, Mapping[str, Any]]],
                       intervals: list[str], remote_auth: dict[str, Any] | None, adapter_url: str, focus: bool,
                       azure: bool, report: Report) -> None:
    jobs: list[dict[str, Any]] = []
    if focus:  # focus-exporter.yml was written: ESC sources, FocusConfig rows or both
        jobs.append({"job_name": "focus-cost-exporter", "scrape_interval": SCRAPE_INTERVAL, "scrape_timeout": "30s",
                     "static_configs": [{"targets": ["focus-cost-exporter:9101"]}]})
    if azure:
        jobs.append({"job_name": "azure-exporter", "scrape_interval": SCRAPE_INTERVAL, "scrape_timeout": "30s",
                     "honor_timestamps": True, "static_configs": [{"targets": ["azure-exporter:9102"]}]})
    for entry, _file, _doc in sources:
        if "__scrape__" in entry:
            url = urlsplit(entry["url"])
            job: dict[str, Any] = {"job_name": f"krateo-{entry['__scrape__']}", "scheme": url.scheme or "http",
                                   "metrics_path": url.path or "/metrics",
                                   "static_configs": [{"targets": [url.netloc]}]}
            if url.query:
                job["params"] = {k: v for k, v in parse_qs(url.query).items()}
            jobs.append(job)
    write: dict[str, Any] = {"url": adapter_url.rstrip("/") + "/api/v1/write"}
    read: dict[str, Any] = {"url": adapter_url.rstrip("/") + "/api/v1/read", "read_recent": False}
    if remote_auth:
        write["basic_auth"], read["basic_auth"] = dict(remote_auth), dict(remote_auth)  # no YAML anchors
    config = {"scrape_configs": jobs, "remote_write": [write], "remote_read": [read]}
    note = "".join(f"# Krateo scraped every {i}; Prometheus scrapes every {SCRAPE_INTERVAL} (series go stale after "
                   "5 minutes without a scrape)\n" for i in sorted(set(intervals)) if i != SCRAPE_INTERVAL)
    _write_yaml(output / "prometheus.yml", "# written by finops krateo convert: scrape jobs and the adapter's "
                "remote write/read; merge into your prometheus.yml\n" + note, config, report)
