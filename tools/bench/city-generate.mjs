#!/usr/bin/env node
// How fast `itops city generate` builds and writes a city: node tools/bench/city-generate.mjs [employees] [seed]
// Runs the built CLI code (node tools/build.mjs first), writes into a temporary folder and
// removes it. Prints employees per second for generating and for writing the five files.
import { existsSync, mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('../..', import.meta.url).pathname;
const built = join(root, 'dist/apps/cli/src/city/city.generator.js');
if (!existsSync(built)) {
  console.error(`no ${built}; build first: node tools/build.mjs`);
  process.exit(1);
}
const { generateCity, summariseCity, writeCity } = createRequire(import.meta.url)(built);

const employees = Number(process.argv[2] ?? 57000);
const seed = process.argv[3] ?? 'bench';
const dir = mkdtempSync(join(tmpdir(), 'itops-city-bench-'));
try {
  const t0 = performance.now();
  const generated = generateCity({ employees, seed, start: '2026-11-22' });
  const t1 = performance.now();
  const files = writeCity(dir, generated);
  const t2 = performance.now();
  const summary = summariseCity(generated, files);
  const bytes = readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  const rate = (seconds) => Math.round(employees / seconds).toLocaleString('en-US');
  const s = (ms) => (ms / 1000).toFixed(2);
  console.log(
    `city generate: ${employees} employees, ${summary.employments} + ${summary.next.employments} snapshot rows, ${(bytes / 1e6).toFixed(1)} MB\n` +
      `  generate ${s(t1 - t0)} s, write ${s(t2 - t1)} s, total ${s(t2 - t0)} s: ${rate((t2 - t0) / 1000)} employees/s` +
      ` (heap in use ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
