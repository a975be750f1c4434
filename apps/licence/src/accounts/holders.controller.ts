import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { Role, Roles } from '@itops/shared/auth';
import { LicenceHolder, LicenceHolderRepository } from '@itops/licence/data-access';

@Controller('v1/holders')
export class HoldersController {
  constructor(private readonly holders: LicenceHolderRepository) {}

  /** The accounts of a customer that can hold licences. */
  @Get()
  @Roles(Role.LicenceManager, Role.ServiceDesk, Role.Auditor)
  async forCustomer(@Query('customer') customer?: string): Promise<LicenceHolder[]> {
    if (!customer || !/^[A-Z]\d{3}$/.test(customer)) {
      throw new BadRequestException(`customer "${customer ?? ''}" is not a customer code; expected one upper-case letter and three digits, e.g. N138`);
    }
    return this.holders.forCustomer(customer);
  }
}
