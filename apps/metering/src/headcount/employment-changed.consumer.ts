import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EmploymentChanged } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { RecordHeadcount } from './record-headcount.use-case';

@Controller()
export class EmploymentChangedConsumer {
  constructor(private readonly recordHeadcount: RecordHeadcount) {}

  @EventPattern('hr.employment.v1')
  async handle(@Payload() event: EmploymentChanged, @Ctx() ctx: EventContext): Promise<void> {
    await this.recordHeadcount.execute(event, ctx);
  }
}
