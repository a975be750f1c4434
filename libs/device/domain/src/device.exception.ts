/** Why the device service refuses a request or a file. */
export enum DeviceExceptionCode {
  /** The file cannot be read at all: no header, a required column missing, broken CSV. */
  BROKEN_FILE = 'BROKEN_FILE',
  /** A field of a request is missing or malformed. */
  INVALID_INPUT = 'INVALID_INPUT',
  /** No device (or account) with that id or serial number. */
  NOT_FOUND = 'NOT_FOUND',
  /** The device's status does not allow the step, e.g. recycling an assigned PC. */
  INVALID_TRANSITION = 'INVALID_TRANSITION',
}

export class DeviceException extends Error {
  constructor(
    readonly code: DeviceExceptionCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceException';
  }
}
