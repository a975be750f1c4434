import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EmploymentChanged } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { TakeSubstituteLicence } from './take-substitute-licence.use-case';

/** Substitute and hourly bookings (booking_id set) take and give back substitute pool licences. */
@Controller()
export class EmploymentChangedConsumer {
  constructor(private readonly takeSubstituteLicence: TakeSubstituteLicence) {}

  @EventPattern('hr.employment.v1')
  async handle(@Payload() event: EmploymentChanged, @Ctx() ctx: EventContext): Promise<void> {
    await this.takeSubstituteLicence.execute(event, { manager: ctx.manager, actor: 'licence', correlationId: ctx.correlationId, causationId: ctx.eventId });
  }
}
