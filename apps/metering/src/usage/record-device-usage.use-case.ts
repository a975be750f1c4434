import { Inject, Injectable } from '@nestjs/common';
import type { DeviceChanged } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import type { LedgerItem } from '@itops/metering/data-access';
import { MeteredSubject, SubjectUsage } from './subject-usage.service';

/** Device types that are metered, and as which offering when the event names none (ITOPS_METERING_DEVICE_OFFERINGS). */
export const DEVICE_OFFERINGS = Symbol('DEVICE_OFFERINGS');

/** A device is billed for the days it is with a holder (device.device.v1). */
const BILLED_STATUSES: ReadonlySet<string> = new Set(['ASSIGNED', 'REASSIGNED']);

/**
 * A device (Klient som tjänst) is a ledger item of the customer it is billed to for the days
 * it is ASSIGNED or REASSIGNED to an account: an item opens on the effective date; leaving
 * those statuses (return requested, returned, ...) closes it the day before; a new customer
 * closes the old customer's item and opens one at the new customer. Only device types in the
 * map are metered; the offering is the one device names on the event (its fee table, by model:
 * KST-PC-PLUS for a performance PC), else the map's.
 */
@Injectable()
export class RecordDeviceUsage {
  constructor(
    private readonly subjects: SubjectUsage,
    @Inject(DEVICE_OFFERINGS) private readonly offerings: ReadonlyMap<string, string>,
  ) {}

  async execute(event: DeviceChanged, ctx: EventContext): Promise<LedgerItem[]> {
    const [subject] = this.subjectOf(event);
    if (!subject) return [];
    const billed = BILLED_STATUSES.has(event.status) && event.accountId !== '';
    return this.subjects.apply(
      ctx,
      subject,
      billed ? { held: true, customerCode: event.customerCode, from: event.effectiveDate, unitCostSek: null } : { held: false, from: event.effectiveDate },
      (events) => events.flatMap((e) => this.subjectOf(e as DeviceChanged)),
    );
  }

  /** The device as a metered subject; none for a type that is not metered. */
  private subjectOf(event: DeviceChanged): MeteredSubject[] {
    const byType = this.offerings.get(event.deviceType);
    if (!byType) return [];
    return [{ subjectType: 'device', subjectId: event.deviceId, offeringCode: event.offeringCode || byType }];
  }
}
