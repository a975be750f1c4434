import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const root = join(__dirname, '..');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `itops` command as an operator would (bin/itops without its bootstrap). */
export function itops(...args: string[]): CliResult {
  const run = spawnSync(process.execPath, [join(root, 'dist/apps/cli/src/main.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    // A long-lived local stack's ledger answers run to megabytes (the default limit is 1 MiB).
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, ITOPS_ROOT: root },
  });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** Runs `itops … --json` and parses its output; fails with the command's stderr otherwise. */
export function itopsJson<T>(...args: string[]): T {
  const result = itops(...args, '--json');
  if (result.status !== 0) throw new Error(`itops ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
