import type { Command } from 'commander';
import { parseSamAccountName } from '../cli-argument.parsers';
import { serviceClient, type CliContext } from '../cli.context';
import { formatRecord, toJson } from '../output.format';

/** `itops accounts show <sam>`: an account as identity holds it (and why it looks that way). */
export function registerAccountCommands(program: Command, ctx: CliContext): void {
  const accounts = program.command('accounts').description('AD accounts as identity manages them');

  accounts
    .command('show')
    .description('one account by its sAMAccountName')
    .argument('<sam>', 'the sAMAccountName, e.g. anna.svensson', parseSamAccountName)
    .option('--json', 'print identity\'s JSON answer as it is')
    .action(async (sam: string, options: { json?: boolean }) => {
      const account = await serviceClient(ctx, 'identity').get<unknown>(`/v1/accounts/${encodeURIComponent(sam)}`);
      ctx.io.out(options.json ? toJson(account) : formatRecord(account));
    });
}
