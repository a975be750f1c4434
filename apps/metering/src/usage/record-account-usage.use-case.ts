import { Inject, Injectable } from '@nestjs/common';
import { AccountChanged, AccountEvent } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import type { LedgerItem } from '@itops/metering/data-access';
import { lastDayHeld } from './last-day-held.util';
import { NewLedgerItem, OpenItemSubject, UsageLedger } from './usage-ledger.service';

export const ACCOUNT_OFFERING = Symbol('ACCOUNT_OFFERING');

/**
 * An account is a billable "user account" from the day it is enabled to the day it is
 * disabled or deleted. Each change is a new ledger item (open, or close referring to the
 * open one) announced on metering.usage.v1 for billing. The days come from the event's
 * effective date, not from when it arrived: a late event lands in the month it belongs to.
 */
@Injectable()
export class RecordAccountUsage {
  constructor(
    private readonly usage: UsageLedger,
    @Inject(ACCOUNT_OFFERING) private readonly offeringCode: string,
  ) {}

  async execute(event: AccountChanged, ctx: EventContext): Promise<LedgerItem | undefined> {
    const recording = { manager: ctx.manager, correlationId: ctx.correlationId, causationId: ctx.eventId, batch: ctx.batch };
    const open = await this.usage.findOpen(recording, this.subjectOf(event), (events) => events.map((e) => this.subjectOf(e as AccountChanged)));
    const starts = event.kind === AccountEvent.ENABLED || (event.kind === AccountEvent.CREATED && event.enabled);
    const ends = event.kind === AccountEvent.DISABLED || event.kind === AccountEvent.DELETED;
    let item: NewLedgerItem | undefined;
    if (starts && !open) {
      item = this.newItem(event, ctx, { kind: 'open', refersTo: null, validFrom: event.effectiveDate, validTo: null });
    } else if (ends && open) {
      // Disabled at the end of the last day: the account was held through the day before.
      item = this.newItem(event, ctx, { kind: 'close', refersTo: open.id, validFrom: open.validFrom, validTo: lastDayHeld(event.effectiveDate, open.validFrom) });
    }
    if (!item) return undefined;
    return this.usage.record(recording, item);
  }

  private subjectOf(event: AccountChanged): OpenItemSubject {
    return { subjectType: 'account', subjectId: event.accountId, offeringCode: this.offeringCode };
  }

  private newItem(event: AccountChanged, ctx: EventContext, dates: Pick<LedgerItem, 'kind' | 'refersTo' | 'validFrom' | 'validTo'>): NewLedgerItem {
    return {
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
