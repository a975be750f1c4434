import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ChangeKind, EmploymentChanged } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { DeviceUserRepository } from '@itops/device/data-access';

/** Who may get a device: joiners from HR (their accounts arrive from identity, see DeviceEventsConsumer). */
@Controller()
export class DeviceUserConsumer {
  constructor(private readonly users: DeviceUserRepository) {}

  @EventPattern('hr.employment.v1')
  async employment(@Payload() event: EmploymentChanged, @Ctx() ctx: EventContext): Promise<void> {
    if (event.kind === ChangeKind.JOINER) await this.users.addEmployment(ctx.manager, event.personId, event.customerCode);
  }
}
