import type { Measure, OfferingType } from '../catalogue/price-list.model';
import type { BillingPeriod, IsoDate } from '../common/calendar.util';

/** One invoice line: one customer, offering, period (and, for pass-through, unit cost). */
export interface InvoiceLine {
  customerCode: string;
  period: BillingPeriod;
  offeringCode: string;
  offeringName: string;
  offeringType: OfferingType;
  measure: Measure;
  unit: string;
  /**
   * Volume billed, decimal text with at most 4 decimals shown ("15", "0.5", "0.4667");
   * the amount is computed from the exact volume, not from this text. For
   * fordelning-antal-anstallda it is the customer's share of the headcount.
   */
  quantity: string;
  /** Price per unit in SEK: the price list price, the pass-through cost, or the month's shared cost. */
  unitPriceSek: string;
  /** quantity × unit price, rounded once to öre half up: exactly 2 decimals, e.g. "1234.50". */
  amountSek: string;
  /** giltig_fran of the price list entry used, which identifies it together with offeringCode. */
  priceValidFrom: IsoDate;
  /** Ids of the usage items behind the line, sorted. */
  itemIds: string[];
  /** For fordelning-antal-anstallda: the headcounts behind the share. */
  allocation?: { customerHeadcount: number; totalHeadcount: number };
  /**
   * Set on a correction line (a credit when the amount is negative, a debit when positive):
   * the issued period whose volumes changed. `period` is then the period that carries it.
   */
  correctsPeriod?: BillingPeriod;
  /** Why a correction line exists, e.g. "ledger changed after issue: 2 items added, 1 ended". */
  reason?: string;
}

export interface Invoice {
  customerCode: string;
  period: BillingPeriod;
  lines: InvoiceLine[];
  /** Sum of the lines' rounded amounts, exactly 2 decimals. */
  totalSek: string;
}
