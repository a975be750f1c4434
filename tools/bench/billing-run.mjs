#!/usr/bin/env node
// The monthly billing run over a city's ledger, measured on the real local stack (PostgreSQL;
// `node tools/build.mjs` first): billing's own run (its built application from dist: BillingRun
// has PostgreSQL sum the month per customer, offering and unit cost with the closes applied,
// prices those sums with the domain's pricing policy, builds the invoices and saves the draft
// with every line's ledger item ids) next to one plain SQL GROUP BY customer, offering over the
// same items, in the same database. Prints both times, their ratio, and where the run's time
// goes. Not a test: figures vary with the machine.
//
// Usage: node tools/bench/billing-run.mjs [employees=57000] [devices=35000] [licences=70000] [--ledger-db <name>] [--runs 3]
// The ledger is either generated (as tools/bench/ledger-ingest.mjs meters it: one KONTO item per
// employee, a KST-PC item per PC, a licence item per licence with its unit cost, from October or
// November, a twentieth of them closed in November), or copied from the ledger that
// ledger-ingest.mjs --keep left in <name>. Either way it lands in billing's usage_item table of a
// fresh database, the one billing prices from, with the city generator's price list.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { dist, median, option, positionals, require } from './bench.util.mjs';

const args = positionals();
const employees = Number(args[0] ?? 57000);
const deviceCount = Number(args[1] ?? 35000);
const licenceCount = Number(args[2] ?? 70000);
const ledgerDb = option('--ledger-db');
const runs = Number(option('--runs') ?? 3);
const PERIOD = '2026-11';

process.env.ITOPS_LOG_LEVEL ??= 'warn';
const { Client } = require('pg');
const { NestFactory } = require('@nestjs/core');
const messaging = dist('libs/shared/messaging/src');
const persistence = dist('libs/shared/persistence/src');
const { loadConfig } = dist('libs/shared/config/src');
const { createTestDatabase, stackPostgres } = dist('libs/shared/testing/src');
const { billingSchema, BillingRepository } = dist('libs/billing/data-access/src');
const { parsePriceList } = dist('libs/billing/domain/src');
const { AppModule } = dist('apps/billing/src/app.module');
const { billingConfigSchema } = dist('apps/billing/src/billing.config');
const { BillingRun } = dist('apps/billing/src/runs/billing-run.use-case');
const { generateCity } = dist('apps/cli/src/city/city.generator');
const { priceListCsv } = dist('apps/cli/src/city/price-list.generator');

const s = (ms) => (ms / 1000).toFixed(2);
const connect = async (database) => {
  const pg = stackPostgres(database);
  const client = new Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: pg.database });
  await client.connect();
  return client;
};

// ---- the ledger ------------------------------------------------------------------------------
/** Rows of usage_item: [id, kind, refers_to, customer, offering, subject_type, subject_id, valid_from, valid_to, unit_cost]. */
let rows = [];
if (ledgerDb) {
  const source = await connect(ledgerDb);
  const { rows: ledger } = await source.query(
    `SELECT id, kind, refers_to, customer_code, offering_code, subject_type, subject_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from,
            to_char(valid_to, 'YYYY-MM-DD') AS valid_to, unit_cost_sek::text AS unit_cost_sek, quantity::text AS quantity
       FROM ledger_item ORDER BY id`,
  );
  await source.end();
  rows = ledger.map((r) => [r.id, r.kind, r.refers_to, r.customer_code, r.offering_code, r.subject_type, r.subject_id, r.valid_from, r.valid_to, r.unit_cost_sek, r.quantity]);
} else {
  const { city } = generateCity({ employees, seed: 'bench', start: '2026-11-01' });
  const customers = city.employments.filter((e) => e.ordinal === 1).map((e) => e.unit.customer.code);
  const day = (i) => `2026-${i % 3 === 0 ? '11' : '10'}-${String(1 + (i % 28)).padStart(2, '0')}`;
  const products = [
    ['M365-E3', '389.00'],
    ['M365-F3', '87.50'],
    ['M365-A3', '36.25'],
  ];
  const item = (i, customer, offering, subjectType, unitCost) => {
    const id = randomUUID();
    const validFrom = day(i);
    rows.push([id, 'open', null, customer, offering, subjectType, randomUUID(), validFrom, null, unitCost, '1']);
    // A twentieth leave in November: a close item, the last day after the first.
    if (i % 20 === 19) rows.push([randomUUID(), 'close', id, customer, offering, subjectType, rows.at(-1)[6], validFrom, validFrom > '2026-11-20' ? validFrom : '2026-11-20', null, '1']);
  };
  customers.forEach((customer, i) => item(i, customer, 'KONTO', 'account', null));
  for (let i = 0; i < deviceCount; i++) item(i + 7, customers[i % customers.length], 'KST-PC', 'device', null);
  for (let i = 0; i < licenceCount; i++) {
    const [product, cost] = products[i < customers.length ? i % 3 : 0];
    item(i + 3, customers[i % customers.length], product, 'licence', cost);
  }
}

const db = await createTestDatabase('itops_bench_billing');
try {
  await persistence.runMigrations(db.pg, billingSchema);
  const target = await connect(db.pg.database);
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    const column = (k) => chunk.map((r) => r[k]);
    await target.query(
      `INSERT INTO usage_item (id, kind, refers_to, customer_code, offering_code, subject_type, subject_id, valid_from, valid_to, unit_cost_sek, quantity)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::date[], $10::numeric[], $11::numeric[])`,
      Array.from({ length: 11 }, (_, k) => column(k)),
    );
  }
  await target.query('ANALYZE usage_item');
  const opens = rows.filter((r) => r[1] !== 'close').length;
  console.log(
    `billing run: ${rows.length} ledger items (${opens} open or adjust, ${rows.length - opens} close) ${ledgerDb ? `copied from ${ledgerDb}` : `generated for ${employees} employees, ${deviceCount} devices, ${licenceCount} licences`}, period ${PERIOD}`,
  );

  const config = loadConfig(billingConfigSchema, { ...process.env, ITOPS_PG_DATABASE: db.pg.database });
  const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error'] });
  await app.init();
  await app.get(messaging.OutboxRelay).stop();
  const { entries, rejected } = parsePriceList(Buffer.from(priceListCsv(2026)));
  if (rejected.length > 0) throw new Error(`price list refused: ${JSON.stringify(rejected)}`);
  await app.get(BillingRepository).savePriceList(entries);
  const billingRun = app.get(BillingRun);

  // The plain baseline: one GROUP BY over the same items (open and adjust items held on a day of
  // the month), no close applied, no pricing, nothing saved.
  const groupBy = async () => {
    const started = performance.now();
    const { rows: groups } = await target.query(
      `SELECT customer_code, offering_code, count(*) AS items, sum(quantity) AS quantity
         FROM usage_item
        WHERE kind IN ('open', 'adjust') AND valid_from <= $2 AND COALESCE(valid_to, 'infinity') >= $1
        GROUP BY customer_code, offering_code`,
      ['2026-11-01', '2026-11-30'],
    );
    return { ms: performance.now() - started, groups: groups.length };
  };
  const billing = async () => {
    const started = performance.now();
    const result = await billingRun.execute(PERIOD);
    return { ms: performance.now() - started, invoices: result.invoices.length, lines: result.invoices.reduce((n, i) => n + i.lines.length, 0), totalSek: result.totalSek };
  };

  // Where the run's time goes: the month summed as the run sums it (in a transaction of its own,
  // as the run's), and for comparison every item read into the process, as runs did before.
  const dataSource = app.get(persistence.DataSource);
  const repository = app.get(BillingRepository);
  const sumMonth = async () => {
    const started = performance.now();
    const aggregates = await dataSource.transaction((m) => repository.usageAggregates(m, '2026-11-01', '2026-11-30'));
    return { ms: performance.now() - started, groups: aggregates.length };
  };
  const readItems = async () => {
    const started = performance.now();
    const items = await repository.usageItems(dataSource.manager, '2026-11-01', '2026-11-30');
    return { ms: performance.now() - started, items: items.length };
  };

  const runTimes = [];
  const sumTimes = [];
  let summed;
  const readTimes = [];
  let read;
  const groupTimes = [];
  let last;
  let groups = 0;
  // Alternating, so both see the same cache state; the first of each warms up.
  for (let k = 0; k < runs; k++) {
    last = await billing();
    runTimes.push(last.ms);
    const g = await groupBy();
    groupTimes.push(g.ms);
    groups = g.groups;
    summed = await sumMonth();
    sumTimes.push(summed.ms);
    read = await readItems();
    readTimes.push(read.ms);
  }
  await app.close();
  await target.end();
  const runMs = median(runTimes);
  const groupMs = median(groupTimes);
  console.log(`  billing run (BillingRun.execute, draft saved): ${last.invoices} invoices, ${last.lines} lines, ${last.totalSek} SEK; ${runTimes.map(s).join(' / ')} s, median ${s(runMs)} s`);
  console.log(`    of which summing the month in PostgreSQL, ${summed.groups} groups with their item ids (BillingRepository.usageAggregates): median ${s(median(sumTimes))} s`);
  console.log(`  for comparison, reading the month's ${read.items} items into the process (BillingRepository.usageItems): median ${s(median(readTimes))} s`);
  console.log(`  plain SQL GROUP BY customer, offering: ${groups} groups; ${groupTimes.map(s).join(' / ')} s, median ${s(groupMs)} s`);
  console.log(`  ratio billing run / GROUP BY: ${(runMs / groupMs).toFixed(1)}x (aim: under 3x)`);
} finally {
  await db.drop();
}
