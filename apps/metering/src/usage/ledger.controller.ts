import { Controller, ForbiddenException, Get, Query, UseInterceptors } from '@nestjs/common';
import { AuthUser, canViewCustomer, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { DomainCodes } from '@itops/shared/service';
import { LedgerItem, LedgerRepository } from '@itops/metering/data-access';
import { calendarMonth, checkCustomerCode, checkOfferingCode } from '@itops/metering/domain';
import { meteringStatusByCode } from '../metering-error-status';

@Controller('v1/ledger')
@UseInterceptors(new DomainCodes(meteringStatusByCode))
export class LedgerController {
  constructor(private readonly ledger: LedgerRepository) {}

  /** The ledger items of a customer that overlap a month: what the volumes are made of. */
  @Get()
  @Roles(Role.ServiceDesk, Role.Operator, Role.Auditor, Role.CustomerViewer)
  async items(
    @CurrentUser() user: AuthUser,
    @Query('customer') customer?: string,
    @Query('period') period?: string,
    @Query('offering') offering?: string,
  ): Promise<{ customer: string; period: string; items: LedgerItem[] }> {
    const customerCode = checkCustomerCode(customer);
    const month = calendarMonth(period);
    const offeringCode = offering === undefined ? undefined : checkOfferingCode(offering);
    if (!canViewCustomer(user, customerCode)) throw new ForbiddenException(`you may not see customer ${customerCode}`);
    const items = await this.ledger.forPeriod({ customerCode, from: month.firstDay, to: month.lastDay, offeringCode });
    return { customer: customerCode, period: month.period, items };
  }
}
