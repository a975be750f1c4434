/**
 * Advisory lock key of the lease-end check (RunLockRepository from @itops/shared/persistence),
 * unique in device's database (the outbox relay holds 5104).
 */
export const LEASE_CHECK_LOCK_KEY = 5114;
