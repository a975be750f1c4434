import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { AccountChanged } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { LicenceHolderRepository } from '@itops/licence/data-access';

/** Keeps the accounts that may hold licences, and whether they are enabled, as identity reports them. */
@Controller()
export class AccountChangedConsumer {
  constructor(private readonly holders: LicenceHolderRepository) {}

  @EventPattern('identity.account.v1')
  async handle(@Payload() event: AccountChanged, @Ctx() ctx: EventContext): Promise<void> {
    await this.holders.upsert(ctx.manager, {
      accountId: event.accountId,
      personId: event.personId,
      customerCode: event.customerCode,
      enabled: event.enabled,
      since: event.effectiveDate,
    });
  }
}
