// The cost side of a service: what the city pays for an offering in a month (licence
// contracts, device leases, other entered costs), set against what the offering billed to
// find its over- or under-recovery (över-/underskott).
import { BillingException, BillingExceptionCode } from '../billing.exception';
import { isBillingPeriod, type BillingPeriod } from '../common/calendar.util';
import { Money } from '../common/money.util';

/** Where a cost comes from: a licence contract, a device lease, or entered by hand. */
export const COST_SOURCES = ['licence-contract', 'device-lease', 'entered'] as const;
export type CostSource = (typeof COST_SOURCES)[number];

export interface CostEntry {
  /** tjanstekod the cost belongs to. */
  offeringCode: string;
  /** The month the cost is for, YYYY-MM. */
  period: BillingPeriod;
  /** Exact SEK with exactly 2 decimals, e.g. "125000.00"; negative for a supplier's credit. */
  amountSek: string;
  source: CostSource;
  /** Contract number, lease batch or why it was entered; at most 500 characters. */
  note: string | null;
}

const OFFERING_CODE = /^[A-Za-z0-9_.-]{1,32}$/;
const SEK_TEXT = /^-?\d{1,13}(\.\d{1,2})?$/;

/**
 * A cost entry from a request body, checked field by field.
 * @throws BillingException INVALID_COST naming the field, the problem and what is allowed.
 */
export function parseCostEntry(body: unknown): CostEntry {
  const value = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const refuse = (field: string, problem: string): never => {
    throw new BillingException(BillingExceptionCode.INVALID_COST, `${field}: ${problem}`);
  };
  const text = (field: string) => (typeof value[field] === 'string' ? (value[field] as string).trim() : undefined);

  const offeringCode = text('offering');
  if (!offeringCode || !OFFERING_CODE.test(offeringCode)) {
    refuse('offering', `${JSON.stringify(value['offering'] ?? null)} is not an offering code; use the tjanstekod of the price list, e.g. KONTO`);
  }
  const period = text('period');
  if (!period || !isBillingPeriod(period)) {
    refuse('period', `${JSON.stringify(value['period'] ?? null)} is not a month; expected YYYY-MM, e.g. 2026-11`);
  }
  const rawAmount = typeof value['amountSek'] === 'number' ? undefined : text('amountSek');
  if (!rawAmount || !SEK_TEXT.test(rawAmount)) {
    refuse(
      'amountSek',
      `${JSON.stringify(value['amountSek'] ?? null)} is not an amount; send SEK as a string with "." and at most 2 decimals, e.g. "125000.00" (a JSON number is refused: it is binary floating point)`,
    );
  }
  const source = text('source');
  if (!source || !(COST_SOURCES as readonly string[]).includes(source)) {
    refuse('source', `${JSON.stringify(value['source'] ?? null)} is not a cost source; use one of ${COST_SOURCES.join(', ')}`);
  }
  const note = value['note'] === undefined || value['note'] === null ? null : text('note');
  if (note === undefined || (note !== null && note.length > 500)) {
    refuse('note', 'must be text of at most 500 characters, or left out');
  }
  return {
    offeringCode: offeringCode as string,
    period: period as string,
    amountSek: new Money(rawAmount as string).toFixed(2),
    source: source as CostSource,
    note: note || null,
  };
}
