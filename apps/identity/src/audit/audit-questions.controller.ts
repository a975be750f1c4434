import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { ChainVerification } from '@itops/identity/data-access';
import { Role, Roles } from '@itops/shared/auth';
import { AuditEntryView, auditEntryView } from '../accounts/account.view';
import { parseInput } from '../requests/http-input.parser';
import { AuditQuestionsService, GroupOnDate, PersonAccess } from './audit-questions.service';

/** An entry with its place in the hash chain. */
type ChainedEntryView = AuditEntryView & { seq: number; hash: string };

const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
const changesSchema = z.object({
  account: z.string().trim().min(1).optional(),
  personId: z.string().trim().min(1).optional(),
  group: z.string().trim().min(1).optional(),
  actor: z.string().trim().min(1).optional(),
  action: z.string().trim().regex(/^[a-z]+\.[a-z_]+$/, 'must be an action such as membership.added').optional(),
  from: z.string().datetime({ offset: true, message: 'must be an ISO instant, e.g. 2026-03-01T00:00:00+01:00' }).optional(),
  until: z.string().datetime({ offset: true, message: 'must be an ISO instant, e.g. 2026-04-01T00:00:00+02:00' }).optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

/** The audit log's questions, for auditors. */
@Controller('v1/audit')
export class AuditQuestionsController {
  constructor(private readonly questions: AuditQuestionsService) {}

  /** Recomputes the hash chain; names the first broken link, if any. */
  @Get('verification')
  @Roles(Role.Auditor)
  verify(): Promise<ChainVerification> {
    return this.questions.verify();
  }

  /** Which access does this person have, and why: per employment, with the role, request or review behind each group. */
  @Get('access')
  @Roles(Role.Auditor)
  async access(@Query('who') who?: string): Promise<PersonAccess> {
    return this.questions.accessOf(parseInput(z.string().trim().min(1, 'must be a person id or a sAMAccountName'), who, 'who'));
  }

  /** Who changed what, when: filtered by account, person, group, actor, action and period. */
  @Get('changes')
  @Roles(Role.Auditor)
  async changes(@Query() query: unknown): Promise<{ entries: ChainedEntryView[] }> {
    const q = parseInput(changesSchema, query, 'the query');
    const entries = await this.questions.changes({ ...q, from: q.from ? new Date(q.from) : undefined, until: q.until ? new Date(q.until) : undefined });
    return { entries: entries.map((e) => ({ ...auditEntryView(e), seq: Number(e.seq), hash: e.hash })) };
  }

  /** What did this group look like on a date: membership reconstructed from the log. */
  @Get('group-members')
  @Roles(Role.Auditor)
  async groupMembers(@Query('group') group?: string, @Query('date') date?: string): Promise<GroupOnDate> {
    const input = parseInput(z.object({ group: z.string().trim().min(1, 'must be a group key or DN'), date: DATE }), { group, date }, 'the query');
    return this.questions.groupOnDate(input.group, input.date);
  }
}
