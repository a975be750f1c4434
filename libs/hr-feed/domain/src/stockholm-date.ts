import { HrFeedException, HrFeedExceptionCode } from './hr-feed.exception';

// One formatter: building Intl formatters is costly. en-CA writes dates as YYYY-MM-DD.
const STOCKHOLM = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date (YYYY-MM-DD) in Europe/Stockholm at an instant: the `today` of a snapshot diff.
 * HR dates are Swedish calendar days, so an employment gone from the export at 00:30 Swedish time
 * ends on that Swedish day, whatever the server's zone and across daylight-saving changes.
 */
export function stockholmDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) {
    throw new HrFeedException(HrFeedExceptionCode.INVALID_INPUT, 'instant is not a valid date; allowed: a real point in time');
  }
  const parts = Object.fromEntries(STOCKHOLM.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}
