/** What the account rules of this deployment need beside the data: where, how named, how early. */
export interface IdentityOptions {
  /** The subtree identity manages; each customer's accounts are in OU=<customer> below it. */
  readonly managedOu: string;
  /** Where in AD to look for existing accounts and names in use: the whole domain. */
  readonly searchBase: string;
  /** UPN suffix, e.g. itops.test. */
  readonly upnDomain: string;
  /** Days before the first day that the account is prepared (disabled). */
  readonly leadDays: number;
  /** The current instant; "today" is its Europe/Stockholm date. Specs pass a fixed clock. */
  readonly now: () => Date;
}

export const IDENTITY_OPTIONS = Symbol('IDENTITY_OPTIONS');
