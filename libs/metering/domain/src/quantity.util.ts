// Quantities are exact: decimal.js, never binary floating point. The ledger stores them as
// numeric(18, 4); a volume is shown with at most 4 decimals, rounded once, half up (ties away
// from zero), the way billing shows an invoice line's quantity.
import Decimal from 'decimal.js';

/** decimal.js configured for metering; use it instead of the global Decimal. */
export const Quantity = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Quantity = Decimal;

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
/** What numeric(18, 4) holds: up to 14 digits before the point and 4 after. */
const LEDGER_QUANTITY = /^-?\d{1,14}(\.\d{1,4})?$/;

/** True when text is a plain decimal with "." as separator: "1", "-0.5", "1.0000". */
export const isDecimalText = (text: string): boolean => DECIMAL_TEXT.test(text);

/** True when text is a decimal the ledger can store exactly (at most 14 + 4 digits). */
export const isLedgerQuantity = (text: string): boolean => LEDGER_QUANTITY.test(text);

/** A quantity for people and JSON: at most 4 decimals (half up), no trailing zeros: "1", "0.4667", "-1". */
export function formatQuantity(quantity: Decimal.Value): string {
  const shown = new Quantity(quantity).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
  // -0 would read as a correction of nothing.
  return shown.isZero() ? '0' : shown.toFixed();
}
