import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ISSUER_SCRIPT = join(__dirname, '../../../../deploy/local/dev-issuer/dev-issuer.mjs');

export interface StartedDevIssuer {
  /** The issuer URL (`iss` of its tokens). */
  url: string;
  port: number;
  /** Key id of the signing key. */
  kid: string;
  /** The issuer's "listening" log line. */
  startupLog: string;
  child: ChildProcess;
}

/**
 * Starts the dev issuer script (deploy/local/dev-issuer) as the local stack does, with its own
 * state folder (its key lives there) and port (0: a free one), and waits for its "listening" line.
 */
export function startDevIssuer(stateDir: string, port = 0): Promise<StartedDevIssuer> {
  const child = spawn(process.execPath, [ISSUER_SCRIPT], {
    env: { ...process.env, ITOPS_STATE: stateDir, ITOPS_DEV_ISSUER_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev issuer did not start within 10 s:\n${output}`)), 10_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      output += `${line}\n`;
      const entry = JSON.parse(line) as { msg: string; issuer?: string; kid?: string };
      if (entry.msg.includes('listening') && entry.issuer && entry.kid) {
        clearTimeout(timer);
        resolve({ url: entry.issuer, port: Number(new URL(entry.issuer).port), kid: entry.kid, startupLog: line, child });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dev issuer exited with ${code} before listening:\n${output}`));
    });
  });
}
