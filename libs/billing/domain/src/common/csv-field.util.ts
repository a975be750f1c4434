// Judging single CSV values. Each check returns the value or a message that names the
// field, what is wrong with the value and what is allowed.
import { isIsoDate } from './calendar.util';
import type { RejectedRow } from './csv-table.reader';
import { Money } from './money.util';

export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const fail = <T>(message: string): FieldResult<T> => ({ ok: false, message });

/**
 * Lower case without diacritics, so "Tillägg" reads as "tillagg" and "Förvaltning" as
 * "forvaltning": the files are typed by hand in Swedish.
 */
export function normaliseToken(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function requiredText(field: string, value: string, maxLength = 200): FieldResult<string> {
  if (value === '') return fail(`${field}: empty; a value is required`);
  if (value.length > maxLength) return fail(`${field}: ${value.length} characters; at most ${maxLength} allowed`);
  return ok(value);
}

export function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): FieldResult<T> {
  const token = normaliseToken(value);
  const found = allowed.find((candidate) => candidate === token);
  return found ? ok(found) : fail(`${field}: "${value}" is not allowed; use one of ${allowed.join(', ')}`);
}

/**
 * A price in SEK: ≥ 0, "," or "." as decimal separator, at most 2 decimals (öre).
 * Returns it with "." and exactly 2 decimals: "1234,5" -> "1234.50".
 */
export function priceSek(field: string, value: string): FieldResult<string> {
  const allowed = 'a price is 0 or more with at most 2 decimals (öre), e.g. 1234,50';
  const match = /^([+-]?)(\d+)(?:[.,](\d+))?$/.exec(value);
  if (!match) return fail(`${field}: "${value}" is not a number; ${allowed}, without thousands separators`);
  const [, sign, whole, fraction = ''] = match;
  if (sign === '-' && /[1-9]/.test(whole + fraction)) return fail(`${field}: "${value}" is negative; ${allowed}`);
  if (fraction.length > 2) return fail(`${field}: "${value}" has ${fraction.length} decimals; ${allowed}`);
  return ok(new Money(`${whole}.${fraction || '0'}`).toFixed(2));
}

export function isoDate(field: string, value: string): FieldResult<string> {
  return isIsoDate(value) ? ok(value) : fail(`${field}: "${value}" is not a date; expected YYYY-MM-DD, e.g. 2025-01-01`);
}

/** An inclusive last day; empty means open-ended. */
export function optionalIsoDate(field: string, value: string): FieldResult<string | null> {
  if (value === '') return ok(null);
  return isIsoDate(value)
    ? ok(value)
    : fail(`${field}: "${value}" is not a date; expected YYYY-MM-DD, or empty for open-ended`);
}

/** The last day of a range: a valid giltig_till that lies before giltig_fran fails. */
export function rangeEnd(field: string, from: FieldResult<string>, to: FieldResult<string | null>): FieldResult<string | null> {
  if (from.ok && to.ok && to.value !== null && to.value < from.value) {
    return fail(`${field}: ${to.value} is before the first day ${from.value}; the last day must be on or after the first`);
  }
  return to;
}

/** Adds a check on a value that passed its own. */
export function andThen<T>(result: FieldResult<T>, check: (value: T) => string | undefined): FieldResult<T> {
  if (!result.ok) return result;
  const message = check(result.value);
  return message === undefined ? result : fail(message);
}

type Values<R> = { [K in keyof R]: R[K] extends FieldResult<infer T> ? T : never };

/** All values of a row by column name, or one rejection per failed column. */
export function checkRow<R extends Record<string, FieldResult<unknown>>>(
  line: number,
  results: R,
): { ok: true; values: Values<R> } | { ok: false; rejected: RejectedRow[] } {
  const rejected: RejectedRow[] = [];
  const values: Record<string, unknown> = {};
  for (const [field, result] of Object.entries(results)) {
    if (result.ok) values[field] = result.value;
    else rejected.push({ line, field, message: result.message });
  }
  return rejected.length > 0 ? { ok: false, rejected } : { ok: true, values: values as Values<R> };
}
