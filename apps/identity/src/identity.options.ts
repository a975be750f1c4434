/** What the account rules of this deployment need beside the data: where, how named, how early, how long. */
export interface IdentityOptions {
  /** The subtree identity manages; each customer's accounts are in OU=<customer> below it. */
  readonly managedOu: string;
  /** Where in AD to look for existing accounts and names in use: the whole domain. */
  readonly searchBase: string;
  /** UPN suffix, e.g. itops.test. */
  readonly upnDomain: string;
  /** Days before the first day that the account is prepared (disabled). */
  readonly leadDays: number;
  /** Days after the last day that the disabled account is kept before deletion. */
  readonly retentionDays: number;
  /** Days a mover keeps the old placement's access. */
  readonly moverTransitionDays: number;
  /** Minutes before a booking's start that the account is enabled. */
  readonly bookingLeadMinutes: number;
  /** Minutes after a booking's end that the account stays enabled. */
  readonly bookingGraceMinutes: number;
  /** Seconds between scheduled lifecycle runs; 0: on demand only. */
  readonly lifecycleIntervalSeconds: number;
  /** The current instant; "today" is its Europe/Stockholm date. Specs pass a fixed clock. */
  readonly now: () => Date;
}

export const IDENTITY_OPTIONS = Symbol('IDENTITY_OPTIONS');

/** The options of a configuration (the clock is the real one). */
export function identityOptionsFrom(config: {
  ITOPS_LDAP_MANAGED_OU: string;
  ITOPS_LDAP_BASE_DN: string;
  ITOPS_AD_UPN_DOMAIN: string;
  ITOPS_IDENTITY_LEAD_DAYS: number;
  ITOPS_IDENTITY_RETENTION_DAYS: number;
  ITOPS_IDENTITY_MOVER_TRANSITION_DAYS: number;
  ITOPS_IDENTITY_BOOKING_LEAD_MINUTES: number;
  ITOPS_IDENTITY_BOOKING_GRACE_MINUTES: number;
  ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS: number;
}): IdentityOptions {
  return {
    managedOu: config.ITOPS_LDAP_MANAGED_OU,
    searchBase: config.ITOPS_LDAP_BASE_DN,
    upnDomain: config.ITOPS_AD_UPN_DOMAIN,
    leadDays: config.ITOPS_IDENTITY_LEAD_DAYS,
    retentionDays: config.ITOPS_IDENTITY_RETENTION_DAYS,
    moverTransitionDays: config.ITOPS_IDENTITY_MOVER_TRANSITION_DAYS,
    bookingLeadMinutes: config.ITOPS_IDENTITY_BOOKING_LEAD_MINUTES,
    bookingGraceMinutes: config.ITOPS_IDENTITY_BOOKING_GRACE_MINUTES,
    lifecycleIntervalSeconds: config.ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS,
    now: () => new Date(),
  };
}
