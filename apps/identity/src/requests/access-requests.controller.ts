import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { AccessRequest, AccessRequestRepository } from '@itops/identity/data-access';
import { AuthUser, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { AccessRequestsService, Caller } from './access-requests.service';
import { parseInput } from './http-input.parser';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const newRequestSchema = z
  .object({
    account: z.string().trim().min(1, 'must be the sAMAccountName of the account'),
    group: z.string().trim().regex(/^[a-z0-9-]+$/, 'must be a group key of the rule set, e.g. ehalsa-journal').optional(),
    licence: z.string().trim().regex(/^[A-Z0-9][A-Z0-9._-]{0,39}$/, 'must be a licence code of the rule set, e.g. VISIO-P2').optional(),
    until: z.string().regex(DATE, 'must be the last day with access, YYYY-MM-DD'),
    reason: z.string().trim().min(3, 'must say why the access is needed (at least 3 characters)').max(2000),
    employmentId: z.string().trim().min(1).optional(),
  })
  .refine((r) => (r.group === undefined) !== (r.licence === undefined), { message: 'give exactly one of group (a catalogue group key) and licence (a requestable licence code)', path: ['group'] });
const decisionSchema = z.object({ note: z.string().trim().max(2000).optional() });
const listSchema = z.object({
  status: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'REVOKED']).optional(),
  account: z.string().trim().min(1).optional(),
  group: z.string().trim().min(1).optional(),
  licence: z.string().trim().min(1).optional(),
  owner: z.string().trim().min(1).optional(),
  requestedBy: z.string().trim().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const callerOf = (user: AuthUser): Caller => ({
  subject: user.subject,
  isAdmin: user.roles.includes(Role.Admin),
  managerOnly: user.roles.includes(Role.Manager) && !user.roles.some((r) => r === Role.ServiceDesk || r === Role.Operator || r === Role.Admin),
});

/**
 * Access requests: extra, time-bound access to a catalogue group or a requestable licence. Managers
 * and the service desk request; the group's (licence's) owner (token subject = the group's `owner`) approves or rejects.
 */
@Controller('v1/access/requests')
export class AccessRequestsController {
  constructor(
    private readonly service: AccessRequestsService,
    private readonly requests: AccessRequestRepository,
  ) {}

  @Post()
  @Roles(Role.Manager, Role.ServiceDesk, Role.Operator)
  async create(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<AccessRequest> {
    return this.service.create(parseInput(newRequestSchema, body, 'the access request'), callerOf(user));
  }

  @Get()
  @Roles(Role.Manager, Role.ServiceDesk, Role.Operator, Role.GroupOwner, Role.Auditor)
  async list(@Query() query: unknown): Promise<{ requests: AccessRequest[] }> {
    const filter = parseInput(listSchema, query, 'the query');
    const requests = await this.requests.list({
      status: filter.status,
      groupKey: filter.group,
      licenceCode: filter.licence,
      owner: filter.owner,
      requestedBy: filter.requestedBy,
      limit: filter.limit,
    });
    const account = filter.account?.toLowerCase();
    return { requests: account ? requests.filter((r) => r.samAccountName.toLowerCase() === account) : requests };
  }

  @Get(':id')
  @Roles(Role.Manager, Role.ServiceDesk, Role.Operator, Role.GroupOwner, Role.Auditor)
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<AccessRequest> {
    return this.service.get(id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(Role.GroupOwner)
  async approve(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<AccessRequest> {
    return this.service.approve(id, callerOf(user), parseInput(decisionSchema, body, 'the decision').note);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles(Role.GroupOwner)
  async reject(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<AccessRequest> {
    return this.service.reject(id, callerOf(user), parseInput(decisionSchema, body, 'the decision').note);
  }

  /** Ends the grants whose last day is over now, as the schedule does. */
  @Post('expiry-runs')
  @HttpCode(200)
  @Roles(Role.Operator)
  async expire(): Promise<{ expired: number }> {
    return { expired: await this.service.expireDue() };
  }
}
