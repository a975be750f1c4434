import { Controller, ForbiddenException, Get, Query, UseInterceptors } from '@nestjs/common';
import { AuthUser, canViewCustomer, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { DomainCodes } from '@itops/shared/service';
import { Assignment, AssignmentRepository } from '@itops/licence/data-access';
import { LicenceException, LicenceExceptionCode } from '@itops/licence/domain';
import { licenceStatusByCode, optionalCustomer } from '../licence-error-status';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who holds which licence, from where (role, request, substitute pool, harvest), from when to when. */
@Controller('v1/assignments')
@UseInterceptors(new DomainCodes(licenceStatusByCode))
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentRepository) {}

  @Get()
  @Roles(Role.LicenceManager, Role.Operator, Role.Admin, Role.Auditor, Role.ServiceDesk, Role.CustomerViewer)
  async list(@CurrentUser() user: AuthUser, @Query('account') account?: string, @Query('customer') customer?: string, @Query('open') open?: string): Promise<Assignment[]> {
    const customerCode = optionalCustomer(customer);
    if (account !== undefined && !UUID.test(account)) throw new LicenceException(LicenceExceptionCode.INVALID_REQUEST, `account: "${account}" is not an account id; expected a UUID`);
    if (!account && !customerCode) throw new LicenceException(LicenceExceptionCode.INVALID_REQUEST, 'give account=<account id> or customer=<code>');
    if (customerCode && !canViewCustomer(user, customerCode)) throw new ForbiddenException(`you may not see customer ${customerCode}`);
    const rows = await this.assignments.list({ accountId: account, customerCode, openOnly: open === 'true' });
    return rows.filter((r) => canViewCustomer(user, r.customerCode));
  }
}
