import { ConfigException } from '@itops/shared/config';
import { loadCliConfig } from './cli.config';
import type { CliIo } from './cli.context';
import { EXIT_USAGE } from './cli.exception';
import { runCli } from './cli.program';
import { runBashScript } from './script.runner';

const io: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

async function main(): Promise<number> {
  let config;
  try {
    config = loadCliConfig();
  } catch (error) {
    if (!(error instanceof ConfigException)) throw error;
    io.err(`itops: ${error.message}`);
    return EXIT_USAGE;
  }
  return runCli(process.argv.slice(2), { config, io, fetch: globalThis.fetch, runScript: runBashScript, now: () => new Date() });
}

// exitCode, not exit(): the last output is flushed before the process ends.
void main().then((code) => {
  process.exitCode = code;
});
