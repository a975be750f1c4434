import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { parseExistingFile, parseSnapshotId } from '../cli-argument.parsers';
import { serviceClient, type CliContext } from '../cli.context';
import { formatRecord, toJson } from '../output.format';
import { formatSnapshotImport, type SnapshotImportAnswer } from './hr.format';

interface ImportOptions {
  dryRun?: boolean;
  json?: boolean;
  encoding: 'utf8' | 'latin1';
}

/**
 * `itops hr import|approve`: HR snapshots into hr-feed. Rejected rows are reported and the
 * command still succeeds (the rest of the file was taken); a file refused as a whole (broken
 * header, wrong encoding) is an error answer and fails the command.
 */
export function registerHrCommands(program: Command, ctx: CliContext): void {
  const hr = program.command('hr').description('HR snapshots (the Personec/Heroma exports) into hr-feed');

  hr.command('import')
    .description('send an HR snapshot CSV to hr-feed: validated, diffed against the last snapshot')
    .argument('<file>', 'the snapshot CSV (";"-separated, header row)', parseExistingFile)
    .option('--dry-run', 'validate and diff only; store nothing')
    .addOption(new Option('--encoding <encoding>', 'the file\'s text encoding').choices(['utf8', 'latin1']).default('utf8'))
    .option('--json', 'print hr-feed\'s JSON answer as it is')
    .action(async (file: string, options: ImportOptions) => {
      const dryRun = options.dryRun === true;
      const answer = await serviceClient(ctx, 'hr-feed').post<SnapshotImportAnswer>('/v1/snapshots', {
        query: { dryRun: String(dryRun), encoding: options.encoding },
        body: readFileSync(file),
        contentType: 'text/csv',
      });
      ctx.io.out(options.json ? toJson(answer) : formatSnapshotImport(answer ?? {}, dryRun));
    });

  hr.command('approve')
    .description('approve a snapshot held back (e.g. by the mass-leaver brake), so its changes go out')
    .argument('<snapshotId>', 'the id "itops hr import" printed', parseSnapshotId)
    .option('--json', 'print hr-feed\'s JSON answer as it is')
    .action(async (snapshotId: string, options: { json?: boolean }) => {
      const answer = await serviceClient(ctx, 'hr-feed').post<unknown>(`/v1/snapshots/${encodeURIComponent(snapshotId)}/approve`);
      ctx.io.out(options.json ? toJson(answer) : answer === undefined ? `snapshot ${snapshotId} approved` : `snapshot ${snapshotId} approved\n${formatRecord(answer)}`);
    });
}
