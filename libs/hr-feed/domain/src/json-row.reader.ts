import { FieldProblem } from './hr-feed.exception';

/**
 * How one JSON field is read: `text` a string (trimmed, as a snapshot's values are), `percent` a
 * number written as the row's whole-percent text, `flag` a boolean written as J/N. A missing or
 * null field reads as `fallback`, or as empty, which the row rules then judge (a mandatory field
 * "is empty"), so a missing field and an empty one get the same answer.
 */
export interface JsonFieldSpec {
  readonly type: 'text' | 'percent' | 'flag';
  readonly fallback?: string;
}

export type JsonFieldSpecs<Field extends string> = Readonly<Record<Field, JsonFieldSpec>>;

/** Field names from a caller are shown shortened: they are free text. */
const MAX_SHOWN_NAME = 64;

/**
 * Reads a JSON object into the text values of a row. Returns the values by JSON field name and one
 * problem per field of the wrong type or not known (a misspelt `endDte` must not pass as an open
 * employment). The values are never put into a problem: one of them is a personnummer.
 * `body` that is not an object gives a single problem for the field `body`.
 */
export function readJsonRow<Field extends string>(
  body: unknown,
  specs: JsonFieldSpecs<Field>,
  what: string,
): { values: Record<Field, string>; problems: FieldProblem[] } {
  const names = Object.keys(specs) as Field[];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return {
      values: Object.fromEntries(names.map((name) => [name, ''])) as Record<Field, string>,
      problems: [{ field: 'body', message: `body is ${describe(body)}; allowed: a JSON object with the fields of ${what}: ${names.join(', ')}` }],
    };
  }
  const input = body as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const name of Object.keys(input)) {
    if (!(name in specs)) {
      const shown = name.length > MAX_SHOWN_NAME ? `${name.slice(0, MAX_SHOWN_NAME)}...` : name;
      problems.push({ field: shown, message: `${JSON.stringify(shown)} is not a field of ${what}; allowed: ${names.join(', ')}` });
    }
  }
  const values = {} as Record<Field, string>;
  for (const name of names) {
    const spec = specs[name];
    const value = input[name];
    if (value === undefined || value === null) {
      values[name] = spec.fallback ?? '';
    } else if (spec.type === 'text' && typeof value === 'string') {
      values[name] = value.trim();
    } else if (spec.type === 'percent' && typeof value === 'number' && Number.isFinite(value)) {
      values[name] = String(value);
    } else if (spec.type === 'flag' && typeof value === 'boolean') {
      values[name] = value ? 'J' : 'N';
    } else {
      values[name] = '';
      problems.push({ field: name, message: `${name} is ${describe(value)}; allowed: ${ALLOWED[spec.type]}` });
    }
  }
  return { values, problems };
}

const ALLOWED: Readonly<Record<JsonFieldSpec['type'], string>> = {
  text: 'a string',
  percent: 'a whole number from 0 to 100',
  flag: 'true or false',
};

/** The JSON type of a value, never the value itself. */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : 'not a finite number';
  return `a ${typeof value}`;
}
