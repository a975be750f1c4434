import type { IsoDate } from '../common/calendar.util';

/** A customer agreement (kundavtal) row: the customer takes an optional offering for a range of days. */
export interface Agreement {
  /** kundkod */
  customerCode: string;
  /** tjanstekod */
  offeringCode: string;
  /** giltig_fran, first day. */
  validFrom: IsoDate;
  /** giltig_till, last day (inclusive); null = open-ended. */
  validTo: IsoDate | null;
}
