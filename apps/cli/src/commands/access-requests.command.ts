import { InvalidArgumentError, type Command } from 'commander';
import { parseCustomerCode, parseSamAccountName } from '../cli-argument.parsers';
import { serviceClient, type CliContext } from '../cli.context';
import { CliException, CliExceptionCode } from '../cli.exception';
import { formatRecord, formatTable, toJson } from '../output.format';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A calendar day, YYYY-MM-DD, that exists. */
export function parseDate(value: string): string {
  const match = DAY.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError(`"${value}" is not a date; expected YYYY-MM-DD, e.g. 2026-06-30.`);
  }
  return value;
}

/** A request's, review's or item's id as identity gave it. */
export function parseId(value: string): string {
  if (!UUID.test(value)) throw new InvalidArgumentError(`"${value}" is not an id; expected the UUID identity printed, e.g. from "itops access request list".`);
  return value.toLowerCase();
}

export function parseGroupKey(value: string): string {
  if (!/^[a-z0-9-]+$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a group key; expected lower-case letters, digits and -, as in the access rules, e.g. ehalsa-journal.`);
  return value;
}

export function parseLicenceCode(value: string): string {
  if (!/^[A-Z0-9][A-Z0-9._-]{0,39}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a licence code; expected upper-case letters, digits, . _ -, as in the access rules, e.g. VISIO-P2.`);
  return value;
}

export function parseAnswer(value: string): 'confirm' | 'reject' {
  if (value !== 'confirm' && value !== 'reject') throw new InvalidArgumentError(`"${value}" is not an answer; allowed: confirm, reject.`);
  return value;
}

export function parseStatus(value: string): string {
  const allowed = ['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'REVOKED'];
  if (!allowed.includes(value.toUpperCase())) throw new InvalidArgumentError(`"${value}" is not a status; allowed: ${allowed.join(', ')}.`);
  return value.toUpperCase();
}

interface RequestRow {
  id: string;
  samAccountName: string;
  groupKey: string | null;
  licenceCode?: string | null;
  until: string;
  status: string;
  requestedBy: string;
  owner: string;
  decidedBy: string | null;
}

interface ReviewItemRow {
  id: string;
  samAccountName: string;
  groupKey: string | null;
  licenceCode?: string | null;
  until: string;
  reviewers: string[];
  answer: string | null;
  outcome: string | null;
}

const requestTable = (rows: readonly RequestRow[]) =>
  formatTable<RequestRow>(
    [
      { header: 'id', value: (r) => r.id },
      { header: 'account', value: (r) => r.samAccountName },
      { header: 'access', value: (r) => r.groupKey ?? (r.licenceCode ? `licence ${r.licenceCode}` : null) },
      { header: 'until', value: (r) => r.until },
      { header: 'status', value: (r) => r.status },
      { header: 'requested by', value: (r) => r.requestedBy },
      { header: 'owner', value: (r) => r.owner },
      { header: 'decided by', value: (r) => r.decidedBy },
    ],
    rows,
  );

export const reviewItemTable = (rows: readonly ReviewItemRow[]) =>
  formatTable<ReviewItemRow>(
    [
      { header: 'item', value: (r) => r.id },
      { header: 'account', value: (r) => r.samAccountName },
      { header: 'access', value: (r) => r.groupKey ?? (r.licenceCode ? `licence ${r.licenceCode}` : null) },
      { header: 'until', value: (r) => r.until },
      { header: 'manager', value: (r) => r.reviewers },
      { header: 'answer', value: (r) => r.answer },
      { header: 'outcome', value: (r) => r.outcome },
    ],
    rows,
  );

/**
 * `itops access request create|approve|reject|list|show` and `itops access review
 * start|show|answer|close|list`: extra access by request, and access reviews (behörighetsrevision).
 */
export function registerAccessRequestCommands(program: Command, ctx: CliContext): void {
  const access = program.commands.find((c) => c.name() === 'access') ?? program.command('access').description('access: rules, reconciliation, requests and reviews');
  const identity = () => serviceClient(ctx, 'identity');
  const print = (json: boolean | undefined, value: unknown, human: () => string) => ctx.io.out(json ? toJson(value) : human());

  const request = access.command('request').description('extra, time-bound access to a group or a licence, approved by its owner');
  request
    .command('create')
    .description('request a group or a licence for an account (manager or service desk)')
    .requiredOption('--account <sam>', 'the account that gets the access', parseSamAccountName)
    .option('--group <key>', 'the group key in the access rules (or --licence)', parseGroupKey)
    .option('--licence <code>', 'a requestable licence code in the access rules, e.g. VISIO-P2 (or --group)', parseLicenceCode)
    .requiredOption('--until <date>', 'last day with access, YYYY-MM-DD (Europe/Stockholm)', parseDate)
    .requiredOption('--reason <text>', 'why the access is needed')
    .option('--employment <id>', 'the employment the access is for (default: the primary one)')
    .option('--json', "print identity's JSON answer as it is")
    .action(async (o: { account: string; group?: string; licence?: string; until: string; reason: string; employment?: string; json?: boolean }) => {
      if (!o.group === !o.licence) throw new CliException(CliExceptionCode.USAGE, 'give exactly one of --group <key> and --licence <code>');
      const target = o.group ? { group: o.group } : { licence: o.licence };
      const created = await identity().post<RequestRow>('/v1/access/requests', {
        json: { account: o.account, ...target, until: o.until, reason: o.reason, ...(o.employment ? { employmentId: o.employment } : {}) },
      });
      print(o.json, created, () => formatRecord(created));
    });
  for (const verb of ['approve', 'reject'] as const) {
    request
      .command(verb)
      .description(`${verb} a pending request (the group's or licence's owner, or an admin; never the requester)`)
      .argument('<id>', 'the request id', parseId)
      .option('--note <text>', 'a note kept with the decision')
      .option('--json', "print identity's JSON answer as it is")
      .action(async (id: string, o: { note?: string; json?: boolean }) => {
        const decided = await identity().post<RequestRow>(`/v1/access/requests/${id}/${verb}`, { json: o.note ? { note: o.note } : {} });
        print(o.json, decided, () => formatRecord(decided));
      });
  }
  request
    .command('list')
    .description('requests, newest first')
    .option('--status <status>', 'PENDING, APPROVED, REJECTED, EXPIRED or REVOKED', parseStatus)
    .option('--account <sam>', 'only this account', parseSamAccountName)
    .option('--group <key>', 'only this group', parseGroupKey)
    .option('--licence <code>', 'only this requested licence', parseLicenceCode)
    .option('--owner <subject>', 'only groups and licences this owner decides')
    .option('--json', "print identity's JSON answer as it is")
    .action(async (o: { status?: string; account?: string; group?: string; licence?: string; owner?: string; json?: boolean }) => {
      const answer = await identity().get<{ requests: RequestRow[] }>('/v1/access/requests', {
        query: { status: o.status, account: o.account, group: o.group, licence: o.licence, owner: o.owner },
      });
      print(o.json, answer, () => requestTable(answer.requests));
    });
  request
    .command('show')
    .description('one request')
    .argument('<id>', 'the request id', parseId)
    .option('--json', "print identity's JSON answer as it is")
    .action(async (id: string, o: { json?: boolean }) => {
      const found = await identity().get<unknown>(`/v1/access/requests/${id}`);
      print(o.json, found, () => formatRecord(found));
    });

  const review = access.command('review').description('access reviews (behörighetsrevision): managers confirm their staff’s extra access');
  review
    .command('start')
    .description('start a review of all approved request-based access (of one customer)')
    .requiredOption('--closes <date>', 'last day to answer, YYYY-MM-DD; unanswered access is revoked after it', parseDate)
    .option('--customer <code>', 'only accounts of this customer', parseCustomerCode)
    .option('--json', "print identity's JSON answer as it is")
    .action(async (o: { closes: string; customer?: string; json?: boolean }) => {
      const started = await identity().post<{ review: { id: string; closesOn: string }; items: ReviewItemRow[] }>('/v1/access/reviews', {
        json: { closesOn: o.closes, ...(o.customer ? { customerCode: o.customer } : {}) },
      });
      print(o.json, started, () => `review ${started.review.id}, closes after ${started.review.closesOn}\n${reviewItemTable(started.items)}`);
    });
  review
    .command('show')
    .description('a review and its items (a manager sees their own staff’s)')
    .argument('<id>', 'the review id', parseId)
    .option('--json', "print identity's JSON answer as it is")
    .action(async (id: string, o: { json?: boolean }) => {
      const shown = await identity().get<{ review: Record<string, unknown>; items: ReviewItemRow[] }>(`/v1/access/reviews/${id}`);
      print(o.json, shown, () => `${formatRecord(shown.review)}\n${reviewItemTable(shown.items)}`);
    });
  review
    .command('answer')
    .description("confirm or reject one item (the account holder's manager)")
    .argument('<id>', 'the review id', parseId)
    .argument('<item>', 'the item id', parseId)
    .argument('<answer>', 'confirm or reject', parseAnswer)
    .option('--json', "print identity's JSON answer as it is")
    .action(async (id: string, item: string, answer: string, o: { json?: boolean }) => {
      const answered = await identity().post<unknown>(`/v1/access/reviews/${id}/items/${item}/answer`, { json: { answer } });
      print(o.json, answered, () => formatRecord(answered));
    });
  review
    .command('close')
    .description('close now: rejected and unanswered access is revoked')
    .argument('<id>', 'the review id', parseId)
    .option('--json', "print identity's JSON answer as it is")
    .action(async (id: string, o: { json?: boolean }) => {
      const closed = await identity().post<{ kept: number; revoked: number }>(`/v1/access/reviews/${id}/close`);
      print(o.json, closed, () => `closed: ${closed.kept} kept, ${closed.revoked} revoked`);
    });
  review
    .command('list')
    .description('reviews, newest first')
    .option('--json', "print identity's JSON answer as it is")
    .action(async (o: { json?: boolean }) => {
      const answer = await identity().get<{ reviews: Array<Record<string, unknown>> }>('/v1/access/reviews');
      print(o.json, answer, () =>
        formatTable<Record<string, unknown>>(
          ['id', 'customerCode', 'closesOn', 'status', 'startedBy', 'closedAt'].map((key) => ({ header: key, value: (r) => r[key] })),
          answer.reviews,
        ),
      );
    });
}
