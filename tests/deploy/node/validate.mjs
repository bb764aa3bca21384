// Validates Prometheus Operator objects (a JSON array on stdin) with the validators that
// @kubernetes-models/prometheus-operator generates from the operator's API types (monitoring.coreos.com).
// Prints one JSON result per object: {kind, name, errors}; an unknown kind is an error too.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// where scripts/install-k8s-validators.sh installed the package (argv[2])
const root = join(process.argv[2], "node_modules", "@kubernetes-models", "prometheus-operator");

const documents = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const doc of documents) {
  const [group, version] = String(doc.apiVersion).split("/");
  const name = doc.metadata?.name ?? "";
  let errors = [];
  // The generator behind the package makes the embedded TypeMeta of a storage.volumeClaimTemplate a required
  // {apiVersion: monitoring.coreos.com/v1, kind: EmbeddedPersistentVolumeClaim}; in the operator's CRD both are
  // optional strings. Fill them in so that defect does not reject a valid resource.
  const claim = doc.spec?.storage?.volumeClaimTemplate;
  if (claim && claim.apiVersion === undefined && claim.kind === undefined) {
    doc.spec.storage.volumeClaimTemplate = { apiVersion: "monitoring.coreos.com/v1", kind: "EmbeddedPersistentVolumeClaim", ...claim };
  }
  try {
    const module = await import(pathToFileURL(join(root, group, version, `${doc.kind}.js`)).href);
    const Model = module[doc.kind];
    new Model(doc).validate();
  } catch (error) {
    errors = [String(error.message ?? error)];
  }
  results.push({ kind: doc.kind, name, errors });
}
process.stdout.write(JSON.stringify(results));
