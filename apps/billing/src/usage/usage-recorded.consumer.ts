import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { UsageRecorded } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { BillingRepository } from '@itops/billing/data-access';

/** Billing keeps its own copy of the ledger: volumes come only from metering. */
@Controller()
export class UsageRecordedConsumer {
  constructor(private readonly billing: BillingRepository) {}

  @EventPattern('metering.usage.v1')
  async handle(@Payload() event: UsageRecorded, @Ctx() ctx: EventContext): Promise<void> {
    await this.billing.addUsageItem(ctx.manager, {
      id: event.ledgerItemId,
      kind: event.kind,
      refersTo: event.refersTo || null,
      customerCode: event.customerCode,
      offeringCode: event.offeringCode,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      quantity: event.quantity,
      validFrom: event.validFrom,
      validTo: event.validTo || null,
      unitCostSek: event.unitCostSek || null,
    });
  }
}
