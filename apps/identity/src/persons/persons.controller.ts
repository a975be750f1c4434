import { BadRequestException, Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { Role, Roles } from '@itops/shared/auth';
import { AuditLogRepository, PersonRepository } from '@itops/identity/data-access';
import { AuditEntryView, auditEntryView } from '../accounts/account.view';

const PERSON_ID = /^[A-Za-z0-9._:-]{1,100}$/;

@Controller('v1/persons')
export class PersonsController {
  constructor(
    private readonly persons: PersonRepository,
    private readonly auditLog: AuditLogRepository,
  ) {}

  /**
   * Everything identity did to a person's accounts, oldest first: created, enabled, moved,
   * disabled, groups removed, deleted, transitions, each with its cause (the HR event, or the
   * lifecycle and its rule).
   */
  @Get(':personId/timeline')
  @Roles(Role.Operator, Role.Auditor)
  async timeline(@Param('personId') personId: string): Promise<{ personId: string; entries: AuditEntryView[] }> {
    if (!PERSON_ID.test(personId)) {
      throw new BadRequestException(`personId "${personId}" is not a person id; expected 1-100 letters, digits, '.', '_', ':' or '-', as in hr.employment events`);
    }
    if (!(await this.persons.find(personId))) throw new NotFoundException(`no person "${personId}" is known to identity`);
    const entries = await this.auditLog.forPerson(personId);
    return { personId, entries: entries.map(auditEntryView) };
  }
}
