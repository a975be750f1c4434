import type { Command } from 'commander';
import { parseCustomerCode, parseOfferingCode, parsePeriod } from '../cli-argument.parsers';
import { serviceClient, type CliContext } from '../cli.context';
import { toJson } from '../output.format';
import { formatVolumes, type VolumesAnswer } from './metering.format';

interface VolumesOptions {
  customer: string;
  period: string;
  offering?: string;
  items?: boolean;
  json?: boolean;
}

/** `itops volumes`: the service desk's "how many X does customer Y have, who are they, what changed". */
export function registerVolumesCommand(program: Command, ctx: CliContext): void {
  program
    .command('volumes')
    .description('volumes of a customer in a month per offering, and who was added and who left since the month before')
    .requiredOption('--customer <code>', 'customer code (kundkod), e.g. N138', parseCustomerCode)
    .requiredOption('--period <YYYY-MM>', 'the month, e.g. 2026-11', parsePeriod)
    .option('--offering <code>', 'only this offering (tjanstekod), e.g. ANSTALLDA', parseOfferingCode)
    .option('--items', 'also list the ledger items behind each volume')
    .option('--json', 'print metering\'s JSON answer as it is')
    .action(async (options: VolumesOptions) => {
      const answer = await serviceClient(ctx, 'metering').get<VolumesAnswer>('/v1/volumes', {
        query: { customer: options.customer, period: options.period, offering: options.offering, items: options.items ? 'true' : undefined },
      });
      ctx.io.out(options.json ? toJson(answer) : formatVolumes(answer, { items: options.items }));
    });
}
