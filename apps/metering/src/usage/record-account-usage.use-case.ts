import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AccountChanged, AccountEvent, create, newEnvelope, Topics, UsageRecordedSchema } from '@itops/shared/contracts';
import { EventPublisher, type EventContext } from '@itops/shared/messaging';
import { LedgerItem, LedgerRepository } from '@itops/metering/data-access';

export const ACCOUNT_OFFERING = Symbol('ACCOUNT_OFFERING');

/**
 * An account is a billable "user account" from the day it is enabled to the day it is
 * disabled or deleted. Each change is a new ledger item (open, or close referring to the
 * open one) announced on metering.usage.v1 for billing.
 */
@Injectable()
export class RecordAccountUsage {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly publisher: EventPublisher,
    @Inject(ACCOUNT_OFFERING) private readonly offeringCode: string,
  ) {}

  async execute(event: AccountChanged, ctx: EventContext): Promise<LedgerItem | undefined> {
    const { manager } = ctx;
    const open = await this.ledger.findOpen(manager, 'account', event.accountId, this.offeringCode);
    const starts = event.kind === AccountEvent.ENABLED || (event.kind === AccountEvent.CREATED && event.enabled);
    const ends = event.kind === AccountEvent.DISABLED || event.kind === AccountEvent.DELETED;
    let item: Omit<LedgerItem, 'recordedAt'> | undefined;
    if (starts && !open) {
      item = this.newItem(event, ctx, { kind: 'open', refersTo: null, validFrom: event.effectiveDate, validTo: null });
    } else if (ends && open) {
      // Disabled at the end of the last day: the account was held through the day before.
      item = this.newItem(event, ctx, { kind: 'close', refersTo: open.id, validFrom: open.validFrom, validTo: dayBefore(event.effectiveDate, open.validFrom) });
    }
    if (!item) return undefined;
    const saved = await this.ledger.append(manager, item);
    await this.publisher.publish(
      manager,
      Topics.meteringUsage,
      create(UsageRecordedSchema, {
        envelope: newEnvelope({ source: 'metering', eventType: Topics.meteringUsage.eventType, correlationId: ctx.correlationId, causationId: ctx.eventId }),
        ledgerItemId: saved.id,
        kind: saved.kind,
        refersTo: saved.refersTo ?? '',
        customerCode: saved.customerCode,
        offeringCode: saved.offeringCode,
        subjectType: saved.subjectType,
        subjectId: saved.subjectId,
        quantity: saved.quantity,
        validFrom: saved.validFrom,
        validTo: saved.validTo ?? '',
      }),
    );
    return saved;
  }

  private newItem(
    event: AccountChanged,
    ctx: EventContext,
    dates: Pick<LedgerItem, 'kind' | 'refersTo' | 'validFrom' | 'validTo'>,
  ): Omit<LedgerItem, 'recordedAt'> {
    return {
      id: uuidv7(),
      ...dates,
      customerCode: event.customerCode,
      offeringCode: this.offeringCode,
      subjectType: 'account',
      subjectId: event.accountId,
      quantity: '1',
      sourceEventId: ctx.eventId,
      reason: null,
      operator: null,
    };
  }
}

/** The last day held: the day before the end date, but never before the first day. */
function dayBefore(date: string, notBefore: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  const previous = d.toISOString().slice(0, 10);
  return previous < notBefore ? notBefore : previous;
}
