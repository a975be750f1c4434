import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCliConfig } from '../cli.config';
import type { CliContext } from '../cli.context';
import { runCli } from '../cli.program';
import { fakeFetch, json, type Answer, type RecordedRequest } from './fake-fetch';

/** Who the stored token says is logged in; the role decides what the services would allow. */
export interface StoredLogin {
  role: string;
  subject: string;
}

/**
 * The CLI against fake services, logged in through a stored token that is still valid at the
 * fixed clock, with stdout and stderr captured. `dir` is a fresh folder for files the command
 * reads or writes.
 */
export function cliHarness(login: StoredLogin, answer: (request: RecordedRequest) => Answer = () => json(200, {})) {
  const dir = mkdtempSync(join(tmpdir(), 'itops-cli-'));
  const state = join(dir, 'state');
  mkdirSync(state);
  writeFileSync(
    join(state, 'token.json'),
    JSON.stringify({ accessToken: 'eyJ.stored', role: login.role, subject: login.subject, issuer: 'x', expiresAt: '2026-11-22T13:00:00Z' }),
  );
  const { fetch, requests } = fakeFetch(answer);
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    config: loadCliConfig({ ITOPS_ROOT: '/repo', ITOPS_STATE: state }),
    io: { out: (text) => out.push(text), err: (text) => err.push(text) },
    fetch,
    runScript: async () => 0,
    now: () => new Date('2026-11-22T12:00:00Z'),
  };
  return { dir, run: (...args: string[]) => runCli(args, ctx), requests, stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}
