import { Inject, Injectable, Logger } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { ChangeKind, EmploymentChanged, EmploymentForm } from '@itops/shared/contracts';
import { stockholmDate } from '@itops/shared/calendar';
import { AssignmentRepository, Booking, CatalogueRepository, LicenceHolderRepository } from '@itops/licence/data-access';
import { LICENCE_OPTIONS, LicenceOptions } from '../licence.config';
import { ChangeContext, LicenceAssignments } from '../assignments/licence-assignments.service';

export type BookingOutcome = 'taken' | 'overflow' | 'held' | 'pending' | 'no-pool' | 'given-back' | 'ignored';

/**
 * Substitute pools (vikariepaket): a substitute or hourly booking takes a cheap licence from the
 * customer's substitute pool at booking and gives it back at the end. A booking maps to an
 * account through the pseudonymous person id (identity's account events carry it; one account per
 * person). When the pool is empty the booking still gets its licence: the assignment is flagged
 * as overflow, logged and shown by `GET /v1/pools`, and the pool's size is a true-up question.
 */
@Injectable()
export class TakeSubstituteLicence {
  private readonly logger = new Logger(TakeSubstituteLicence.name);

  constructor(
    private readonly holders: LicenceHolderRepository,
    private readonly assignments: AssignmentRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly licences: LicenceAssignments,
    @Inject(LICENCE_OPTIONS) private readonly options: LicenceOptions,
  ) {}

  async execute(event: EmploymentChanged, ctx: ChangeContext): Promise<BookingOutcome> {
    if (!event.bookingId || (event.form !== EmploymentForm.SUBSTITUTE && event.form !== EmploymentForm.HOURLY)) return 'ignored';
    const { manager } = ctx;
    const existing = await this.assignments.findBooking(manager, event.bookingId);
    const booking: Booking = {
      bookingId: event.bookingId,
      personId: event.personId,
      customerCode: event.customerCode,
      accessFrom: event.accessFrom ? timestampDate(event.accessFrom) : null,
      accessUntil: event.accessUntil ? timestampDate(event.accessUntil) : null,
      state: existing?.state ?? 'pending',
      assignmentId: existing?.assignmentId ?? null,
    };
    if (event.kind === ChangeKind.LEAVER) {
      await this.giveBack(ctx, booking, 'booking cancelled or ended');
      return 'given-back';
    }
    if (booking.state !== 'pending') {
      await this.assignments.saveBooking(manager, booking);
      return 'held';
    }
    return this.take(ctx, booking);
  }

  /** Takes the pool licence for a pending booking (also when the person's account arrives after the booking). */
  async take(ctx: ChangeContext, booking: Booking): Promise<BookingOutcome> {
    const { manager } = ctx;
    const holder = await this.holders.findByPerson(manager, booking.personId);
    if (!holder?.samAccountName) {
      await this.assignments.saveBooking(manager, { ...booking, state: 'pending' });
      return 'pending';
    }
    const pool = await this.catalogue.pickPool(manager, booking.customerCode, 'substitute');
    if (!pool) {
      await this.assignments.saveBooking(manager, { ...booking, state: 'ended' });
      return 'no-pool';
    }
    const overflow = pool.used >= pool.size;
    const onDate = stockholmDate(booking.accessFrom ?? this.options.now());
    const { assignment, created } = await this.licences.assign(ctx, {
      accountId: holder.accountId,
      customerCode: booking.customerCode,
      productCode: pool.productCode,
      samAccountName: holder.samAccountName,
      source: 'substitute-pool',
      cause: `booking:${booking.bookingId}`,
      onDate,
      poolCode: pool.code,
      overflow,
      bookingId: booking.bookingId,
    });
    if (created && overflow) {
      this.logger.warn({ msg: 'substitute pool is empty: the booking got its licence as overflow', pool: pool.code, size: pool.size, bookingId: booking.bookingId, customer: booking.customerCode });
    }
    await this.assignments.saveBooking(manager, { ...booking, state: 'assigned', assignmentId: created && assignment ? assignment.id : null });
    if (!created) return 'held';
    return overflow ? 'overflow' : 'taken';
  }

  /** Gives the booking's licence back to the pool (a licence the account held anyway stays). */
  async giveBack(ctx: ChangeContext, booking: Booking, reason: string): Promise<void> {
    const { manager } = ctx;
    if (booking.assignmentId) {
      const assignment = await this.assignments.findById(manager, booking.assignmentId);
      const holder = assignment ? await this.holders.find(manager, assignment.accountId) : undefined;
      if (assignment && !assignment.toDate) {
        const end = booking.accessUntil && booking.accessUntil < this.options.now() ? booking.accessUntil : this.options.now();
        await this.licences.release(ctx, assignment, holder?.samAccountName ?? null, stockholmDate(end), `booking:${booking.bookingId}: ${reason}`);
      }
    }
    await this.assignments.saveBooking(manager, { ...booking, state: 'ended' });
  }
}
