import { MeteringException, MeteringExceptionCode } from './metering.exception';

/** kundkod: one upper-case letter and three digits (N138, B110, K171, I060). */
const CUSTOMER_CODE = /^[A-Z]\d{3}$/;
/** tjänstekod as the price list has it: 1-32 characters without spaces (KONTO, ANSTALLDA, KST01). */
const OFFERING_CODE = /^\S{1,32}$/;

export const isCustomerCode = (value: string): boolean => CUSTOMER_CODE.test(value);
export const isOfferingCode = (value: string): boolean => OFFERING_CODE.test(value);

export const customerCodeProblem = (value: unknown): string =>
  `${JSON.stringify(value ?? '')} is not a customer code; expected one upper-case letter and three digits, e.g. N138`;

export const offeringCodeProblem = (value: unknown): string =>
  `${JSON.stringify(value ?? '')} is not an offering code; expected 1-32 characters without spaces, e.g. KONTO`;

/** The customer code, or a MeteringException naming `field`. */
export function checkCustomerCode(value: string | undefined, field = 'customer'): string {
  if (value === undefined || !isCustomerCode(value)) {
    throw new MeteringException(MeteringExceptionCode.INVALID_CUSTOMER_CODE, `${field}: ${customerCodeProblem(value)}`);
  }
  return value;
}

/** The offering code, or a MeteringException naming `field`. */
export function checkOfferingCode(value: string | undefined, field = 'offering'): string {
  if (value === undefined || !isOfferingCode(value)) {
    throw new MeteringException(MeteringExceptionCode.INVALID_OFFERING_CODE, `${field}: ${offeringCodeProblem(value)}`);
  }
  return value;
}
