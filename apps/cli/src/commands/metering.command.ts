import type { Command } from 'commander';
import { parseCustomerCode, parseOfferingCode, parsePeriod } from '../cli-argument.parsers';
import { serviceClient, type CliContext } from '../cli.context';
import { toJson } from '../output.format';
import { formatLedger, type LedgerAnswer } from './metering.format';

interface LedgerOptions {
  customer: string;
  period: string;
  offering?: string;
  json?: boolean;
}

/** `itops metering ledger`: the service desk's drill-down from a volume to the items behind it. */
export function registerMeteringCommands(program: Command, ctx: CliContext): void {
  const metering = program.command('metering').description('volumes: the append-only usage ledger');

  metering
    .command('ledger')
    .description('the ledger items of a customer that overlap a month')
    .requiredOption('--customer <code>', 'customer code (kundkod), e.g. N138', parseCustomerCode)
    .requiredOption('--period <YYYY-MM>', 'the month, e.g. 2026-11', parsePeriod)
    .option('--offering <code>', 'only this offering (tjanstekod), e.g. KONTO', parseOfferingCode)
    .option('--json', 'print metering\'s JSON answer as it is')
    .action(async (options: LedgerOptions) => {
      const ledger = await serviceClient(ctx, 'metering').get<LedgerAnswer>('/v1/ledger', {
        query: { customer: options.customer, period: options.period, offering: options.offering },
      });
      ctx.io.out(options.json ? toJson(ledger) : formatLedger(ledger));
    });
}
