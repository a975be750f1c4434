import { LicenceException, LicenceExceptionCode } from '@itops/licence/domain';

/** The HTTP status of each licence rule's refusal (DomainCodes maps them at the controllers). */
export const licenceStatusByCode: Readonly<Record<string, number>> = {
  [LicenceExceptionCode.INVALID_PRODUCT]: 422,
  [LicenceExceptionCode.INVALID_CONTRACT]: 422,
  [LicenceExceptionCode.INVALID_POOL]: 422,
  [LicenceExceptionCode.UNKNOWN_PRODUCT]: 404,
  [LicenceExceptionCode.INVALID_USAGE_REPORT]: 422,
  [LicenceExceptionCode.ACCOUNT_NOT_IN_DIRECTORY]: 409,
  [LicenceExceptionCode.INVALID_REQUEST]: 400,
};

const CUSTOMER = /^[A-Z]\d{3}$/;

/** An optional customer code query parameter: absent, or one upper-case letter and three digits. */
export function optionalCustomer(value: string | undefined, field = 'customer'): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!CUSTOMER.test(value)) throw new LicenceException(LicenceExceptionCode.INVALID_REQUEST, `${field}: "${value}" is not a customer code; expected one upper-case letter and three digits, e.g. N138`);
  return value;
}
