import { readFileSync, writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { parseExistingFile, parseOfferingCode, parsePeriod } from '../cli-argument.parsers';
import { serviceClient, tokenStore, type CliContext } from '../cli.context';
import { CliException, CliExceptionCode } from '../cli.exception';
import { requestFailed } from '../http.client';
import { formatImportAnswer, formatRecord, plural, toJson } from '../output.format';
import { formatBillingRun, formatForecast, type BillingRunAnswer, type ForecastAnswer } from './billing.format';

export const COST_SOURCES = ['licence-contract', 'device-lease', 'entered'] as const;

/** A calendar year: four digits. */
export function parseYear(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a year; expected four digits, e.g. 2026.`);
  return Number(value);
}

/** The export format: csv or json. */
export function parseExportFormat(value: string): 'csv' | 'json' {
  if (value !== 'csv' && value !== 'json') throw new InvalidArgumentError(`"${value}" is not an export format; expected csv or json.`);
  return value;
}

/** SEK as billing takes it: "." as separator, at most 2 decimals, a "-" for a credit ("," is read as "."). */
export function parseAmountSek(value: string): string {
  const amount = value.trim().replace(',', '.');
  if (!/^-?\d{1,13}(\.\d{1,2})?$/.test(amount)) {
    throw new InvalidArgumentError(`"${value}" is not an amount in SEK; expected digits with at most 2 decimals and no thousands separator, e.g. 125000.50.`);
  }
  return amount;
}

export function parseCostSource(value: string): string {
  if (!(COST_SOURCES as readonly string[]).includes(value)) throw new InvalidArgumentError(`"${value}" is not a cost source; expected one of ${COST_SOURCES.join(', ')}.`);
  return value;
}

/**
 * `itops billing ...`: the price list (prislista), agreements (kundavtal), the monthly billing
 * run, issuing it, the export to the finance system, costs and the year's forecast.
 */
export function registerBillingCommands(program: Command, ctx: CliContext): void {
  const billing = program.command('billing').description('price lists, agreements, billing runs, exports and forecast (debitering)');

  billing
    .command('price-list')
    .description('the price list (prislista)')
    .command('import')
    .description('send a price-list CSV to billing')
    .argument('<file>', 'the price-list CSV (";"-separated, header row)', parseExistingFile)
    .option('--json', 'print billing\'s JSON answer as it is')
    .action(async (file: string, options: { json?: boolean }) => {
      const answer = await serviceClient(ctx, 'billing').post<unknown>('/v1/price-lists', { body: readFileSync(file), contentType: 'text/csv' });
      ctx.io.out(options.json ? toJson(answer) : formatImportAnswer('price list', answer ?? {}));
    });

  billing
    .command('agreements')
    .description('customer agreements (kundavtal): the optional offerings each customer takes')
    .command('import')
    .description('send an agreements CSV (kundkod;tjanstekod;giltig_fran;giltig_till) to billing')
    .argument('<file>', 'the agreements CSV (";"-separated, header row)', parseExistingFile)
    .option('--json', 'print billing\'s JSON answer as it is')
    .action(async (file: string, options: { json?: boolean }) => {
      const answer = await serviceClient(ctx, 'billing').post<unknown>('/v1/agreements', { body: readFileSync(file), contentType: 'text/csv' });
      ctx.io.out(options.json ? toJson(answer) : formatImportAnswer('agreements', answer ?? {}));
    });

  billing
    .command('run')
    .description('run billing for a month (a draft, repeatable until issued): one invoice per customer, volume x price per offering')
    .requiredOption('--period <YYYY-MM>', 'the month to bill, e.g. 2026-11', parsePeriod)
    .option('--json', 'print billing\'s JSON answer as it is')
    .action(async (options: { period: string; json?: boolean }) => {
      const run = await serviceClient(ctx, 'billing').post<BillingRunAnswer>('/v1/runs', { json: { period: options.period } });
      ctx.io.out(options.json ? toJson(run) : formatBillingRun(run));
    });

  billing
    .command('issue')
    .description('make the month\'s draft final: its invoices never change again, later changes become corrections')
    .requiredOption('--period <YYYY-MM>', 'the month to issue, e.g. 2026-11', parsePeriod)
    .option('--json', 'print billing\'s JSON answer as it is')
    .action(async (options: { period: string; json?: boolean }) => {
      const run = await serviceClient(ctx, 'billing').post<BillingRunAnswer>(`/v1/runs/${options.period}/issue`);
      ctx.io.out(options.json ? toJson(run) : formatBillingRun(run));
    });

  billing
    .command('export')
    .description('the issued month for the finance system: one row per invoice line (docs/billing.md)')
    .requiredOption('--period <YYYY-MM>', 'the issued month, e.g. 2026-11', parsePeriod)
    .option('--format <csv|json>', 'csv (";"-separated) or json', parseExportFormat, 'csv')
    .option('--out <file>', 'write the export to this file, exactly as billing sent it, instead of to stdout')
    .action(async (options: { period: string; format: 'csv' | 'json'; out?: string }) => {
      const body = await getText(ctx, `/v1/runs/${options.period}/export`, { format: options.format });
      if (options.out) {
        writeFileSync(options.out, body);
        const rows = options.format === 'csv' ? body.split('\r\n').filter(Boolean).length - 1 : (JSON.parse(body) as { rows: unknown[] }).rows.length;
        ctx.io.out(`billing export ${options.period}: ${plural(rows, 'row')} written to ${options.out}`);
        return;
      }
      ctx.io.out(body.replace(/\r?\n$/, ''));
    });

  billing
    .command('forecast')
    .description('the year\'s forecast per customer and offering (actual plus run rate), and over/under-recovery per offering')
    .requiredOption('--year <YYYY>', 'the year, e.g. 2026', parseYear)
    .option('--json', 'print billing\'s JSON answer as it is')
    .action(async (options: { year: number; json?: boolean }) => {
      const forecast = await serviceClient(ctx, 'billing').get<ForecastAnswer>('/v1/forecast', { query: { year: String(options.year) } });
      ctx.io.out(options.json ? toJson(forecast) : formatForecast(forecast));
    });

  billing
    .command('costs')
    .description('the cost inputs of over/under-recovery: licence contracts, device leases, entered costs')
    .command('add')
    .description('add a cost of an offering for a month')
    .requiredOption('--offering <code>', 'the offering (tjanstekod), e.g. M365-E3', parseOfferingCode)
    .requiredOption('--period <YYYY-MM>', 'the month the cost is for, e.g. 2026-11', parsePeriod)
    .requiredOption('--amount <SEK>', 'the cost in SEK, e.g. 125000.50 (negative for a credit)', parseAmountSek)
    .requiredOption('--source <source>', `where it comes from: ${COST_SOURCES.join(', ')}`, parseCostSource)
    .option('--note <text>', 'contract number, lease batch or why it was entered')
    .option('--json', 'print billing\'s JSON answer as it is')
    .action(async (options: { offering: string; period: string; amount: string; source: string; note?: string; json?: boolean }) => {
      const cost = await serviceClient(ctx, 'billing').post<unknown>('/v1/costs', {
        json: { offering: options.offering, period: options.period, amountSek: options.amount, source: options.source, note: options.note },
      });
      ctx.io.out(options.json ? toJson(cost) : `cost added:\n${formatRecord(cost, '  ')}`);
    });
}

/**
 * A GET whose answer is kept as text (the CSV export is not JSON). Errors are reported as
 * the JSON client reports them.
 */
async function getText(ctx: CliContext, path: string, query: Record<string, string>): Promise<string> {
  const baseUrl = ctx.config.ITOPS_BILLING_URL;
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const authorization = `Bearer ${tokenStore(ctx).bearer(ctx.config.ITOPS_TOKEN)}`;
  let response: Response;
  try {
    response = await ctx.fetch(url, { method: 'GET', headers: { accept: 'text/csv, application/json', authorization } });
  } catch (error) {
    const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
    throw new CliException(
      CliExceptionCode.SERVICE_UNREACHABLE,
      `billing is not reachable at ${url.origin} (${typeof cause?.code === 'string' ? cause.code : String(error)}); ` +
        'start the services with "itops stack up" (or set ITOPS_BILLING_URL to where billing runs)',
      undefined,
      { cause: error },
    );
  }
  const body = await response.text();
  if (!response.ok) throw requestFailed('billing', 'GET', url.pathname, response.status, body);
  return body;
}
