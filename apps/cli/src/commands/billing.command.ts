import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseExistingFile, parsePeriod } from '../cli-argument.parsers';
import { serviceClient, type CliContext } from '../cli.context';
import { formatImportAnswer, toJson } from '../output.format';
import { formatBillingRun, type BillingRunAnswer } from './billing.format';

/** `itops billing price-list import|run`: the price list (prislista) and the monthly billing run. */
export function registerBillingCommands(program: Command, ctx: CliContext): void {
  const billing = program.command('billing').description('price lists and billing runs (debitering)');

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
    .command('run')
    .description('run billing for a month: one invoice per customer, volume x price per offering')
    .requiredOption('--period <YYYY-MM>', 'the month to bill, e.g. 2026-11', parsePeriod)
    .option('--json', 'print billing\'s JSON answer as it is')
    .action(async (options: { period: string; json?: boolean }) => {
      const run = await serviceClient(ctx, 'billing').post<BillingRunAnswer>('/v1/runs', { json: { period: options.period } });
      ctx.io.out(options.json ? toJson(run) : formatBillingRun(run));
    });
}
