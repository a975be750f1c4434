import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { serviceClient, type CliContext } from '../cli.context';
import { CliException, CliExceptionCode } from '../cli.exception';
import { formatTable, toJson } from '../output.format';

interface RuleError {
  line: number;
  column: number;
  path: string;
  message: string;
}

interface Finding {
  kind: string;
  account: string;
  group: string | null;
  detail: string;
}

interface ReconcileAnswer {
  runId: string;
  identities: number;
  findings: Finding[];
  applied: number;
  held: boolean;
  status: string;
  removalShare: number;
}

interface SimulationAnswer {
  identities: number;
  affectedAccounts: number;
  affected: string[];
  groups: Array<{ group: string; dn: string; grants: number; revokes: number }>;
  licences: Array<{ code: string; grants: number; revokes: number }>;
  devices: Array<{ code: string; grants: number; revokes: number }>;
  costPerCustomer: Array<{ customerCode: string; monthlyChangeSek: string; grants: number; revokes: number }> | null;
  unpriced: string[];
}

const AFFECTED_SHOWN = 20;

/** Parent `itops access`, shared with the request and review commands. */
export function accessCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'access') ?? program.command('access').description('access: business roles, reconciliation with AD, requests and reviews');
}

/**
 * `itops access rules validate|import|list`, `itops access reconcile [--apply] [--json]`,
 * `itops access reconcile approve <run-id>`, `itops access simulate --rules <file>`. Validation
 * runs in identity (the same parser that guards the import), so it needs the service.
 */
export function registerAccessCommands(program: Command, ctx: CliContext): void {
  const access = accessCommand(program);
  const identity = () => serviceClient(ctx, 'identity');
  const rules = access.command('rules').description('the access rules (business roles) as versioned YAML files');

  rules
    .command('validate')
    .description('check a rules file; every error is named with its line (nothing is stored)')
    .argument('<file>', 'the rules file (YAML, see docs/access.md)')
    .option('--json', "print identity's answer as JSON")
    .action(async (file: string, options: { json?: boolean }) => {
      const answer = await identity().post<{ valid: boolean; errors: RuleError[]; groups: number; roles: number }>('/v1/access/rules/validate', { json: { yaml: readRules(file) } });
      if (options.json) ctx.io.out(toJson(answer));
      if (!answer.valid) {
        if (!options.json) ctx.io.err(errorLines(file, answer.errors));
        throw new CliException(CliExceptionCode.INVALID_FILE, `${file}: ${answer.errors.length} error(s)`);
      }
      if (!options.json) ctx.io.out(`${file}: valid (${answer.groups} groups, ${answer.roles} roles)`);
    });

  rules
    .command('import')
    .description('store a rules file as the new active version (refused with all errors when invalid)')
    .argument('<file>', 'the rules file (YAML)')
    .option('--json', "print identity's answer as JSON")
    .action(async (file: string, options: { json?: boolean }) => {
      try {
        const answer = await identity().post<{ version: number; groups: number; roles: number }>('/v1/access/rules', { json: { yaml: readRules(file) } });
        ctx.io.out(options.json ? toJson(answer) : `imported ${file} as version ${answer.version} (${answer.groups} groups, ${answer.roles} roles); the next reconciliation realises it in AD`);
      } catch (error) {
        const details = error instanceof CliException ? error.serviceError?.details : undefined;
        if (error instanceof CliException && error.serviceError?.code === 'INVALID_RULES' && Array.isArray(details)) {
          ctx.io.err(errorLines(file, details as RuleError[]));
          throw new CliException(CliExceptionCode.INVALID_FILE, `${file}: ${details.length} error(s); nothing was stored`);
        }
        throw error;
      }
    });

  rules
    .command('list')
    .description('the stored versions, newest first')
    .option('--json', "print identity's answer as JSON")
    .action(async (options: { json?: boolean }) => {
      const answer = await identity().get<{ versions: Array<{ version: number; active: boolean; importedBy: string; importedAt: string; groups: number; roles: number; sha256: string }> }>('/v1/access/rules');
      if (options.json) return ctx.io.out(toJson(answer));
      ctx.io.out(
        formatTable(
          [
            { header: 'VERSION', value: (v) => v.version, align: 'right' },
            { header: 'ACTIVE', value: (v) => (v.active ? 'yes' : '') },
            { header: 'IMPORTED', value: (v) => v.importedAt },
            { header: 'BY', value: (v) => v.importedBy },
            { header: 'GROUPS', value: (v) => v.groups, align: 'right' },
            { header: 'ROLES', value: (v) => v.roles, align: 'right' },
            { header: 'SHA256', value: (v) => v.sha256.slice(0, 12) },
          ],
          answer.versions,
        ),
      );
    });

  const reconcile = access
    .command('reconcile')
    .description('compare AD with HR, roles and approved requests; --apply fixes what the policies allow')
    .option('--apply', 'fix the enforced findings (a run removing too much is held for approval)')
    .option('--json', 'print {identities, findings, applied, held}')
    .action(async (options: { apply?: boolean; json?: boolean }) => {
      const answer = await identity().post<ReconcileAnswer>('/v1/access/reconcile', { json: { apply: options.apply === true } });
      printRun(ctx, answer, options.json === true);
    });

  reconcile
    .command('approve')
    .description('apply a held run (only the findings it listed)')
    .argument('<run-id>', 'the run id printed by the held run')
    .option('--json', 'print {identities, findings, applied, held}')
    .action(async (runId: string, options: { json?: boolean }) => {
      const answer = await identity().post<ReconcileAnswer>(`/v1/access/reconcile/${encodeURIComponent(runId)}/approve`);
      printRun(ctx, answer, options.json === true);
    });

  access
    .command('simulate')
    .description('what a proposed rules file would change over the whole population (nothing is changed)')
    .requiredOption('--rules <file>', 'the proposed rules file (YAML)')
    .option('--json', "print identity's answer as JSON")
    .action(async (options: { rules: string; json?: boolean }) => {
      const yaml = readRules(options.rules);
      let prices: Array<{ code: string; monthlyPriceSek: string }> | undefined;
      try {
        prices = await serviceClient(ctx, 'licence').get<Array<{ code: string; monthlyPriceSek: string }>>('/v1/products');
      } catch (error) {
        if (!(error instanceof CliException)) throw error;
        ctx.io.err(`itops: licence prices unavailable (${error.message}); showing counts only, no cost change`);
      }
      const answer = await identity().post<SimulationAnswer>('/v1/access/simulate', { json: { yaml, ...(prices ? { prices: prices.map((p) => ({ code: p.code, monthlyPriceSek: p.monthlyPriceSek })) } : {}) } });
      if (options.json) return ctx.io.out(toJson(answer));
      const counts = <Row extends { grants: number; revokes: number }>(header: string, name: (r: Row) => string, rows: Row[]) =>
        formatTable<Row>(
          [
            { header, value: name },
            { header: 'GRANTS', value: (r) => r.grants, align: 'right' },
            { header: 'REVOKES', value: (r) => r.revokes, align: 'right' },
          ],
          rows,
        );
      // The whole list is in --json; people get the first few.
      const shown = answer.affected.slice(0, AFFECTED_SHOWN);
      const more = answer.affected.length - shown.length;
      const lines = [`identities: ${answer.identities}`, `accounts affected: ${answer.affectedAccounts}${shown.length > 0 ? `: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}` : ''}`, ''];
      lines.push(counts('GROUP', (g) => g.group, answer.groups), '', counts('ENTITLEMENT', (l) => l.code, [...answer.licences, ...answer.devices]));
      if (answer.costPerCustomer) {
        lines.push(
          '',
          formatTable(
            [
              { header: 'CUSTOMER', value: (c) => c.customerCode },
              { header: 'MONTHLY CHANGE SEK', value: (c) => c.monthlyChangeSek, align: 'right' },
            ],
            answer.costPerCustomer,
          ),
        );
        if (answer.unpriced.length > 0) lines.push(`no price for: ${answer.unpriced.join(', ')} (not in the cost)`);
      }
      ctx.io.out(lines.join('\n'));
    });
}

function readRules(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliException(CliExceptionCode.INVALID_FILE, `${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `file:line:column: message`, one per error, as compilers print them. */
export function errorLines(file: string, errors: readonly RuleError[]): string {
  return errors.map((e) => `${file}:${e.line}:${e.column}: ${e.message}`).join('\n');
}

function printRun(ctx: CliContext, answer: ReconcileAnswer, json: boolean): void {
  if (json) {
    ctx.io.out(toJson({ identities: answer.identities, findings: answer.findings.map((f) => ({ kind: f.kind, account: f.account, group: f.group, detail: f.detail })), applied: answer.applied, held: answer.held }));
    if (answer.held) ctx.io.err(`itops: run ${answer.runId} is held; approve with: itops access reconcile approve ${answer.runId}`);
    return;
  }
  const lines = [`run ${answer.runId}: ${answer.status}, ${answer.identities} accounts read, ${answer.findings.length} findings, ${answer.applied} applied`];
  if (answer.findings.length > 0) {
    lines.push(
      formatTable(
        [
          { header: 'KIND', value: (f: Finding) => f.kind },
          { header: 'ACCOUNT', value: (f: Finding) => f.account },
          { header: 'GROUP', value: (f: Finding) => f.group },
          { header: 'DETAIL', value: (f: Finding) => f.detail },
        ],
        answer.findings,
      ),
    );
  }
  if (answer.held) {
    lines.push(`held: applying would take access from or disable ${(answer.removalShare * 100).toFixed(1)} % of the accounts; approve with: itops access reconcile approve ${answer.runId}`);
  }
  ctx.io.out(lines.join('\n'));
}
