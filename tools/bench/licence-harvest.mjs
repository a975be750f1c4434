#!/usr/bin/env node
// Harvesting a whole city, measured on the real local stack (PostgreSQL; `node tools/build.mjs`
// first). A fresh licence database (real migrations) gets a synthetic city: 57,000 licence
// holders in 63 customers, one base licence each from its role (E3, F3, A3 or E5) plus add-ons
// (Copilot, Visio, Project) to about 70,000 assignments, contracts with true-up dates, and a
// seeded share of leavers, disabled accounts, over-sized and duplicate licences. The Microsoft 365
// usage exports (the admin center's active-users and Copilot CSVs, with their real column names)
// are generated and imported through licence's own importer. Then licence's own HarvestService
// (built, from dist) finds the candidates and savings, and writes the board's workbook.
// Prints the times. Not a test: figures vary with the machine.
//
// Usage: node tools/bench/licence-harvest.mjs [employees=57000] [--runs 3]
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { dist, median, option, positionals } from './bench.util.mjs';

const args = positionals();
const employees = Number(args[0] ?? 57000);
const runs = Number(option('--runs') ?? 3);
const TODAY = '2026-11-22';

const persistence = dist('libs/shared/persistence/src');
const { createTestDatabase } = dist('libs/shared/testing/src');
const data = dist('libs/licence/data-access/src');
const { HarvestService } = dist('apps/licence/src/harvest/harvest.service');
const { ImportUsage } = dist('apps/licence/src/usage/import-usage.use-case');

const s = (ms) => (ms / 1000).toFixed(2);

const db = await createTestDatabase('itops_bench_licence');
let dataSource;
try {
  await persistence.runMigrations(db.pg, data.licenceSchema);
  dataSource = await new persistence.DataSource({ ...persistence.dataSourceOptions(db.pg, data.licenceSchema), logging: false }).initialize();
  const q = (sql, params) => dataSource.query(sql, params);

  let t = performance.now();
  await q(`INSERT INTO licence_product (code, name, monthly_price_sek, group_dn, serves_as, addon, activity_service) VALUES
    ('M365-E5', 'Microsoft 365 E5', 570, 'CN=LIC-M365-E5,OU=Licences,OU=itops,DC=itops,DC=test', 'M365-E3', false, NULL),
    ('M365-E3', 'Microsoft 365 E3', 389, 'CN=LIC-M365-E3,OU=Licences,OU=itops,DC=itops,DC=test', 'M365-F3', false, NULL),
    ('M365-F3', 'Microsoft 365 F3', 80, 'CN=LIC-M365-F3,OU=Licences,OU=itops,DC=itops,DC=test', NULL, false, NULL),
    ('M365-A3', 'Microsoft 365 A3', 95, 'CN=LIC-M365-A3,OU=Licences,OU=itops,DC=itops,DC=test', 'M365-A1', false, NULL),
    ('M365-A1', 'Microsoft 365 A1', 0, 'CN=LIC-M365-A1,OU=Licences,OU=itops,DC=itops,DC=test', NULL, false, NULL),
    ('COPILOT', 'Microsoft 365 Copilot', 315, 'CN=LIC-COPILOT,OU=Licences,OU=itops,DC=itops,DC=test', NULL, true, 'copilot'),
    ('VISIO-P2', 'Visio Plan 2', 160, 'CN=LIC-VISIO-P2,OU=Licences,OU=itops,DC=itops,DC=test', NULL, true, NULL),
    ('PROJECT-P3', 'Project Plan 3', 300, 'CN=LIC-PROJECT-P3,OU=Licences,OU=itops,DC=itops,DC=test', NULL, true, NULL)`);
  await q(`INSERT INTO licence_contract (reference, supplier, product_code, quantity, unit_price_sek, starts_on, ends_on, true_up_on) VALUES
    ('EA-E5', 'Microsoft (Atea)', 'M365-E5', 4000, 540, '2025-03-01', '2028-02-29', '2027-03-01'),
    ('EA-E3', 'Microsoft (Atea)', 'M365-E3', 30000, 350, '2025-03-01', '2028-02-29', '2027-03-01'),
    ('EA-F3', 'Microsoft (Atea)', 'M365-F3', 21000, 72, '2025-03-01', '2028-02-29', '2026-12-01'),
    ('EES-A3', 'Microsoft (Atea)', 'M365-A3', 6000, 88, '2024-07-01', '2027-06-30', '2027-07-01')`);
  // Holders: 63 customers; every 50th a leaver (disabled in November), every 97th disabled in AD.
  await q(`INSERT INTO licence_holder (account_id, person_id, customer_code, enabled, since, sam_account_name, user_principal_name, left_on, ad_enabled, last_logon_on)
    SELECT md5('a' || i)::uuid, 'p' || i, chr(65 + (i % 63) / 21) || lpad((100 + i % 21)::text, 3, '0'), i % 50 <> 0, '2026-01-02', 'u' || i, 'u' || i || '@itops.test',
           CASE WHEN i % 50 = 0 THEN DATE '2026-11-01' END, CASE WHEN i % 97 = 0 THEN false END,
           DATE '2026-11-20' - (i % 100)
      FROM generate_series(1, $1) AS i`, [employees]);
  // Base licence from the role: E5 5 %, E3 50 %, F3 35 %, A3 10 %.
  await q(`INSERT INTO licence_entitlement (account_id, product_code, cause, source, customer_code, sam_account_name, granted_on)
    SELECT md5('a' || i)::uuid, p, 'role:r' || (i % 40) || '@v1', 'role', chr(65 + (i % 63) / 21) || lpad((100 + i % 21)::text, 3, '0'), 'u' || i, '2026-01-10'
      FROM generate_series(1, $1) AS i,
           LATERAL (SELECT CASE WHEN i % 20 = 0 THEN 'M365-E5' WHEN i % 20 < 11 THEN 'M365-E3' WHEN i % 20 < 18 THEN 'M365-F3' ELSE 'M365-A3' END AS p) x`, [employees]);
  // What is held: the role's product, except every 33rd F3 role that holds E3 by request (over-sized).
  await q(`INSERT INTO licence_assignment (id, account_id, customer_code, product_code, source, cause, contract_reference, unit_cost_sek, from_date)
    SELECT gen_random_uuid(), e.account_id, e.customer_code, h.p, h.src, h.cause, c.reference, c.unit_price_sek, e.granted_on
      FROM licence_entitlement e,
           LATERAL (SELECT CASE WHEN e.product_code = 'M365-F3' AND get_byte(decode(md5(e.account_id::text), 'hex'), 0) % 33 = 0 THEN 'M365-E3' ELSE e.product_code END AS p,
                           CASE WHEN e.product_code = 'M365-F3' AND get_byte(decode(md5(e.account_id::text), 'hex'), 0) % 33 = 0 THEN 'request' ELSE 'role' END AS src,
                           CASE WHEN e.product_code = 'M365-F3' AND get_byte(decode(md5(e.account_id::text), 'hex'), 0) % 33 = 0 THEN 'request:bench' ELSE e.cause END AS cause) h
      LEFT JOIN licence_contract c ON c.product_code = h.p`);
  // Add-ons: Copilot for every 11th, Visio every 14th, Project every 15th; a duplicate F3 for every 200th E3 holder.
  await q(`INSERT INTO licence_assignment (id, account_id, customer_code, product_code, source, cause, unit_cost_sek, from_date)
    SELECT gen_random_uuid(), md5('a' || i)::uuid, chr(65 + (i % 63) / 21) || lpad((100 + i % 21)::text, 3, '0'), p, 'request', 'request:addon', price, '2026-03-01'
      FROM generate_series(1, $1) AS i
      JOIN LATERAL (VALUES ('COPILOT', 315, i % 11 = 0), ('VISIO-P2', 160, i % 14 = 0), ('PROJECT-P3', 300, i % 15 = 0), ('M365-F3', 80, i % 200 = 1)) AS a(p, price, take) ON take`, [employees]);
  const [{ assignments }] = await q('SELECT count(*)::int AS assignments FROM licence_assignment');
  const seedMs = performance.now() - t;

  // The usage exports as the admin center downloads them, imported through licence's importer.
  const header = 'Report Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Has Exchange License,Has OneDrive License,Has SharePoint License,Has Skype For Business License,Has Yammer License,Has Teams License,Exchange Last Activity Date,OneDrive Last Activity Date,SharePoint Last Activity Date,Skype For Business Last Activity Date,Yammer Last Activity Date,Teams Last Activity Date,Exchange License Assign Date,OneDrive License Assign Date,SharePoint License Assign Date,Skype For Business License Assign Date,Yammer License Assign Date,Teams License Assign Date,Assigned Products';
  const day = (n) => new Date(Date.UTC(2026, 10, 20 - n)).toISOString().slice(0, 10);
  const activeUsers = ['\uFEFF' + header];
  const copilot = ['\uFEFFReport Refresh Date,User Principal Name,Display Name,Last Activity Date,Microsoft Teams Copilot Last Activity Date,Report Period'];
  for (let i = 1; i <= employees; i++) {
    const seen = i % 7 === 0 ? '' : day(i % 120);
    activeUsers.push(`2026-11-20,u${i}@itops.test,User ${i},False,,True,True,True,False,False,True,${seen},,,,,${seen},2025-01-10,2025-01-10,2025-01-10,,,2025-01-10,MICROSOFT 365 E3`);
    if (i % 11 === 0) copilot.push(`2026-11-20,u${i}@itops.test,User ${i},${i % 3 === 0 ? '' : day(i % 200)},,180`);
  }
  const importer = new ImportUsage(dataSource, new data.UsageActivityRepository());
  t = performance.now();
  const imported = await importer.csv('active-users', activeUsers.join('\r\n'), 'bench');
  await importer.csv('copilot-activity', copilot.join('\r\n'), 'bench');
  const importMs = performance.now() - t;

  const options = { managedOu: 'OU=itops,DC=itops,DC=test', leaverGraceDays: 30, inactiveDays: 90, releaseIntervalSeconds: 0, now: () => new Date(`${TODAY}T11:00:00Z`) };
  const harvest = new HarvestService(
    dataSource,
    new data.AssignmentRepository(dataSource),
    new data.LicenceHolderRepository(dataSource),
    new data.CatalogueRepository(dataSource),
    new data.LicenceAuditRepository(dataSource),
    undefined,
    options,
  );
  const times = [];
  let answer;
  for (let r = 0; r < runs; r++) {
    t = performance.now();
    answer = await harvest.candidates(undefined, TODAY);
    times.push(performance.now() - t);
  }
  t = performance.now();
  const book = await harvest.workbook();
  const xlsxMs = performance.now() - t;
  t = performance.now();
  const { savings } = await harvest.savings(undefined, TODAY);
  const savingsMs = performance.now() - t;

  const byReason = {};
  for (const c of answer.candidates) byReason[c.reason] = (byReason[c.reason] ?? 0) + 1;
  const monthly = answer.totals.reduce((sum, total) => sum + Math.round(Number(total.monthlySavingSek) * 100), 0) / 100;
  console.log(`licence harvest: ${employees} holders, ${assignments} assignments, ${answer.totals.length} customers (seeded in ${s(seedMs)} s)`);
  console.log(`usage exports imported: active-users ${imported.users} users + Copilot in ${s(importMs)} s`);
  console.log(`harvest: ${answer.candidates.length} candidates in ${s(median(times))} s (median of ${runs}; runs ${times.map(s).join(', ')} s)`);
  console.log(`  by reason: ${Object.entries(byReason).map(([k, v]) => `${k} ${v}`).join(', ')}; ${monthly.toFixed(2)} SEK a month`);
  console.log(`savings per customer and product: ${savings.length} rows in ${s(savingsMs)} s; xlsx workbook ${(book.length / 1024).toFixed(0)} KiB in ${s(xlsxMs)} s`);
} finally {
  await dataSource?.destroy();
  await db.drop();
}
