import { Injectable } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  BookingRepository,
  Employment,
  EmploymentChangeKind,
  EmploymentFormName,
  EmploymentRepository,
  HR_FEED_ACTOR,
  PersonRepository,
} from '@itops/identity/data-access';
import { ChangeKind, EmploymentChanged, EmploymentForm } from '@itops/shared/contracts';
import type { EventContext } from '@itops/shared/messaging';
import { AccountLifecycleService, ConvergeResult } from '../lifecycle/account-lifecycle.service';

export type ApplyEmploymentResult = ConvergeResult;

/**
 * An employment (or a substitute's booking) changed in HR: store it, then bring the person's
 * account to what the rules want at `now` (AccountLifecycleService): a joiner's account prepared
 * or enabled, a mover's attributes and OU, a leaver's account kept until the end of the last day
 * (the scheduler disables it then), a booking starting within the hour enabled at once.
 *
 * The AD writes happen before the database transaction commits. If it rolls back (or the
 * process dies), the retried or redelivered event finds the account in AD by employeeID and
 * carries on from there: never a second account, never a second CREATED.
 */
@Injectable()
export class ApplyEmployment {
  constructor(
    private readonly persons: PersonRepository,
    private readonly employments: EmploymentRepository,
    private readonly bookings: BookingRepository,
    private readonly lifecycle: AccountLifecycleService,
  ) {}

  async execute(event: EmploymentChanged, ctx: EventContext, now: Date): Promise<ApplyEmploymentResult> {
    const { manager } = ctx;
    const occurredAt = event.envelope?.occurredAt ? timestampDate(event.envelope.occurredAt) : now;
    const person = await this.persons.recordAndLock(manager, {
      personId: event.personId,
      givenName: event.protectedIdentity ? null : event.givenName.trim() || null,
      surname: event.protectedIdentity ? null : event.surname.trim() || null,
      protectedIdentity: event.protectedIdentity,
      sourceOccurredAt: occurredAt,
    });
    await this.employments.record(manager, employmentFrom(event, ctx.eventId, occurredAt));
    if (event.bookingId.trim() !== '' && event.accessFrom && event.accessUntil) {
      await this.bookings.record(manager, {
        bookingId: event.bookingId.trim(),
        employmentId: event.employmentId,
        personId: event.personId,
        accessFrom: timestampDate(event.accessFrom),
        accessUntil: timestampDate(event.accessUntil),
        // A LEAVER for a booking withdraws it: its access ends now, or never begins.
        cancelledAt: event.kind === ChangeKind.LEAVER ? occurredAt : null,
        sourceEventId: ctx.eventId,
        sourceOccurredAt: occurredAt,
      });
    }
    return this.lifecycle.converge(manager, person, now, {
      actor: HR_FEED_ACTOR,
      causeEventId: ctx.eventId,
      correlationId: ctx.correlationId,
      membershipCause: ctx.eventId,
    });
  }
}

function employmentFrom(event: EmploymentChanged, eventId: string, occurredAt: Date): Omit<Employment, 'updatedAt'> {
  const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());
  return {
    employmentId: event.employmentId,
    personId: event.personId,
    customerCode: event.customerCode,
    unitCode: event.unitCode,
    unitName: event.protectedIdentity ? null : text(event.unitName),
    costCentre: text(event.costCentre),
    jobCode: text(event.jobCode),
    jobTitle: text(event.jobTitle),
    form: EmploymentForm[event.form] as EmploymentFormName,
    rate: event.employmentRate,
    startDate: event.startDate,
    endDate: text(event.endDate),
    managerEmploymentId: text(event.managerEmploymentId),
    lastChange: ChangeKind[event.kind] as EmploymentChangeKind,
    snapshotId: event.snapshotId,
    sourceEventId: eventId,
    sourceOccurredAt: occurredAt,
  };
}
