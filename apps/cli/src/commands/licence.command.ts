import { readFileSync, writeFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { parseCustomerCode, parseExistingFile } from '../cli-argument.parsers';
import { serviceClient, tokenStore, type CliContext } from '../cli.context';
import { CliException, CliExceptionCode } from '../cli.exception';
import { requestFailed } from '../http.client';
import { formatTable, plural, toJson } from '../output.format';

export const HARVEST_REASONS = ['leaver', 'disabled-account', 'inactive', 'downgrade', 'duplicate', 'unused-addon'] as const;
export const USAGE_REPORTS = ['active-users', 'teams-activity', 'copilot-activity', 'entra-sign-ins'] as const;

export interface HarvestCandidate {
  account: string;
  samAccountName: string | null;
  customer: string;
  product: string;
  reason: string;
  downgradeTo: string | null;
  monthlySavingSek: string;
  countsFrom: string;
  assignmentId: string;
}

export interface HarvestAnswer {
  today: string;
  inactiveDays: number;
  candidates: HarvestCandidate[];
  totals: Array<{ customer: string; candidates: number; monthlySavingSek: string }>;
}

export interface SavingsAnswer {
  today: string;
  savings: Array<{ customer: string; product: string; licences: number; monthlySek: string; yearlySek: string; next12MonthsSek: string; countsFrom: string }>;
}

interface AppliedAnswer {
  applied: Array<{ account: string; product: string; reason: string; outcome: string; downgradeTo: string | null }>;
}

/** A harvest reason, for --reason (repeatable). */
export function parseReason(value: string, previous: string[] = []): string[] {
  if (!(HARVEST_REASONS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`"${value}" is not a harvest reason; expected one of ${HARVEST_REASONS.join(', ')}.`);
  }
  return [...previous, value];
}

/** The list of an import file: YAML or JSON, either the list itself or `{ <name>: [...] }`. */
export function readImportFile(file: string, name: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliException(CliExceptionCode.USAGE, `${file} is not YAML or JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as Record<string, unknown> | null)?.[name];
  if (!Array.isArray(list)) throw new CliException(CliExceptionCode.USAGE, `${file} has no list of ${name}; expected "${name}:" with one entry per item (see docs/licence.md)`);
  return list;
}

const account = (c: { samAccountName: string | null; account: string }) => c.samAccountName ?? c.account;

export function formatHarvest(answer: HarvestAnswer): string {
  if (answer.candidates.length === 0) return `no harvest candidates on ${answer.today} (inactive after ${answer.inactiveDays} days)`;
  const list = formatTable<HarvestCandidate>(
    [
      { header: 'CUSTOMER', value: (c) => c.customer },
      { header: 'ACCOUNT', value: account },
      { header: 'PRODUCT', value: (c) => c.product },
      { header: 'REASON', value: (c) => c.reason },
      { header: 'DOWNGRADE TO', value: (c) => c.downgradeTo },
      { header: 'SEK/MONTH', value: (c) => c.monthlySavingSek, align: 'right' },
      { header: 'COUNTS FROM', value: (c) => c.countsFrom },
    ],
    answer.candidates,
  );
  const totals = formatTable(
    [
      { header: 'CUSTOMER', value: (t: HarvestAnswer['totals'][number]) => t.customer },
      { header: 'CANDIDATES', value: (t) => t.candidates, align: 'right' },
      { header: 'SEK/MONTH', value: (t) => t.monthlySavingSek, align: 'right' },
    ],
    answer.totals,
  );
  return `${plural(answer.candidates.length, 'harvest candidate')} on ${answer.today} (inactive after ${answer.inactiveDays} days)\n${list}\n\ntotals per customer\n${totals}`;
}

export function formatSavings(answer: SavingsAnswer): string {
  if (answer.savings.length === 0) return `no savings found on ${answer.today}`;
  return `savings on ${answer.today}; a reduction counts from the contract's next true-up date\n${formatTable<SavingsAnswer['savings'][number]>(
    [
      { header: 'CUSTOMER', value: (s) => s.customer },
      { header: 'PRODUCT', value: (s) => s.product },
      { header: 'LICENCES', value: (s) => s.licences, align: 'right' },
      { header: 'SEK/MONTH', value: (s) => s.monthlySek, align: 'right' },
      { header: 'SEK/YEAR', value: (s) => s.yearlySek, align: 'right' },
      { header: 'NEXT 12 MONTHS', value: (s) => s.next12MonthsSek, align: 'right' },
      { header: 'COUNTS FROM', value: (s) => s.countsFrom },
    ],
    answer.savings,
  )}`;
}

/** The harvest workbook as bytes: the CLI's JSON client reads text, so this one request is made here. */
async function fetchWorkbook(ctx: CliContext, customer: string | undefined): Promise<Buffer> {
  const base = ctx.config.ITOPS_LICENCE_URL;
  const url = new URL('v1/harvest/export', base.endsWith('/') ? base : `${base}/`);
  if (customer) url.searchParams.set('customer', customer);
  const headers = { authorization: `Bearer ${tokenStore(ctx).bearer(ctx.config.ITOPS_TOKEN)}`, accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  let response: Response;
  try {
    response = await ctx.fetch(url, { method: 'GET', headers });
  } catch (error) {
    throw new CliException(CliExceptionCode.SERVICE_UNREACHABLE, `licence is not reachable at ${url.origin}; start the services with "itops stack up" (or set ITOPS_LICENCE_URL)`, undefined, { cause: error });
  }
  if (!response.ok) throw requestFailed('licence', 'GET', url.pathname, response.status, await response.text());
  return Buffer.from(await response.arrayBuffer());
}

/** `itops licence products|contracts|pools|usage|harvest|savings|releases`: licence administration. */
export function registerLicenceCommands(program: Command, ctx: CliContext): void {
  const licence = program.command('licence').description('licence administration: products, contracts, pools, usage exports, harvesting and savings');
  const client = () => serviceClient(ctx, 'licence');

  for (const [name, path, what] of [
    ['products', '/v1/products', 'licence products: code, name, monthlyPriceSek, groupDn (the licence group in AD), servesAs, addon, activityService'],
    ['contracts', '/v1/contracts', 'supplier contracts: reference, supplier, productCode, quantity, unitPriceSek, startsOn, endsOn, trueUpOn'],
    ['pools', '/v1/pools', 'pools per customer or city-wide; kind substitute is a vikariepaket'],
  ] as const) {
    const group = licence.command(name).description(what);
    group
      .command('import')
      .description(`import ${name} from a YAML or JSON file (upserted; an import with a fault is refused whole)`)
      .argument('<file>', `YAML/JSON with "${name}:" and one entry per item`, parseExistingFile)
      .option('--json', 'print licence\'s JSON answer as it is')
      .action(async (file: string, options: { json?: boolean }) => {
        const answer = await client().put<{ imported: number }>(path, { json: { [name]: readImportFile(file, name) } });
        ctx.io.out(options.json ? toJson(answer) : `${plural(answer.imported, name.replace(/s$/, ''))} imported`);
      });
    const list = group.command('list').description(`list the ${name}`).option('--json', 'print licence\'s JSON answer as it is');
    if (name === 'pools') list.option('--customer <code>', 'the pools a customer can draw from', parseCustomerCode);
    list.action(async (options: { json?: boolean; customer?: string }) => {
      const rows = await client().get<Array<Record<string, unknown>>>(path, { query: { customer: options.customer } });
      if (options.json) return ctx.io.out(toJson(rows));
      const columns = Object.keys(rows[0] ?? {}).map((key) => ({ header: key, value: (r: Record<string, unknown>) => r[key] }));
      ctx.io.out(rows.length === 0 ? `no ${name}` : formatTable(columns, rows));
    });
  }

  licence
    .command('usage')
    .description('usage exports from the Microsoft 365 admin center, and Entra sign-in activity')
    .command('import')
    .description('import a usage export as downloaded (columns unchanged), or Graph /users pages with signInActivity (JSON)')
    .argument('<file>', 'the CSV export (or JSON for entra-sign-ins)', parseExistingFile)
    .addOption(new Option('--report <report>', 'which report the file is').choices([...USAGE_REPORTS]).makeOptionMandatory())
    .option('--json', 'print licence\'s JSON answer as it is')
    .action(async (file: string, options: { report: string; json?: boolean }) => {
      const request =
        options.report === 'entra-sign-ins'
          ? { query: { report: options.report }, json: JSON.parse(readFileSync(file, 'utf8')) as unknown }
          : { query: { report: options.report }, body: readFileSync(file), contentType: 'text/csv' };
      const answer = await client().post<{ users: number; activities: number; unmatchedUsers: number; refreshDate: string | null }>('/v1/usage/imports', request);
      ctx.io.out(
        options.json
          ? toJson(answer)
          : `${options.report}: ${plural(answer.users, 'user')}, ${plural(answer.activities, 'activity date', 'activity dates')} imported` +
              `${answer.refreshDate ? ` (report refreshed ${answer.refreshDate})` : ''}; ${plural(answer.unmatchedUsers, 'user')} matched no account`,
      );
    });

  licence
    .command('harvest')
    .description('licences that could go: leaver, disabled-account, inactive, downgrade, duplicate, unused-addon, with savings per customer')
    .option('--customer <code>', 'only this customer', parseCustomerCode)
    .option('--reason <reason>', 'with --apply: only this reason (repeatable)', parseReason)
    .option('--apply', 'release or downgrade the candidates now, through the licence groups (audited)')
    .option('--xlsx <file>', 'also write the candidates, totals and savings to an Excel workbook for the board')
    .option('--json', 'print licence\'s JSON answer as it is')
    .action(async (options: { customer?: string; reason?: string[]; apply?: boolean; xlsx?: string; json?: boolean }) => {
      if (options.reason && !options.apply) throw new CliException(CliExceptionCode.USAGE, '--reason chooses what --apply applies; add --apply, or leave --reason out to list every reason');
      if (options.apply) {
        const answer = await client().post<AppliedAnswer>('/v1/harvest/apply', { json: { customer: options.customer, reasons: options.reason } });
        if (options.json) return ctx.io.out(toJson(answer));
        return ctx.io.out(
          answer.applied.length === 0
            ? 'nothing to apply'
            : `${plural(answer.applied.length, 'licence')} harvested\n${formatTable<AppliedAnswer['applied'][number]>(
                [
                  { header: 'ACCOUNT', value: (a) => a.account },
                  { header: 'PRODUCT', value: (a) => a.product },
                  { header: 'REASON', value: (a) => a.reason },
                  { header: 'OUTCOME', value: (a) => (a.downgradeTo ? `${a.outcome} to ${a.downgradeTo}` : a.outcome) },
                ],
                answer.applied,
              )}`,
        );
      }
      const answer = await client().get<HarvestAnswer>('/v1/harvest', { query: { customer: options.customer } });
      if (options.xlsx) {
        writeFileSync(options.xlsx, await fetchWorkbook(ctx, options.customer));
        ctx.io.err(`workbook written to ${options.xlsx}`);
      }
      ctx.io.out(options.json ? toJson(answer) : formatHarvest(answer));
    });

  licence
    .command('savings')
    .description('savings per customer and product, per month and year; a reduction counts from the contract\'s next true-up date')
    .option('--customer <code>', 'only this customer', parseCustomerCode)
    .option('--json', 'print licence\'s JSON answer as it is')
    .action(async (options: { customer?: string; json?: boolean }) => {
      const answer = await client().get<SavingsAnswer>('/v1/savings', { query: { customer: options.customer } });
      ctx.io.out(options.json ? toJson(answer) : formatSavings(answer));
    });

  licence
    .command('releases')
    .description('leavers\' licences after the grace period, and ended substitute bookings')
    .command('run')
    .description('run the releases now (they also run on a schedule)')
    .option('--json', 'print licence\'s JSON answer as it is')
    .action(async (options: { json?: boolean }) => {
      const answer = await client().post<{ ran: boolean; today: string; leavers: number; released: number; bookingsEnded: number }>('/v1/releases/runs');
      ctx.io.out(
        options.json
          ? toJson(answer)
          : answer.ran
            ? `released ${plural(answer.released, 'licence')} of ${plural(answer.leavers, 'leaver')}; ${plural(answer.bookingsEnded, 'substitute booking')} ended`
            : 'another licence replica is running the releases; nothing done',
      );
    });
}
