import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { ScriptRunner } from './cli.context';
import { CliException, CliExceptionCode } from './cli.exception';

/** Runs a deploy/local script with bash, its output streamed straight to the terminal. */
export const runBashScript: ScriptRunner = (script, args) =>
  new Promise((resolve, reject) => {
    const child = spawn('bash', [script, ...args], { stdio: 'inherit' });
    child.on('error', (error) =>
      reject(new CliException(CliExceptionCode.SCRIPT_FAILED, `cannot run bash ${script}: ${error.message}`, undefined, { cause: error })),
    );
    // A script ended by a signal reports 128 + its number, as a shell would.
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + constants.signals[signal] : 1)));
  });

