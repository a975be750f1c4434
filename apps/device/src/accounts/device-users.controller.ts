import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { Role, Roles } from '@itops/shared/auth';
import { DeviceUser, DeviceUserRepository } from '@itops/device/data-access';

@Controller('v1/users')
export class DeviceUsersController {
  constructor(private readonly users: DeviceUserRepository) {}

  /** The people of a customer who may be given devices, with their account state. */
  @Get()
  @Roles(Role.Operator, Role.ServiceDesk, Role.Auditor)
  async forCustomer(@Query('customer') customer?: string): Promise<DeviceUser[]> {
    if (!customer || !/^[A-Z]\d{3}$/.test(customer)) {
      throw new BadRequestException(`customer "${customer ?? ''}" is not a customer code; expected one upper-case letter and three digits, e.g. N138`);
    }
    return this.users.forCustomer(customer);
  }
}
