import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { validate as isUuid } from 'uuid';
import { Role, Roles } from '@itops/shared/auth';
import { AuditLogRepository } from '@itops/identity/data-access';
import { AuditEntryView, auditEntryView } from './account.view';

@Controller('v1/audit')
export class AuditController {
  constructor(private readonly auditLog: AuditLogRepository) {}

  /** What happened to an account, oldest first, each entry with who did it and the event behind it. */
  @Get()
  @Roles(Role.Auditor, Role.Operator)
  async forAccount(@Query('accountId') accountId?: string): Promise<{ accountId: string; entries: AuditEntryView[] }> {
    if (!accountId || !isUuid(accountId)) {
      throw new BadRequestException(`accountId "${accountId ?? ''}" is not an account id; expected a UUID as returned by GET /v1/accounts`);
    }
    const entries = await this.auditLog.forAccount(accountId.toLowerCase());
    return { accountId, entries: entries.map(auditEntryView) };
  }
}
