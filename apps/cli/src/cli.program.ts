import { Command, CommanderError } from 'commander';
import type { CliContext } from './cli.context';
import { CliException, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli.exception';
import { registerAccessCommands } from './commands/access.command';
import { registerAccessRequestCommands } from './commands/access-requests.command';
import { registerAccountCommands } from './commands/accounts.command';
import { registerAuditCommands } from './commands/audit.command';
import { registerDevicesCommands } from './commands/devices.command';
import { registerBillingCommands } from './commands/billing.command';
import { registerCityCommands } from './commands/city.command';
import { registerCustomerCommands } from './commands/customers.command';
import { registerHrCommands } from './commands/hr.command';
import { registerLicenceCommands } from './commands/licence.command';
import { registerLoginCommand } from './commands/login.command';
import { registerMeteringCommands } from './commands/metering.command';
import { registerStackCommands } from './commands/stack.command';
import { registerVolumesCommand } from './commands/volumes.command';
import { formatRecord } from './output.format';

/** The whole command tree. Settings made here before `.command()` are inherited by every subcommand. */
export function createProgram(ctx: CliContext): Command {
  const program = new Command('itops')
    .description('the operators\' command line for itops: a thin client of the services\' HTTP APIs')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.out(text.replace(/\n$/, '')),
      writeErr: (text) => ctx.io.err(text.replace(/\n$/, '')),
      outputError: (text, write) => write(`itops: ${text}`),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nExit status: 0 done, 1 a request or file was refused (the reason on stderr), 2 a usage error (nothing was sent).\n' +
        'Settings come from the environment: ITOPS_<SERVICE>_URL, ITOPS_DEV_ISSUER_URL, ITOPS_TOKEN, ITOPS_STATE (see docs/cli.md).',
    );
  registerStackCommands(program, ctx);
  registerLoginCommand(program, ctx);
  registerHrCommands(program, ctx);
  registerCustomerCommands(program, ctx);
  registerBillingCommands(program, ctx);
  registerMeteringCommands(program, ctx);
  registerVolumesCommand(program, ctx);
  registerAccountCommands(program, ctx);
  registerAccessRequestCommands(program, ctx);
  registerAuditCommands(program, ctx);
  registerDevicesCommands(program, ctx);
  registerLicenceCommands(program, ctx);
  registerAccessCommands(program, ctx);
  registerCityCommands(program, ctx);
  return program;
}

/** Runs one command line (without the node and script arguments) and returns the exit status. */
export async function runCli(args: readonly string[], ctx: CliContext): Promise<number> {
  try {
    await createProgram(ctx).parseAsync([...args], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    // Commander has already printed its message (or the help) when it throws.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof CliException) {
      ctx.io.err(formatFailure(error));
      return error.exitCode;
    }
    ctx.io.err(`itops: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT_FAILED;
  }
}

/** The error line, then what the service added: details (e.g. one entry per field) and the error id to quote. */
export function formatFailure(error: CliException): string {
  const lines = [`itops: error: ${error.message}`];
  const serviceError = error.serviceError;
  if (serviceError?.details !== undefined) lines.push('  details:', formatRecord(serviceError.details, '    '));
  if (serviceError?.errorId) lines.push(`  error id: ${serviceError.errorId} (quote it to operations; it finds the logged error)`);
  return lines.join('\n');
}
