// Lint rules for the whole workspace. The module boundaries are the architecture:
// a service depends only on itself and shared; domain code on nothing but utilities;
// only data-access code touches TypeORM.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const services = ['hr-feed', 'identity', 'licence', 'device', 'metering', 'billing'];
const notDataAccess = ['typeorm', '@nestjs/typeorm', 'pg'];

export default tseslint.config(
  { ignores: ['**/dist', '**/node_modules', '.itops', '**/src/gen/**', 'charts', 'tools', 'deploy', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            ...services.map((s) => ({
              sourceTag: `scope:${s}`,
              onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared'],
            })),
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:domain', 'type:util', 'type:contracts'],
              bannedExternalImports: notDataAccess,
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:domain', 'type:util', 'type:contracts'],
              bannedExternalImports: notDataAccess,
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:util', 'type:contracts'],
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:util'],
              bannedExternalImports: [...notDataAccess, '@nestjs/*', 'kafkajs', 'ldapts'],
            },
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util'],
              bannedExternalImports: notDataAccess,
            },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
