import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { SignInActivity } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { LicenceHolderRepository } from '@itops/licence/data-access';

/** AD's lastLogonTimestamp day and enabled flag, as identity's reconciliation reads them: signals for harvesting. */
@Controller()
export class SignInActivityConsumer {
  constructor(private readonly holders: LicenceHolderRepository) {}

  @EventPattern('identity.activity.v1')
  async handle(@Payload() event: SignInActivity, @Ctx() ctx: EventContext): Promise<void> {
    await this.holders.recordSignIn(ctx.manager, event.accountId, event.lastSignInDate || null, event.enabled, event.samAccountName);
  }
}
