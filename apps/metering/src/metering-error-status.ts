import { MeteringExceptionCode } from '@itops/metering/domain';

/** The HTTP status of each metering rule's refusal (DomainCodes maps them at the controller). */
export const meteringStatusByCode: Readonly<Record<string, number>> = {
  [MeteringExceptionCode.INVALID_PERIOD]: 400,
  [MeteringExceptionCode.INVALID_CUSTOMER_CODE]: 400,
  [MeteringExceptionCode.INVALID_OFFERING_CODE]: 400,
  [MeteringExceptionCode.INVALID_ADJUSTMENT]: 400,
  [MeteringExceptionCode.INVALID_ITEM]: 422,
};
