import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EntitlementChanged } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { RealiseEntitlement } from './realise-entitlement.use-case';

@Controller()
export class EntitlementChangedConsumer {
  constructor(private readonly realise: RealiseEntitlement) {}

  @EventPattern('identity.entitlement.v1')
  async handle(@Payload() event: EntitlementChanged, @Ctx() ctx: EventContext): Promise<void> {
    await this.realise.execute(event, ctx);
  }
}
