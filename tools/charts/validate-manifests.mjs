#!/usr/bin/env node
// Validates rendered Kubernetes manifests offline.
//
//   node tools/charts/validate-manifests.mjs [--quiet] <file-or-directory>...
//
// Every YAML document in the given files (directories are searched for *.yaml / *.yml) must be a
// Kubernetes object of a kind the `kubernetes-models` package knows, and must pass that kind's
// OpenAPI schema (`new Model(obj).validate()`); a kind it does not know (a CRD, a typo in kind
// or apiVersion) is an error. On top of the schema, the itops rules are checked for the charts'
// workloads: the hardened security context, health probes, resources, no literal passwords in
// container environments or ConfigMaps, and the hook annotations of the migration Job; and no
// two objects of one chart may share kind, namespace and name.
//
// Prints one line per error and, at the end, `validated N objects in M charts`. Exit status: 0
// when everything is valid, 1 on any error, 2 on a usage error. A chart is the first path segment
// of helm's `# Source: <chart>/templates/...` comment; a document without one counts under its
// file name.
//
// Needs the `yaml` and `kubernetes-models` (4.x or 5.x) npm packages. Plain ESM, Node >= 20.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const inputs = args.filter((a) => a !== '--quiet');
if (inputs.length === 0 || inputs.some((a) => a.startsWith('-'))) {
  console.error('usage: validate-manifests.mjs [--quiet] <file-or-directory>...');
  process.exit(2);
}

function collect(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    console.error(`error: ${path}: no such file or directory`);
    process.exit(2);
  }
  if (!st.isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((f) => {
      const p = join(path, f);
      return statSync(p).isDirectory() ? collect(p) : /\.ya?ml$/.test(f) ? [p] : [];
    });
}
const files = inputs.flatMap(collect);
if (files.length === 0) {
  console.error(`error: no YAML files in ${inputs.join(' ')}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Kubernetes schema validation through kubernetes-models
// ---------------------------------------------------------------------------------------------
const API_VERSION = /^(?:[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const modelCache = new Map();

/** The kubernetes-models class for apiVersion/kind, or null when the package has none. */
async function modelFor(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (modelCache.has(key)) return modelCache.get(key);
  let model = null;
  if (API_VERSION.test(apiVersion) && KIND.test(kind)) {
    try {
      const mod = await import(`kubernetes-models/${apiVersion}/${kind}`);
      const cls = mod[kind];
      // Only top-level kinds carry apiVersion/kind; nested types (e.g. DeploymentSpec) do not.
      if (typeof cls === 'function' && cls.apiVersion === apiVersion && cls.kind === kind) model = cls;
    } catch (err) {
      if (!['ERR_PACKAGE_PATH_NOT_EXPORTED', 'ERR_MODULE_NOT_FOUND'].includes(err?.code)) throw err;
    }
  }
  modelCache.set(key, model);
  return model;
}

function schemaErrors(err) {
  if (Array.isArray(err?.errors) && err.errors.length) {
    return err.errors.map((e) => {
      const at = e.instancePath || '/';
      const extra = e.params?.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : '';
      return `${at} ${e.message ?? e.keyword}${extra}`;
    });
  }
  return [String(err?.message ?? err)];
}

// ---------------------------------------------------------------------------------------------
// itops rules
// ---------------------------------------------------------------------------------------------
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|CREDENTIAL/i;
const isItops = (obj) => obj?.metadata?.labels?.['app.kubernetes.io/part-of'] === 'itops';

function podSpecOf(obj) {
  if (obj.kind === 'Deployment' || obj.kind === 'Job') return obj.spec?.template?.spec;
  return undefined;
}

function policyErrors(obj) {
  const errors = [];
  if (!isItops(obj)) return errors;
  const pod = podSpecOf(obj);
  if (pod) {
    const psc = pod.securityContext ?? {};
    if (psc.runAsNonRoot !== true) errors.push('pod securityContext.runAsNonRoot must be true');
    if (psc.runAsUser === 0) errors.push('pod securityContext.runAsUser must not be 0');
    if (psc.seccompProfile?.type !== 'RuntimeDefault') errors.push('pod securityContext.seccompProfile.type must be RuntimeDefault');
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const where = `container ${c.name}`;
      const sc = c.securityContext ?? {};
      if (sc.runAsNonRoot !== true) errors.push(`${where}: securityContext.runAsNonRoot must be true`);
      if (sc.readOnlyRootFilesystem !== true) errors.push(`${where}: securityContext.readOnlyRootFilesystem must be true`);
      if (sc.allowPrivilegeEscalation !== false) errors.push(`${where}: securityContext.allowPrivilegeEscalation must be false`);
      if (sc.privileged === true) errors.push(`${where}: must not be privileged`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) errors.push(`${where}: securityContext.capabilities.drop must contain ALL`);
      if ((sc.capabilities?.add ?? []).length) errors.push(`${where}: must not add capabilities`);
      const seccomp = sc.seccompProfile?.type ?? psc.seccompProfile?.type;
      if (seccomp !== 'RuntimeDefault') errors.push(`${where}: seccompProfile must be RuntimeDefault`);
      if (!c.resources?.requests) errors.push(`${where}: resources.requests must be set`);
      for (const e of c.env ?? []) {
        if (SECRET_NAME.test(e.name) && e.value !== undefined) {
          errors.push(`${where}: env ${e.name} has a literal value; take it from a Secret (valueFrom.secretKeyRef)`);
        }
      }
      if (obj.kind === 'Deployment') {
        if (c.livenessProbe?.httpGet?.path !== '/health/live') errors.push(`${where}: livenessProbe must GET /health/live`);
        if (c.readinessProbe?.httpGet?.path !== '/health/ready') errors.push(`${where}: readinessProbe must GET /health/ready`);
      }
    }
  }
  if (obj.kind === 'ConfigMap') {
    for (const k of Object.keys(obj.data ?? {})) {
      if (SECRET_NAME.test(k)) errors.push(`data.${k}: secrets do not belong in a ConfigMap`);
    }
  }
  if (obj.kind === 'Job' && obj.metadata?.labels?.['app.kubernetes.io/component'] === 'migration') {
    const a = obj.metadata.annotations ?? {};
    const hooks = (a['helm.sh/hook'] ?? '').split(',').map((s) => s.trim());
    const policy = (a['helm.sh/hook-delete-policy'] ?? '').split(',').map((s) => s.trim());
    for (const h of ['pre-install', 'pre-upgrade']) if (!hooks.includes(h)) errors.push(`migration Job: helm.sh/hook must include ${h}`);
    for (const p of ['before-hook-creation', 'hook-succeeded']) if (!policy.includes(p)) errors.push(`migration Job: helm.sh/hook-delete-policy must include ${p}`);
    if (pod?.restartPolicy !== 'Never' && pod?.restartPolicy !== 'OnFailure') errors.push('migration Job: restartPolicy must be Never or OnFailure');
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
const charts = new Set();
const seen = new Map();
let objects = 0;
let failures = 0;

function fail(where, what, messages) {
  failures++;
  for (const m of messages) console.error(`ERROR ${where}: ${what}: ${m}`);
}

for (const file of files) {
  const rel = relative(process.cwd(), file) || file;
  const text = readFileSync(file, 'utf8');
  const docs = parseAllDocuments(text, { prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const [i, doc] of list.entries()) {
    const comments = [doc.commentBefore, doc.contents?.commentBefore].filter(Boolean).join('\n');
    const source = /(?:^|\n)\s*Source: ([^/\s]+)\//.exec(comments);
    const chart = source ? source[1] : rel;
    const docWhere = `${rel} document ${i + 1}`;
    if (doc.errors?.length) {
      charts.add(chart);
      fail(docWhere, 'yaml', doc.errors.map((e) => e.message.split('\n')[0]));
      continue;
    }
    const obj = doc.toJS({ maxAliasCount: 100 });
    if (obj === null || obj === undefined) continue; // empty document (e.g. a disabled template)
    charts.add(chart);
    objects++;
    if (typeof obj !== 'object' || Array.isArray(obj)) {
      fail(docWhere, 'object', ['is not a mapping']);
      continue;
    }
    const { apiVersion, kind } = obj;
    const name = obj.metadata?.name;
    const where = `${rel} ${kind ?? '<no kind>'}/${name ?? '<no name>'}`;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string' || !name) {
      fail(where, 'object', ['apiVersion, kind and metadata.name must be set']);
      continue;
    }
    const model = await modelFor(apiVersion, kind);
    if (!model) {
      fail(where, 'kind', [`unknown kind ${kind} in ${apiVersion} (not in kubernetes-models)`]);
      continue;
    }
    const errors = [];
    try {
      new model(obj).validate();
    } catch (err) {
      if (err?.name !== 'ValidationError' && !Array.isArray(err?.errors)) throw err;
      fail(where, 'schema', schemaErrors(err));
      continue;
    }
    errors.push(...policyErrors(obj));
    const id = `${chart}|${apiVersion.split('/')[0]}|${kind}|${obj.metadata.namespace ?? ''}|${name}`;
    if (seen.has(id) && seen.get(id) !== file) {
      // The same chart rendered with another value set lives in another file: fine.
    } else if (seen.has(id)) {
      errors.push(`duplicate ${kind} ${name} in chart ${chart}`);
    }
    seen.set(id, file);
    if (errors.length) fail(where, 'policy', errors);
    else if (!quiet) console.log(`ok    ${where}`);
  }
}

const summary = `validated ${objects} objects in ${charts.size} charts`;
if (failures) {
  console.error(`${summary}: ${failures} invalid`);
  process.exit(1);
}
console.log(summary);
