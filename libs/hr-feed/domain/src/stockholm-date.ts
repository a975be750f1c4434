import * as calendar from '@itops/shared/calendar';
import { HrFeedException, HrFeedExceptionCode } from './hr-feed.exception';

/**
 * The calendar date (YYYY-MM-DD) in Europe/Stockholm at an instant: the `today` of a snapshot diff.
 * HR dates are Swedish calendar days, so an employment gone from the export at 00:30 Swedish time
 * ends on that Swedish day, whatever the server's zone and across daylight-saving changes.
 */
export function stockholmDate(instant: Date): string {
  try {
    return calendar.stockholmDate(instant);
  } catch (error) {
    if (error instanceof RangeError) throw new HrFeedException(HrFeedExceptionCode.INVALID_INPUT, error.message);
    throw error;
  }
}
