import { countOf, formatRecord, plural, rejectedTable, text, type RejectedRow } from '../output.format';

/** hr-feed's answer to POST /v1/snapshots; fields beyond these are shown as they come. */
export interface SnapshotImportAnswer {
  /** Rows taken (a count), or whether the snapshot as a whole was taken. */
  accepted?: number | boolean;
  rejected?: RejectedRow[];
  changes?: Record<string, unknown>;
  [field: string]: unknown;
}

/** The four kinds every import reports, in the order operators read them; others follow. */
const CHANGE_ORDER = ['joiners', 'movers', 'leavers', 'unchanged'];

export function formatSnapshotImport(answer: SnapshotImportAnswer, dryRun: boolean): string {
  const { accepted, rejected = [], changes, ...rest } = answer;
  const lines: string[] = [];
  if (dryRun) lines.push('dry run: nothing was stored');
  if (typeof accepted === 'number') lines.push(`accepted: ${plural(accepted, 'row')}`);
  else if (typeof accepted === 'boolean') lines.push(`accepted: ${accepted ? 'yes' : 'no'}`);
  lines.push(`rejected: ${plural(rejected.length, 'row')}`);
  if (changes) lines.push(`changes:  ${formatChanges(changes)}`);
  if (Object.keys(rest).length > 0) lines.push(formatRecord(rest));
  if (rejected.length > 0) lines.push('rejected rows:', rejectedTable(rejected));
  return lines.join('\n');
}

/** "3 joiners, 1 mover, 0 leavers, 120 unchanged"; each kind given as a count or as its list. */
export function formatChanges(changes: Record<string, unknown>): string {
  const kinds = [...CHANGE_ORDER.filter((kind) => kind in changes), ...Object.keys(changes).filter((kind) => !CHANGE_ORDER.includes(kind))];
  return kinds
    .map((kind) => {
      const count = countOf(changes[kind]);
      if (count === undefined) return `${kind} ${text(changes[kind])}`;
      if (kind === 'unchanged') return `${count} unchanged`;
      return plural(count, kind.replace(/s$/, ''), kind);
    })
    .join(', ');
}

/** hr-feed's answer to POST /v1/bookings and DELETE /v1/bookings/:id. */
export interface BookingAnswer {
  bookingId?: string;
  personId?: string;
  status?: string;
  changeId?: string | null;
  [field: string]: unknown;
}

/** hr-feed's answer to PUT and DELETE /v1/employments/:id. */
export interface EmploymentChangeAnswer {
  employmentId?: string;
  personId?: string;
  change?: string;
  changeId?: string | null;
  [field: string]: unknown;
}

const BOOKING_STATUS: Readonly<Record<string, string>> = {
  booked: 'booked; the joiner was announced',
  updated: 'updated; the change was announced',
  cancelled: 'cancelled; access ends now',
  unchanged: 'unchanged; nothing was announced',
};

/** "booking B-1: booked; the joiner was announced", then the person id and the change id. */
export function formatBooking(answer: BookingAnswer): string {
  const { bookingId, status, ...rest } = answer;
  const said = status === undefined ? 'done' : (BOOKING_STATUS[status] ?? status);
  const lines = [`booking ${text(bookingId)}: ${said}`];
  if (Object.keys(rest).length > 0) lines.push(formatRecord(rest, '  '));
  return lines.join('\n');
}

/** "employment 1001: LEAVER, last day 2026-11-30", or that it already ended on that day. */
export function formatEmploymentChange(answer: EmploymentChangeAnswer, lastDay: string): string {
  const { employmentId, change, ...rest } = answer;
  const said = change === 'UNCHANGED' ? `unchanged; it already ends on ${lastDay}, nothing was announced` : `${text(change)}, last day ${lastDay}`;
  const lines = [`employment ${text(employmentId)}: ${said}`];
  if (Object.keys(rest).length > 0) lines.push(formatRecord(rest, '  '));
  return lines.join('\n');
}
