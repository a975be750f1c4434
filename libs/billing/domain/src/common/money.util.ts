// Money is exact: decimal.js, never binary floating point. The one rounding rule of billing
// lives here: an amount is rounded once, per invoice line, to öre (2 decimals), half up
// (ties away from zero, so 5.005 -> 5.01 and -5.005 -> -5.01). Everything before that
// rounding is exact or carried with 40 significant digits, far more than a tie needs.
import Decimal from 'decimal.js';

/** decimal.js configured for billing; use it instead of the global Decimal. */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** True when text is a plain decimal with "." as separator: "12", "-0.5", "129.50". */
export function isDecimalText(text: string): boolean {
  return DECIMAL_TEXT.test(text);
}

/** The billing rounding rule: once per line, to öre, half up. */
export function roundToOre(amount: Decimal): Decimal {
  return new Money(amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** An amount as SEK text with exactly two decimals and "." as separator, e.g. "1234.50". */
export function formatSek(amount: Decimal): string {
  return roundToOre(amount).toFixed(2);
}

/** A quantity for display: at most 4 decimals (half up), no trailing zeros, e.g. "15", "0.4667". */
export function formatQuantity(quantity: Decimal): string {
  const shown = new Money(quantity).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
  // -0 would read as a credit of nothing.
  return shown.isZero() ? '0' : shown.toFixed();
}

/** A unit price for display: at least two decimals, more only when the price has them. */
export function formatUnitPrice(price: Decimal): string {
  return price.decimalPlaces() <= 2 ? price.toFixed(2) : price.toFixed();
}
