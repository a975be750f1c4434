import { BadRequestException, Controller, ForbiddenException, Get, Query, UseInterceptors } from '@nestjs/common';
import { AuthUser, canViewCustomer, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { DomainCodes } from '@itops/shared/service';
import { LedgerRepository } from '@itops/metering/data-access';
import { calendarMonth, checkCustomerCode, checkOfferingCode, monthlyVolumes, OfferingVolume, previousMonth } from '@itops/metering/domain';
import { meteringStatusByCode } from '../metering-error-status';

/** `GET /v1/volumes`: a customer's month, per offering. */
export interface VolumesAnswer {
  customer: string;
  period: string;
  offerings: OfferingVolume[];
}

function flag(value: string | undefined, field: string): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new BadRequestException(`${field}: ${JSON.stringify(value)} is not allowed; expected true or false`);
}

/**
 * What the service desk asks: how many of each offering a customer has in a month, which items
 * they are, and who came and left since the month before. Read from the ledger only, like
 * billing; an item counts in the month its dates say, however late it was recorded.
 */
@Controller('v1/volumes')
@UseInterceptors(new DomainCodes(meteringStatusByCode))
export class VolumesController {
  constructor(private readonly ledger: LedgerRepository) {}

  @Get()
  @Roles(Role.ServiceDesk, Role.Operator, Role.Auditor, Role.CustomerViewer)
  async volumes(
    @CurrentUser() user: AuthUser,
    @Query('customer') customer?: string,
    @Query('period') period?: string,
    @Query('offering') offering?: string,
    @Query('items') items?: string,
  ): Promise<VolumesAnswer> {
    const customerCode = checkCustomerCode(customer);
    const month = calendarMonth(period);
    const offeringCode = offering === undefined ? undefined : checkOfferingCode(offering);
    const includeItems = flag(items, 'items');
    if (!canViewCustomer(user, customerCode)) throw new ForbiddenException(`you may not see customer ${customerCode}`);
    const before = previousMonth(month);
    const ledgerItems = await this.ledger.volumeItems({ customerCode, from: before.firstDay, to: month.lastDay, offeringCode });
    return { customer: customerCode, period: month.period, offerings: monthlyVolumes({ month, items: ledgerItems, includeItems }) };
  }
}
