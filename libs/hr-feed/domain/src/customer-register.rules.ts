import { HrFeedException, HrFeedExceptionCode } from './hr-feed.exception';

/** One billed customer (förvaltning, bolag or förbund) of the customer register. */
export interface CustomerEntry {
  /** One capital letter and three digits, e.g. N138: the organisationskod of HR rows. */
  readonly code: string;
  readonly name: string;
}

export const CUSTOMER_CODE = /^[A-Z]\d{3}$/;
const NAME_MAX_LENGTH = 200;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Checks a list of customer register entries as sent to the HR feed (`[{ code, name }]`) and
 * returns them with names trimmed. The first bad entry refuses the whole list, named by its
 * index, so a register is never half updated.
 */
export function checkCustomerEntries(input: unknown): CustomerEntry[] {
  if (!Array.isArray(input)) {
    throw invalid('the customer list must be a JSON array of {"code": "N138", "name": "..."} entries');
  }
  if (input.length === 0) {
    throw invalid('the customer list is empty; send at least one {"code": "N138", "name": "..."} entry');
  }
  const firstIndexOf = new Map<string, number>();
  return input.map((entry: unknown, index) => {
    const at = `customers[${index}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw invalid(`${at} is not an object; allowed: {"code": "N138", "name": "..."}`);
    }
    const { code, name } = entry as Record<string, unknown>;
    if (typeof code !== 'string' || !CUSTOMER_CODE.test(code)) {
      throw invalid(`${at}.code ${JSON.stringify(code ?? null)} is not a customer code; allowed: one upper-case letter and three digits, e.g. N138`);
    }
    const previous = firstIndexOf.get(code);
    if (previous !== undefined) {
      throw invalid(`${at}.code ${code} repeats customers[${previous}]; allowed: each code once per list`);
    }
    firstIndexOf.set(code, index);
    const trimmed = typeof name === 'string' ? name.trim() : '';
    if (trimmed === '' || trimmed.length > NAME_MAX_LENGTH || CONTROL_CHARACTER.test(trimmed)) {
      throw invalid(`${at}.name of ${code} is ${typeof name === 'string' ? (trimmed === '' ? 'empty' : 'not allowed') : 'missing'}; allowed: 1-${NAME_MAX_LENGTH} printable characters`);
    }
    return { code, name: trimmed };
  });
}

function invalid(message: string): HrFeedException {
  return new HrFeedException(HrFeedExceptionCode.INVALID_INPUT, message);
}
