import { Body, Controller, Delete, Param, Post, Res } from '@nestjs/common';
import { AuthUser, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { parseEmploymentId } from '../employments/employment-id.parser';
import { BookSubstitute } from './book-substitute.use-case';
import { BookingResult } from './booking.result';
import { CancelBooking } from './cancel-booking.use-case';

/** The part of Express's response a handler sets a status on. */
interface StatusResponse {
  status(code: number): unknown;
}

/** Substitute and hourly bookings (vikariebokningar): announced the moment they are booked. */
@Controller('v1/bookings')
export class BookingsController {
  constructor(
    private readonly bookSubstitute: BookSubstitute,
    private readonly cancelBooking: CancelBooking,
  ) {}

  /**
   * Books (or books again) a substitute: JSON `{bookingId, personnummer, givenName, surname,
   * protectedIdentity?, customerCode, unitCode, unitName?, costCentre?, jobCode?, jobTitle?,
   * form: VIK|TIM, rate?, from, to}`. 201 when booked, 200 when updated or unchanged.
   */
  @Post()
  @Roles(Role.Operator)
  async book(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res({ passthrough: true }) response: StatusResponse): Promise<BookingResult> {
    const result = await this.bookSubstitute.execute({ body, actor: user.subject });
    response.status(result.status === 'booked' ? 201 : 200);
    return result;
  }

  /** Cancels a booking: access ends now (a LEAVER). */
  @Delete(':bookingId')
  @Roles(Role.Operator)
  async cancel(@CurrentUser() user: AuthUser, @Param('bookingId') bookingId: string): Promise<BookingResult> {
    return this.cancelBooking.execute({ bookingId: parseEmploymentId(bookingId, 'bookingId'), actor: user.subject });
  }
}
