import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../cli.context';
import { CliException, CliExceptionCode } from '../cli.exception';

/**
 * `itops stack up|down|status`: the infrastructure (deploy/local/stack.sh: PostgreSQL, Kafka,
 * Samba AD) and on it the services (deploy/local/services.sh: dev issuer and the six
 * services). Up in that order, down in reverse; the scripts' output is streamed as it comes.
 */
export function registerStackCommands(program: Command, ctx: CliContext): void {
  const stack = program.command('stack').description('the local stack: infrastructure, dev issuer and services');
  const infrastructure = join(ctx.config.ITOPS_ROOT, 'deploy', 'local', 'stack.sh');
  const services = join(ctx.config.ITOPS_ROOT, 'deploy', 'local', 'services.sh');

  stack
    .command('up')
    .description('start PostgreSQL, Kafka and Samba AD, then the dev issuer and the services (idempotent)')
    .action(async () => {
      await runOrFail(ctx, infrastructure, 'up');
      await runOrFail(ctx, services, 'up');
    });

  stack
    .command('down')
    .description('stop the services and the dev issuer, then the infrastructure')
    .action(async () => {
      await runOrFail(ctx, services, 'down');
      await runOrFail(ctx, infrastructure, 'down');
    });

  stack
    .command('status')
    .description('one line per component and service; exit 1 unless all are up')
    .action(async () => {
      // Both, even when the first reports something down: status is for seeing everything.
      const results = [await ctx.runScript(infrastructure, ['status']), await ctx.runScript(services, ['status'])];
      if (results.some((status) => status !== 0)) {
        throw new CliException(CliExceptionCode.SCRIPT_FAILED, 'not everything is up (see the lines above); start it with "itops stack up"');
      }
    });
}

async function runOrFail(ctx: CliContext, script: string, command: string): Promise<void> {
  const status = await ctx.runScript(script, [command]);
  if (status !== 0) {
    throw new CliException(CliExceptionCode.SCRIPT_FAILED, `${script} ${command} failed with exit status ${status} (its messages are above)`);
  }
}
