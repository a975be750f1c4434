import { Inject, Injectable } from '@nestjs/common';
import { LicenceAction, LicenceAssignmentChanged } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import type { LedgerItem } from '@itops/metering/data-access';
import { checkOfferingCode } from '@itops/metering/domain';
import { MeteredSubject, SubjectUsage } from './subject-usage.service';

/** Licence products metered as another offering than their own code (ITOPS_METERING_LICENCE_OFFERINGS). */
export const LICENCE_OFFERINGS = Symbol('LICENCE_OFFERINGS');

/**
 * A licence assignment is a ledger item of its customer for the licence product (offering =
 * the product code unless mapped), from the effective date of ASSIGNED; RELEASED ends it the
 * day before its effective date (the first day without the licence). The unit cost the
 * licence service gives rides on the item, so billing passes the licence on at cost
 * (vidarefakturering).
 */
@Injectable()
export class RecordLicenceUsage {
  constructor(
    private readonly subjects: SubjectUsage,
    @Inject(LICENCE_OFFERINGS) private readonly offerings: ReadonlyMap<string, string>,
  ) {}

  async execute(event: LicenceAssignmentChanged, ctx: EventContext): Promise<LedgerItem[]> {
    const subject = this.subjectOf(event);
    const readAhead = (events: readonly unknown[]) => events.flatMap((e) => this.readAheadSubject(e as LicenceAssignmentChanged));
    switch (event.action) {
      case LicenceAction.ASSIGNED:
        return this.subjects.apply(ctx, subject, { held: true, customerCode: event.customerCode, from: event.effectiveDate, unitCostSek: event.unitCostSek || null }, readAhead);
      case LicenceAction.RELEASED:
        return this.subjects.apply(ctx, subject, { held: false, from: event.effectiveDate }, readAhead);
      default:
        return [];
    }
  }

  private subjectOf(event: LicenceAssignmentChanged): MeteredSubject {
    const offeringCode = checkOfferingCode(this.offerings.get(event.productCode) ?? event.productCode, 'product_code');
    return { subjectType: 'licence', subjectId: event.assignmentId, offeringCode };
  }

  /** The subject of another event of the batch; none for one its own handling will refuse. */
  private readAheadSubject(event: LicenceAssignmentChanged): MeteredSubject[] {
    try {
      return [this.subjectOf(event)];
    } catch {
      return [];
    }
  }
}
