// Writes each project's project.json (tags; the lint target is inferred by @nx/eslint/plugin) and the tsconfig path aliases
// from tools/projects.mjs. Run after adding a project: node tools/scaffold.mjs
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projects } from './projects.mjs';

const root = new URL('..', import.meta.url).pathname;
const paths = {};
for (const p of projects) {
  const dir = join(root, p.root);
  mkdirSync(join(dir, 'src'), { recursive: true });
  const projectJson = {
    name: p.name,
    $schema: '../../node_modules/nx/schemas/project-schema.json'.replace(/^/, p.root.split('/').length === 3 ? '../' : ''),
    sourceRoot: `${p.root}/src`,
    projectType: p.type === 'app' ? 'application' : 'library',
    tags: [`scope:${p.scope}`, `type:${p.type}`],
  };
  writeFileSync(join(dir, 'project.json'), JSON.stringify(projectJson, null, 2) + '\n');
  if (p.alias) {
    paths[p.alias] = [`${p.root}/src/index.ts`];
    const index = join(dir, 'src/index.ts');
    if (!existsSync(index)) writeFileSync(index, 'export {};\n');
  }
}
const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
base.compilerOptions.paths = paths;
writeFileSync(join(root, 'tsconfig.base.json'), JSON.stringify(base, null, 2) + '\n');
