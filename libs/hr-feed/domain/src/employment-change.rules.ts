import { Employment, EmploymentField } from './employment.model';

/** What a change tells the other services about one employment (the kind of its hr.employment event). */
export type EmploymentChangeKind = 'JOINER' | 'MOVER' | 'LEAVER' | 'UPDATED';

/** Changing any of these moves the employment to another place in the organisation (and the bill). */
export const MOVER_FIELDS: readonly EmploymentField[] = ['customerCode', 'unitCode', 'jobCode', 'costCentre'];

export const EMPLOYMENT_FIELDS: readonly EmploymentField[] = [
  'personnummer',
  'givenName',
  'surname',
  'customerCode',
  'unitCode',
  'unitName',
  'costCentre',
  'jobCode',
  'jobTitle',
  'form',
  'rate',
  'startDate',
  'endDate',
  'managerEmploymentId',
  'protectedIdentity',
];

/** The fields in which two states of one employment differ. */
export function changedFields(previous: Employment, next: Employment): EmploymentField[] {
  return EMPLOYMENT_FIELDS.filter((field) => previous[field] !== next[field]);
}

/**
 * The kind of change from one state of an employment to the next, or null when nothing changed.
 * The one rule for a snapshot diff and for a single pushed change, so that the next snapshot and
 * a push agree. Precedence: leaver over mover over updated. A LEAVER is an end date newly set, or
 * an end date moved to a day before `today` (YYYY-MM-DD, Europe/Stockholm): the employment is then
 * already over and access must go now, not be rescheduled.
 */
export function classifyChange(previous: Employment | null, next: Employment, today: string): EmploymentChangeKind | null {
  if (previous === null) return 'JOINER';
  const changed = changedFields(previous, next);
  if (changed.length === 0) return null;
  if (next.endDate !== null && (previous.endDate === null || (next.endDate !== previous.endDate && next.endDate < today))) {
    return 'LEAVER';
  }
  if (changed.some((field) => MOVER_FIELDS.includes(field))) return 'MOVER';
  return 'UPDATED';
}
