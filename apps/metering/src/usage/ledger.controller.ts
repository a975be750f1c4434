import { BadRequestException, Controller, ForbiddenException, Get, Query } from '@nestjs/common';
import { AuthUser, canViewCustomer, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { LedgerItem, LedgerRepository } from '@itops/metering/data-access';

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

@Controller('v1/ledger')
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
    if (!customer || !/^[A-Z]\d{3}$/.test(customer)) {
      throw new BadRequestException(`customer "${customer ?? ''}" is not a customer code; expected one upper-case letter and three digits, e.g. N138`);
    }
    const match = period ? PERIOD.exec(period) : null;
    if (!period || !match) throw new BadRequestException(`period "${period ?? ''}" is not a month; expected YYYY-MM, e.g. 2026-11`);
    if (!canViewCustomer(user, customer)) throw new ForbiddenException(`you may not see customer ${customer}`);
    const lastDay = new Date(Date.UTC(Number(match[1]), Number(match[2]), 0)).getUTCDate();
    const items = await this.ledger.forPeriod({ customerCode: customer, from: `${period}-01`, to: `${period}-${lastDay}`, offeringCode: offering });
    return { customer, period, items };
  }
}
