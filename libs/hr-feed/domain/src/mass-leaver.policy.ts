import { HrFeedException, HrFeedExceptionCode } from './hr-feed.exception';

export interface MassLeaverVerdict {
  /** True when the leavers must wait for an operator's approval instead of being applied. */
  readonly held: boolean;
  /** leaverCount / activeCount (1 when there were no active employments but there are leavers). */
  readonly share: number;
}

/**
 * A truncated or half-exported HR file looks exactly like a wave of leavers. Rather than offboard
 * half the city, a snapshot whose leavers exceed `maxShare` of the active employments is held.
 * Exactly `maxShare` still passes.
 */
export function massLeaverCheck(activeCount: number, leaverCount: number, maxShare = 0.05): MassLeaverVerdict {
  for (const [name, value] of [
    ['activeCount', activeCount],
    ['leaverCount', leaverCount],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new HrFeedException(HrFeedExceptionCode.INVALID_INPUT, `${name} ${value} is not allowed; allowed: a whole number >= 0`);
    }
  }
  if (!(maxShare >= 0 && maxShare <= 1)) {
    throw new HrFeedException(HrFeedExceptionCode.INVALID_INPUT, `maxShare ${maxShare} is not allowed; allowed: a number from 0 to 1`);
  }
  if (activeCount === 0) {
    return { held: leaverCount > 0, share: leaverCount > 0 ? 1 : 0 };
  }
  // Dividing two integers rounds once, so e.g. 5/100 equals the literal 0.05 and is not held.
  const share = leaverCount / activeCount;
  return { held: share > maxShare, share };
}
