import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EmploymentChanged } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';
import { ApplyEmployment } from './apply-employment.use-case';

@Controller()
export class EmploymentChangedConsumer {
  constructor(
    private readonly applyEmployment: ApplyEmployment,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  @EventPattern('hr.employment.v1')
  async handle(@Payload() event: EmploymentChanged, @Ctx() ctx: EventContext): Promise<void> {
    await this.applyEmployment.execute(event, ctx, this.options.now());
  }
}
