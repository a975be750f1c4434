/**
 * Advisory lock key of the account lifecycle run (RunLockRepository from
 * @itops/shared/persistence), unique in identity's database (the outbox relay holds 5102).
 */
export const LIFECYCLE_LOCK_KEY = 5112;
