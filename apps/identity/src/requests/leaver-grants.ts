import type { EntityManager } from '@itops/shared/persistence';

/**
 * What the account lifecycle calls when it disables an account (a leaver, or a booking over):
 * the account's approved request grants end in the same transaction, so a rehire starts from
 * birthright and does not silently get old extra access back.
 */
export interface LeaverGrantsHook {
  /** Ends the account's approved grants (REVOKED, end cause 'leaver') and rejects its pending requests; returns how many. */
  endForLeaver(manager: EntityManager, account: { accountId: string }, correlationId: string, now: Date): Promise<number>;
}
export const LEAVER_GRANTS = Symbol('LEAVER_GRANTS');
