import { Inject, Injectable } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { stockholmDate } from '@itops/shared/calendar';
import { ChangeKind, EmploymentChanged } from '@itops/shared/contracts';
import { PermanentEventError, type EventContext } from '@itops/shared/messaging';
import { HeadcountRepository, LedgerItem, LedgerRepository, LedgerVolumeItem } from '@itops/metering/data-access';
import {
  applyEmploymentChange,
  CoverageStep,
  EmploymentChange,
  EmploymentChangeKind,
  headcountSpans,
  MeteringException,
  planCoverage,
} from '@itops/metering/domain';
import { NewLedgerItem, UsageLedger } from '../usage/usage-ledger.service';

export const HEADCOUNT_OFFERING = Symbol('HEADCOUNT_OFFERING');

/** The operator the ledger names on the corrections the headcount rules append themselves. */
export const HEADCOUNT_OPERATOR = 'metering/headcount';

export const HEADCOUNT_SUBJECT_TYPE = 'person';

export interface HeadcountResult {
  /** False when the event was older than what metering already knew of the employment. */
  applied: boolean;
  items: LedgerItem[];
}

/**
 * Headcount (antal anställda), the allocation key for costs shared by headcount
 * (fördelningsnyckel): a person employed by a customer is one item of the headcount offering
 * (ANSTALLDA) at that customer, subject `person`/person id, for the days any of the person's
 * employments is there. A joiner opens it from the start date, a leaver closes it on the
 * last day, a mover closes it at the old customer and opens one at the new; two employments
 * at one customer count once. The days come from the event (its dates, and for a move the day
 * HR made the change), never from when it arrived, so a late event lands in its own month.
 *
 * Each event updates metering's copy of the employment, then the person's items are brought in
 * line with what all of the person's employments want (domain: headcountSpans, planCoverage),
 * appending only. Every item goes out on metering.usage.v1 like the account items.
 */
@Injectable()
export class RecordHeadcount {
  constructor(
    private readonly employments: HeadcountRepository,
    private readonly ledger: LedgerRepository,
    private readonly usage: UsageLedger,
    @Inject(HEADCOUNT_OFFERING) private readonly offeringCode: string,
  ) {}

  async execute(event: EmploymentChanged, ctx: EventContext): Promise<HeadcountResult> {
    const { manager } = ctx;
    const occurredAt = event.envelope?.occurredAt ? timestampDate(event.envelope.occurredAt) : null;
    if (occurredAt === null) throw new PermanentEventError(`employment ${event.employmentId}: the event has no occurred-at; the day of a move cannot be known`);
    const change: EmploymentChange = {
      kind: ChangeKind[event.kind] as EmploymentChangeKind,
      employmentId: event.employmentId,
      personId: event.personId,
      customerCode: event.customerCode,
      startDate: event.startDate,
      endDate: event.endDate.trim() === '' ? null : event.endDate,
      changedOn: stockholmDate(occurredAt),
    };

    await this.employments.lockPerson(manager, event.personId);
    const stored = await this.employments.find(manager, event.employmentId);
    // Events of a person arrive in order; an older one can still come from another path (a
    // replay): it must not undo what a newer one said.
    if (stored && stored.sourceOccurredAt.getTime() > occurredAt.getTime()) return { applied: false, items: [] };
    if (stored && stored.personId !== event.personId) await this.employments.lockPerson(manager, stored.personId);

    const next = this.domainRule(() => applyEmploymentChange(stored, change));
    await this.employments.save(manager, next, { eventId: ctx.eventId, occurredAt });
    const persons = [...new Set([event.personId, stored?.personId ?? event.personId])];
    const items: LedgerItem[] = [];
    for (const personId of persons) items.push(...(await this.converge(ctx, personId, event.employmentId)));
    return { applied: true, items };
  }

  /** Appends what the person's items lack, customer by customer. */
  private async converge(ctx: EventContext, personId: string, employmentId: string): Promise<LedgerItem[]> {
    const { manager } = ctx;
    const wanted = headcountSpans(await this.employments.employmentsOf(manager, personId));
    const held = await this.ledger.subjectItems(manager, {
      subjectType: HEADCOUNT_SUBJECT_TYPE,
      subjectId: personId,
      offeringCode: this.offeringCode,
      // An operator's own corrections stay on top; only the rules' own are taken into account.
      adjustedBy: HEADCOUNT_OPERATOR,
    });
    const heldByCustomer = new Map<string, LedgerVolumeItem[]>();
    for (const item of held) heldByCustomer.set(item.customerCode, [...(heldByCustomer.get(item.customerCode) ?? []), item]);

    const items: NewLedgerItem[] = [];
    for (const customerCode of [...new Set([...wanted.keys(), ...heldByCustomer.keys()])].sort()) {
      const customerItems = heldByCustomer.get(customerCode) ?? [];
      const steps = this.domainRule(() => planCoverage(wanted.get(customerCode) ?? [], customerItems));
      items.push(...steps.map((step) => this.itemFor(step, { customerCode, personId, employmentId, eventId: ctx.eventId, held: customerItems })));
    }
    // Ends before starts, so the ledger (and billing) reads a move as leaving one customer, then joining the next.
    const inOrder = [...items.filter((item) => item.kind === 'close'), ...items.filter((item) => item.kind !== 'close')];
    const recorded: LedgerItem[] = [];
    for (const item of inOrder) recorded.push(await this.usage.record({ manager, correlationId: ctx.correlationId, causationId: ctx.eventId }, item));
    return recorded;
  }

  private itemFor(
    step: CoverageStep,
    about: { customerCode: string; personId: string; employmentId: string; eventId: string; held: LedgerVolumeItem[] },
  ): NewLedgerItem {
    const common = {
      customerCode: about.customerCode,
      offeringCode: this.offeringCode,
      subjectType: HEADCOUNT_SUBJECT_TYPE,
      subjectId: about.personId,
      validFrom: step.validFrom,
      validTo: step.validTo,
      sourceEventId: about.eventId,
    };
    switch (step.kind) {
      case 'open':
        return { ...common, kind: 'open', refersTo: null, quantity: step.quantity, reason: null, operator: null };
      case 'close': {
        const opened = about.held.find((item) => item.id === step.refersTo);
        return { ...common, kind: 'close', refersTo: step.refersTo, quantity: opened?.quantity ?? '1', reason: null, operator: null };
      }
      case 'adjust':
        return {
          ...common,
          kind: 'adjust',
          refersTo: null,
          quantity: step.quantity,
          reason: `HR changed employment ${about.employmentId} after these days were recorded: the person does not count at ${about.customerCode} on them`,
          operator: HEADCOUNT_OPERATOR,
        };
    }
  }

  /** A rule that refuses the event's data refuses it for good: the event goes to the DLQ. */
  private domainRule<T>(rule: () => T): T {
    try {
      return rule();
    } catch (error) {
      if (error instanceof MeteringException) throw new PermanentEventError(`${error.code}: ${error.message}`);
      throw error;
    }
  }
}
