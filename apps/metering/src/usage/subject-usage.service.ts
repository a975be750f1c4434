import { Injectable } from '@nestjs/common';
import type { EventContext } from '@itops/shared/messaging';
import type { LedgerItem } from '@itops/metering/data-access';
import { lastDayHeld } from './last-day-held.util';
import { NewLedgerItem, UsageLedger } from './usage-ledger.service';

/** What one subject (a licence assignment, a device) is metered as. */
export interface MeteredSubject {
  subjectType: string;
  subjectId: string;
  offeringCode: string;
}

/** What an event says of the subject from its effective date on. */
export type SubjectState =
  /** Held by a customer from `from`; `unitCostSek` for a pass-through offering. */
  | { held: true; customerCode: string; from: string; unitCostSek: string | null }
  /** Not held from `from` on (the first day without it). */
  | { held: false; from: string };

/**
 * Keeps a subject's ledger items in step with the state its events report: an item opens
 * when the subject starts being held, closes (last day = the day before the change) when it
 * stops, and a change of customer closes the old customer's item and opens one at the new
 * customer. A state the ledger already shows appends nothing, so an event told twice (a new
 * event id for the same fact) is counted once. Used for licences and devices; one open item
 * per subject and offering at a time.
 */
@Injectable()
export class SubjectUsage {
  constructor(private readonly usage: UsageLedger) {}

  /**
   * `readAhead` names the subjects of a batch's events (those of this use case), so that a
   * batch reads their open items in one query.
   */
  async apply(ctx: EventContext, subject: MeteredSubject, state: SubjectState, readAhead: (events: readonly unknown[]) => MeteredSubject[]): Promise<LedgerItem[]> {
    const { manager } = ctx;
    const recording = { manager, correlationId: ctx.correlationId, causationId: ctx.eventId, batch: ctx.batch };
    const open = await this.usage.findOpen(recording, subject, readAhead);
    const appended: LedgerItem[] = [];
    if (open && (!state.held || state.customerCode !== open.customerCode)) {
      appended.push(
        await this.usage.record(recording, {
          ...this.base(ctx, subject, open.customerCode),
          kind: 'close',
          refersTo: open.id,
          validFrom: open.validFrom,
          validTo: lastDayHeld(state.from, open.validFrom),
        }),
      );
    }
    if (state.held && (!open || state.customerCode !== open.customerCode)) {
      appended.push(
        await this.usage.record(recording, {
          ...this.base(ctx, subject, state.customerCode),
          kind: 'open',
          refersTo: null,
          validFrom: state.from,
          validTo: null,
          unitCostSek: state.unitCostSek,
        }),
      );
    }
    return appended;
  }

  private base(ctx: EventContext, subject: MeteredSubject, customerCode: string): Omit<NewLedgerItem, 'kind' | 'refersTo' | 'validFrom' | 'validTo'> {
    return { ...subject, customerCode, quantity: '1', sourceEventId: ctx.eventId, reason: null, operator: null };
  }
}
