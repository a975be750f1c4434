import { BillingExceptionCode } from '@itops/billing/domain';

/**
 * HTTP status per billing error code. Codes left out (a line that does not belong to its
 * invoice, a correction of a later period) are faults of billing itself: 500.
 */
export const BILLING_HTTP_STATUS: Readonly<Record<string, number>> = {
  [BillingExceptionCode.BROKEN_HEADER]: 422,
  [BillingExceptionCode.BROKEN_CSV]: 422,
  [BillingExceptionCode.BROKEN_ENCODING]: 422,
  [BillingExceptionCode.INVALID_PERIOD]: 400,
  [BillingExceptionCode.INVALID_YEAR]: 400,
  [BillingExceptionCode.INVALID_COST]: 400,
  // The ledger or the catalogue holds something a run cannot price: fix the data, run again.
  [BillingExceptionCode.INVALID_CUSTOMER_CODE]: 422,
  [BillingExceptionCode.INVALID_USAGE]: 422,
  [BillingExceptionCode.INVALID_HEADCOUNT]: 422,
  [BillingExceptionCode.MISSING_HEADCOUNT]: 422,
  [BillingExceptionCode.INVALID_SHARED_COST]: 422,
  [BillingExceptionCode.PRICE_MISSING]: 422,
  [BillingExceptionCode.RUN_NOT_FOUND]: 404,
  [BillingExceptionCode.PERIOD_ISSUED]: 409,
  [BillingExceptionCode.DRAFT_STALE]: 409,
  [BillingExceptionCode.NOT_ISSUED]: 409,
};
