import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { Booking, Employment, EmploymentForm as HrEmploymentForm, PlannedChangeKind } from '@itops/hr-feed/domain';
import { ChangeKind, create, EmploymentChanged, EmploymentChangedSchema, EmploymentForm, newEnvelope, Topics } from '@itops/shared/contracts';

const KINDS: Readonly<Record<PlannedChangeKind, ChangeKind>> = {
  JOINER: ChangeKind.JOINER,
  MOVER: ChangeKind.MOVER,
  LEAVER: ChangeKind.LEAVER,
  UPDATED: ChangeKind.UPDATED,
};

/** HR's anställningsform codes to the contract's enum. */
const FORMS: Readonly<Record<HrEmploymentForm, EmploymentForm>> = {
  TV: EmploymentForm.PERMANENT,
  VI: EmploymentForm.FIXED_TERM,
  VIK: EmploymentForm.SUBSTITUTE,
  TIM: EmploymentForm.HOURLY,
};

export interface EmploymentChangedIds {
  readonly personId: string;
  /** The snapshot, or the pushed change, that made the change: the event's snapshot_id and correlation id. */
  readonly snapshotId: string;
  readonly occurredAt: Date;
  /** For a substitute booking: its exact window (the booking id is the employment id). */
  readonly booking?: Pick<Booking, 'accessFrom' | 'accessUntil'>;
}

/**
 * The hr.employment.v1 event of one change. The person travels as the pseudonymous person id
 * only; for a protected identity (skyddad identitet) names and unit name stay empty. All events of
 * one snapshot share its id as correlation id, so the changes of one import can be traced together;
 * a pushed change has its own id. A booking's event carries booking_id and the window to the millisecond.
 */
export function employmentChangedEvent(
  change: { readonly kind: PlannedChangeKind; readonly employment: Employment },
  ids: EmploymentChangedIds,
): EmploymentChanged {
  const e = change.employment;
  const hidden = e.protectedIdentity;
  return create(EmploymentChangedSchema, {
    envelope: newEnvelope({
      source: 'hr-feed',
      eventType: Topics.hrEmployment.eventType,
      correlationId: ids.snapshotId,
      causationId: ids.snapshotId,
      occurredAt: ids.occurredAt,
    }),
    employmentId: e.employmentId,
    personId: ids.personId,
    kind: KINDS[change.kind],
    givenName: hidden ? '' : e.givenName,
    surname: hidden ? '' : e.surname,
    protectedIdentity: hidden,
    customerCode: e.customerCode,
    unitCode: e.unitCode,
    unitName: hidden ? '' : e.unitName,
    costCentre: e.costCentre,
    jobCode: e.jobCode,
    jobTitle: e.jobTitle,
    form: FORMS[e.form],
    employmentRate: e.rate,
    startDate: e.startDate,
    endDate: e.endDate ?? '',
    managerEmploymentId: e.managerEmploymentId ?? '',
    snapshotId: ids.snapshotId,
    ...(ids.booking
      ? {
          bookingId: e.employmentId,
          accessFrom: timestampFromDate(ids.booking.accessFrom),
          accessUntil: timestampFromDate(ids.booking.accessUntil),
        }
      : {}),
  });
}
