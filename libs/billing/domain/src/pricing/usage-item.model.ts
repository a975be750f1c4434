import { BillingException, BillingExceptionCode } from '../billing.exception';
import { isIsoDate, type IsoDate } from '../common/calendar.util';
import { isDecimalText } from '../common/money.util';

/** One ledger item behind a volume: a subject (account, licence, device) holding an offering for a range of days. */
export interface UsageItem {
  /** Ledger item id; invoice lines carry it so a line can be traced to its items. */
  id: string;
  offeringCode: string;
  /** What the volume is about (an account, licence or device id), never a personal identity number. */
  subjectId: string;
  /** Exact decimal text with "." separator, e.g. "1" or "0.5"; negative for a correction. */
  quantity: string;
  /** First day held (Europe/Stockholm). */
  validFrom: IsoDate;
  /** Last day held, inclusive; null while open-ended. */
  validTo: IsoDate | null;
  /** Monthly cost in SEK for pass-through (vidarefakturering), exact decimal text ≥ 0; any number of decimals. */
  unitCostSek?: string;
}

/**
 * Refuses items that would make a wrong invoice rather than a refused one.
 * @throws BillingException INVALID_USAGE naming the item and the field.
 */
export function checkUsageItems(items: readonly UsageItem[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    const refuse = (field: string, problem: string): never => {
      throw new BillingException(BillingExceptionCode.INVALID_USAGE, `usage item ${JSON.stringify(item.id)}: ${field} ${problem}`);
    };
    if (!item.id) refuse('id', 'is empty; every ledger item has an id');
    if (seen.has(item.id)) refuse('id', 'appears twice; each ledger item may be priced once');
    seen.add(item.id);
    if (!item.offeringCode) refuse('offeringCode', 'is empty; an offering code from the price list is required');
    if (!item.subjectId) refuse('subjectId', 'is empty; the account, licence or device id is required');
    if (!isDecimalText(item.quantity)) refuse('quantity', `"${item.quantity}" is not a decimal; use "." as separator, e.g. "1" or "0.5"`);
    if (!isIsoDate(item.validFrom)) refuse('validFrom', `"${item.validFrom}" is not a date; expected YYYY-MM-DD`);
    if (item.validTo !== null && !isIsoDate(item.validTo)) refuse('validTo', `"${item.validTo}" is not a date; expected YYYY-MM-DD or null`);
    if (item.validTo !== null && item.validTo < item.validFrom) {
      refuse('validTo', `${item.validTo} is before validFrom ${item.validFrom}; the last day must be on or after the first`);
    }
    if (item.unitCostSek !== undefined && (!isDecimalText(item.unitCostSek) || item.unitCostSek.startsWith('-'))) {
      refuse('unitCostSek', `"${item.unitCostSek}" is not a cost; use a decimal ≥ 0 with "." as separator, e.g. "129.50"`);
    }
  }
}
