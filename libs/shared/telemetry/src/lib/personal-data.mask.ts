// Personal identity numbers (personnummer) must never reach logs or traces, whatever field or
// sentence they hide in. Named fields are redacted by path in the logger; this mask is the net
// under it: it replaces anything shaped like a personnummer or samordningsnummer inside free
// text, error messages and stack traces.

export const REDACTED = '[redacted]';

// YYYYMMDD-XXXX, YYYYMMDDXXXX, YYMMDD-XXXX and YYMMDDXXXX ('+' marks people aged 100 or more).
// Month and day must be plausible (day + 60 is a samordningsnummer, the coordination number
// given to people not registered in Sweden), which keeps epoch seconds, order numbers and
// amounts out of the mask. The digit look-arounds make sure a longer number is not cut into
// a match, and letters around the digits do not protect it.
const PERSONNUMMER_PATTERN =
  /(?<!\d)(?:18|19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+]?\d{4}(?!\d)/g;

const MAX_DEPTH = 8;

/** Replaces every personnummer-like number in `text` with "[redacted]". */
export function maskPersonnummer(text: string): string {
  return text.replace(PERSONNUMMER_PATTERN, REDACTED);
}

/** True when `text` holds something shaped like a personnummer. */
export function containsPersonnummer(text: string): boolean {
  PERSONNUMMER_PATTERN.lastIndex = 0;
  const found = PERSONNUMMER_PATTERN.test(text);
  PERSONNUMMER_PATTERN.lastIndex = 0;
  return found;
}

/**
 * Returns `value` with personnummer-like numbers masked in every string (and 10/12-digit
 * integer) it holds: plain objects and arrays are copied, errors are copied with their
 * message, stack and own fields masked. Other class instances (requests, buffers, dates) are
 * returned as they are: walking them would be slow and they are not where free text lives.
 * The input is never modified.
 */
export function maskPersonalData<T>(value: T): T {
  return maskValue(value, 0, new WeakSet<object>()) as T;
}

function maskValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return maskPersonnummer(value);
  if (typeof value === 'number') {
    return Number.isInteger(value) && containsPersonnummer(String(value)) ? REDACTED : value;
  }
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH || seen.has(value)) {
    return value;
  }
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, depth + 1, seen));
  if (value instanceof Error) return maskError(value, depth, seen);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = maskValue(item, depth + 1, seen);
  return copy;
}

function maskError(error: Error, depth: number, seen: WeakSet<object>): Error {
  // A copy with the same prototype keeps `instanceof` and the class name that pino's error
  // serializer prints, while message and stack (not enumerable) are masked as well.
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  // `stack` may be an accessor bound to the original, so values are read and stored as data.
  for (const key of Object.getOwnPropertyNames(error)) {
    const enumerable = Object.getOwnPropertyDescriptor(error, key)?.enumerable ?? false;
    const original: unknown = Reflect.get(error, key);
    Object.defineProperty(copy, key, {
      value: maskValue(original, depth + 1, seen),
      enumerable,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}
