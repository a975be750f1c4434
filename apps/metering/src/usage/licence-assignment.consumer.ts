import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { LicenceAssignmentChanged } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { RecordLicenceUsage } from './record-licence-usage.use-case';

@Controller()
export class LicenceAssignmentConsumer {
  constructor(private readonly recordLicenceUsage: RecordLicenceUsage) {}

  @EventPattern('licence.assignment.v1')
  async handle(@Payload() event: LicenceAssignmentChanged, @Ctx() ctx: EventContext): Promise<void> {
    await this.recordLicenceUsage.execute(event, ctx);
  }
}
