import type { DirectorySettings } from '@itops/shared/ldap';
import type { EntityManager } from '@itops/shared/persistence';

/** What roles, birthright and reconciliation need beside the data. */
export interface AccessOptions {
  /** The subtree identity manages: only users and groups below it are ever changed. */
  readonly managedOu: string;
  /** Groups below this OU are licence groups, owned by the licence service: never touched. */
  readonly licenceOu: string;
  /** Share of the accounts read (0-1) a run may take access from or disable before it is held for approval. */
  readonly maxRemovalShare: number;
  /** Seconds between scheduled reconciliations; 0: on demand only. */
  readonly reconcileIntervalSeconds: number;
  readonly directory: DirectorySettings;
  /** The current instant; "today" is its Europe/Stockholm date. */
  readonly now: () => Date;
}

export const ACCESS_OPTIONS = Symbol('ACCESS_OPTIONS');

/** Where activeGrants (approved requests) come from: the access requests' repository. */
export interface ActiveGrantsSource {
  activeGrants(manager: EntityManager, onDate: string): Promise<Array<{ accountId: string; groupKey: string; cause: string; until: string }>>;
}
export const ACTIVE_GRANTS = Symbol('ACTIVE_GRANTS');

/** The actor of reconciliation's scheduled runs in the audit log. */
export const RECONCILE_ACTOR = 'reconciliation';

/** What the account lifecycle calls after it enabled, moved or disabled an account (birthright access). */
export interface BirthrightHook {
  /** `now`: the instant the lifecycle decided at (its "today" decides which employments and transitions count). */
  apply(manager: EntityManager, account: { accountId: string; personId: string }, correlationId: string, now: Date): Promise<void>;
}
export const BIRTHRIGHT = Symbol('BIRTHRIGHT');
