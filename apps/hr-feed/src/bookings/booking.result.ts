/**
 * The answer to `POST /v1/bookings` and `DELETE /v1/bookings/:id`: what happened (booked: a JOINER
 * was sent; updated: an UPDATED or MOVER; cancelled: a LEAVER; unchanged: nothing was sent), the
 * person id the event went under, and the pushed change's id (null when nothing was sent).
 */
export interface BookingResult {
  bookingId: string;
  personId: string;
  status: 'booked' | 'updated' | 'cancelled' | 'unchanged';
  changeId: string | null;
}
