import { isCalendarDate } from '@itops/shared/calendar';
import { customerCodeProblem, isCustomerCode, isOfferingCode, offeringCodeProblem } from './ledger-codes.rules';
import { FieldProblem, MeteringException, MeteringExceptionCode } from './metering.exception';
import { isLedgerQuantity, Quantity } from './quantity.util';

/**
 * An operator's correction of the ledger (`itops metering adjust`): a quantity, often negative,
 * for a subject of a customer and offering over some days, with the reason. It is a new ledger
 * item of kind `adjust`; nothing already in the ledger changes.
 */
export interface Adjustment {
  readonly customer: string;
  readonly offering: string;
  readonly subjectType: string;
  readonly subjectId: string;
  /** Decimal text as given, e.g. "-1" or "0.5"; never zero. */
  readonly quantity: string;
  readonly validFrom: string;
  /** Last day; null for an open-ended correction. */
  readonly validTo: string | null;
  readonly reason: string;
}

const FIELDS = ['customer', 'offering', 'subjectType', 'subjectId', 'quantity', 'validFrom', 'validTo', 'reason'] as const;
/** What the ledger's subjects are: account, person, device, licence, printer, storage, ... */
const SUBJECT_TYPE = /^[a-z][a-z0-9-]{0,31}$/;
const SUBJECT_ID_MAX = 200;
const REASON_MAX = 500;
// YYMMDD-NNNN, YYYYMMDDNNNN and the like: persons are subjects only by their pseudonymous id.
const PERSONNUMMER_LIKE = /^(\d{2})?\d{6}[-+]?\d{4}$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads an adjustment from a request body, or refuses it with every problem named by its field
 * (MeteringException INVALID_ADJUSTMENT with `details`).
 */
export function checkAdjustment(body: unknown): Adjustment {
  if (!isRecord(body)) {
    throw new MeteringException(MeteringExceptionCode.INVALID_ADJUSTMENT, 'the body is not a JSON object; send {customer, offering, subjectType, subjectId, quantity, validFrom, validTo?, reason}');
  }
  const problems: FieldProblem[] = [];
  const refuse = (field: string, message: string): void => {
    // One problem per field: the first one found says what to fix.
    if (!problems.some((problem) => problem.field === field)) problems.push({ field, message: `${field}: ${message}` });
  };
  const text = (field: string): string | undefined => {
    const value = body[field];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') {
      refuse(field, `is a ${Array.isArray(value) ? 'list' : typeof value}; expected text`);
      return undefined;
    }
    return value;
  };

  for (const field of Object.keys(body)) {
    if (!(FIELDS as readonly string[]).includes(field)) refuse(field, `is not a field of an adjustment; allowed: ${FIELDS.join(', ')}`);
  }

  const customer = text('customer');
  if (customer === undefined || !isCustomerCode(customer)) refuse('customer', customerCodeProblem(customer));
  const offering = text('offering');
  if (offering === undefined || !isOfferingCode(offering)) refuse('offering', offeringCodeProblem(offering));

  const subjectType = text('subjectType');
  if (subjectType === undefined || !SUBJECT_TYPE.test(subjectType)) {
    refuse('subjectType', `${JSON.stringify(subjectType ?? '')} is not a subject type; expected 1-32 lower-case letters, digits or -, starting with a letter, e.g. account, person, device`);
  }
  const subjectId = text('subjectId');
  if (subjectId === undefined || subjectId.length > SUBJECT_ID_MAX || /\s/.test(subjectId)) {
    refuse('subjectId', `is missing or not an id; expected 1-${SUBJECT_ID_MAX} characters without spaces, e.g. the account id`);
  } else if (PERSONNUMMER_LIKE.test(subjectId)) {
    // Never echoed: it may be one.
    refuse('subjectId', 'looks like a personal identity number; expected the pseudonymous person id (personnummer never goes into the ledger)');
  }

  const rawQuantity = body['quantity'];
  const quantity = typeof rawQuantity === 'string' ? rawQuantity.trim() : undefined;
  if (typeof rawQuantity === 'number') {
    refuse('quantity', `is the JSON number ${rawQuantity}; send it as a decimal string, e.g. "-1" or "0.5", so no digit is lost`);
  } else if (quantity === undefined || !isLedgerQuantity(quantity)) {
    refuse('quantity', `${JSON.stringify(rawQuantity ?? '')} is not a decimal; expected up to 14 digits and 4 decimals with "." as separator, e.g. "-1" or "0.5"`);
  } else if (new Quantity(quantity).isZero()) {
    refuse('quantity', 'is zero; a correction must change the volume: give a positive or negative quantity');
  }

  const validFrom = text('validFrom');
  if (validFrom === undefined || !isCalendarDate(validFrom)) refuse('validFrom', `${JSON.stringify(validFrom ?? '')} is not a date; expected YYYY-MM-DD, the first day the correction applies`);
  const validTo = text('validTo') ?? null;
  if (validTo !== null && !isCalendarDate(validTo)) {
    refuse('validTo', `${JSON.stringify(validTo)} is not a date; expected YYYY-MM-DD, the last day the correction applies, or nothing for open-ended`);
  } else if (validTo !== null && validFrom !== undefined && isCalendarDate(validFrom) && validTo < validFrom) {
    refuse('validTo', `${validTo} is before validFrom ${validFrom}; expected the same day or later`);
  }

  const reason = text('reason')?.trim();
  if (!reason) refuse('reason', 'is missing; say why the ledger is corrected, e.g. "double-counted account, ticket INC-4711"');
  else if (reason.length > REASON_MAX) refuse('reason', `has ${reason.length} characters; at most ${REASON_MAX} are allowed`);

  if (problems.length > 0) {
    throw new MeteringException(MeteringExceptionCode.INVALID_ADJUSTMENT, problems.map((problem) => problem.message).join('; '), { details: problems });
  }
  return {
    customer: customer as string,
    offering: offering as string,
    subjectType: subjectType as string,
    subjectId: subjectId as string,
    quantity: quantity as string,
    validFrom: validFrom as string,
    validTo,
    reason: reason as string,
  };
}
