#!/usr/bin/env node
// Checks that every service chart renders every variable its service reads.
//
//   node tools/charts/check-env-coverage.mjs [--add <service>=<file>]... <rendered-dir>
//
// A service reads its environment only through zod schemas: the common one in
// libs/shared/config/src/config.ts and its own apps/<service>/src/*.config.ts. Every `ITOPS_*` name
// in those files must be set, in the manifests tools/charts/check.sh rendered with the full-values
// fixtures, both
//   - in the service's Deployment (its ConfigMap through envFrom, or an env entry), and
//   - in its migration Job (which loads the same config before migrating),
// in <rendered-dir>/<service>.full.yaml and, when present, in the umbrella's itops.full.yaml.
// A name that the fixtures only set through `config.extra` or `extraEnv` does not count: it needs
// a value of its own in the chart (tools/charts/generate.mjs). An app with a *.config.ts built on
// the common serviceSchema but no chart under charts/ is an error too.
//
// --add <service>=<file> reads one more file as if it were a config file of that service;
// check.sh uses it to show that an unrendered variable fails the check.
//
// Exit status: 0 when every variable is rendered, 1 otherwise, 2 on a usage error.
// Needs the `yaml` npm package. Plain ESM, Node >= 20.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = join(ROOT, 'tools/charts/fixtures');
const COMMON_CONFIG = join(ROOT, 'libs/shared/config/src/config.ts');
const UMBRELLA = 'itops';
/** A variable name: ITOPS_ and upper-case words, not ending in `_` (as in `ITOPS_KAFKA_SASL_*`). */
const VARIABLE = /\bITOPS_[A-Z0-9_]*[A-Z0-9]\b/g;

function usage(message) {
  console.error(`check-env-coverage.mjs: ${message}\nusage: check-env-coverage.mjs [--add <service>=<file>]... <rendered-dir>`);
  process.exit(2);
}

const args = process.argv.slice(2);
const added = new Map();
let renderedDir;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--add') {
    const m = /^([a-z0-9-]+)=(.+)$/.exec(args[++i] ?? '');
    if (!m) usage('--add needs <service>=<file>');
    if (!existsSync(m[2])) usage(`--add: ${m[2]}: no such file`);
    added.set(m[1], [...(added.get(m[1]) ?? []), m[2]]);
  } else if (args[i].startsWith('-') || renderedDir) usage(`unexpected argument ${args[i]}`);
  else renderedDir = args[i];
}
if (!renderedDir) usage('the directory of rendered manifests is missing');
if (!existsSync(renderedDir)) usage(`${renderedDir}: no such directory`);

/** A path as printed: relative to the repository when inside it, else absolute. */
const rel = (p) => {
  const r = relative(ROOT, resolve(p));
  return r && !r.startsWith('..') ? r : resolve(p);
};
const errors = [];

// --- services and the variables they read ------------------------------------------------------
/** Service charts: the charts whose templates include the library's Deployment. */
const charts = readdirSync(join(ROOT, 'charts'))
  .filter((c) => existsSync(join(ROOT, 'charts', c, 'templates', 'deployment.yaml')))
  .sort();

const configFiles = (app) => {
  const dir = join(ROOT, 'apps', app, 'src');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.config.ts')).map((f) => join(dir, f)) : [];
};

// Every service app (one whose config builds on serviceSchema) needs a chart.
for (const app of readdirSync(join(ROOT, 'apps')).sort()) {
  const files = configFiles(app).filter((f) => /\bserviceSchema\b/.test(readFileSync(f, 'utf8')));
  if (files.length && !charts.includes(app)) {
    errors.push(`${app}: ${files.map(rel).join(', ')} configures a service, but there is no chart charts/${app}`);
  }
}
for (const svc of added.keys()) if (!charts.includes(svc)) usage(`--add: no service chart ${svc}`);

function variablesOf(svc) {
  const files = [COMMON_CONFIG, ...configFiles(svc), ...(added.get(svc) ?? [])];
  const found = new Map(); // name -> first file naming it
  for (const f of files) {
    for (const [name] of readFileSync(f, 'utf8').matchAll(VARIABLE)) if (!found.has(name)) found.set(name, rel(f));
  }
  return found;
}

// --- what the fixtures set through the escape hatches ------------------------------------------
/** Names the full-values fixtures give `svc` through config.extra or extraEnv (chart or umbrella). */
function smuggled(svc, umbrella) {
  const sets = umbrella
    ? [parse(readFileSync(join(FIXTURES, 'values-full-umbrella.yaml'), 'utf8'), { merge: true })?.[svc] ?? {}]
    : ['values-full.yaml', `values-full-${svc}.yaml`]
        .map((f) => join(FIXTURES, f))
        .filter(existsSync)
        .map((f) => parse(readFileSync(f, 'utf8'), { merge: true }) ?? {});
  const names = new Set();
  for (const v of sets) {
    for (const k of Object.keys(v.config?.extra ?? {})) names.add(k);
    for (const e of v.extraEnv ?? []) if (e?.name) names.add(e.name);
  }
  return names;
}

// --- what the manifests set --------------------------------------------------------------------
function objectsIn(file) {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS())
    .filter((o) => o && typeof o === 'object' && o.kind);
}

/** Names a workload's containers get: env entries and the keys of ConfigMaps loaded by envFrom. */
function envNames(workload, objects) {
  const names = new Set();
  for (const c of workload.spec?.template?.spec?.containers ?? []) {
    for (const e of c.env ?? []) names.add(e.name);
    for (const from of c.envFrom ?? []) {
      if (!from.configMapRef) continue;
      const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === from.configMapRef.name);
      if (!cm) errors.push(`${workload.kind} ${workload.metadata.name}: envFrom names ConfigMap ${from.configMapRef.name}, which is not rendered`);
      for (const k of Object.keys(cm?.data ?? {})) names.add((from.prefix ?? '') + k);
    }
  }
  return names;
}

function checkRendered(svc, file, umbrella) {
  const objects = objectsIn(file);
  const mine = (o, component) =>
    o.metadata?.labels?.['app.kubernetes.io/name'] === svc && o.metadata?.labels?.['app.kubernetes.io/component'] === component;
  const workloads = [
    ['Deployment', objects.find((o) => o.kind === 'Deployment' && mine(o, 'server'))],
    ['migration Job', objects.find((o) => o.kind === 'Job' && mine(o, 'migration'))],
  ];
  const variables = variablesOf(svc);
  const viaExtra = smuggled(svc, umbrella);
  let missing = 0;
  for (const [what, workload] of workloads) {
    if (!workload) {
      errors.push(`${svc}: ${rel(file)} has no ${what} of ${svc}`);
      missing++;
      continue;
    }
    const rendered = envNames(workload, objects);
    for (const [name, source] of variables) {
      if (viaExtra.has(name)) {
        errors.push(`${svc}: ${name} (${source}) is set only through config.extra/extraEnv in the full-values fixtures; give it a value in tools/charts/generate.mjs`);
        missing++;
      } else if (!rendered.has(name)) {
        errors.push(`${svc}: ${name} (${source}) is not rendered into the ${what} ${workload.metadata.name} in ${rel(file)}; give it a value in tools/charts/generate.mjs and set it in the full-values fixtures`);
        missing++;
      }
    }
  }
  if (!missing) console.log(`-- ${svc}: ${variables.size} variables rendered into the Deployment and the migration Job (${rel(file)})`);
}

const umbrellaFile = join(renderedDir, `${UMBRELLA}.full.yaml`);
for (const svc of charts) {
  const file = join(renderedDir, `${svc}.full.yaml`);
  if (!existsSync(file)) errors.push(`${svc}: ${rel(file)} is missing (render the chart with the full-values fixtures)`);
  else checkRendered(svc, file, false);
  if (existsSync(umbrellaFile)) checkRendered(svc, umbrellaFile, true);
}

for (const e of [...new Set(errors)]) console.error(`ERROR ${e}`);
if (errors.length) process.exit(1);
