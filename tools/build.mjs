// Compiles apps/*/src and libs/**/src to dist/ with swc, mirroring the source tree, and
// rewrites the @itops/* path aliases to relative requires, so `node dist/apps/<app>/src/main.js`
// runs without a loader. Type checking is `npm run typecheck` (tsc), kept apart for speed.
// Only files newer than their output are compiled again.
import { transformSync } from '@swc/core';
import { readFileSync, writeFileSync, mkdirSync, statSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const quiet = process.argv.includes('--quiet');
const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));

function* sources(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '__fixtures__') yield* sources(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

const files = [...sources(join(root, 'apps')), ...sources(join(root, 'libs'))].filter((f) =>
  relative(root, f).split('/').includes('src'),
);

let compiled = 0;
for (const file of files) {
  const out = join(root, 'dist', relative(root, file)).replace(/\.ts$/, '.js');
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(file).mtimeMs) continue;
  const result = transformSync(readFileSync(file, 'utf8'), {
    ...swcrc,
    swcrc: false,
    filename: file,
    sourceFileName: relative(dirname(out), file),
    jsc: { ...swcrc.jsc, baseUrl: root, paths: base.compilerOptions.paths },
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${result.code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
  if (result.map) writeFileSync(`${out}.map`, result.map);
  compiled++;
}
if (!quiet || compiled > 0) console.error(`build: ${compiled} of ${files.length} files compiled into dist/`);
