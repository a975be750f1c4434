// What the benchmark scripts share: where the repository is, loading the built code from dist/
// (they measure the services' own code, so `node tools/build.mjs` comes first), the command
// line, and the median of repeated runs.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;
export const require = createRequire(import.meta.url);

/** A module of the build (`dist/<path>`), or exit with how to build it. */
export function dist(path) {
  const file = join(root, 'dist', path);
  if (!existsSync(file) && !existsSync(`${file}.js`) && !existsSync(join(file, 'index.js'))) {
    console.error(`no ${file}; build first: node tools/build.mjs`);
    process.exit(1);
  }
  return require(file);
}

/** The value after `--name`, or undefined. */
export function option(name) {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

/** The arguments that are neither an option (`--name`) nor an option's value. */
export function positionals() {
  return process.argv.slice(2).filter((a, k, all) => !a.startsWith('--') && !(all[k - 1] ?? '').startsWith('--'));
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
