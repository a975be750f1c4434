import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCliConfig } from '../cli.config';
import type { CliContext } from '../cli.context';
import { runCli } from '../cli.program';

const written: string[] = [];
afterAll(() => {
  for (const dir of written) rmSync(dir, { recursive: true, force: true });
});

/** The CLI with no network at all: `city generate` must not need one. */
function harness(now = new Date('2026-11-22T23:30:00Z')) {
  const dir = mkdtempSync(join(tmpdir(), 'itops-city-cli-'));
  written.push(dir);
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    config: loadCliConfig({ ITOPS_ROOT: '/repo', ITOPS_STATE: join(dir, 'state') }),
    io: { out: (text) => out.push(text), err: (text) => err.push(text) },
    fetch: () => Promise.reject(new Error('city generate must not call a service')),
    runScript: () => Promise.reject(new Error('city generate must not run a script')),
    now: () => now,
  };
  return { dir, run: (...args: string[]) => runCli(args, ctx), stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}

describe('itops city generate (the command)', () => {
  it('writes the files and prints a one-line summary with the counts', async () => {
    const cli = harness();
    const out = join(cli.dir, 'city');
    expect(await cli.run('city', 'generate', '--employees', '300', '--seed', '7', '--out', out, '--start', '2026-11-01')).toBe(0);
    expect(cli.stdout().split('\n')).toHaveLength(1);
    expect(cli.stdout()).toMatch(/^city 2026-11-01 \(seed 7\): 62 customers, \d+ units, 300 persons, \d+ employments .*next month 2026-12-01: \d+ joiners/);
    for (const file of ['customers.csv', 'price-list.csv', 'hr-snapshot.csv', 'hr-snapshot-next.csv', 'changes.json']) {
      expect(existsSync(join(out, file))).toBe(true);
    }
  });

  it('prints the summary as JSON with --json, dated today in Stockholm by default', async () => {
    const cli = harness(new Date('2026-11-22T23:30:00Z'));
    const out = join(cli.dir, 'city');
    expect(await cli.run('city', 'generate', '--employees', '500', '--seed', 'demo', '--out', out, '--json')).toBe(0);
    const summary = JSON.parse(cli.stdout());
    expect(summary).toMatchObject({ seed: 'demo', snapshotDate: '2026-11-23', persons: 500, customers: { total: 62, administrations: 25, companies: 37 } });
    expect(summary.employments).toBe(readFileSync(join(out, 'hr-snapshot.csv'), 'utf8').trimEnd().split('\n').length - 1);
    expect(summary.next.snapshotDate).toBe('2026-12-23');
    expect(summary.files.snapshot).toBe(join(out, 'hr-snapshot.csv'));
  });

  it.each([
    [['--employees', '0', '--seed', '1'], '"0" is not a number of employees'],
    [['--employees', 'many', '--seed', '1'], '"many" is not a number of employees'],
    [['--employees', '10'], "required option '--seed <s>' not specified"],
    [['--employees', '10', '--seed', '1', '--start', '2026-02-30'], '"2026-02-30" is not a date'],
  ])('refuses %j with exit 2, writing nothing', async (args, message) => {
    const cli = harness();
    const out = join(cli.dir, 'city');
    expect(await cli.run('city', 'generate', ...args, '--out', out)).toBe(2);
    expect(cli.stderr()).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an --out that is a file', async () => {
    const cli = harness();
    const file = join(cli.dir, 'file.txt');
    writeFileSync(file, 'x');
    expect(await cli.run('city', 'generate', '--employees', '10', '--seed', '1', '--out', file)).toBe(2);
    expect(cli.stderr()).toContain('is a file, not a folder');
  });
});
