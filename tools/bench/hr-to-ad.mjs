#!/usr/bin/env node
// HR to Active Directory, measured on the real local stack (`bin/itops stack up` first):
//   1. joiner latency: N joiners pushed one by one to hr-feed's push API (PUT /v1/employments/:id),
//      each timed until its account is enabled in Samba AD with its department and title;
//   2. snapshot throughput: a synthetic city of M employees imported as one HR snapshot, timed
//      until every person employed today has an enabled account in AD.
// Prints median, p95, p99 and max latency, and accounts per second. Not a test: figures vary
// with the machine. Usage: node tools/bench/hr-to-ad.mjs [joiners=200] [employees=10000]
// The city's employment ids are prefixed with the run's id and imported as a change file, so
// the stack's other employments (a demo city, test data) are left as they are.
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AndFilter, Client, EqualityFilter } from 'ldapts';

const root = new URL('../..', import.meta.url).pathname;
const joiners = Number(process.argv[2] ?? 200);
const employees = Number(process.argv[3] ?? 10000);
const env = Object.fromEntries(
  readFileSync(join(process.env.ITOPS_STATE ?? join(root, '.itops'), 'stack.env'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);
const hrFeed = 'http://127.0.0.1:3101';
const run = Date.now().toString(36).toUpperCase();
const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());

const token = await (await fetch('http://127.0.0.1:59100/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"role":"admin"}' })).json();
const auth = { authorization: `Bearer ${token.access_token}` };
const cli = (...args) => execFileSync(process.execPath, [join(root, 'dist/apps/cli/src/main.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ITOPS_TOKEN: token.access_token } });

const ldap = new Client({ url: env.ITOPS_LDAP_URL, tlsOptions: { rejectUnauthorized: false } });
await ldap.bind(env.ITOPS_LDAP_BIND_DN, env.ITOPS_LDAP_BIND_PASSWORD);
const managedOu = `OU=itops,${env.ITOPS_LDAP_BASE_DN}`;

/** A random valid personnummer (Luhn) born in the 1950s: no city person (born later) shares it. */
const personnummer = () => {
  const day = new Date(Date.UTC(1950, 0, 1) + randomInt(0, 3652) * 86_400_000).toISOString().slice(2, 10).replaceAll('-', '');
  const short = `${day}${randomInt(100, 1000)}`;
  const sum = [...short].reduce((s, c, k) => {
    const d = Number(c) * (k % 2 === 0 ? 2 : 1);
    return s + (d > 9 ? d - 9 : d);
  }, 0);
  return `19${short}${(10 - (sum % 10)) % 10}`;
};
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

// ---- 1. joiner latency -------------------------------------------------------------------
await fetch(`${hrFeed}/v1/customers`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify([{ code: 'N138', name: 'Socialnämnd Centrum' }]) });
const latencies = [];
for (let i = 0; i < joiners; i++) {
  const employmentId = `BJ${run.slice(-5)}${i}`;
  const started = performance.now();
  const response = await fetch(`${hrFeed}/v1/employments/${employmentId}`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      personnummer: personnummer(),
      givenName: 'Bänk',
      surname: `Mätning${run}${i}`,
      customerCode: 'N138',
      unitCode: 'N138-HT1',
      unitName: 'Hemtjänst Centrum 1',
      costCentre: '13800',
      jobCode: 'VÅRD01',
      jobTitle: 'Undersköterska',
      form: 'TV',
      rate: 100,
      startDate: today,
      endDate: null,
      managerEmploymentId: null,
      protectedIdentity: false,
    }),
  });
  if (!response.ok) throw new Error(`push of ${employmentId} failed: ${response.status} ${await response.text()}`);
  const filter = new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'user' }), new EqualityFilter({ attribute: 'employeeID', value: employmentId })] });
  for (;;) {
    const { searchEntries } = await ldap.search(managedOu, { scope: 'sub', filter, attributes: ['userAccountControl', 'department', 'title'] });
    const entry = searchEntries[0];
    if (entry && (Number(entry.userAccountControl) & 2) === 0 && entry.department && entry.title) break;
    if (performance.now() - started > 60_000) throw new Error(`${employmentId}: no enabled account in AD after 60 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
  latencies.push(performance.now() - started);
}
latencies.sort((a, b) => a - b);
const ms = (v) => `${Math.round(v)} ms`;
console.log(`joiner latency, HR push to enabled account in AD (${joiners} joiners, one at a time):`);
console.log(`  median ${ms(percentile(latencies, 50))}  p95 ${ms(percentile(latencies, 95))}  p99 ${ms(percentile(latencies, 99))}  max ${ms(latencies.at(-1))}`);

// ---- 2. snapshot throughput --------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'itops-bench-city-'));
const summary = JSON.parse(cli('city', 'generate', '--employees', String(employees), '--seed', `bench-${run}`, '--out', dir, '--start', today, '--json'));
cli('customers', 'import', join(dir, 'customers.csv'));
const since = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14) + '.0Z';
const enabledSince = async () => {
  const { searchEntries } = await ldap.search(managedOu, {
    scope: 'sub',
    filter: `(&(objectClass=user)(whenCreated>=${since})(!(userAccountControl:1.2.840.113556.1.4.803:=2)))`,
    attributes: ['dn'],
    paged: { pageSize: 1000 },
  });
  return searchEntries.length;
};
const [header, ...rows] = readFileSync(join(dir, 'hr-snapshot.csv'), 'utf8').trimEnd().split('\n');
// AD's employeeID holds at most 16 characters: a short prefix.
const prefix = `R${run.slice(-4)}-`;
const prefixed = rows.map((row) => {
  const cells = row.split(';');
  cells[0] = `${prefix}${cells[0]}`;
  if (cells[14]) cells[14] = `${prefix}${cells[14]}`;
  return cells.join(';');
});
writeFileSync(join(dir, 'hr-snapshot-run.csv'), `${[header, ...prefixed].join('\n')}\n`);
const t0 = performance.now();
cli('hr', 'import', join(dir, 'hr-snapshot-run.csv'), '--changes-only', '--json');
const imported = performance.now() - t0;
let accounts = 0;
let lastChange = performance.now();
while (accounts < summary.personsActive && performance.now() - lastChange < 60_000) {
  await new Promise((r) => setTimeout(r, 2000));
  const now = await enabledSince();
  if (now !== accounts) lastChange = performance.now();
  accounts = now;
}
const total = (lastChange - t0) / 1000;
console.log(`snapshot import of ${employees} employees (${summary.personsActive} persons employed today):`);
console.log(`  hr-feed accepted the file in ${(imported / 1000).toFixed(1)} s; ${accounts} accounts enabled in AD after ${total.toFixed(1)} s: ${(accounts / total).toFixed(1)} accounts/s`);
if (accounts < summary.personsActive) console.log(`  (${summary.personsActive - accounts} persons had no enabled account when the count stopped changing for 60 s)`);
await ldap.unbind();
