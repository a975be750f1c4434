import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The module boundaries are the architecture: these cases prove the lint rule is configured
 * to fail, not only that today's code happens to pass.
 */
describe('module boundaries', () => {
  const root = join(__dirname, '../..');
  // ESLint runs as a child process: its flat config is an ES module, which Jest's CommonJS cannot load.
  const boundaryErrors = async (filePath: string, code: string): Promise<string[]> => {
    const eslint = spawnSync(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', join(root, filePath), '--format', 'json'], {
      cwd: root,
      input: code,
      encoding: 'utf8',
    });
    if (!eslint.stdout.startsWith('[')) throw new Error(`eslint did not run: ${eslint.stderr}`);
    const [result] = JSON.parse(eslint.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
    return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
  };

  it.each([
    ['a service imports another service', 'apps/billing/src/x.ts', "import { LedgerRepository } from '@itops/metering/data-access';\nexport const r = LedgerRepository;\n", /"scope:billing" can only depend on libs tagged with "scope:billing", "scope:shared"/],
    ['domain code imports TypeORM', 'libs/billing/domain/src/x.ts', "import { DataSource } from 'typeorm';\nexport const d = DataSource;\n", /typeorm/],
    ['domain code imports Nest', 'libs/identity/domain/src/x.ts', "import { Injectable } from '@nestjs/common';\nexport const i = Injectable;\n", /@nestjs\/common/],
    ['an app imports TypeORM', 'apps/metering/src/x.ts', "import { DataSource } from 'typeorm';\nexport const d = DataSource;\n", /typeorm/],
    ['domain code imports a data-access lib', 'libs/identity/domain/src/x.ts', "import { DirectoryClient } from '@itops/shared/ldap';\nimport { x } from '@itops/shared/testing';\nexport const b = [DirectoryClient, x];\n", /"type:domain" can only depend on libs tagged with "type:util"/],
    ['the CLI imports a service lib', 'apps/cli/src/x.ts', "import { parsePriceList } from '@itops/billing/domain';\nexport const p = parsePriceList;\n", /scope:cli/],
  ])('fails when %s', async (_case, file, code, message) => {
    const errors = await boundaryErrors(file, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });

  it('allows a service to use its own libs and shared ones', async () => {
    const code = "import { BillingRepository } from '@itops/billing/data-access';\nimport { Role } from '@itops/shared/auth';\nexport const x = [BillingRepository, Role];\n";
    expect(await boundaryErrors('apps/billing/src/x.ts', code)).toEqual([]);
  });
});
