import { ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { checkBooking, classifyRebooking, stockholmDate } from '@itops/hr-feed/domain';
import { CustomerRepository, EmploymentRepository } from '@itops/hr-feed/data-access';
import { CLOCK, Clock } from '../clock';
import { PushedChangeApplier } from '../employments/pushed-change-applier.service';
import { BookingResult } from './booking.result';

/**
 * A substitute or hourly booking (vikariebokning) from the HR system, often only minutes before the
 * shift: stored as an employment whose id is the booking id and announced at once as a JOINER with
 * its exact access window. Booking it again unchanged sends nothing; a new window (or unit, name)
 * sends one UPDATED (or MOVER). A booking is not in HR's snapshot file, so snapshots never end it:
 * its window does.
 */
@Injectable()
export class BookSubstitute {
  private readonly logger = new Logger(BookSubstitute.name);

  constructor(
    private readonly customers: CustomerRepository,
    private readonly employments: EmploymentRepository,
    private readonly applier: PushedChangeApplier,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  async execute(command: { body: unknown; actor: string }): Promise<BookingResult> {
    const at = this.now();
    const booking = checkBooking(command.body, await this.customers.codes(), at);
    const bookingId = booking.employment.employmentId;
    const result = await this.applier.transaction(bookingId, async (manager): Promise<BookingResult> => {
      const stored = await this.employments.find(manager, bookingId);
      if (stored !== null && stored.source !== 'booking') {
        throw new ConflictException({
          code: 'BOOKING_ID_TAKEN',
          message: `bookingId ${bookingId} is the id of an employment from HR, not of a booking; allowed: an id no employment uses`,
        });
      }
      if (stored?.cancelledAt) {
        throw new ConflictException({
          code: 'BOOKING_CANCELLED',
          message: `booking ${bookingId} was cancelled at ${stored.cancelledAt.toISOString()}; book again under a new bookingId`,
        });
      }
      const previous = stored?.booking ? { employment: stored.employment, ...stored.booking } : null;
      const kind = previous === null ? 'JOINER' : classifyRebooking(previous, booking, stockholmDate(at));
      if (kind === null) return { bookingId, personId: this.applier.personIdOf(booking.employment), status: 'unchanged', changeId: null };
      const { changeId, personId } = await this.applier.apply(manager, {
        operation: 'book',
        kind,
        employment: booking.employment,
        source: 'booking',
        inSnapshot: false,
        booking,
        cancelledAt: null,
        actor: command.actor,
        at,
      });
      return { bookingId, personId, status: previous === null ? 'booked' : 'updated', changeId };
    });
    this.logger.log({ msg: 'substitute booking', bookingId, status: result.status, changeId: result.changeId, actor: command.actor });
    return result;
  }
}
