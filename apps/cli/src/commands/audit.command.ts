import { InvalidArgumentError, type Command } from 'commander';
import { parseSamAccountName } from '../cli-argument.parsers';
import { serviceClient, type CliContext } from '../cli.context';
import { CliException, CliExceptionCode } from '../cli.exception';
import { formatTable, toJson } from '../output.format';
import { parseDate } from './access-requests.command';

interface Verification {
  checked: number;
  head: { seq: number; hash: string } | null;
  broken?: { seq: number; id: string; problem: string };
}

interface AccessReason {
  groupDn: string;
  groupKey: string | null;
  cause: string | null;
  via: string;
  since: string;
  addedBy: string;
  request?: { id: string; requestedBy: string; approvedBy: string | null; until: string };
  confirmedIn: Array<{ reviewId: string; by: string }>;
}

interface PersonAccess {
  personId: string;
  account: { samAccountName: string } | null;
  employments: Array<{ employmentId: string; customerCode: string; unitCode: string; jobTitle: string | null; access: AccessReason[] }>;
  accountWide: AccessReason[];
}

interface Entry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  accountId: string | null;
  detail: Record<string, unknown>;
}

/** An ISO instant with an offset, e.g. 2026-03-01T00:00:00+01:00. */
export function parseInstant(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError(`"${value}" is not an instant; expected ISO 8601 with an offset, e.g. 2026-03-01T00:00:00+01:00.`);
  }
  return value;
}

const reasonTable = (rows: readonly AccessReason[], indent: string) =>
  formatTable<AccessReason>(
    [
      { header: 'group', value: (r) => r.groupKey ?? r.groupDn },
      { header: 'why', value: (r) => r.cause },
      { header: 'since', value: (r) => r.since },
      { header: 'by', value: (r) => r.addedBy },
      { header: 'requested by', value: (r) => r.request?.requestedBy },
      { header: 'until', value: (r) => r.request?.until },
      { header: 'confirmed in review', value: (r) => r.confirmedIn.map((c) => `${c.reviewId} by ${c.by}`) },
    ],
    rows,
    indent,
  );

export function formatPersonAccess(answer: PersonAccess): string {
  const lines = [`person ${answer.personId}, account ${answer.account?.samAccountName ?? '-'}`];
  for (const e of answer.employments) {
    lines.push(`employment ${e.employmentId} (${e.customerCode} ${e.unitCode}${e.jobTitle ? `, ${e.jobTitle}` : ''}):`);
    lines.push(e.access.length > 0 ? reasonTable(e.access, '  ') : '  no access recorded for this employment');
  }
  if (answer.accountWide.length > 0) lines.push('not tied to one employment:', reasonTable(answer.accountWide, '  '));
  return lines.join('\n');
}

/** `itops audit verify|access|changes|group`: the audit log's questions (role auditor). */
export function registerAuditCommands(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('the hash-chained audit log: verify it, ask who has what and why, who changed what');
  const identity = () => serviceClient(ctx, 'identity');

  audit
    .command('verify')
    .description('recompute the hash chain; exit status 1 naming the first broken entry')
    .option('--json', "print identity's JSON answer as it is")
    .action(async (o: { json?: boolean }) => {
      const v = await identity().get<Verification>('/v1/audit/verification');
      ctx.io.out(o.json ? toJson(v) : v.broken ? `BROKEN at entry ${v.broken.seq} (${v.broken.id}): ${v.broken.problem}; ${v.checked} entries before it are intact` : `intact: ${v.checked} entries, head ${v.head?.seq ?? '-'} ${v.head?.hash ?? ''}`.trimEnd());
      if (v.broken) throw new CliException(CliExceptionCode.REQUEST_FAILED, `the audit log's chain is broken at entry ${v.broken.seq} (${v.broken.id}): ${v.broken.problem}`);
    });
  audit
    .command('access')
    .description('which access does a person have, and why (per employment)')
    .argument('<who>', 'a sAMAccountName or a person id')
    .option('--json', "print identity's JSON answer as it is")
    .action(async (who: string, o: { json?: boolean }) => {
      const answer = await identity().get<PersonAccess>('/v1/audit/access', { query: { who } });
      ctx.io.out(o.json ? toJson(answer) : formatPersonAccess(answer));
    });
  audit
    .command('changes')
    .description('who changed what, when')
    .option('--account <sam>', 'entries of this account', parseSamAccountName)
    .option('--group <key-or-dn>', 'entries naming this group')
    .option('--actor <subject>', 'entries by this actor')
    .option('--action <action>', 'e.g. membership.added')
    .option('--from <instant>', 'from this instant (inclusive)', parseInstant)
    .option('--until <instant>', 'before this instant', parseInstant)
    .option('--limit <n>', 'at most this many entries (default 500)')
    .option('--json', "print identity's JSON answer as it is")
    .action(async (o: { account?: string; group?: string; actor?: string; action?: string; from?: string; until?: string; limit?: string; json?: boolean }) => {
      const { json, ...query } = o;
      const answer = await identity().get<{ entries: Entry[] }>('/v1/audit/changes', { query });
      ctx.io.out(
        json
          ? toJson(answer)
          : formatTable<Entry>(
              [
                { header: 'seq', value: (e) => e.seq, align: 'right' },
                { header: 'at', value: (e) => e.at },
                { header: 'actor', value: (e) => e.actor },
                { header: 'action', value: (e) => e.action },
                { header: 'account', value: (e) => e.detail['samAccountName'] ?? e.accountId },
                { header: 'group', value: (e) => e.detail['groupKey'] ?? e.detail['groupDn'] },
                { header: 'cause', value: (e) => e.detail['cause'] ?? e.detail['rule'] },
              ],
              answer.entries,
            ),
      );
    });
  audit
    .command('group')
    .description('what did this group look like on a date (members at the end of the day, from the log)')
    .argument('<group>', 'a group key of the access rules, or its DN')
    .requiredOption('--date <date>', 'YYYY-MM-DD (Europe/Stockholm)', parseDate)
    .option('--json', "print identity's JSON answer as it is")
    .action(async (group: string, o: { date: string; json?: boolean }) => {
      const answer = await identity().get<{ groupDn: string; members: Array<Record<string, unknown>> }>('/v1/audit/group-members', { query: { group, date: o.date } });
      ctx.io.out(
        o.json
          ? toJson(answer)
          : `${answer.groupDn} at the end of ${o.date}: ${answer.members.length} members\n${formatTable<Record<string, unknown>>(
              ['samAccountName', 'accountId', 'since', 'cause'].map((key) => ({ header: key, value: (m) => m[key] })),
              answer.members,
            )}`,
      );
    });
}
