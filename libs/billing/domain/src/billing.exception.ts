export enum BillingExceptionCode {
  /** A CSV file's header lacks a required column, repeats one, or the file is empty. The whole file is refused. */
  BROKEN_HEADER = 'BROKEN_HEADER',
  /** A CSV file cannot be read as CSV at all (an unclosed quote, say). The whole file is refused. */
  BROKEN_CSV = 'BROKEN_CSV',
  /** The bytes are not valid in the stated encoding (a Latin-1 export read as UTF-8). */
  BROKEN_ENCODING = 'BROKEN_ENCODING',
  /** A billing period is not a YYYY-MM month. */
  INVALID_PERIOD = 'INVALID_PERIOD',
  /** A customer code (kundkod) is not one upper-case letter and three digits. */
  INVALID_CUSTOMER_CODE = 'INVALID_CUSTOMER_CODE',
  /** A usage item handed to pricing is malformed (bad quantity, date, cost or a repeated id). */
  INVALID_USAGE = 'INVALID_USAGE',
  /** A headcount for a cost shared by headcount (fördelningsnyckel) is malformed. */
  INVALID_HEADCOUNT = 'INVALID_HEADCOUNT',
  /** The customer shares a cost by headcount but no headcount was given. */
  MISSING_HEADCOUNT = 'MISSING_HEADCOUNT',
  /** A shared cost for the month is malformed or given for an offering that is not shared by headcount. */
  INVALID_SHARED_COST = 'INVALID_SHARED_COST',
  /** An offering that must be billed has no price list entry valid in the period. */
  PRICE_MISSING = 'PRICE_MISSING',
  /** A line handed to buildInvoice belongs to another customer or period, or its amount is not öre text. */
  INVALID_INVOICE_LINE = 'INVALID_INVOICE_LINE',
  /** A correction was asked for a period that is not before the period that carries it. */
  INVALID_CORRECTION = 'INVALID_CORRECTION',
  /** The period is issued: its invoices are final, and changes to it are billed as corrections in a later period. */
  PERIOD_ISSUED = 'PERIOD_ISSUED',
  /** There is no billing run (draft or issued, as asked) for the period. */
  RUN_NOT_FOUND = 'RUN_NOT_FOUND',
  /** Another period was issued after the draft was made, so its corrections may be out of date; run it again. */
  DRAFT_STALE = 'DRAFT_STALE',
  /** The period has only a draft; the finance export is of issued invoices. */
  NOT_ISSUED = 'NOT_ISSUED',
  /** A cost input (licence contract, device lease, entered cost) is malformed. */
  INVALID_COST = 'INVALID_COST',
  /** A forecast year is not a four-digit year. */
  INVALID_YEAR = 'INVALID_YEAR',
}

/** Why a billing rule refused its input. Transports map the code (HTTP 400/422, Kafka DLQ). */
export class BillingException extends Error {
  constructor(
    readonly code: BillingExceptionCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BillingException';
  }
}
