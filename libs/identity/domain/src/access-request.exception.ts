/** Why an access request, its decision or an access review was refused. */
export enum AccessRequestExceptionCode {
  /** The group is not in the active rule set's group catalogue. */
  UNKNOWN_GROUP = 'UNKNOWN_GROUP',
  /** The account is not one identity manages (or it is deleted). */
  UNKNOWN_ACCOUNT = 'UNKNOWN_ACCOUNT',
  /** No such request or review. */
  NOT_FOUND = 'NOT_FOUND',
  /** The group's catalogue entry does not allow requests (birthright or hand-managed only). */
  GROUP_NOT_REQUESTABLE = 'GROUP_NOT_REQUESTABLE',
  /** The end date is not a date, or is before today. */
  INVALID_END_DATE = 'INVALID_END_DATE',
  /** The end date is further away than the group's maxDays. */
  TOO_LONG = 'TOO_LONG',
  /** The account already has (or awaits) this group through another request. */
  DUPLICATE = 'DUPLICATE',
  /** A reason is required. */
  INVALID_REASON = 'INVALID_REASON',
  /** The request was decided already (or has ended). */
  NOT_PENDING = 'NOT_PENDING',
  /** Only the group's owner (or an admin) decides. */
  NOT_OWNER = 'NOT_OWNER',
  /** The requester may not decide their own request. */
  SELF_DECISION = 'SELF_DECISION',
  /** A manager requests only for the staff HR names them the manager of. */
  NOT_MANAGER = 'NOT_MANAGER',
  /** The review is closed, or the answerer is not the item's manager. */
  REVIEW_CLOSED = 'REVIEW_CLOSED',
  NOT_REVIEWER = 'NOT_REVIEWER',
}

const HTTP_STATUS: Record<AccessRequestExceptionCode, number> = {
  UNKNOWN_GROUP: 422,
  UNKNOWN_ACCOUNT: 422,
  NOT_FOUND: 404,
  GROUP_NOT_REQUESTABLE: 422,
  INVALID_END_DATE: 400,
  TOO_LONG: 422,
  DUPLICATE: 409,
  INVALID_REASON: 400,
  NOT_PENDING: 409,
  NOT_OWNER: 403,
  SELF_DECISION: 403,
  NOT_MANAGER: 403,
  REVIEW_CLOSED: 409,
  NOT_REVIEWER: 403,
};

/** Refusal of an access request, decision, or review answer; the shared filter maps `httpStatus`. */
export class AccessRequestException extends Error {
  readonly httpStatus: number;

  constructor(
    readonly code: AccessRequestExceptionCode,
    message: string,
  ) {
    super(message);
    this.name = 'AccessRequestException';
    this.httpStatus = HTTP_STATUS[code];
  }
}
