import type { EventProblem } from './event.validator';

export enum ContractExceptionCode {
  /** The bytes on the topic are not a message of the expected schema. Permanent: DLQ. */
  UNDECODABLE_EVENT = 'UNDECODABLE_EVENT',
  /** The message breaks a contract rule (see `problems`). Permanent: DLQ. */
  INVALID_EVENT = 'INVALID_EVENT',
}

/** The one exception of the contracts library; both codes are permanent failures. */
export class ContractException extends Error {
  constructor(
    readonly code: ContractExceptionCode,
    message: string,
    readonly problems: readonly EventProblem[] = [],
  ) {
    super(message);
    this.name = 'ContractException';
  }
}
