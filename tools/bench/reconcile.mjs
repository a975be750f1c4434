#!/usr/bin/env node
// Reconciliation and simulation, measured on the real local stack (`bin/itops stack up` first,
// then `node tools/build.mjs`):
//   1. a directory of N users (default 10,000) in an OU of the run's own below OU=itops, created
//      directly over LDAP with their role groups (one group holds every user, so its members are
//      read with range retrieval), and identity's records of the same people in a fresh database;
//   2. a full reconciliation of that OU against HR and the roles (in-process, the service's own
//      use case: paged search, range retrieval, comparison, no --apply), timed;
//   3. ldapsearch (OpenLDAP) reading the same users and groups (paged, the same attributes, every
//      member range), timed in the same run; then the ratio;
//   4. simulation of a rule change over 57,000 synthetic identities (the domain function), timed.
// Not a test: figures vary with the machine. The OU and the database are removed at the end.
// Usage: node tools/bench/reconcile.mjs [users=10000] [simulated=57000]
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Attribute, Change, Client } from 'ldapts';

const root = new URL('../..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
require('reflect-metadata');
const dist = (path) => require(join(root, 'dist', path));
const { identitySchema, AccessRuleSetRepository, AccessStateRepository, AuditLogRepository, AccessRequestRepository } = dist('libs/identity/data-access/src/index.js');
const { RoleIndex, simulateRuleChange } = dist('libs/identity/domain/src/index.js');
const { DataSource, dataSourceOptions, runMigrations, RunLockRepository } = dist('libs/shared/persistence/src/index.js');
const { createTestDatabase } = dist('libs/shared/testing/src/index.js');
const { EventPublisher } = dist('libs/shared/messaging/src/index.js');
const { loadConfig } = dist('libs/shared/config/src/index.js');
const { identityConfigSchema, directorySettings } = dist('apps/identity/src/identity.config.js');
const { tlsOptionsFor, objectGuid } = dist('libs/shared/ldap/src/index.js');
const { DesiredAccessService } = dist('apps/identity/src/access/desired-access.service.js');
const { ReconcileAccess } = dist('apps/identity/src/access/reconcile-access.use-case.js');
const { AccessRules } = dist('apps/identity/src/access/access-rules.use-case.js');
const { SimulateAccess } = dist('apps/identity/src/access/simulate-access.use-case.js');

const users = Number(process.argv[2] ?? 10_000);
const simulated = Number(process.argv[3] ?? 57_000);
const caFile = join(root, '.itops/samba/private/tls/ca.pem');
const config = loadConfig(identityConfigSchema, { ITOPS_LDAP_CA_FILE: caFile, ITOPS_LDAP_TLS_SERVERNAME: 'ITOPS-DC.itops.test', ...process.env, ITOPS_PG_DATABASE: 'unused' });
const settings = directorySettings(config);
const run = Date.now().toString(36);
const ou = `OU=bench-recon-${run},${config.ITOPS_LDAP_MANAGED_OU}`;
const customerOu = `OU=Z991,${ou}`;
const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
const log = (...args) => console.error(...args);
const seconds = (ms) => (ms / 1000).toFixed(2);

const connect = async () => {
  const c = new Client({ url: settings.url, timeout: 120_000, tlsOptions: tlsOptionsFor(settings) });
  await c.bind(settings.bindDn, settings.bindPassword);
  return c;
};

// ---- 1. the directory and identity's records ---------------------------------------------
const ldap = await connect();
const db = await createTestDatabase('itops_bench_recon');
let dataSource;
try {
  await ldap.add(ou, { objectClass: ['top', 'organizationalUnit'] });
  await ldap.add(customerOu, { objectClass: ['top', 'organizationalUnit'] });
  const groups = [
    { key: 'all-staff', dn: `CN=G-All-${run},${ou}`, jobs: ['AID-BAS', 'AID-JOU', 'AID-SCH', 'AID-FIN'] },
    { key: 'journal', dn: `CN=G-Journal-${run},${ou}`, jobs: ['AID-JOU', 'AID-SCH', 'AID-FIN'] },
    { key: 'school', dn: `CN=G-School-${run},${ou}`, jobs: ['AID-SCH', 'AID-FIN'] },
    { key: 'finance', dn: `CN=G-Finance-${run},${ou}`, jobs: ['AID-FIN'] },
  ];
  for (const g of groups) await ldap.add(g.dn, { objectClass: ['top', 'group'], sAMAccountName: g.dn.slice(3, g.dn.indexOf(',')) });

  const jobFor = (i) => (i % 10 === 0 ? 'AID-FIN' : i % 5 === 0 ? 'AID-SCH' : i % 2 === 0 ? 'AID-JOU' : 'AID-BAS');
  const people = Array.from({ length: users }, (_, i) => {
    const sam = `br${run.slice(-6)}${i}`.slice(0, 20);
    return { i, sam, dn: `CN=${sam},${customerOu}`, employmentId: `BR${run}${i}`, personId: `p-br-${run}-${i}`, job: jobFor(i), title: `Titel ${i % 50}`, department: `Enhet ${i % 200}` };
  });
  let t = performance.now();
  const lanes = 6;
  const clients = await Promise.all(Array.from({ length: lanes }, connect));
  await Promise.all(
    clients.map(async (c, lane) => {
      for (let k = lane; k < people.length; k += lanes) {
        const p = people[k];
        await c.add(p.dn, {
          objectClass: ['top', 'person', 'organizationalPerson', 'user'],
          sAMAccountName: p.sam,
          userPrincipalName: `${p.sam}@${config.ITOPS_AD_UPN_DOMAIN}`,
          employeeID: p.employmentId,
          title: p.title,
          department: p.department,
          company: 'Z991',
          givenName: 'Bänk',
          sn: `Mätning ${p.i}`,
          displayName: `Bänk Mätning ${p.i}`,
          userAccountControl: '544',
        });
      }
    }),
  );
  await Promise.all(clients.map((c) => c.unbind()));
  log(`created ${users} users in ${seconds(performance.now() - t)} s`);
  t = performance.now();
  for (const g of groups) {
    const members = people.filter((p) => g.jobs.includes(p.job)).map((p) => p.dn);
    for (let k = 0; k < members.length; k += 1000) {
      await ldap.modify(g.dn, [new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: members.slice(k, k + 1000) }) })]);
    }
  }
  log(`filled ${groups.length} groups in ${seconds(performance.now() - t)} s`);

  // objectGUIDs as AD gave them, read back once (not part of the timed runs).
  const guids = new Map();
  for await (const page of ldap.searchPaginated(customerOu, { scope: 'one', filter: '(objectClass=user)', attributes: ['objectGUID'], explicitBufferAttributes: ['objectGUID'], paged: { pageSize: 1000 } })) {
    for (const e of page.searchEntries) guids.set(e.dn.toLowerCase(), objectGuid(e));
  }

  await runMigrations(db.pg, identitySchema);
  dataSource = new DataSource({ ...dataSourceOptions(db.pg, identitySchema), logging: false });
  await dataSource.initialize();
  const now = new Date();
  for (let k = 0; k < people.length; k += 2000) {
    const chunk = people.slice(k, k + 2000);
    const col = (f) => chunk.map(f);
    await dataSource.query(
      `INSERT INTO person (person_id, given_name, surname, protected_identity, source_occurred_at) SELECT p, 'Bänk', 'Mätning', false, $2 FROM unnest($1::text[]) AS p`,
      [col((p) => p.personId), now],
    );
    await dataSource.query(
      `INSERT INTO employment (employment_id, person_id, customer_code, unit_code, job_code, job_title, form, rate, start_date, last_change, snapshot_id, source_event_id, source_occurred_at)
       SELECT e, p, 'Z991', 'U1', j, t, 'PERMANENT', 100, $5::date, 'JOINER', 'bench', gen_random_uuid(), now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(e, p, j, t)`,
      [col((p) => p.employmentId), col((p) => p.personId), col((p) => p.job), col((p) => p.title), today],
    );
    await dataSource.query(
      `INSERT INTO account (account_id, person_id, sam_account_name, user_principal_name, dn, object_guid, customer_code, enabled, unit_code, primary_employment_id, attributes)
       SELECT gen_random_uuid(), p, s, s || '@${config.ITOPS_AD_UPN_DOMAIN}', d, g::uuid, 'Z991', true, 'U1', e, a::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS v(p, s, d, g, e, a)`,
      [
        col((p) => p.personId),
        col((p) => p.sam),
        col((p) => p.dn),
        col((p) => guids.get(p.dn.toLowerCase()) ?? null),
        col((p) => p.employmentId),
        col((p) => JSON.stringify({ title: p.title, department: p.department, company: 'Z991', employeeID: p.employmentId, givenName: 'Bänk', sn: `Mätning ${p.i}`, displayName: `Bänk Mätning ${p.i}` })),
      ],
    );
  }
  const rulesYaml = `groups:
${groups.map((g) => `  - key: ${g.key}\n    dn: ${g.dn}\n    policy: enforce`).join('\n')}
roles:
  - key: staff
    name: Personal
    when: { customers: [Z991] }
    grants: { groups: [all-staff] }
  - key: journal
    name: Journal
    when: { jobCodes: [AID-JOU, AID-SCH, AID-FIN] }
    grants: { groups: [journal] }
  - key: school
    name: Skola
    when: { jobCodes: [AID-SCH, AID-FIN] }
    grants: { groups: [school] }
  - key: finance
    name: Ekonomi
    when: { jobCodes: [AID-FIN] }
    grants: { groups: [finance], licences: [M365-E3] }
`;
  const ruleSets = new AccessRuleSetRepository(dataSource);
  const state = new AccessStateRepository(dataSource);
  const auditLog = new AuditLogRepository(dataSource);
  await new AccessRules(dataSource, ruleSets, auditLog).import(rulesYaml, 'bench');

  // ---- 2. reconciliation ---------------------------------------------------------------------
  const publisher = new EventPublisher({ nudge: () => undefined });
  const desired = new DesiredAccessService(ruleSets, state, new AccessRequestRepository(dataSource));
  const options = { managedOu: ou, licenceOu: `OU=Licences,${ou}`, maxRemovalShare: 0.05, reconcileIntervalSeconds: 0, directory: settings, now: () => new Date() };
  const reconcile = new ReconcileAccess(dataSource, desired, state, auditLog, new RunLockRepository(dataSource), publisher, options);
  // A warm-up run (connections, JIT), then the measured one.
  await reconcile.execute({ apply: false, requestedBy: 'bench' });
  t = performance.now();
  const result = await reconcile.execute({ apply: false, requestedBy: 'bench' });
  const reconcileMs = performance.now() - t;

  // ---- 3. ldapsearch reading the same users and groups ---------------------------------------
  const env = { ...process.env, LDAPTLS_CACERT: caFile, LDAPTLS_REQCERT: 'demand' };
  const url = settings.url.replace('127.0.0.1', settings.tlsServername ?? '127.0.0.1');
  const base = ['-LLL', '-x', '-H', url, '-D', settings.bindDn, '-w', settings.bindPassword];
  const userAttributes = ['sAMAccountName', 'objectGUID', 'userAccountControl', 'lastLogonTimestamp', 'displayName', 'givenName', 'sn', 'department', 'title', 'company', 'employeeID', 'manager'];
  const ldapsearch = (args) => execFileSync('ldapsearch', [...base, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const resolvable = (() => {
    try {
      ldapsearch(['-b', '', '-s', 'base', 'dnsHostName']);
      return true;
    } catch {
      return false;
    }
  })();
  // The DC's certificate names ITOPS-DC.itops.test; when that name does not resolve here, the
  // IP address is used and OpenLDAP checks the CA but not the name (LDAPTLS_REQCERT=allow).
  if (!resolvable) {
    base[3] = settings.url;
    env.LDAPTLS_REQCERT = 'allow';
  }
  ldapsearch(['-b', ou, '-s', 'base', 'ou']); // warm-up
  t = performance.now();
  const usersOut = ldapsearch(['-E', 'pr=1000/noprompt', '-b', ou, '(&(objectCategory=person)(objectClass=user))', ...userAttributes]);
  let memberValues = 0;
  for (const g of groups) {
    for (let start = 0; ; ) {
      const out = ldapsearch(['-b', g.dn, '-s', 'base', '(objectClass=*)', `member;range=${start}-*`]);
      memberValues += (out.match(/^member;range=/gm) ?? out.match(/^member:/gm) ?? []).length;
      const range = /^member;range=(\d+)-(\d+|\*):/m.exec(out);
      if (!range || range[2] === '*') break;
      start = Number(range[2]) + 1;
    }
  }
  const ldapsearchMs = performance.now() - t;
  const readUsers = (usersOut.match(/^dn: /gm) ?? []).length;

  // ---- 4. simulation over synthetic identities -----------------------------------------------
  const active = await ruleSets.active();
  const current = new RoleIndex({ version: active.version, rules: active.rules });
  const proposedRules = { groups: active.rules.groups, roles: active.rules.roles.map((r) => (r.key === 'school' ? { ...r, when: { jobCodes: ['AID-SCH'] }, grants: { ...r.grants, licences: ['M365-A3'] } } : r)) };
  const proposed = new RoleIndex({ version: active.version + 1, rules: proposedRules });
  const population = Array.from({ length: simulated }, (_, i) => ({
    accountId: `s${i}`,
    samAccountName: `sim${i}`,
    customerCode: 'Z991',
    holder: { employments: [{ customerCode: i % 7 === 0 ? 'Z992' : 'Z991', unitCode: `U${i % 300}`, jobCode: jobFor(i), form: 'PERMANENT' }, ...(i % 4 === 0 ? [{ customerCode: 'Z991', unitCode: 'U9', jobCode: 'AID-BAS', form: 'HOURLY' }] : [])] },
  }));
  t = performance.now();
  const simulation = simulateRuleChange(population, current, proposed, new Map([['M365-E3', '349.50'], ['M365-A3', '59.00']]));
  const simulateMs = performance.now() - t;

  // ---- 5. the same through the service's use case: the population from PostgreSQL ------------
  // Synthetic accounts up to `simulated` in all (no AD entries: simulation never reads AD).
  for (let k = users; k < simulated; k += 5000) {
    const ids = Array.from({ length: Math.min(5000, simulated - k) }, (_, n) => k + n);
    await dataSource.query(`INSERT INTO person (person_id, given_name, surname, protected_identity, source_occurred_at) SELECT 'p-bs-${run}-' || i, 'Sim', 'Ulerad', false, now() FROM unnest($1::int[]) AS i`, [ids]);
    await dataSource.query(
      `INSERT INTO employment (employment_id, person_id, customer_code, unit_code, job_code, form, rate, start_date, last_change, snapshot_id, source_event_id, source_occurred_at)
       SELECT 'BS${run}' || i, 'p-bs-${run}-' || i, CASE WHEN i % 7 = 0 THEN 'Z992' ELSE 'Z991' END, 'U' || (i % 300),
              (ARRAY['AID-FIN','AID-BAS','AID-JOU','AID-BAS','AID-JOU','AID-SCH','AID-JOU','AID-BAS','AID-JOU','AID-BAS'])[(i % 10) + 1], 'PERMANENT', 100, $2::date, 'JOINER', 'bench', gen_random_uuid(), now()
         FROM unnest($1::int[]) AS i`,
      [ids, today],
    );
    await dataSource.query(
      `INSERT INTO account (account_id, person_id, sam_account_name, user_principal_name, dn, customer_code, enabled)
       SELECT gen_random_uuid(), 'p-bs-${run}-' || i, 'bs' || i, 'bs' || i || '@${config.ITOPS_AD_UPN_DOMAIN}', 'CN=bs' || i || ',OU=none', 'Z991', true FROM unnest($1::int[]) AS i`,
      [ids],
    );
  }
  const proposedYaml = rulesYaml.replace("  - key: school\n    name: Skola\n    when: { jobCodes: [AID-SCH, AID-FIN] }\n    grants: { groups: [school] }", "  - key: school\n    name: Skola\n    when: { jobCodes: [AID-SCH] }\n    grants: { groups: [school], licences: [M365-A3] }");
  const simulate = new SimulateAccess(dataSource, new AccessRules(dataSource, ruleSets, auditLog), desired, options);
  await simulate.execute(proposedYaml, [{ code: 'M365-E3', monthlyPriceSek: '349.50' }, { code: 'M365-A3', monthlyPriceSek: '59.00' }]); // warm-up
  t = performance.now();
  const serviceSimulation = await simulate.execute(proposedYaml, [{ code: 'M365-E3', monthlyPriceSek: '349.50' }, { code: 'M365-A3', monthlyPriceSek: '59.00' }]);
  const serviceSimulateMs = performance.now() - t;

  console.log(
    JSON.stringify(
      {
        users,
        groups: groups.length,
        identitiesReconciled: result.identities,
        findings: result.findings.length,
        reconcileSeconds: Number(seconds(reconcileMs)),
        reconcileTimings: result.timings,
        ldapsearchSeconds: Number(seconds(ldapsearchMs)),
        ldapsearchUsersRead: readUsers,
        ldapsearchMemberValues: memberValues,
        ratio: Number((reconcileMs / ldapsearchMs).toFixed(2)),
        simulatedIdentities: simulated,
        simulateSeconds: Number(seconds(simulateMs)),
        simulatedAffected: simulation.affectedAccounts,
        serviceSimulationIdentities: serviceSimulation.identities,
        serviceSimulateSeconds: Number(seconds(serviceSimulateMs)),
        serviceSimulateMs: serviceSimulation.ms,
        serviceSimulationAffected: serviceSimulation.affectedAccounts,
        serviceSimulationCost: serviceSimulation.costPerCustomer,
      },
      null,
      2,
    ),
  );
} finally {
  // ---- clean-up: the OU with everything in it, and the database ------------------------------
  const t = performance.now();
  const { searchEntries } = await ldap.search(ou, { scope: 'sub', attributes: ['dn'], paged: { pageSize: 1000 } }).catch(() => ({ searchEntries: [] }));
  // Groups go first: deleting a user who is still a member makes AD rewrite the group too.
  const isGroup = (dn) => /^CN=G-/i.test(dn);
  for (const dn of searchEntries.map((e) => e.dn).filter(isGroup)) await ldap.del(dn).catch(() => undefined);
  const dns = searchEntries.map((e) => e.dn).filter((dn) => !isGroup(dn)).sort((a, b) => b.split(',').length - a.split(',').length);
  const lanes = 6;
  const cleaners = await Promise.all(Array.from({ length: lanes }, connect));
  const deepest = dns.reduce((m, d) => Math.max(m, d.split(',').length), 0);
  const leaves = dns.filter((dn) => dn.split(',').length === deepest);
  const leafSet = new Set(leaves);
  await Promise.all(cleaners.map(async (c, lane) => { for (let k = lane; k < leaves.length; k += lanes) await c.del(leaves[k]).catch(() => undefined); }));
  await Promise.all(cleaners.map((c) => c.unbind()));
  for (const dn of dns.filter((d) => !leafSet.has(d))) await ldap.del(dn).catch(() => undefined);
  await ldap.unbind();
  await dataSource?.destroy();
  await db.drop();
  log(`cleaned up in ${seconds(performance.now() - t)} s (${dns.length} entries)`);
}
