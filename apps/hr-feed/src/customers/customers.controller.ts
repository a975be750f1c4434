import { Body, Controller, Get, Put } from '@nestjs/common';
import { checkCustomerEntries, CustomerEntry } from '@itops/hr-feed/domain';
import { CustomerMergeResult, CustomerRepository } from '@itops/hr-feed/data-access';
import { Role, Roles } from '@itops/shared/auth';

/** The customer register that HR rows' organisationskod is checked against. */
@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomerRepository) {}

  /**
   * Adds the listed customers and renames known ones (`[{"code": "N138", "name": "..."}]`); codes not
   * in the list stay. One bad entry refuses the whole list, naming the entry.
   */
  @Put()
  @Roles(Role.Admin, Role.Operator)
  async merge(@Body() body: unknown): Promise<CustomerMergeResult> {
    return this.customers.merge(checkCustomerEntries(body));
  }

  @Get()
  @Roles(Role.Operator, Role.Auditor, Role.ServiceDesk)
  async list(): Promise<{ customers: CustomerEntry[] }> {
    return { customers: await this.customers.list() };
  }
}
