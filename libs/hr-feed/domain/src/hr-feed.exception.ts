export enum HrFeedExceptionCode {
  /** The header row is missing, empty, or lacks a required column: nothing in the file can be trusted. */
  BROKEN_HEADER = 'BROKEN_HEADER',
  /** The bytes do not decode in the declared encoding (typically an ISO-8859-1 file read as UTF-8). */
  BAD_ENCODING = 'BAD_ENCODING',
  /** The CSV structure itself is broken (e.g. a quote that is never closed), so row boundaries are unknown. */
  MALFORMED_CSV = 'MALFORMED_CSV',
  /** A caller passed an argument outside what the rule accepts (bad date, empty secret, share out of range). */
  INVALID_INPUT = 'INVALID_INPUT',
}

/** Why an HR snapshot or an HR-feed rule was refused as a whole; row problems are rejections, not exceptions. */
export class HrFeedException extends Error {
  constructor(
    readonly code: HrFeedExceptionCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HrFeedException';
  }
}
