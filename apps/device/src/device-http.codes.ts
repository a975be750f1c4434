import { DeviceExceptionCode } from '@itops/device/domain';

/** The HTTP status of each refusal (DomainCodes maps them at the controllers). */
export const deviceStatusByCode: Readonly<Record<string, number>> = {
  [DeviceExceptionCode.BROKEN_FILE]: 422,
  [DeviceExceptionCode.INVALID_INPUT]: 400,
  [DeviceExceptionCode.NOT_FOUND]: 404,
  [DeviceExceptionCode.INVALID_TRANSITION]: 409,
};
