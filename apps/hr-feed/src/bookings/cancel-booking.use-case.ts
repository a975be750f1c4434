import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { cancelBooking } from '@itops/hr-feed/domain';
import { EmploymentRepository } from '@itops/hr-feed/data-access';
import { CLOCK, Clock } from '../clock';
import { PushedChangeApplier } from '../employments/pushed-change-applier.service';
import { BookingResult } from './booking.result';

/**
 * Cancels a booking: access ends now, announced as a LEAVER whose end date is today and whose window
 * ends now. Cancelling again, or a booking whose window has passed, sends nothing.
 */
@Injectable()
export class CancelBooking {
  private readonly logger = new Logger(CancelBooking.name);

  constructor(
    private readonly employments: EmploymentRepository,
    private readonly applier: PushedChangeApplier,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  async execute(command: { bookingId: string; actor: string }): Promise<BookingResult> {
    const { bookingId, actor } = command;
    const at = this.now();
    const result = await this.applier.transaction(bookingId, async (manager): Promise<BookingResult> => {
      const stored = await this.employments.find(manager, bookingId);
      if (stored === null) {
        throw new NotFoundException({ code: 'BOOKING_NOT_FOUND', message: `booking ${bookingId} does not exist; nothing to cancel` });
      }
      if (stored.source !== 'booking' || stored.booking === null) {
        throw new ConflictException({
          code: 'NOT_A_BOOKING',
          message: `${bookingId} is an employment from HR, not a booking; end it with DELETE /v1/employments/${bookingId}?lastDay=YYYY-MM-DD`,
        });
      }
      const cancelled = stored.cancelledAt ? null : cancelBooking({ employment: stored.employment, ...stored.booking }, at);
      if (cancelled === null) return { bookingId, personId: stored.personId, status: 'unchanged', changeId: null };
      const { changeId, personId } = await this.applier.apply(manager, {
        operation: 'cancel-booking',
        kind: 'LEAVER',
        employment: cancelled.employment,
        source: 'booking',
        inSnapshot: false,
        booking: cancelled,
        cancelledAt: at,
        actor,
        at,
      });
      return { bookingId, personId, status: 'cancelled', changeId };
    });
    this.logger.log({ msg: 'substitute booking cancelled', bookingId, status: result.status, changeId: result.changeId, actor });
    return result;
  }
}
