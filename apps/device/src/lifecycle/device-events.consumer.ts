import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { AccountChanged, EntitlementChanged } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { DeviceEntitlements } from './device-entitlements.use-case';
import { LeaverReturns } from './leaver-returns.use-case';

/** Joiners' orders from identity's DEVICE entitlements; leavers' returns from their disabled accounts. */
@Controller()
export class DeviceEventsConsumer {
  constructor(
    private readonly entitlements: DeviceEntitlements,
    private readonly leaverReturns: LeaverReturns,
  ) {}

  @EventPattern('identity.entitlement.v1')
  async entitlement(@Payload() event: EntitlementChanged, @Ctx() ctx: EventContext): Promise<void> {
    await this.entitlements.execute(event, ctx);
  }

  @EventPattern('identity.account.v1')
  async account(@Payload() event: AccountChanged, @Ctx() ctx: EventContext): Promise<void> {
    await this.leaverReturns.execute(event, ctx);
  }
}
