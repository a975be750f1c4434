import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseExistingFile } from '../cli-argument.parsers';
import { serviceClient, type CliContext } from '../cli.context';
import { formatImportAnswer, formatRecord, plural, toJson } from '../output.format';
import { parseCustomerRegister } from './customer-register.parser';

/**
 * `itops customers import <file>`: the customer register (kunder) goes to two owners:
 * billing takes the whole file (types, cost centres), hr-feed the codes and names it checks
 * organisationskod against. billing goes first: it judges the file fully, and a file it
 * refuses as a whole leaves hr-feed's register untouched.
 */
export function registerCustomerCommands(program: Command, ctx: CliContext): void {
  const customers = program.command('customers').description('the customer register (kunder): administrations, companies, boards');

  customers
    .command('import')
    .description('send a customers CSV (kundkod;namn;typ;kostnadsstallen, UTF-8) to billing and hr-feed')
    .argument('<file>', 'the customers CSV', parseExistingFile)
    .option('--json', 'print both answers as JSON: {"billing": ..., "hrFeed": ...}')
    .action(async (file: string, options: { json?: boolean }) => {
      const bytes = readFileSync(file);
      const register = parseCustomerRegister(bytes, file);
      const billing = await serviceClient(ctx, 'billing').post<unknown>('/v1/customers', { body: bytes, contentType: 'text/csv' });
      const hrFeed = await serviceClient(ctx, 'hr-feed').put<unknown>('/v1/customers', { json: register });
      if (options.json) {
        ctx.io.out(toJson({ billing: billing ?? null, hrFeed: hrFeed ?? null }));
        return;
      }
      const hrLine = `hr-feed: register of ${plural(register.length, 'customer')} taken`;
      ctx.io.out(
        [formatImportAnswer('billing', billing ?? {}), hrFeed === undefined ? hrLine : `${hrLine}\n${formatRecord(hrFeed, '  ')}`].join('\n'),
      );
    });
}
