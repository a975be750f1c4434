import type { IsoDate } from '../common/calendar.util';

/**
 * How an offering's volume is measured for a month (mått in the price list).
 * - antal-vid-manadsslut: the count at month end;
 * - dagar-proportionellt: prorated by the days held in the month;
 * - vidarefakturering: pass-through at cost (licences), prorated by days held;
 * - fast: a fixed charge per month;
 * - fordelning-antal-anstallda: a cost shared between customers by headcount.
 */
export const MEASURES = [
  'antal-vid-manadsslut',
  'dagar-proportionellt',
  'vidarefakturering',
  'fast',
  'fordelning-antal-anstallda',
] as const;
export type Measure = (typeof MEASURES)[number];

/** bas = base service every customer takes; tillagg = add-on by agreement; specialist; digital infrastructure. */
export const OFFERING_TYPES = ['bas', 'tillagg', 'specialist', 'digital-infrastruktur'] as const;
export type OfferingType = (typeof OFFERING_TYPES)[number];

/** One row of the price list (prislista): the price of one offering for a validity range. */
export interface PriceListEntry {
  /** tjanstekod, the offering's code. */
  offeringCode: string;
  /** tjanst, the offering's name as shown on the invoice. */
  offeringName: string;
  /** enhet, the unit the price is per, e.g. "st/mån". */
  unit: string;
  measure: Measure;
  /**
   * pris_sek: exact decimal text, "." separator, exactly 2 decimals. For
   * fordelning-antal-anstallda it is the month's total cost to share.
   */
  priceSek: string;
  /** giltig_fran, first day of validity. */
  validFrom: IsoDate;
  /** giltig_till, last day of validity (inclusive); null = open-ended. */
  validTo: IsoDate | null;
  offeringType: OfferingType;
}
