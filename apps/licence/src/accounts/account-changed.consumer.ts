import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AccountChanged, AccountEvent } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { AssignmentRepository, LicenceHolderRepository } from '@itops/licence/data-access';
import { TakeSubstituteLicence } from '../bookings/take-substitute-licence.use-case';

/**
 * Keeps the accounts that may hold licences as identity reports them. DISABLED (and DELETED) is a
 * leaver: the day is kept and the licences go after the grace period (the release run). ENABLED
 * clears it. An account that arrives after its person's substitute booking takes the pool licence now.
 */
@Controller()
export class AccountChangedConsumer {
  constructor(
    private readonly holders: LicenceHolderRepository,
    private readonly assignments: AssignmentRepository,
    private readonly takeSubstituteLicence: TakeSubstituteLicence,
  ) {}

  @EventPattern('identity.account.v1')
  async handle(@Payload() event: AccountChanged, @Ctx() ctx: EventContext): Promise<void> {
    const leaves = event.kind === AccountEvent.DISABLED || event.kind === AccountEvent.DELETED;
    await this.holders.upsert(ctx.manager, {
      accountId: event.accountId,
      personId: event.personId,
      customerCode: event.customerCode,
      enabled: event.enabled,
      since: event.effectiveDate,
      samAccountName: event.samAccountName,
      userPrincipalName: event.userPrincipalName,
      leftOn: leaves ? event.effectiveDate : event.kind === AccountEvent.ENABLED ? null : undefined,
    });
    if (leaves) return;
    const change = { manager: ctx.manager, actor: 'licence', correlationId: ctx.correlationId, causationId: ctx.eventId };
    for (const booking of await this.assignments.bookings(ctx.manager, { pendingFor: event.personId })) {
      await this.takeSubstituteLicence.take(change, booking);
    }
  }
}
