#!/usr/bin/env node
// The device export import for the whole city, measured on the real local stack (PostgreSQL;
// `node tools/build.mjs` first): a generated Intune-style export of 35,000 devices (96 % with a
// primary user who has an account, the rest in stock), imported by device's own ImportInventory
// (its built application from dist: parse, match users by UPN, insert devices with history and
// holdings, announce each assigned device through the outbox), then the same file again (every
// row an update of a known device). Next to it, in the same run: the bare CSV parse (csv-parse)
// and the parse with validation (parseInventory) of the same bytes, as baselines.
// Prints times, rows/s and ratios. Not a test: figures vary with the machine.
//
// Usage: node tools/bench/device-import.mjs [devices=35000]
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { dist, require } from './bench.util.mjs';

const count = Number(process.argv[2] ?? 35000);

process.env.ITOPS_LOG_LEVEL ??= 'warn';
const { Client } = require('pg');
const { parse } = require('csv-parse/sync');
const { NestFactory } = require('@nestjs/core');
const messaging = dist('libs/shared/messaging/src');
const persistence = dist('libs/shared/persistence/src');
const { loadConfig } = dist('libs/shared/config/src');
const { createTestDatabase, stackPostgres } = dist('libs/shared/testing/src');
const { deviceSchema, DeviceRepository } = dist('libs/device/data-access/src');
const { parseInventory, parseOfferings } = dist('libs/device/domain/src');
const { AppModule } = dist('apps/device/src/app.module');
const { deviceConfigSchema } = dist('apps/device/src/device.config');
const { ImportInventory } = dist('apps/device/src/devices/import-inventory.use-case');

const s = (ms) => (ms / 1000).toFixed(2);
const perSecond = (rows, ms) => Math.round(rows / (ms / 1000)).toLocaleString('en');
const CUSTOMERS = ['N138', 'B110', 'K171', 'I060', 'N120', 'N130', 'B120', 'K100'];
const MODELS = [
  ['Windows', '10.0.22631.4460', 'Lenovo', 'ThinkPad T14 Gen 5'],
  ['Windows', '10.0.22631.4460', 'Dell', 'Latitude 5440'],
  ['Windows', '10.0.26100.2314', 'HP', 'EliteBook 840 G10'],
  ['iPadOS', '17.6.1', 'Apple', 'iPad (10th generation)'],
  ['iOS', '17.6.1', 'Apple', 'iPhone 13'],
  ['Android', '14', 'Samsung', 'Galaxy A54'],
];

// ---- the export --------------------------------------------------------------------------------
const users = [];
const lines = ['Device name,Serial number,Primary user UPN,Last check-in,OS,OS version,Manufacturer,Model'];
for (let i = 0; i < count; i++) {
  // 96 % have a primary user with an account; 4 % are in stock.
  const withUser = i % 25 !== 0;
  const upn = withUser ? `user${i}@itops.test` : '';
  if (withUser) users.push([randomUUID(), `p-${i}`, upn, CUSTOMERS[i % CUSTOMERS.length]]);
  const [os, version, manufacturer, model] = MODELS[i % 10 < 8 ? i % 3 : 3 + (i % 3)];
  const day = String(1 + (i % 28)).padStart(2, '0');
  lines.push(`GBG-${i},SN${String(i).padStart(8, '0')},${upn},2026-11-${day} 08:${String(i % 60).padStart(2, '0')}:00,${os},${version},${manufacturer},"${model}"`);
}
const bytes = Buffer.from(lines.join('\r\n'));
console.log(`device import: ${count.toLocaleString('en')} devices (${users.length.toLocaleString('en')} with a primary user), ${(bytes.length / 1e6).toFixed(1)} MB of CSV`);

const db = await createTestDatabase('itops_bench_device');
try {
  await persistence.runMigrations(db.pg, deviceSchema);
  const pg = stackPostgres(db.pg.database);
  const client = new Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: pg.database });
  await client.connect();
  // The accounts as identity.account.v1 left them in device_user.
  for (let i = 0; i < users.length; i += 5000) {
    const chunk = users.slice(i, i + 5000);
    await client.query(
      `INSERT INTO device_user (account_id, person_id, user_principal_name, customer_code, account_enabled)
       SELECT a, p, u, c, true FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(a, p, u, c)`,
      [0, 1, 2, 3].map((k) => chunk.map((r) => r[k])),
    );
  }
  await client.query('ANALYZE device_user');

  const config = loadConfig(deviceConfigSchema, { ...process.env, ITOPS_PG_DATABASE: db.pg.database, ITOPS_DEVICE_LEASE_CHECK_INTERVAL_SECONDS: '0' });
  const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error'] });
  await app.init();
  // The relay would publish the outbox to the stack's Kafka: stopped, so the bench measures the import.
  await app.get(messaging.OutboxRelay).stop();
  const fees = parseOfferings(Buffer.from('offering_code;device_type;model;monthly_fee_sek\nKST-PC;PC;;389.50\nKST-IPAD;IPAD;;199.00\nKST-MOBIL;MOBILE;;129.00\n'));
  await app.get(DeviceRepository).saveOfferings(fees.offerings);
  const importInventory = app.get(ImportInventory);

  let started = performance.now();
  const records = parse(bytes.toString('utf8'), { delimiter: ',', relax_column_count: true, skip_empty_lines: true, trim: true });
  const bareMs = performance.now() - started;
  started = performance.now();
  const parsed = parseInventory(bytes);
  const parseMs = performance.now() - started;
  if (parsed.rejected.length > 0 || records.length !== count + 1) throw new Error(`the generated export did not parse: ${JSON.stringify(parsed.rejected.slice(0, 3))}`);

  started = performance.now();
  const first = await importInventory.execute(bytes, 'bench');
  const firstMs = performance.now() - started;
  started = performance.now();
  const second = await importInventory.execute(bytes, 'bench');
  const secondMs = performance.now() - started;
  const [{ n: announced }] = (await client.query("SELECT count(*)::int AS n FROM outbox_message WHERE topic = 'device.device.v1'")).rows;
  await app.close();
  await client.end();

  if (first.created !== count || first.rejected.length > 0 || second.updated !== count) throw new Error(`unexpected import result: ${JSON.stringify({ ...first, rejected: first.rejected.length })}`);
  console.log(`  bare CSV parse (csv-parse): ${s(bareMs)} s, ${perSecond(count, bareMs)} rows/s`);
  console.log(`  parse and validate (parseInventory): ${s(parseMs)} s, ${perSecond(count, parseMs)} rows/s`);
  console.log(`  first import (ImportInventory: ${first.created} created, ${announced} device.device.v1 events in the outbox): ${s(firstMs)} s, ${perSecond(count, firstMs)} rows/s`);
  console.log(`  second import (${second.updated} known devices updated): ${s(secondMs)} s, ${perSecond(count, secondMs)} rows/s`);
  console.log(`  ratio first import / bare parse: ${(firstMs / bareMs).toFixed(1)}x; first import / parse and validate: ${(firstMs / parseMs).toFixed(1)}x`);
} finally {
  await db.drop();
}
