import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { AccountChanged } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { RecordAccountUsage } from './record-account-usage.use-case';

@Controller()
export class AccountChangedConsumer {
  constructor(private readonly recordAccountUsage: RecordAccountUsage) {}

  @EventPattern('identity.account.v1')
  async handle(@Payload() event: AccountChanged, @Ctx() ctx: EventContext): Promise<void> {
    await this.recordAccountUsage.execute(event, ctx);
  }
}
